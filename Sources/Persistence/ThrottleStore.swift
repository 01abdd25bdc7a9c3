import Crypto
import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Counts attempts per key in PostgreSQL, so every server instance sees the same counts.
///
/// Keys are HMACs of what they count ("sign-in:lan@example.org", "address:203.0.113.7"), so
/// the table holds no personal data.
public struct ThrottleStore: Sendable {
    let secret: SymmetricKey

    public init(secret: SymmetricKey) {
        self.secret = secret
    }

    public func key(_ kind: String, _ value: String) -> ByteBuffer {
        ByteBuffer(bytes: HMAC<SHA256>.authenticationCode(for: Data("\(kind):\(value)".utf8), using: secret))
    }

    /// Seconds until the first of `keys` is free again, or nil when none is blocked.
    public func retryAfter(_ keys: [ByteBuffer], now: Date, in database: Database) async throws -> Int? {
        try await database.withConnection { connection in
            for try await until in try await connection.run(BlockedUntil(keys: keys, now: now), logger: database.logger) {
                return until.map { ThrottlePolicy.retryAfterSeconds(until: $0, now: now) }
            }
            return nil
        }
    }

    /// Until when the first of some keys is blocked (null when none is), its keys and time at the
    /// caller's placeholders, so sign-in can read its throttles in its own statement
    /// (`SignInStore.BeforeCheck`).
    static func blockedUntil(keys: String, now: String) -> String {
        "SELECT max(blocked_until) FROM auth_throttle WHERE key = ANY(\(keys)) AND blocked_until > \(now)"
    }

    struct BlockedUntil: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "throttle.blockedUntil"
        static let sql = blockedUntil(keys: "$1", now: "$2")
        typealias Row = Date?
        var keys: [ByteBuffer]
        var now: Date

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(keys)
            bindings.append(now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Date?.self) }
    }

    /// Counts one attempt against `key`. Concurrent attempts are all counted: the increment is one
    /// atomic upsert, and a later block never shortens an earlier one.
    public func record(_ key: ByteBuffer, policy: ThrottlePolicy, now: Date, in database: Database) async throws {
        let windowStart = now.addingTimeInterval(-policy.window)
        try await database.withConnection { connection in
            let failures =
                try await connection.run(
                    """
                    INSERT INTO auth_throttle (key, failures, window_started_at) VALUES (\(key), 1, \(now))
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN auth_throttle.window_started_at <= \(windowStart) THEN 1 ELSE auth_throttle.failures + 1 END,
                        window_started_at = CASE WHEN auth_throttle.window_started_at <= \(windowStart) THEN \(now) ELSE auth_throttle.window_started_at END
                    RETURNING failures
                    """,
                    logger: database.logger
                ).collect().first?.decode(Int.self) ?? 1
            let delay = policy.delay(afterFailures: failures)
            guard delay > 0 else { return }
            let until = now.addingTimeInterval(delay)
            try await connection.run(
                "UPDATE auth_throttle SET blocked_until = GREATEST(blocked_until, \(until)) WHERE key = \(key)",
                logger: database.logger
            )
        }
    }

    public func reset(_ key: ByteBuffer, in database: Database) async throws {
        try await database.withConnection { connection in
            try await connection.run("DELETE FROM auth_throttle WHERE key = \(key)", logger: database.logger)
        }
    }
}
