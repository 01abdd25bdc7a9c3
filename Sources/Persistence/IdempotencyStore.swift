import Foundation
import Logging
import PostgresNIO

/// The response a guarded write produced, kept so that a repeated request gets the same answer.
public struct StoredResponse: Sendable, Hashable {
    public var status: Int
    public var contentType: String?
    public var location: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String?, location: String? = nil, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.location = location
        self.body = body
    }
}

/// Idempotency keys, exactly as DESIGN.md describes them.
///
/// The key row is inserted in the same transaction as the write it guards. A repeat finds the
/// committed row and gets the stored response; a concurrent duplicate blocks on the primary key
/// until the first transaction commits (then replays) or rolls back (then performs the write
/// itself). Keys live for 24 hours per caller; an expired key is reused as if new.
public enum IdempotencyStore {
    public static let retention: TimeInterval = 24 * 60 * 60

    public enum Outcome: Sendable, Equatable {
        case performed(StoredResponse)
        case replayed(StoredResponse)

        public var response: StoredResponse {
            switch self {
            case .performed(let response), .replayed(let response): response
            }
        }
    }

    /// The same key was sent before with a different request.
    public struct KeyReused: Error, Equatable {}

    /// Claims `key` for the caller and runs `write`, or replays the response stored for it, in the
    /// caller's transaction: the row and the write commit or roll back together. A step whose own
    /// statements must come before the key is looked at runs them first in that transaction
    /// (submit checks the token and locks the attempt).
    public static func perform(
        key: String,
        callerID: String,
        requestHash: [UInt8],
        now: Date,
        on connection: PostgresConnection,
        logger: Logger,
        write: (PostgresConnection) async throws -> StoredResponse
    ) async throws -> Outcome {
        let expiredBefore = now.addingTimeInterval(-retention)
        // bytea binds as ByteBuffer; [UInt8] would bind as an array of "char".
        let hashBytes = ByteBuffer(bytes: requestHash)
        let claimed = try await connection.run(
            """
            INSERT INTO idempotency_keys (caller_id, key, request_hash, created_at)
            VALUES (\(callerID), \(key), \(hashBytes), \(now))
            ON CONFLICT (caller_id, key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
                    response_status = NULL, response_content_type = NULL,
                    response_location = NULL, response_body = NULL
                WHERE idempotency_keys.created_at <= \(expiredBefore)
            RETURNING true
            """,
            logger: logger
        ).collect()
        guard claimed.isEmpty else {
            let response = try await write(connection)
            try await connection.run(
                """
                UPDATE idempotency_keys
                SET response_status = \(response.status), response_content_type = \(response.contentType),
                    response_location = \(response.location), response_body = \(ByteBuffer(bytes: response.body))
                WHERE caller_id = \(callerID) AND key = \(key)
                """,
                logger: logger
            )
            return Outcome.performed(response)
        }
        let rows = try await connection.run(
            """
            SELECT request_hash, response_status, response_content_type, response_location, response_body
            FROM idempotency_keys WHERE caller_id = \(callerID) AND key = \(key)
            """,
            logger: logger
        )
        for try await (hash, status, contentType, location, body)
            in rows.decode((ByteBuffer, Int, String?, String?, ByteBuffer).self)
        {
            guard hash == hashBytes else { throw KeyReused() }
            return Outcome.replayed(
                StoredResponse(status: status, contentType: contentType, location: location, body: Array(body.readableBytesView))
            )
        }
        // Unreachable while the row is only ever written with its response in one transaction.
        throw KeyVanished()
    }

    struct KeyVanished: Error {}

    /// Deletes keys past their retention; returns how many went.
    @discardableResult
    public static func purge(now: Date, in database: Database) async throws -> Int {
        let expiredBefore = now.addingTimeInterval(-retention)
        return try await database.withConnection { connection in
            let rows = try await connection.run(
                "DELETE FROM idempotency_keys WHERE created_at <= \(expiredBefore) RETURNING 1",
                logger: database.logger
            ).collect()
            return rows.count
        }
    }
}
