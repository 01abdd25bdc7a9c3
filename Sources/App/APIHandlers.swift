import APIContract
import Domain
import Foundation
import Logging
import NIOCore
import OpenAPIRuntime
import PasswordHashing
import Persistence

/// The generated API's handlers; each area lives in its own `APIHandlers+Area.swift`.
struct APIHandlers: APIProtocol {
    let database: Database
    let migrations: MigrationRunner
    let clock: WallClock
    let accounts: AccountServices
    let catalog: CatalogCache
    let issuer: CertificateIssuer
    var logger: Logger { database.logger }

    /// The signed-in caller; the access policy has already refused anonymous callers.
    func principal() throws -> Principal {
        try AccessPolicy.signedIn()
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

    /// Refuses with 429 while any of `keys` is blocked.
    func checkThrottle(_ keys: [ByteBuffer]) async throws {
        if let retryAfter = try await accounts.throttle.retryAfter(keys, now: clock.now(), in: database) {
            throw Problem(.tooManyRequests, retryAfterSeconds: retryAfter)
        }
    }

    /// Checks a password with the bounded hashing pool, mapping a full pool to 503.
    func verifyPassword(_ password: String, against hash: String) async throws -> Bool {
        do {
            return try await accounts.hasher.verify(password, against: hash)
        } catch is PasswordHasher.Busy {
            throw Self.busy
        }
    }

    func hashPassword(_ password: String) async throws -> String {
        do {
            return try await accounts.hasher.hash(password)
        } catch is PasswordHasher.Busy {
            throw Self.busy
        }
    }

    static let busy = Problem(
        .serviceUnavailable,
        detail: LocalizedText(vi: "Máy chủ đang bận, vui lòng thử lại sau giây lát.", en: "The server is busy; try again in a moment."),
        retryAfterSeconds: 2
    )

    /// Sends a code after the transaction that stored it has committed; a failed delivery is
    /// logged, and the person can ask for a new code.
    func deliver(_ notification: CodeNotification) async {
        do {
            try await accounts.notifier.send(notification)
        } catch {
            logger.error("notification failed", metadata: ["purpose": "\(notification.purpose.rawValue)", "error": "\(String(reflecting: error))"])
        }
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

extension Problem {
    static func validation(_ failure: ValidationFailure) -> Problem {
        Problem(.validation, errors: failure.errors)
    }

    static func invalidField(_ pointer: String, _ message: LocalizedText) -> Problem {
        Problem(.validation, errors: [FieldError(pointer: pointer, message: message)])
    }
}
