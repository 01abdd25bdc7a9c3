import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Learner accounts in PostgreSQL. Each function is one step of a use case; callers group them in
/// a transaction where a step must commit together with others.
public enum AccountStore {
    /// A sign-in identifier left unverified this long can be claimed by someone else.
    public static let unverifiedClaimLifetime: TimeInterval = 7 * 24 * 3600

    public struct IdentifierTaken: Error, Equatable {}

    /// Releases someone's claim on `identifier` as a sign-in contact left unverified for
    /// `unverifiedClaimLifetime`, so that another account may take it; `sparing` keeps that
    /// learner's own claim.
    static func releaseStaleClaim(
        on identifier: ContactIdentifier,
        sparing learnerID: UUID?,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.run(
            """
            DELETE FROM learner_contacts
            WHERE purpose = 'sign-in' AND value = \(identifier.value) AND verified_at IS NULL
              AND (\(learnerID)::uuid IS NULL OR learner_id <> \(learnerID))
              AND created_at <= \(now.addingTimeInterval(-unverifiedClaimLifetime))
            """,
            logger: logger
        )
    }

    /// Creates the learner with their contacts, consents and device, in the caller's transaction.
    public static func create(
        id: UUID,
        registration: Registration,
        passwordHash: String,
        deviceHash: ByteBuffer?,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        // A stale unverified claim on this identifier is released to the new registration.
        try await releaseStaleClaim(on: registration.identifier, sparing: nil, now: now, on: connection, logger: logger)
        try await connection.run(
            """
            INSERT INTO learners (learner_id, display_name, locale, birth_year, age_confirmed, province_code, sex, groups,
                                  password_hash, guardian_consent, created_at, updated_at)
            VALUES (\(id), \(registration.displayName), \(registration.locale.rawValue), \(registration.birthYear),
                    \(registration.ageConfirmed), \(registration.province), \(registration.sex?.rawValue),
                    \(registration.groups.map(\.rawValue)), \(passwordHash),
                    \(registration.needsGuardianConsent ? "pending" : "not-required"), \(now), \(now))
            """,
            logger: logger
        )
        var purposes = ["sign-in"]
        var kinds = [registration.identifier.kind]
        var values = [registration.identifier.value]
        if let guardian = registration.guardianContact {
            purposes.append("guardian")
            kinds.append(guardian.kind)
            values.append(guardian.value)
        }
        do {
            try await connection.run(
                """
                INSERT INTO learner_contacts (learner_id, purpose, kind, value, created_at)
                SELECT \(id), purpose, kind, value, \(now) FROM unnest(\(purposes)::text[], \(kinds)::text[], \(values)::text[]) AS c(purpose, kind, value)
                """,
                logger: logger
            )
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw IdentifierTaken()
        }
        try await recordConsents(learnerID: id, grants: registration.consents, withdrawals: [], now: now, on: connection, logger: logger)
        if let deviceHash {
            try await linkDevice(learnerID: id, deviceHash: deviceHash, now: now, on: connection, logger: logger)
        }
    }

    public static func recordConsents(
        learnerID: UUID,
        grants: [ConsentGrant],
        withdrawals: [ConsentPurpose],
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let purposes = grants.map(\.purpose.rawValue) + withdrawals.map(\.rawValue)
        guard !purposes.isEmpty else { return }
        let versions = grants.map(\.version) + withdrawals.map(\.currentVersion)
        let granted = grants.map { _ in true } + withdrawals.map { _ in false }
        try await connection.run(
            """
            INSERT INTO learner_consents (learner_id, purpose, text_version, granted, recorded_at)
            SELECT \(learnerID), purpose, version, granted, \(now)
            FROM unnest(\(purposes)::text[], \(versions)::text[], \(granted)::boolean[]) AS c(purpose, version, granted)
            """,
            logger: logger
        )
    }

    public static func linkDevice(learnerID: UUID, deviceHash: ByteBuffer, now: Date, on connection: PostgresConnection, logger: Logger) async throws
    {
        try await connection.run(
            """
            INSERT INTO learner_devices (learner_id, device_hash, linked_at) VALUES (\(learnerID), \(deviceHash), \(now))
            ON CONFLICT DO NOTHING
            """,
            logger: logger
        )
    }

    /// The account that signs in with `identifier` and a password, if there is one.
    public static func passwordAccount(identifier: String, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        let rows = try await connection.run(
            """
            SELECT l.learner_id FROM learner_contacts c JOIN learners l ON l.learner_id = c.learner_id
            WHERE c.purpose = 'sign-in' AND c.value = \(identifier) AND l.erased_at IS NULL AND l.password_hash IS NOT NULL
            """,
            logger: logger
        )
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    /// Remembers that the account signed in from this address (a keyed hash of it).
    public static func rememberSignInAddress(
        learnerID: UUID,
        addressHash: ByteBuffer,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.runToEnd(RememberSignInAddress(learnerID: learnerID, addressHash: addressHash, now: now), logger: logger)
    }

    /// The upsert that remembers a sign-in's address, at the caller's placeholders, so a sign-in
    /// can fold it into its own statement (`SignInStore.Open`).
    static func rememberSignInAddress(learner: String, address: String, now: String) -> String {
        """
        INSERT INTO learner_sign_in_addresses (learner_id, address_hash, last_signed_in_at) VALUES (\(learner), \(address), \(now))
        ON CONFLICT (learner_id, address_hash) DO UPDATE SET last_signed_in_at = EXCLUDED.last_signed_in_at
        """
    }

    struct RememberSignInAddress: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "accounts.rememberSignInAddress"
        static let sql = rememberSignInAddress(learner: "$1", address: "$2", now: "$3")
        typealias Row = PostgresRow
        var learnerID: UUID
        var addressHash: ByteBuffer
        var now: Date

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            bindings.append(addressHash)
            bindings.append(now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { row }
    }

    /// The account's password hash, for re-checking the password of a signed-in person.
    public static func passwordHash(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        let rows = try await connection.run(
            "SELECT password_hash FROM learners WHERE learner_id = \(learnerID) AND erased_at IS NULL",
            logger: logger
        )
        for try await hash in rows.decode(String?.self) { return hash }
        return nil
    }

    public static func setPasswordHash(learnerID: UUID, hash: String, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            "UPDATE learners SET password_hash = \(hash), updated_at = \(now) WHERE learner_id = \(learnerID) AND erased_at IS NULL",
            logger: logger
        )
    }

    /// The account as its owner sees it, or nil when it does not exist or was erased.
    public static func account(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Account? {
        let rows = try await connection.run(
            """
            SELECT l.display_name, l.locale, l.birth_year, l.age_confirmed, l.province_code, l.sex, l.groups, l.roles,
                   l.guardian_consent, l.created_at,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('purpose', c.purpose, 'kind', c.kind, 'value', c.value,
                                             'verified', c.verified_at IS NOT NULL) ORDER BY c.purpose DESC, c.value)
                             FROM learner_contacts c WHERE c.learner_id = l.learner_id), '[]')::text,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('purpose', s.purpose, 'version', s.text_version,
                                             'granted', s.granted, 'recordedAt', s.recorded_at) ORDER BY s.purpose)
                             FROM (SELECT DISTINCT ON (purpose) purpose, text_version, granted, recorded_at
                                   FROM learner_consents WHERE learner_id = l.learner_id
                                   ORDER BY purpose, recorded_at DESC, consent_id DESC) s WHERE s.granted), '[]')::text
            FROM learners l WHERE l.learner_id = \(learnerID) AND l.erased_at IS NULL
            """,
            logger: logger
        )
        for try await row in rows {
            let (name, locale, birthYear, ageConfirmed, province, sex, groups, roles, guardian, created, contacts, consents) =
                try row.decode((String, String, Int?, Bool, String?, String?, [String], [String], String, Date, String, String).self)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .custom(decodePostgresTimestamp)
            return Account(
                id: learnerID,
                displayName: name,
                locale: locale,
                birthYear: birthYear,
                ageConfirmed: ageConfirmed,
                province: province,
                sex: sex,
                groups: groups,
                roles: roles.compactMap(Role.init(rawValue:)),
                guardianConsent: guardian,
                createdAt: created,
                contacts: try decoder.decode([Account.Contact].self, from: Data(contacts.utf8)),
                consents: try decoder.decode([Account.ConsentRecord].self, from: Data(consents.utf8))
            )
        }
        return nil
    }

    /// The learner's name as it stands now; nil once erased.
    public static func displayName(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        try await connection.run("SELECT display_name FROM learners WHERE learner_id = \(learnerID)", logger: logger)
            .collect().first?.decode(String?.self) ?? nil
    }

    /// The learner whose sign-in identifier is `value`, verified or not.
    public static func learner(withIdentifier value: String, on connection: PostgresConnection, logger: Logger) async throws -> UUID? {
        try await connection.run(
            "SELECT learner_id FROM learner_contacts WHERE purpose = 'sign-in' AND value = \(value)",
            logger: logger
        ).collect().first?.decode(UUID.self)
    }

    /// Whether a province code exists and is in force on `day` (`YYYY-MM-DD`).
    public static func provinceIsValid(_ code: String, on day: String, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.run(
            """
            SELECT EXISTS (SELECT 1 FROM provinces WHERE code = \(code)
                AND (valid_from IS NULL OR valid_from <= \(day)::date) AND (valid_to IS NULL OR valid_to >= \(day)::date))
            """,
            logger: logger
        ).collect().first?.decode(Bool.self) ?? false
    }
}

/// PostgreSQL's `to_json` timestamps ("2026-03-01T09:00:00+00:00", with or without fractions).
func decodePostgresTimestamp(_ decoder: any Decoder) throws -> Date {
    let text = try decoder.singleValueContainer().decode(String.self)
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: text) { return date }
    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a timestamp: \(text)"))
}
