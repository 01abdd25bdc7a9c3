import Domain
import Foundation
import Logging
import PasswordHashing
import Persistence

/// People management for administrators: finding accounts, roles, and the first administrator.
public struct AdminService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// The account whose sign-in identifier this is, if any.
    public func findUser(_ identifier: ContactIdentifier) async throws -> Account? {
        try await database.withConnection { connection in
            guard let id = try await AccountStore.learner(withIdentifier: identifier.value, on: connection, logger: logger) else { return nil }
            return try await AccountStore.account(learnerID: id, on: connection, logger: logger)
        }
    }

    /// Replaces a person's roles (already checked by `RoleAssignment`), audit-logged.
    public func setRoles(_ roles: [Role], of target: UUID, by actor: Principal) async throws -> Account {
        let now = context.clock.now()
        let account = try await database.withTransaction { connection -> Account? in
            guard try await AccountStore.setRoles(learnerID: target, roles: roles, actorID: actor.learnerID, now: now, on: connection, logger: logger)
            else {
                return nil
            }
            return try await AccountStore.account(learnerID: target, on: connection, logger: logger)
        }
        guard let account else { throw Refusal(.notFound) }
        logger.notice("roles changed", metadata: ["actor": "\(actor.learnerID)", "target": "\(target)", "roles": "\(roles.map(\.rawValue))"])
        return account
    }

    public enum AdminOutcome: Equatable, Sendable {
        case created(UUID)
        case promoted(UUID)
    }

    /// Gives the account with `identifier` the admin role, creating it (with `password()`, its
    /// identifier counted as verified) when there is none: for the command line, run by someone
    /// with access to the database.
    public func createOrPromoteAdmin(
        _ identifier: ContactIdentifier,
        displayName: String,
        password: () throws -> String,
        hasher: PasswordHasher,
        policy: PasswordPolicy
    ) async throws -> AdminOutcome {
        let now = context.clock.now()
        let existing = try await database.withConnection { connection in
            try await AccountStore.passwordAccount(identifier: identifier.value, on: connection, logger: logger)
        }
        if let existing {
            try await database.withTransaction { connection in
                let roles = try await AccountStore.account(learnerID: existing, on: connection, logger: logger)?.roles ?? []
                _ = try await AccountStore.setRoles(
                    learnerID: existing,
                    roles: Array(Set(roles + [.admin])).sorted(),
                    actorID: existing,
                    now: now,
                    on: connection,
                    logger: logger
                )
            }
            return .promoted(existing)
        }
        let secret = try password().precomposedStringWithCanonicalMapping
        if let problem = policy.problem(with: secret, personal: [identifier.value, displayName]) {
            throw Refusal.invalidField("/password", problem)
        }
        let hash = try await hasher.hash(secret)
        let id = context.random.uuid()
        let registration = Registration(
            identifier: identifier,
            password: secret,
            displayName: displayName,
            locale: .vi,
            ageConfirmed: true,
            consents: [ConsentGrant(purpose: .terms, version: ConsentPurpose.terms.currentVersion)]
        )
        try await database.withTransaction { connection in
            try await AccountStore.create(
                id: id,
                registration: registration,
                passwordHash: hash,
                deviceHash: nil,
                now: now,
                on: connection,
                logger: logger
            )
            _ = try await AccountStore.markVerified(
                learnerID: id,
                purpose: "sign-in",
                value: identifier.value,
                now: now,
                on: connection,
                logger: logger
            )
            _ = try await AccountStore.setRoles(learnerID: id, roles: [.admin], actorID: id, now: now, on: connection, logger: logger)
        }
        return .created(id)
    }
}
