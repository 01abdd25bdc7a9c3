import Hummingbird
import Metrics
import Synchronization

/// Counts every request and times it by route, method and status, under the names Hummingbird's
/// own `MetricsMiddleware` uses (`http_server_request_duration`, `hb_requests`,
/// `hb_request_errors`, `http_server_active_requests`), so dashboards and alerts read the same.
///
/// It records when the response is handed back, not once its body has been written: Hummingbird's
/// middleware waits for the write by wrapping every body in a closure, and a wrapped body goes out
/// in separate writes to the socket for the head and the body (two system calls, and on loopback
/// two wake-ups of the client) where a body held in one buffer goes out with its head in one. Every
/// body this server answers with is built in memory, so the time left out is the socket's.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let handles = Handles()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let active = handles.active(request.method)
        active.increment()
        defer { active.decrement() }
        do {
            let response = try await next(request, context)
            let route = handles.route(context.endpointPath ?? "Unknown", request.method, response.status)
            route.requests.increment()
            route.duration.record(duration: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let route = handles.route(context.endpointPath ?? "NotFound", request.method, status)
            route.requests.increment()
            route.errors.increment()
            throw error
        }
    }

    /// The metric handles made so far, one set per route, method and status: making a handle
    /// looks it up in the metrics system's registry, which a request should not pay for.
    final class Handles: Sendable {
        struct Route: Sendable {
            let requests: Counter
            let duration: Timer
            let errors: Counter
        }

        private struct Key: Hashable {
            let route: String
            let method: HTTPRequest.Method
            let status: Int
        }

        private let routes = Mutex<[Key: Route]>([:])
        private let methods = Mutex<[HTTPRequest.Method: Meter]>([:])

        func active(_ method: HTTPRequest.Method) -> Meter {
            methods.withLock { methods in
                if let meter = methods[method] { return meter }
                let meter = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.description)])
                methods[method] = meter
                return meter
            }
        }

        func route(_ route: String, _ method: HTTPRequest.Method, _ status: HTTPResponse.Status) -> Route {
            let key = Key(route: route, method: method, status: status.code)
            return routes.withLock { routes in
                if let handles = routes[key] { return handles }
                let request = [("http.route", route), ("http.request.method", method.description)]
                let answered = request + [("http.response.status_code", String(status.code))]
                let handles = Route(
                    requests: Counter(label: "hb.requests", dimensions: answered),
                    duration: Timer(label: "http.server.request.duration", dimensions: answered, preferredDisplayUnit: .seconds),
                    errors: Counter(label: "hb.request.errors", dimensions: request + [("error.type", String(status.code))])
                )
                routes[key] = handles
                return handles
            }
        }
    }
}
