import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ProvincesTests {
    func provinces(_ client: some TestClientProtocol, _ query: String = "") async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/v1/provinces\(query)", method: .get)
        #expect(response.status == .ok)
        return try #require(try object(response)["items"] as? [[String: Any]])
    }

    @Test func todayThereAre34AndBeforeTheMergerThere63() async throws {
        try await withTestApp { client, _ in
            #expect(try await provinces(client).count == 34, "the test clock is in 2026")
            let before = try await provinces(client, "?asOf=2025-06-30")
            #expect(before.count == 63)
            let quangNam = try #require(before.first { $0["code"] as? String == "quang-nam-pre2025" })
            #expect(quangNam["mergedInto"] as? String == "da-nang")
            #expect(quangNam["validTo"] as? String == "2025-06-30")
            #expect(try await provinces(client, "?asOf=2025-07-01").count == 34)
        }
    }

    @Test(arguments: ["2025-13-01", "yesterday", "2025-02-30", "20250701"])
    func badDatesAre422(asOf: String) async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/v1/provinces?asOf=\(asOf)", method: .get, headers: [.accept: "application/json"])
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer) == ["/query/asOf"])
        }
    }
}
