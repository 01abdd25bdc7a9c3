import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}

/// The decoded body of a problem response.
struct ProblemBody: Decodable {
    struct Field: Decodable {
        var pointer: String
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String?
    var requestId: String
    var errors: [Field]?
}

/// Checks that `response` is a complete problem document with `status` and `type`, and returns it.
@discardableResult
func expectProblem(
    _ response: TestResponse,
    status: HTTPResponse.Status,
    type: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ProblemBody {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: response.body))
    #expect(problem.status == Int(status.code), sourceLocation: sourceLocation)
    #expect(problem.type == "urn:safeskills:problem:\(type)", sourceLocation: sourceLocation)
    #expect(!problem.title.isEmpty, sourceLocation: sourceLocation)
    #expect(problem.requestId == response.headers[.requestID], sourceLocation: sourceLocation)
    return problem
}

extension Data {
    init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
