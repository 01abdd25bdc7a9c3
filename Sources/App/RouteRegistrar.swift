import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// Registers every route, generated or plain, and answers wrong methods with 405 and `Allow`.
///
/// Hummingbird's router answers a known path with an unknown method as 404. The registrar
/// remembers each path's methods; once all routes are in, a middleware that only ever sees the
/// router's not-found answers turns those on a known path into 405 with the methods it has, for
/// any method at all (TRACE, QUERY, ...). Found routes pay nothing for it.
public final class RouteRegistrar<Context: RequestContext>: ServerTransport {
    public let router: Router<Context>
    private var methodsByPath: [String: Set<HTTPRequest.Method>] = [:]
    private var pathOrder: [String] = []

    public init(router: Router<Context>) {
        self.router = router
    }

    /// Registers a generated OpenAPI operation: its path's `{name}` segments become the
    /// operation's path parameters, and the request body streams in as it arrives.
    public func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        router.on(RouterPath(path), method: method) { request, context in
            let length = request.headers[.contentLength].flatMap(Int64.init).map(HTTPBody.Length.known) ?? .unknown
            let body = HTTPBody(request.body.map { [UInt8](buffer: $0) }, length: length, iterationBehavior: .single)
            var parameters: [String: Substring] = [:]
            for (name, value) in context.parameters where parameters[String(name)] == nil {
                parameters[String(name)] = value
            }
            let (head, responseBody) = try await handler(request.head, body, ServerRequestMetadata(pathParameters: parameters))
            return Response(status: head.status, headers: head.headerFields, body: try await Self.responseBody(responseBody))
        }
        record(method, path)
    }

    /// A body the handler built in memory (every JSON document, CSV table and page is) goes out
    /// as one buffer, which Hummingbird writes with the head in one write to the socket; a body
    /// handed over as chunks would cost a write (a system call, and on loopback the client's
    /// wake-up) for the head and another for each chunk. A streamed body still streams.
    static func responseBody(_ body: HTTPBody?) async throws -> ResponseBody {
        guard let body else { return ResponseBody(byteBuffer: ByteBuffer()) }
        if case .known(let length) = body.length, body.iterationBehavior == .multiple {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(Int(length))
            for try await chunk in body { buffer.writeBytes(chunk) }
            return ResponseBody(byteBuffer: buffer)
        }
        let chunks = body.map { ByteBuffer(bytes: $0) }
        if case .known(let length) = body.length {
            return ResponseBody(contentLength: Int(length)) { writer in
                for try await chunk in chunks { try await writer.write(chunk) }
                try await writer.finish(nil)
            }
        }
        return ResponseBody(asyncSequence: chunks)
    }

    /// Registers a plain route, for what the generated handlers cannot serve (pre-encoded bytes, HTML).
    public func on(
        _ path: String,
        method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        record(method, path)
    }

    private func record(_ method: HTTPRequest.Method, _ path: String) {
        if methodsByPath[path] == nil { pathOrder.append(path) }
        methodsByPath[path, default: []].insert(method)
    }

    /// Adds the 405 handling; call once, after the last route.
    public func finish() {
        let routes = pathOrder.map { path -> MethodNotAllowedMiddleware<Context>.Route in
            var supported = methodsByPath[path] ?? []
            if supported.contains(.get) { supported.insert(.head) }
            let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
            return .init(segments: path.split(separator: "/").map(String.init), allow: order.filter { supported.contains($0) })
        }
        // Added last, it wraps only the router's not-found responder (routes keep the middleware
        // they were registered with).
        router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
    }
}

/// Turns the router's 404 for a known path into 405 with `Allow`.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    struct Route: Sendable {
        /// Path segments; `{name}` matches any one segment.
        var segments: [String]
        var allow: [HTTPRequest.Method]

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count
                && zip(segments, path).allSatisfy { template, segment in
                    (template.hasPrefix("{") && template.hasSuffix("}") && !segment.isEmpty) || template == segment
                }
        }
    }

    let routes: [Route]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path.split(separator: "/")
            guard let route = routes.first(where: { $0.matches(path) }) else { throw error }
            throw Problem(.methodNotAllowed, allow: route.allow)
        }
    }
}
