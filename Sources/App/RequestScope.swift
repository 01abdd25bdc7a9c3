import Domain
import Foundation
import Persistence
import Services

/// What every layer of one request may need to know about it: its id, the caller's language,
/// address and, once authenticated, who they are.
///
/// Generated OpenAPI handlers receive no Hummingbird context, so the middleware publishes this as a
/// task-local value for the duration of the request.
public struct RequestScope: Sendable {
    public enum Authentication: Sendable, Equatable {
        case anonymous
        /// A bearer token was sent that is not in the issued form, or is unknown, expired or revoked.
        case invalidToken
        /// A token in the issued form, not checked yet: it is checked where a caller is needed
        /// (`verified`), so requests that need none cost no lookup.
        case presented(BearerToken)
        case signedIn(Principal)
    }

    public var requestID: String
    public var language: Language
    /// The front end's name from `X-Client` (for example `web`, `android`): the reach channel.
    public var client: String?
    /// The caller's address, for throttling; `unknown` when it cannot be told.
    public var clientAddress: String
    public var authentication: Authentication = .anonymous

    public var principal: Principal? {
        if case .signedIn(let principal) = authentication { return principal }
        return nil
    }

    /// This scope with a presented token checked against the database: signed in, or invalid.
    func verified(by accounts: AccountService) async throws -> RequestScope {
        guard case .presented(let token) = authentication else { return self }
        var scope = self
        scope.authentication = try await accounts.authenticate(token).map(Authentication.signedIn) ?? .invalidToken
        return scope
    }

    @TaskLocal public static var current = RequestScope(requestID: "-", language: .fallback, client: nil, clientAddress: "unknown")
}
