import Hummingbird
import NIOCore

/// Refuses bodies over the limit with 413, without reading a byte more than the limit.
///
/// A declared `Content-Length` is checked at once. A chunked body is not read here: it is wrapped
/// so the limit is enforced as its chunks arrive, whoever reads it. Reading stays with the
/// handler, after the access policy has checked the caller, so an anonymous client cannot make
/// the server hold an upload it will refuse anyway.
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
        request.body = RequestBody(asyncSequence: LimitedBody(base: request.body, limit: limit))
        return try await next(request, context)
    }
}

/// A request body that fails with 413 as soon as more than `limit` bytes have arrived.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var received = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            received += chunk.readableBytes
            guard received <= limit else { throw Problem(.payloadTooLarge) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit)
    }
}
