import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Sends `Statistics-Exact-As-Of` as the RFC 3339 time the contract promises.
///
/// The generated server writes every header value URI-encoded (`2026-01-01T00%3A00%3A00Z`): right
/// for values that are parts of URIs, wrong for a time a person or a spreadsheet reads. The value
/// is written by the transcoder from a `Date`, so it holds nothing a header may not.
struct StatisticsHeaders: ServerMiddleware {
    static let exactAsOf = HTTPField.Name("Statistics-Exact-As-Of")!

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, body, metadata)
        if let value = response.headerFields[Self.exactAsOf], let decoded = value.removingPercentEncoding {
            response.headerFields[Self.exactAsOf] = decoded
        }
        return (response, responseBody)
    }
}
