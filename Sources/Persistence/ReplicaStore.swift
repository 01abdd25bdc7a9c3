import Foundation
import Logging
import PostgresNIO

/// How far the statistics database (a streaming replica) is behind the primary.
public enum ReplicaStore {
    public struct Status: Sendable, Equatable {
        /// False when the database is not a replica at all (someone pointed the statistics
        /// setting at a primary): then it is current by definition.
        public var inRecovery: Bool
        /// Seconds behind the primary: 0 when not in recovery or when everything received has
        /// been replayed; otherwise the age of the last replayed transaction. Nil when the replica
        /// has not replayed any transaction yet, so nobody can tell.
        public var lagSeconds: Double?
    }

    public static func status(on connection: PostgresConnection, logger: Logger) async throws -> Status {
        let rows = try await connection.run(
            """
            SELECT pg_is_in_recovery(),
                CASE
                    WHEN NOT pg_is_in_recovery() THEN 0
                    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                    ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp()))
                END::float8
            """,
            logger: logger
        )
        for try await (inRecovery, lag) in rows.decode((Bool, Double?).self) {
            return Status(inRecovery: inRecovery, lagSeconds: lag)
        }
        return Status(inRecovery: false, lagSeconds: 0)
    }
}
