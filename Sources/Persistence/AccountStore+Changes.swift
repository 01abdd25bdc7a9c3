import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

extension AccountStore {
    /// A change to the profile: nil leaves a field as it is; `.some(nil)` clears it.
    public struct ProfileChange: Sendable, Equatable {
        public var displayName: String?
        public var locale: Language?
        public var birthYear: Int??
        public var province: String??
        public var sex: Sex??
        public var groups: [LearnerGroup]?

        public init() {}
    }

    public static func update(learnerID: UUID, change: ProfileChange, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        // COALESCE keeps a field when no new value is sent; the flags say which optional fields
        // to overwrite (with a value or with NULL).
        try await connection.run(
            """
            UPDATE learners SET
                display_name = coalesce(\(change.displayName), display_name),
                locale = coalesce(\(change.locale?.rawValue), locale),
                birth_year = CASE WHEN \(change.birthYear != nil) THEN \(change.birthYear ?? nil) ELSE birth_year END,
                province_code = CASE WHEN \(change.province != nil) THEN \(change.province ?? nil) ELSE province_code END,
                sex = CASE WHEN \(change.sex != nil) THEN \((change.sex ?? nil)?.rawValue) ELSE sex END,
                groups = coalesce(\(change.groups?.map(\.rawValue)), groups),
                updated_at = \(now)
            WHERE learner_id = \(learnerID) AND erased_at IS NULL
            """,
            logger: logger
        )
    }

    /// Marks a contact verified. For a sign-in identifier, a stale unverified claim by someone
    /// else is released first; a verified one elsewhere makes this fail with `IdentifierTaken`.
    /// Returns whether the contact belonged to the learner.
    public static func markVerified(
        learnerID: UUID,
        purpose: String,
        value: String,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.run(
            """
            UPDATE learner_contacts SET verified_at = coalesce(verified_at, \(now))
            WHERE learner_id = \(learnerID) AND purpose = \(purpose) AND value = \(value)
            RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !rows.isEmpty else { return false }
        if purpose == "guardian" {
            try await connection.run(
                "UPDATE learners SET guardian_consent = 'confirmed', updated_at = \(now) WHERE learner_id = \(learnerID)",
                logger: logger
            )
        }
        return true
    }

    /// Adds a confirmed sign-in identifier to the learner's account, usable at once to sign in
    /// and for password resets. A claim on it left unverified by someone else for
    /// `unverifiedClaimLifetime` is released first, as at registration; any other account holding
    /// it makes this fail with `IdentifierTaken`.
    public static func addVerifiedSignInContact(
        learnerID: UUID,
        identifier: ContactIdentifier,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await releaseStaleClaim(on: identifier, sparing: learnerID, now: now, on: connection, logger: logger)
        do {
            try await connection.run(
                """
                INSERT INTO learner_contacts (learner_id, purpose, kind, value, verified_at, created_at)
                VALUES (\(learnerID), 'sign-in', \(identifier.kind), \(identifier.value), \(now), \(now))
                ON CONFLICT (learner_id, purpose, value) DO UPDATE SET verified_at = coalesce(learner_contacts.verified_at, EXCLUDED.verified_at)
                """,
                logger: logger
            )
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw IdentifierTaken()
        }
    }

    /// The learner's contact with this value, if they have one.
    public static func contact(learnerID: UUID, value: String, on connection: PostgresConnection, logger: Logger) async throws -> Account.Contact? {
        let rows = try await connection.run(
            """
            SELECT purpose, kind, value, verified_at IS NOT NULL FROM learner_contacts
            WHERE learner_id = \(learnerID) AND value = \(value)
            ORDER BY purpose DESC LIMIT 1
            """,
            logger: logger
        )
        for try await (purpose, kind, value, verified) in rows.decode((String, String, String, Bool).self) {
            return Account.Contact(purpose: purpose, kind: kind, value: value, verified: verified)
        }
        return nil
    }

    /// The account whose verified sign-in identifier this is: the only place reset codes go.
    public static func learnerWithVerifiedIdentifier(_ value: String, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.run(
            """
            SELECT c.learner_id FROM learner_contacts c JOIN learners l ON l.learner_id = c.learner_id
            WHERE c.purpose = 'sign-in' AND c.value = \(value) AND c.verified_at IS NOT NULL AND l.erased_at IS NULL
            """,
            logger: logger
        )
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// Erases the person's personal data and sessions; the row stays as an anonymous tombstone so
    /// that what they contributed to aggregate figures remains.
    public static func erase(learnerID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        for statement: PostgresQuery in [
            "DELETE FROM auth_tokens WHERE learner_id = \(learnerID)",
            "DELETE FROM learner_contacts WHERE learner_id = \(learnerID)",
            "DELETE FROM learner_consents WHERE learner_id = \(learnerID)",
            "DELETE FROM verification_codes WHERE learner_id = \(learnerID)",
            "DELETE FROM learner_devices WHERE learner_id = \(learnerID)",
            "DELETE FROM learner_sign_in_addresses WHERE learner_id = \(learnerID)",
            "DELETE FROM learner_accommodations WHERE learner_id = \(learnerID)",
            // A managed account's card and the record of its guardian's consent (the audit row
            // keeps only the way it was obtained).
            "DELETE FROM managed_accounts WHERE learner_id = \(learnerID)",
            "DELETE FROM guardian_consent_records WHERE learner_id = \(learnerID)",
            // What they learned and answered is theirs too.
            "DELETE FROM attempts WHERE learner_id = \(learnerID)",
            "DELETE FROM lesson_progress WHERE learner_id = \(learnerID)",
            "DELETE FROM enrollments WHERE learner_id = \(learnerID)",
            // Which classes they were in, and what they managed; a class keeps its seat count.
            "DELETE FROM class_memberships WHERE learner_id = \(learnerID)",
            "DELETE FROM organisation_managers WHERE learner_id = \(learnerID)",
            """
            UPDATE learners SET display_name = NULL, birth_year = NULL, age_confirmed = false, province_code = NULL,
                sex = NULL, groups = '{}', roles = '{}', password_hash = NULL, updated_at = \(now), erased_at = \(now)
            WHERE learner_id = \(learnerID)
            """,
        ] {
            try await connection.run(statement, logger: logger)
        }
        try await CertificateStore.eraseHolder(learnerID: learnerID, now: now, on: connection, logger: logger)
        try await ReachStore.retain(learnerID: learnerID, on: connection, logger: logger)
    }

    /// Everything stored about the person beyond the account itself.
    public struct ExportExtras: Sendable {
        public var consentHistory: [Account.ConsentRecord]
        public var devices: [(hash: String, linkedAt: Date)]
        public var sessions: [(kind: String, issuedAt: Date, expiresAt: Date, revoked: Bool)]
    }

    public static func exportExtras(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> ExportExtras {
        var extras = ExportExtras(consentHistory: [], devices: [], sessions: [])
        let consents = try await connection.run(
            """
            SELECT purpose, text_version, granted, recorded_at FROM learner_consents
            WHERE learner_id = \(learnerID) ORDER BY recorded_at, consent_id
            """,
            logger: logger
        )
        for try await (purpose, version, granted, at) in consents.decode((String, String, Bool, Date).self) {
            extras.consentHistory.append(Account.ConsentRecord(purpose: purpose, version: version, granted: granted, recordedAt: at))
        }
        let devices = try await connection.run(
            "SELECT encode(device_hash, 'hex'), linked_at FROM learner_devices WHERE learner_id = \(learnerID) ORDER BY linked_at",
            logger: logger
        )
        for try await (hash, at) in devices.decode((String, Date).self) {
            extras.devices.append((hash, at))
        }
        let sessions = try await connection.run(
            """
            SELECT kind, issued_at, expires_at, revoked_at IS NOT NULL FROM auth_tokens
            WHERE learner_id = \(learnerID) ORDER BY issued_at, kind
            """,
            logger: logger
        )
        for try await (kind, issued, expires, revoked) in sessions.decode((String, Date, Date, Bool).self) {
            extras.sessions.append((kind, issued, expires, revoked))
        }
        return extras
    }

    /// Replaces the learner's extra roles and records who did it.
    public static func setRoles(
        learnerID: UUID,
        roles: [Role],
        actorID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.run(
            """
            UPDATE learners SET roles = \(roles.map(\.rawValue)), updated_at = \(now)
            WHERE learner_id = \(learnerID) AND erased_at IS NULL RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !rows.isEmpty else { return false }
        try await AdminAudit.record(
            "set-roles",
            actorID: actorID,
            targetID: learnerID,
            details: ["roles": roles.map(\.rawValue)],
            now: now,
            on: connection,
            logger: logger
        )
        return true
    }
}
