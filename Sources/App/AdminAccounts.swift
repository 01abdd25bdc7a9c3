import Domain
import Foundation
import Logging
import NIOPosix
import PasswordHashing
import Persistence

/// Administrator accounts made from the command line, by someone with access to the database.
public enum AdminAccounts {
    public enum Outcome: Equatable, Sendable {
        case created(UUID)
        case promoted(UUID)
    }

    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// Gives the account with `identifier` the admin role, creating it (with `password()`, its
    /// identifier counted as verified) when there is none.
    public static func createOrPromote(
        identifier text: String,
        displayName: String,
        password: () throws -> String,
        settings: Settings,
        clock: WallClock = .system,
        logger: Logger
    ) async throws -> Outcome {
        guard let identifier = ContactIdentifier.parse(text) else {
            throw Refused(description: "\(text) is not an email address or a Vietnamese mobile number")
        }
        let now = clock.now()
        let existing = try await SafeSkills.withDatabase(settings, logger: logger) { database in
            try await database.withConnection { connection in
                try await AccountStore.signInRecord(identifier: identifier.value, on: connection, logger: logger)?.learnerID
            }
        }
        if let existing {
            try await SafeSkills.withDatabase(settings, logger: logger) { database in
                try await database.withTransaction { connection in
                    let roles = try await AccountStore.account(learnerID: existing, on: connection, logger: logger)?.roles ?? []
                    _ = try await AccountStore.setRoles(
                        learnerID: existing, roles: Array(Set(roles + ["admin"])).sorted(), actorID: existing, now: now,
                        on: connection, logger: logger
                    )
                }
            }
            return .promoted(existing)
        }

        let secret = try password().precomposedStringWithCanonicalMapping
        let policy = PasswordPolicy(commonPasswords: try CommonPasswords.load())
        if let problem = policy.problem(with: secret, personal: [identifier.value, displayName]) {
            throw Refused(description: problem.en)
        }
        let hasher = PasswordHasher(parameters: settings.argon2, threadPool: .singleton, maxOutstanding: 1)
        let hash = try await hasher.hash(secret)
        let id = UUID()
        let registration = Registration(
            identifier: identifier, password: secret, displayName: displayName, locale: .vi, ageConfirmed: true,
            consents: [ConsentGrant(purpose: .terms, version: ConsentPurpose.terms.currentVersion)]
        )
        try await SafeSkills.withDatabase(settings, logger: logger) { database in
            try await database.withTransaction { connection in
                try await AccountStore.create(
                    id: id, registration: registration, passwordHash: hash, deviceHash: nil, now: now, on: connection, logger: logger
                )
                _ = try await AccountStore.markVerified(learnerID: id, purpose: "sign-in", value: identifier.value, now: now, on: connection, logger: logger)
                _ = try await AccountStore.setRoles(learnerID: id, roles: ["admin"], actorID: id, now: now, on: connection, logger: logger)
            }
        }
        return .created(id)
    }
}
