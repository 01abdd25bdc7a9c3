import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct ExactFiguresTests {
    @Test func administratorsMayAskForExactFiguresButNeverForTheSensitiveGroups() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            try await ReachFixtures.seed(
                url,
                [
                    (province: "ha-noi", sex: "female", groups: ["person-with-disability"], day: "2025-09-02"),
                    (province: "ha-noi", sex: "female", groups: ["person-with-disability", "older-person"], day: "2025-09-02"),
                    (province: "hue", sex: "male", groups: ["older-person"], day: "2025-09-03"),
                ]
            )
            let admin = try await registerAdmin(client, url: url)
            let statistician = try await registerStatistician(client, url: url)
            let rows = { (query: String) -> [String: [String: Any]] in
                let body = try object(
                    try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-31&\(query)", method: .get, headers: bearer(admin.accessToken))
                )
                let rows = (body["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: rows.map { (($0["values"] as? [String])?.first ?? "", $0) })
            }
            let exact = try object(
                try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-31&exact=true", method: .get, headers: bearer(admin.accessToken))
            )
            #expect(exact["reached"] as? Int == 3 && exact["suppressed"] as? Bool == false)
            let provinces = try await rows("groupBy=province&exact=true")
            #expect(provinces["ha-noi"]?["reached"] as? Int == 2 && provinces["hue"]?["reached"] as? Int == 1)
            let groups = try await rows("groupBy=group&exact=true")
            #expect(groups["older-person"]?["reached"] as? Int == 2)
            #expect(
                groups["person-with-disability"]?["reached"] == nil && groups["person-with-disability"]?["suppressed"] as? Bool == true,
                "disability stays suppressed, for administrators too"
            )
            let usual = try await rows("groupBy=province")
            #expect(usual["ha-noi"]?["reached"] == nil, "without asking, administrators get suppressed figures like everyone")
            try expectProblem(
                try await client.execute(uri: "/v1/stats/reach?exact=true", method: .get, headers: bearer(statistician.accessToken)),
                status: .forbidden,
                type: "forbidden"
            )
        }
    }
}
