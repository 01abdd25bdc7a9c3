import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import Testing

@testable import App

@Suite struct ProblemLoggingTests {
    @Test func loggedServerErrorsLeaveOutTheRequestHeaders() {
        struct Boom: Error {}
        let error = ServerError(
            operationID: "getMe",
            request: HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/v1/me", headerFields: [.authorization: "Bearer secret-token"]),
            requestBody: nil,
            requestMetadata: .init(),
            causeDescription: "handler failed",
            underlyingError: Boom()
        )
        let metadata = ProblemMiddleware<BasicRequestContext>.logMetadata(for: error)
        #expect(metadata["operation"] == "getMe")
        #expect(!metadata.values.contains { "\($0)".contains("secret-token") })
    }
}
