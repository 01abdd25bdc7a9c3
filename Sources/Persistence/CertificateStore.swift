import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Certificates and the keys that signed them.
public enum CertificateStore {
    static let columns = """
        learner_id, certificate_id, program_id, holder_id, display_name, competency_results::text, issued_at, expires_at,
        status_index, credential_jwt, previous_certificate_id, revoked_at, revocation_reason
        """

    static func decode(_ row: PostgresRow) throws -> Certificate {
        let (learner, id, program, holder, name, results, issued, expires, index, jwt, previous, revoked, reason) =
            try row.decode((UUID, String, String, UUID, String?, String, Date, Date, Int, String?, String?, Date?, String?).self)
        let scores = (try? JSONDecoder().decode([String: Double].self, from: Data(results.utf8))) ?? [:]
        return Certificate(
            learnerID: learner,
            id: id,
            programID: program,
            holderID: holder,
            displayName: name,
            competencyScores: scores,
            issuedAt: issued,
            expiresAt: expires,
            statusIndex: index,
            credentialJWT: jwt,
            previousID: previous,
            revokedAt: revoked,
            revocationReason: reason
        )
    }

    public static func certificate(_ id: String, on connection: PostgresConnection, logger: Logger) async throws -> Certificate? {
        try await connection.run("SELECT \(unescaped: columns) FROM certificates WHERE certificate_id = \(id)", logger: logger)
            .collect().first.map(decode)
    }

    public static func certificates(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [Certificate] {
        try await connection.run(
            "SELECT \(unescaped: columns) FROM certificates WHERE learner_id = \(learnerID) ORDER BY issued_at DESC",
            logger: logger
        ).collect().map(decode)
    }

    public static func registerKey(kid: String, publicKey: [UInt8], now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            "INSERT INTO signing_keys (kid, public_key, created_at) VALUES (\(kid), \(ByteBuffer(bytes: publicKey)), \(now)) ON CONFLICT DO NOTHING",
            logger: logger
        )
    }

    public static func publicKeys(on connection: PostgresConnection, logger: Logger) async throws -> [(kid: String, publicKey: [UInt8])] {
        var keys: [(String, [UInt8])] = []
        let rows = try await connection.run("SELECT kid, public_key FROM signing_keys ORDER BY created_at, kid", logger: logger)
        for try await (kid, key) in rows.decode((String, ByteBuffer).self) {
            keys.append((kid, Array(key.readableBytesView)))
        }
        return keys
    }

    public static func nextStatusIndex(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.run("SELECT nextval('certificate_status_index')::int", logger: logger).collect().first!.decode(Int.self)
    }

    public static func insert(
        _ record: Certificate,
        attemptID: UUID,
        kid: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let results = String(decoding: try JSONEncoder().encode(record.competencyScores), as: UTF8.self)
        try await connection.run(
            """
            INSERT INTO certificates (learner_id, certificate_id, program_id, attempt_id, holder_id, display_name, competency_results,
                                      issued_at, expires_at, status_index, kid, credential_jwt, previous_certificate_id)
            VALUES (\(record.learnerID), \(record.id), \(record.programID), \(attemptID), \(record.holderID), \(record.displayName),
                    \(results)::jsonb, \(record.issuedAt), \(record.expiresAt), \(record.statusIndex), \(kid), \(record.credentialJWT),
                    \(record.previousID))
            """,
            logger: logger
        )
    }

    /// Revokes, once; returns the record as it now stands and whether this call revoked it, or
    /// nil for an unknown id.
    public static func revoke(
        _ id: String,
        reason: String,
        actorID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (certificate: Certificate, newlyRevoked: Bool)? {
        let rows = try await connection.run(
            """
            UPDATE certificates c SET revoked_at = coalesce(c.revoked_at, \(now)), revocation_reason = coalesce(c.revocation_reason, \(reason))
            FROM (SELECT certificate_id, revoked_at FROM certificates WHERE certificate_id = \(id) FOR UPDATE) AS before
            WHERE c.certificate_id = before.certificate_id RETURNING before.revoked_at IS NULL
            """,
            logger: logger
        ).collect()
        guard let newlyRevoked = try rows.first?.decode(Bool.self) else { return nil }
        let details = String(decoding: try JSONEncoder().encode(["certificate": id, "reason": reason]), as: UTF8.self)
        try await connection.run(
            """
            INSERT INTO admin_audit (actor_id, action, target_id, details, recorded_at)
            SELECT \(actorID), 'revoke-certificate', learner_id, \(details)::jsonb, \(now) FROM certificates WHERE certificate_id = \(id)
            """,
            logger: logger
        )
        return try await certificate(id, on: connection, logger: logger).map { ($0, newlyRevoked) }
    }

    /// The revoked entries of one key's status list, and the highest index the list must hold.
    public static func statusList(kid: String, on connection: PostgresConnection, logger: Logger) async throws -> (revoked: Set<Int>, highest: Int) {
        var revoked: Set<Int> = []
        var highest = 0
        let rows = try await connection.run(
            "SELECT status_index, revoked_at IS NOT NULL FROM certificates WHERE kid = \(kid)",
            logger: logger
        )
        for try await (index, isRevoked) in rows.decode((Int, Bool).self) {
            highest = max(highest, index)
            if isRevoked { revoked.insert(index) }
        }
        return (revoked, highest)
    }

    /// On erasure: no name, no stored credential, and revoked so every verification says so.
    public static func eraseHolder(learnerID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            UPDATE certificates SET display_name = NULL, credential_jwt = NULL,
                revoked_at = coalesce(revoked_at, \(now)), revocation_reason = coalesce(revocation_reason, 'holder erased')
            WHERE learner_id = \(learnerID)
            """,
            logger: logger
        )
    }
}
