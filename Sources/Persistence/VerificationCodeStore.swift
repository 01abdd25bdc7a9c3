import Crypto
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Six-digit codes sent to a contact, stored only as HMACs, single use, with a few tries each.
public struct VerificationCodeStore: Sendable {
    public enum Purpose: String, Sendable {
        case contact
        case guardian
        case passwordReset = "password-reset"
        /// A contact the person asked to add to their account; it is added once confirmed.
        case newContact = "new-contact"
    }

    public static let lifetime: TimeInterval = 15 * 60
    public static let maximumAttempts = 5

    let secret: SymmetricKey

    public init(secret: SymmetricKey) {
        self.secret = secret
    }

    public static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator))
    }

    func hash(_ code: String, learnerID: UUID, purpose: Purpose, contact: String) -> ByteBuffer {
        let message = "\(learnerID.uuidString)|\(purpose.rawValue)|\(contact)|\(code)"
        return ByteBuffer(bytes: HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: secret))
    }

    /// Stores a new code for the contact, replacing any earlier one.
    public func store(
        _ code: String,
        learnerID: UUID,
        purpose: Purpose,
        contact: String,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let expires = now.addingTimeInterval(Self.lifetime)
        try await connection.run(
            """
            INSERT INTO verification_codes (learner_id, purpose, contact, code_hash, attempts, expires_at, created_at)
            VALUES (\(learnerID), \(purpose.rawValue), \(contact), \(hash(code, learnerID: learnerID, purpose: purpose, contact: contact)), 0, \(expires), \(now))
            ON CONFLICT (learner_id, purpose, contact) DO UPDATE
                SET code_hash = EXCLUDED.code_hash, attempts = 0, expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at
            """,
            logger: logger
        )
    }

    /// Uses up the code when it matches; counts a wrong try otherwise. Call inside a transaction.
    public func consume(
        _ code: String,
        learnerID: UUID,
        purpose: Purpose,
        contact: String,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.run(
            """
            SELECT code_hash, attempts, expires_at > \(now) FROM verification_codes
            WHERE learner_id = \(learnerID) AND purpose = \(purpose.rawValue) AND contact = \(contact)
            FOR UPDATE
            """,
            logger: logger
        ).collect()
        guard let row = rows.first else { return false }
        let (stored, attempts, live) = try row.decode((ByteBuffer, Int, Bool).self)
        guard live, attempts < Self.maximumAttempts else { return false }
        if stored == hash(code, learnerID: learnerID, purpose: purpose, contact: contact) {
            try await connection.run(
                "DELETE FROM verification_codes WHERE learner_id = \(learnerID) AND purpose = \(purpose.rawValue) AND contact = \(contact)",
                logger: logger
            )
            return true
        }
        try await connection.run(
            """
            UPDATE verification_codes SET attempts = attempts + 1
            WHERE learner_id = \(learnerID) AND purpose = \(purpose.rawValue) AND contact = \(contact)
            """,
            logger: logger
        )
        return false
    }

    /// Whether a code for the contact is waiting, live or not: a wrong code is then a wrong code,
    /// and no code at all means the contact was never asked for.
    public func isPending(
        learnerID: UUID,
        purpose: Purpose,
        contact: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> Bool
    {
        try await connection.run(
            """
            SELECT EXISTS (SELECT 1 FROM verification_codes
                           WHERE learner_id = \(learnerID) AND purpose = \(purpose.rawValue) AND contact = \(contact))
            """,
            logger: logger
        ).collect().first?.decode(Bool.self) ?? false
    }
}
