import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Managed accounts: people a manager created into a class, who sign in with a generated
/// sign-in name and, the first time, the one-time code of their printed card.
public enum ManagedAccountStore {
    /// A new managed account, ready to insert: the person, their sign-in name and the keyed hash
    /// of their card's code.
    public struct NewAccount: Sendable {
        public var learnerID: UUID
        public var person: ManagedPerson
        public var signInName: String
        public var codeHash: ByteBuffer

        public init(learnerID: UUID, person: ManagedPerson, signInName: String, codeHash: ByteBuffer) {
            self.learnerID = learnerID
            self.person = person
            self.signInName = signInName
            self.codeHash = codeHash
        }
    }

    /// The sign-in names among `names` that someone already has.
    public static func takenNames(_ names: [String], on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        var taken: Set<String> = []
        for try await name in try await connection.run(
            "SELECT value FROM learner_contacts WHERE purpose = 'sign-in' AND value = ANY(\(names)::text[])",
            logger: logger
        ).decode(String.self) {
            taken.insert(name)
        }
        return taken
    }

    /// Takes `count` seats of the class under its row's lock, so concurrent creations and joins
    /// never pass its capacity; false (and nothing taken) when fewer are left.
    public static func takeSeats(_ count: Int, classID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.run(
            """
            UPDATE classes SET seats_taken = seats_taken + \(count)
            WHERE class_id = \(classID) AND seats_taken + \(count) <= capacity RETURNING 1
            """,
            logger: logger
        ).collect().count == 1
    }

    /// Creates the account with no password (nobody can sign in with a password until the person
    /// sets one), its sign-in name, the statistics consent when given, its card and its place in
    /// the class, in the caller's transaction. `guardianPending` is true when a guardian must still
    /// confirm with a code sent to them.
    public static func insert(
        _ account: NewAccount,
        classID: UUID,
        createdBy: UUID,
        guardianPending: Bool,
        codeExpiresAt: Date,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let person = account.person
        let guardianConsent = person.guardian == nil ? "not-required" : guardianPending ? "pending" : "confirmed"
        try await connection.run(
            """
            INSERT INTO learners (learner_id, display_name, locale, birth_year, sex, groups, guardian_consent, created_at, updated_at)
            VALUES (\(account.learnerID), \(person.displayName), 'vi', \(person.birthYear), \(person.sex?.rawValue),
                    \(person.groups.map(\.rawValue)), \(guardianConsent), \(now), \(now))
            """,
            logger: logger
        )
        // The name was generated, not claimed: there is nothing to verify.
        try await connection.run(
            """
            INSERT INTO learner_contacts (learner_id, purpose, kind, value, verified_at, created_at)
            VALUES (\(account.learnerID), 'sign-in', 'sign-in-name', \(account.signInName), \(now), \(now))
            """,
            logger: logger
        )
        try await AccountStore.recordConsents(
            learnerID: account.learnerID,
            grants: person.consents,
            withdrawals: [],
            now: now,
            on: connection,
            logger: logger
        )
        try await connection.run(
            """
            INSERT INTO managed_accounts (learner_id, class_id, created_by, code_hash, code_expires_at, created_at)
            VALUES (\(account.learnerID), \(classID), \(createdBy), \(account.codeHash), \(codeExpiresAt), \(now))
            """,
            logger: logger
        )
        try await connection.run(
            "INSERT INTO class_memberships (learner_id, class_id, joined_at) VALUES (\(account.learnerID), \(classID), \(now))",
            logger: logger
        )
        try await MembershipReach.refresh([account.learnerID], on: connection, logger: logger)
        if let guardian = person.guardian {
            try await recordGuardianConsent(
                guardian,
                learnerID: account.learnerID,
                actorID: createdBy,
                classID: classID,
                now: now,
                on: connection,
                logger: logger
            )
        }
    }

    /// Stores how the guardian's consent was obtained and audits it. The audit row names the way
    /// and the form's reference, never the guardian's contact, so that nothing personal outlives
    /// the person's erasure.
    static func recordGuardianConsent(
        _ record: GuardianConsentRecord,
        learnerID: UUID,
        actorID: UUID,
        classID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        var contact: String?
        var reference: String?
        var signedOn: String?
        switch record {
        case .contact(let identifier):
            contact = identifier.value
            try await connection.run(
                """
                INSERT INTO learner_contacts (learner_id, purpose, kind, value, created_at)
                VALUES (\(learnerID), 'guardian', \(identifier.kind), \(identifier.value), \(now))
                """,
                logger: logger
            )
        case .paperForm(let formReference, let day):
            reference = formReference
            signedOn = day.text
        }
        try await connection.run(
            """
            INSERT INTO guardian_consent_records (learner_id, guardian_contact, form_reference, form_date, recorded_by, recorded_at)
            VALUES (\(learnerID), \(contact), \(reference), \(signedOn)::date, \(actorID), \(now))
            """,
            logger: logger
        )
        struct Details: Encodable {
            var classId: String
            var method: String
            var formReference: String?
            var formDate: String?
        }
        try await AdminAudit.record(
            "guardian-consent-recorded",
            actorID: actorID,
            targetID: learnerID,
            details: Details(
                classId: classID.uuidString.lowercased(),
                method: contact == nil ? "paper-form" : "guardian-contact",
                formReference: reference,
                formDate: signedOn
            ),
            now: now,
            on: connection,
            logger: logger
        )
    }

    /// The card behind a sign-in name, locked for the caller's transaction: the account, the
    /// keyed hash of its live code (nil once used, replaced or expired) and whether its password
    /// is set.
    public struct Card: Sendable {
        public var learnerID: UUID
        public var displayName: String
        public var codeHash: ByteBuffer?
    }

    public static func card(signInName: String, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Card? {
        let rows = try await connection.run(
            """
            SELECT m.learner_id, l.display_name, CASE WHEN m.code_expires_at > \(now) THEN m.code_hash END
            FROM learner_contacts c JOIN managed_accounts m USING (learner_id) JOIN learners l USING (learner_id)
            WHERE c.purpose = 'sign-in' AND c.value = \(signInName) AND l.erased_at IS NULL
            FOR UPDATE OF m
            """,
            logger: logger
        )
        for try await (id, name, hash) in rows.decode((UUID, String?, ByteBuffer?).self) {
            return Card(learnerID: id, displayName: name ?? "", codeHash: hash)
        }
        return nil
    }

    /// Uses up the card's code: it works once.
    public static func consumeCode(learnerID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            UPDATE managed_accounts SET code_hash = NULL, code_expires_at = NULL,
                first_signed_in_at = coalesce(first_signed_in_at, \(now))
            WHERE learner_id = \(learnerID)
            """,
            logger: logger
        )
    }

    /// A managed account of the class, for a new card: its name and sign-in name.
    public static func member(
        learnerID: UUID,
        classID: UUID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (
        displayName: String, signInName: String
    )? {
        try await connection.run(
            """
            SELECT l.display_name, c.value
            FROM managed_accounts m JOIN learners l USING (learner_id)
                 JOIN learner_contacts c ON c.learner_id = m.learner_id AND c.purpose = 'sign-in' AND c.kind = 'sign-in-name'
            WHERE m.learner_id = \(learnerID) AND m.class_id = \(classID) AND l.erased_at IS NULL
            FOR UPDATE OF m
            """,
            logger: logger
        ).collect().first.map { row in
            let (name, signInName) = try row.decode((String?, String).self)
            return (name ?? "", signInName)
        }
    }

    /// Replaces the card's code (the old one stops working at once) and audits it.
    public static func replaceCode(
        learnerID: UUID,
        codeHash: ByteBuffer,
        expiresAt: Date,
        actorID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.run(
            "UPDATE managed_accounts SET code_hash = \(codeHash), code_expires_at = \(expiresAt) WHERE learner_id = \(learnerID)",
            logger: logger
        )
        struct Nothing: Encodable {}
        try await AdminAudit.record(
            "sign-in-card-reissued",
            actorID: actorID,
            targetID: learnerID,
            details: Nothing(),
            now: now,
            on: connection,
            logger: logger
        )
    }

    /// What the person's export shows of their managed account and guardian consent record.
    public struct ExportRecord: Sendable {
        public var classID: UUID?
        public var createdAt: Date?
        public var firstSignedInAt: Date?
        public var guardianContact: String?
        public var guardianFormReference: String?
        public var guardianFormDate: String?
        public var guardianRecordedAt: Date?
    }

    public static func exportRecord(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> ExportRecord? {
        let rows = try await connection.run(
            """
            SELECT m.class_id, m.created_at, m.first_signed_in_at, g.guardian_contact, g.form_reference, g.form_date::text, g.recorded_at
            FROM (SELECT \(learnerID)::uuid AS learner_id) p
                 LEFT JOIN managed_accounts m USING (learner_id) LEFT JOIN guardian_consent_records g USING (learner_id)
            WHERE m.learner_id IS NOT NULL OR g.learner_id IS NOT NULL
            """,
            logger: logger
        )
        for try await row in rows {
            let (classID, created, firstSignIn, contact, reference, formDate, recorded) =
                try row.decode((UUID?, Date?, Date?, String?, String?, String?, Date?).self)
            return ExportRecord(
                classID: classID,
                createdAt: created,
                firstSignedInAt: firstSignIn,
                guardianContact: contact,
                guardianFormReference: reference,
                guardianFormDate: formDate,
                guardianRecordedAt: recorded
            )
        }
        return nil
    }
}
