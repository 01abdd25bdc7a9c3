import Domain
import Hummingbird
import Persistence

/// Reads `Authorization: Bearer ...` (or the dashboard's session cookie, where it counts) and
/// publishes the token in the request scope, not yet checked.
///
/// It only identifies; whether an operation needs a caller, and which role, is the access
/// policy's decision, and the policy checks the token only then (as the dashboard does for its
/// page). Requests without a token, and public operations called with one, cost no lookup.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let token: String?
        if let header = request.headers[.authorization] {
            token = header.count > 7 && header.prefix(7).lowercased() == "bearer " ? String(header.dropFirst(7)) : nil
        } else if Self.takesCookie(request), let cookie = DashboardRoutes.cookieToken(request) {
            token = cookie
        } else {
            return try await next(request, context)
        }
        var scope = RequestScope.current
        scope.authentication = token.flatMap(BearerToken.parse).map { .presented($0) } ?? .invalidToken
        return try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
    }

    /// The dashboard's session cookie counts only where a browser page needs it, and only for
    /// reading: a cross-site form can never act with it (SameSite=Strict besides).
    static func takesCookie(_ request: Request) -> Bool {
        (request.method == .get || request.method == .head)
            && (request.uri.path == "/dashboard" || request.uri.path.hasPrefix("/v1/stats/"))
    }
}
