import Hummingbird
import NIOCore
import Persistence

/// Gives every request but an upload a deadline, `REQUEST_TIMEOUT` after it arrived.
///
/// The database honours it (`Database.request`): the request's leases are admitted no later than
/// the admission wait after it arrived, nor past the deadline, and a statement still running then
/// has its connection closed, so the client gets a 503 it can act on instead of a
/// request that hangs while PostgreSQL is frozen or gone. Uploads have their own, longer read
/// deadline and are bounded by the statement timeout.
struct RequestDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    let timeout: TimeAmount
    let exemptPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if exemptPaths.contains(request.uri.path) { return try await next(request, context) }
        return try await Database.$request.withValue(Database.RequestLimits(deadline: .now() + timeout)) {
            try await next(request, context)
        }
    }
}
