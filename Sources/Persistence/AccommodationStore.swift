import Domain
import Foundation
import Logging
import PostgresNIO

/// Extra exam time granted to people, and the audit of every grant and withdrawal.
public enum AccommodationStore {
    public static func accommodation(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Accommodation? {
        for try await (percent, reason, at, by) in try await connection.run(Current(learnerID: learnerID), logger: logger) {
            // The table's check admits only known reasons.
            guard let reason = Accommodation.Reason(rawValue: reason) else { return nil }
            return Accommodation(timePercent: percent, reason: reason, grantedAt: at, grantedBy: by)
        }
        return nil
    }

    /// Every start of a timed exam runs this: prepared once per connection, it skips PostgreSQL's
    /// parsing and planning (Benchmarks/README.md, the exam-start burst).
    struct Current: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "accommodations.granted"
        static let sql = "SELECT time_percent, reason, granted_at, granted_by FROM learner_accommodations WHERE learner_id = $1"
        typealias Row = (Int, String, Date, UUID)
        var learnerID: UUID

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Grants (or replaces) the learner's accommodation and records who did it; false when there
    /// is no such live account.
    public static func grant(
        _ accommodation: Accommodation,
        to learnerID: UUID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.run(
            """
            INSERT INTO learner_accommodations (learner_id, time_percent, reason, granted_by, granted_at)
            SELECT learner_id, \(accommodation.timePercent), \(accommodation.reason.rawValue), \(accommodation.grantedBy), \(accommodation.grantedAt)
            FROM learners WHERE learner_id = \(learnerID) AND erased_at IS NULL
            ON CONFLICT (learner_id) DO UPDATE SET time_percent = EXCLUDED.time_percent, reason = EXCLUDED.reason,
                granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at
            RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !rows.isEmpty else { return false }
        try await AdminAudit.record(
            "grant-accommodation",
            actorID: accommodation.grantedBy,
            targetID: learnerID,
            details: Granted(accommodation),
            now: accommodation.grantedAt,
            on: connection,
            logger: logger
        )
        return true
    }

    /// Withdraws the learner's accommodation, recorded; false when they had none.
    public static func withdraw(learnerID: UUID, actorID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.run(
            "DELETE FROM learner_accommodations WHERE learner_id = \(learnerID) RETURNING 1",
            logger: logger
        ).collect()
        guard !rows.isEmpty else { return false }
        try await AdminAudit.record(
            "withdraw-accommodation",
            actorID: actorID,
            targetID: learnerID,
            details: [String: String](),
            now: now,
            on: connection,
            logger: logger
        )
        return true
    }

    /// What the audit keeps of a grant.
    private struct Granted: Encodable {
        let timePercent: Int
        let reason: String

        init(_ accommodation: Accommodation) {
            timePercent = accommodation.timePercent
            reason = accommodation.reason.rawValue
        }
    }
}
