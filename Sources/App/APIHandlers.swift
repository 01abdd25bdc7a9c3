import APIContract
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence
import Services

/// The generated API's handlers: each reads its request, calls one service step and maps the
/// result to the contract's types. Each area lives in its own `APIHandlers+Area.swift`.
struct APIHandlers: APIProtocol {
    let services: ServiceSet
    let catalog: CatalogCache
    var logger: Logger { services.context.logger }
    var accounts: AccountService { services.accounts }

    /// The signed-in caller; the access policy has already refused anonymous callers.
    func principal() throws -> Principal {
        try AccessPolicy.signedIn()
    }

    /// The signed-in caller as someone who may learn (an under-16 waits for a guardian).
    func learner() throws -> Learner {
        try Learner(try principal())
    }

    var scope: RequestScope { RequestScope.current }

    /// A request body's fields as the client sent them, for Domain's rules to check
    /// (`RequestFields` says why the generated layer does not decode the contract's types).
    func form(_ body: RequestFields) -> [String: FormValue] {
        body.values
    }
}
