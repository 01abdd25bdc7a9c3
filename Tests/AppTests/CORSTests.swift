import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct CORSTests {
    let allowed = "https://app.safeskills.test"

    @Test func allowedOriginGetsCORSHeadersOnAnswersAndErrors() async throws {
        try await withTestApp { client, _ in
            let ok = try await client.execute(uri: "/health/live", method: .get, headers: [.origin: allowed])
            #expect(ok.headers[.accessControlAllowOrigin] == allowed)
            #expect(ok.headers[.accessControlExposeHeaders]?.contains("X-Request-Id") == true)
            #expect(ok.headers[values: .vary].contains("Origin"))

            let missing = try await client.execute(uri: "/nowhere", method: .get, headers: [.origin: allowed])
            #expect(missing.status == .notFound)
            #expect(missing.headers[.accessControlAllowOrigin] == allowed)
        }
    }

    @Test func preflightFromAnAllowedOriginIsAnswered() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(
                uri: "/health/live",
                method: .options,
                headers: [.origin: allowed, .accessControlRequestMethod: "GET"]
            )
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowOrigin] == allowed)
            #expect(response.headers[.accessControlAllowHeaders]?.contains("Idempotency-Key") == true)
        }
    }

    @Test func otherOriginsGetNoCORSHeaders() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/health/live", method: .get, headers: [.origin: "https://evil.example"])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)

            let preflight = try await client.execute(
                uri: "/health/live",
                method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "GET"]
            )
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
