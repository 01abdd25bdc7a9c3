import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Sends, as the literal text the server wrote, the header values the generated handlers would
/// otherwise URI-encode.
///
/// The generated server writes every header value URI-encoded (OpenAPI's `simple` style:
/// `2026-01-01T00%3A00%3A00Z`): right for values that are parts of URIs, wrong for these. A
/// page's `Content-Security-Policy` would become one no browser reads, a `Location` a relative
/// path, and `Statistics-Exact-As-Of` a time no person or spreadsheet reads as the RFC 3339 the
/// contract promises. The server writes all three itself (constants, ids, a `Date` through the
/// transcoder), so they hold nothing a header may not.
struct LiteralHeaders: ServerMiddleware {
    static let names: [HTTPField.Name] = [.contentSecurityPolicy, .location, HTTPField.Name("Statistics-Exact-As-Of")!]

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, body, metadata)
        for name in Self.names {
            if let value = response.headerFields[name], let decoded = value.removingPercentEncoding {
                response.headerFields[name] = decoded
            }
        }
        return (response, responseBody)
    }
}
