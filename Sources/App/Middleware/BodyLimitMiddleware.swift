import Hummingbird

/// Refuses bodies over the limit with 413 before any handler reads them.
///
/// A declared `Content-Length` is checked at once; a chunked body is read up to the limit, so a
/// client cannot stream an endless body into memory.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int
    let uploadLimit: Int
    /// Paths that take file uploads and so get the larger limit.
    let uploadPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = uploadPaths.contains(request.uri.path) ? uploadLimit : limit
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length <= limit else { throw Problem(.payloadTooLarge) }
            return try await next(request, context)
        }
        guard request.headers[.transferEncoding] != nil else {
            return try await next(request, context)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.payloadTooLarge)
        }
        return try await next(request, context)
    }
}
