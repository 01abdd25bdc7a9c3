import Domain
import Hummingbird
import Persistence

/// Reads `Authorization: Bearer ...` and publishes who is calling in the request scope.
///
/// It only identifies; whether an operation needs a caller, and which role, is the access
/// policy's decision. Requests without the header cost nothing.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let database: Database
    let clock: WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        var scope = RequestScope.current
        if header.count > 7, header.prefix(7).lowercased() == "bearer ",
            let principal = try await TokenStore.authenticate(String(header.dropFirst(7)), now: clock.now(), in: database)
        {
            scope.authentication = .signedIn(principal)
        } else {
            scope.authentication = .invalidToken
        }
        return try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
    }
}
