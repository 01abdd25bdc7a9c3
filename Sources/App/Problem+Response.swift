import Domain
import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let client = HTTPField.Name("X-Client")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}

extension Problem {
    static let contentType = "application/problem+json"

    private struct Document: Encodable {
        struct Field: Encodable {
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

    /// The problem as an HTTP response in `language`, with the headers its status calls for.
    func response(language: Language, requestID: String) -> Response {
        let document = Document(
            type: kind.type,
            title: kind.title.text(in: language),
            status: kind.status.code,
            detail: detail?.text(in: language),
            requestId: requestID,
            errors: errors.isEmpty
                ? nil : errors.map { Document.Field(pointer: $0.pointer, message: $0.message.text(in: language)) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain strings and integers cannot fail.
        let body = (try? encoder.encode(document)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: Self.contentType]
        if !allow.isEmpty {
            headers[.allow] = allow.map(\.rawValue).joined(separator: ", ")
        }
        if kind == .unauthorized {
            headers[.wwwAuthenticate] = "Bearer"
        }
        if let retryAfterSeconds {
            headers[.retryAfter] = String(retryAfterSeconds)
        }
        return Response(status: kind.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
