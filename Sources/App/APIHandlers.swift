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

    /// A loosely typed request body as field values for Domain's validation.
    func form(_ body: some Encodable) throws -> [String: FormValue] {
        let data = try JSONEncoder().encode(body)
        return try JSONDecoder().decode([String: FormValue].self, from: data)
    }

    /// A free-form body's values read as they are, without the JSON round trip above: an answer
    /// save, the busiest write, takes this path (Benchmarks/README.md).
    func form(_ body: OpenAPIObjectContainer) -> [String: FormValue] {
        body.value.mapValues(FormValue.init(decoded:))
    }
}

extension FormValue {
    /// A value as OpenAPIRuntime's free-form containers hold it (what its JSON decoding made):
    /// nil, Bool, Int, Double, String, arrays and string-keyed dictionaries of the same. Its
    /// decoding makes nothing else; were it ever to, the value would read as null and be
    /// refused as malformed rather than pass unchecked.
    init(decoded value: (any Sendable)?) {
        switch value {
        case nil: self = .null
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .integer(value)
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let items as [(any Sendable)?]: self = .array(items.map(FormValue.init(decoded:)))
        case let fields as [String: (any Sendable)?]: self = .object(fields.mapValues(FormValue.init(decoded:)))
        default: self = .null
        }
    }
}
