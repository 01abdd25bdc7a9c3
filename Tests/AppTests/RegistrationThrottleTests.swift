import App
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct RegistrationThrottleTests {
    @Test func registrationIsThrottledPerAddress() async throws {
        try await withTestApp { client, _ in
            var headers = jsonHeaders
            headers[.xForwardedFor] = "198.51.100.200"
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<11 {
                let response = try await client.execute(
                    uri: "/v1/auth/register",
                    method: .post,
                    headers: headers,
                    body: registration("spam\(index)@example.org")
                )
                statuses.append(response.status)
            }
            // Ten an hour from one address: the eleventh waits.
            #expect(statuses.prefix(10).allSatisfy { $0 == .created })
            #expect(statuses.last == .tooManyRequests)
        }
    }
}
