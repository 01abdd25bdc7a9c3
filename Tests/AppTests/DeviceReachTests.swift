import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct DeviceReachTests {
    func event(_ client: some TestClientProtocol, key: String, activity: String = "read-tip", address: String = "203.0.113.7") async throws -> TestResponse {
        var headers = jsonHeaders
        headers[.xForwardedFor] = address
        return try await client.execute(uri: "/v1/reach/events", method: .post, headers: headers, body: json(["deviceKey": key, "activity": activity]))
    }

    @Test func devicesAreCountedOnceBesidePeopleAndLeaveTheSeriesWhenLinked() async throws {
        try await withTestApp { client, url in
            let keys = (0..<12).map { "device-key-\($0)-abcdefgh" }
            for key in keys {
                #expect(try await event(client, key: key).status == .accepted)
            }
            #expect(try await event(client, key: keys[0], activity: "played-game").status == .accepted, "a second activity is accepted")
            let admin = try await CatalogTests.admin(client, url: url)
            let before = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(before["devices"] as? Int == 12, "one device, counted once")
            #expect(before["reached"] as? Int == 0, "devices are never added to people reached")

            try await register(client, "may.cu@example.org", extra: ["deviceKey": keys[1]])
            let after = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(after["devices"] as? Int == 11, "a device used to sign up belongs to a person now")
            try await register(client, "dang.ky.truoc@example.org", extra: ["deviceKey": "registered-before-its-first-event"])
            #expect(try await event(client, key: "registered-before-its-first-event").status == .accepted)
            let later = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(later["devices"] as? Int == 11, "a device that already belongs to a person never enters the series")
            #expect(try await query("SELECT count(*)::int FROM device_reach WHERE first_activity = 'read-tip'", url: url) == 13)
            #expect(try await query("SELECT count(*)::int FROM device_reach WHERE device_hash::text LIKE '%device-key%'", url: url) == 0, "only a keyed hash is kept")
        }
    }

    @Test func fewDevicesAreWithheld() async throws {
        try await withTestApp { client, url in
            for index in 0..<3 { #expect(try await event(client, key: "few-devices-key-\(index)").status == .accepted) }
            let admin = try await CatalogTests.admin(client, url: url)
            let body = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(body["devices"] == nil && body["suppressed"] as? Bool == true)
        }
    }

    @Test(arguments: [
        (#"{"deviceKey": "short", "activity": "read-tip"}"#, "/deviceKey"),
        (#"{"deviceKey": "a-well-formed-device-key", "activity": "mined-bitcoin"}"#, "/activity"),
        (#"{"activity": "read-tip"}"#, "/deviceKey"),
        (#"{"deviceKey": 12, "activity": "read-tip"}"#, "/deviceKey"),
    ])
    func badEventsAre422(body: String, pointer: String) async throws {
        try await withTestApp { client, url in
            let response = try await client.execute(uri: "/v1/reach/events", method: .post, headers: jsonHeaders, body: ByteBuffer(string: body))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer).contains(pointer) == true)
            #expect(try await query("SELECT count(*)::int FROM device_reach", url: url) == 0)
        }
    }

    @Test func aScriptRepeatingOneKeyIsThrottled() async throws {
        try await withTestApp { client, _ in
            // 60 free, and the 61st records the first delay.
            for _ in 0..<61 { #expect(try await event(client, key: "one-busy-device-key").status == .accepted) }
            let response = try await event(client, key: "one-busy-device-key")
            try expectProblem(response, status: .tooManyRequests, type: "too-many-requests")
            #expect(response.headers[.retryAfter] != nil)
        }
    }
}

@Suite struct OutsideReportTests {
    let good: [String: any Sendable] = [
        "organisation": "Sở Thông tin và Truyền thông Huế", "periodStart": "2026-01-10", "periodEnd": "2026-01-12",
        "province": "hue", "activity": "Ngày hội an toàn mạng cho người cao tuổi", "people": 340,
        "evidenceUrl": "https://example.org/bao-cao.pdf",
    ]

    @Test func reportsAreSummedBesidePlatformReachAsAnUpperBound() async throws {
        try await withTestApp { client, url in
            let admin = try await CatalogTests.admin(client, url: url)
            let first = try await client.execute(uri: "/v1/admin/reach/external-reports", method: .post, headers: bearer(admin.accessToken), body: json(good))
            #expect(first.status == .created)
            #expect(UUID(uuidString: try object(first)["id"] as? String ?? "") != nil)
            var second = good
            second["people"] = 60
            second["province"] = nil
            #expect(try await client.execute(uri: "/v1/admin/reach/external-reports", method: .post, headers: bearer(admin.accessToken), body: json(second)).status == .created)

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
            let admin = try await CatalogTests.admin(client, url: url)
            var bad = good
            bad["periodEnd"] = "2026-12-31"
            bad["people"] = 0
            bad["evidenceUrl"] = "http://example.org"
            bad["province"] = "atlantis"
            bad["organisation"] = " "
            let response = try await client.execute(uri: "/v1/admin/reach/external-reports", method: .post, headers: bearer(admin.accessToken), body: json(bad))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/periodEnd", "/people", "/evidenceUrl", "/province", "/organisation"])

            var badDate = good
            badDate["periodEnd"] = "2026-02-30"
            let dateResponse = try await client.execute(uri: "/v1/admin/reach/external-reports", method: .post, headers: bearer(admin.accessToken), body: json(badDate))
            try expectProblem(dateResponse, status: .unprocessableContent, type: "validation")
            #expect(try await query("SELECT count(*)::int FROM outside_reports", url: url) == 0)
        }
    }

    @Test func onlyAdministratorsRecordReports() async throws {
        try await withTestApp { client, url in
            let learner = try await register(client, "nguoi.hoc@example.org")
            let forbidden = try await client.execute(uri: "/v1/admin/reach/external-reports", method: .post, headers: bearer(learner.accessToken), body: json(good))
            try expectProblem(forbidden, status: .forbidden, type: "forbidden")
            let anonymous = try await client.execute(uri: "/v1/admin/reach/external-reports", method: .post, headers: jsonHeaders, body: json(good))
            try expectProblem(anonymous, status: .unauthorized, type: "unauthorized")
            #expect(try await query("SELECT count(*)::int FROM outside_reports", url: url) == 0)
        }
    }
}
