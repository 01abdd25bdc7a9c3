import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// Registers every route, generated or plain, and answers wrong methods with 405 and `Allow`.
///
/// Hummingbird's router answers a known path with an unknown method as 404. The registrar
/// remembers each path's methods and, once all routes are in, gives every other method a responder
/// that throws the 405 problem, so the router itself decides with no extra lookup per request.
public final class RouteRegistrar<Context: RequestContext>: ServerTransport {
    public let router: Router<Context>
    private var methodsByPath: [String: Set<HTTPRequest.Method>] = [:]
    private var pathOrder: [String] = []

    public init(router: Router<Context>) {
        self.router = router
    }

    /// Registers a generated OpenAPI operation.
    public func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        router.register(handler, method: method, path: path)
        record(method, path)
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

    /// Adds the 405 responders; call once, after the last route.
    public func finish() {
        let candidates: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        for path in pathOrder {
            var supported = methodsByPath[path] ?? []
            if supported.contains(.get) { supported.insert(.head) }
            let allow = candidates.filter { supported.contains($0) }
            for method in candidates where !supported.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw Problem(.methodNotAllowed, allow: allow)
                }
            }
        }
    }
}
