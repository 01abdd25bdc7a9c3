import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct OutsideReportTests {
    let good: [String: any Sendable] = [
        "organisation": "Sở Thông tin và Truyền thông Huế", "periodStart": "2026-01-10", "periodEnd": "2026-01-12",
        "province": "hue", "activity": "Ngày hội an toàn mạng cho người cao tuổi", "people": 340,
        "evidenceUrl": "https://example.org/bao-cao.pdf",
    ]

    @Test func reportsAreSummedBesidePlatformReachAsAnUpperBound() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let first = try await client.execute(
                uri: "/v1/admin/reach/external-reports",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(good)
            )
            #expect(first.status == .created)
            #expect(UUID(uuidString: try object(first)["id"] as? String ?? "") != nil)
            var second = good
            second["people"] = 60
            second["province"] = nil
            #expect(
                try await client.execute(
                    uri: "/v1/admin/reach/external-reports",
                    method: .post,
                    headers: bearer(admin.accessToken),
                    body: json(second)
                ).status == .created
            )

            let body = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            let outside = try #require(body["outsideReports"] as? [String: Any])
            #expect(outside["reports"] as? Int == 2)
            #expect(outside["people"] as? Int == 400)
            #expect(outside["upperBound"] as? Bool == true)
            #expect(body["reached"] as? Int == 0, "outside counts are never added to people reached")
            let lastYear = try object(try await client.execute(uri: "/v1/stats/reach?year=2025", method: .get, headers: bearer(admin.accessToken)))
            #expect((lastYear["outsideReports"] as? [String: Any])?["people"] as? Int == 0)
        }
    }

    @Test func everyBadFieldIsReportedAndNothingIsStored() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            var bad = good
            bad["periodEnd"] = "2026-12-31"
            bad["people"] = 0
            bad["evidenceUrl"] = "http://example.org"
            bad["province"] = "atlantis"
            bad["organisation"] = " "
            let response = try await client.execute(
                uri: "/v1/admin/reach/external-reports",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(bad)
            )
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/periodEnd", "/people", "/evidenceUrl", "/province", "/organisation"])

            var badDate = good
            badDate["periodEnd"] = "2026-02-30"
            let dateResponse = try await client.execute(
                uri: "/v1/admin/reach/external-reports",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(badDate)
            )
            try expectProblem(dateResponse, status: .unprocessableContent, type: "validation")
            #expect(try await query("SELECT count(*)::int FROM outside_reports", url: url) == 0)
        }
    }

    @Test func onlyAdministratorsRecordReports() async throws {
        try await withTestApp { client, url in
            let learner = try await register(client, "nguoi.hoc@example.org")
            let forbidden = try await client.execute(
                uri: "/v1/admin/reach/external-reports",
                method: .post,
                headers: bearer(learner.accessToken),
                body: json(good)
            )
            try expectProblem(forbidden, status: .forbidden, type: "forbidden")
            let anonymous = try await client.execute(uri: "/v1/admin/reach/external-reports", method: .post, headers: jsonHeaders, body: json(good))
            try expectProblem(anonymous, status: .unauthorized, type: "unauthorized")
            #expect(try await query("SELECT count(*)::int FROM outside_reports", url: url) == 0)
        }
    }
}
