import Foundation
import Logging
import PostgresNIO

/// The xAPI outbox (`xapi_outbox`): statements queued with the events they record, claimed by
/// senders on any node, deleted once the learning record store accepts them.
public enum StatementOutbox {
    /// A statement as queued: its id and its body, frozen.
    public struct Queued: Sendable, Equatable {
        public var statementID: UUID
        public var body: String

        public init(statementID: UUID, body: String) {
            self.statementID = statementID
            self.body = body
        }
    }

    /// A statement a sender claimed, with how many times it has now been tried.
    public struct Claimed: Sendable, Equatable {
        public var learnerID: UUID
        public var statementID: UUID
        public var body: String
        public var tries: Int
    }

    /// Queues statements about one learner, in the caller's transaction; nothing for a learner
    /// who is erased (or unknown). Returns how many were queued.
    @discardableResult
    public static func queue(
        _ statements: [Queued],
        learnerID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        guard !statements.isEmpty else { return 0 }
        let rows = try await connection.run(
            """
            INSERT INTO xapi_outbox (learner_id, statement_id, body, queued_at, next_attempt_at)
            SELECT \(learnerID), s.statement_id, s.body, \(now), \(now)
            FROM unnest(\(statements.map(\.statementID))::uuid[], \(statements.map(\.body))::text[]) AS s (statement_id, body)
            WHERE EXISTS (SELECT 1 FROM learners WHERE learner_id = \(learnerID) AND erased_at IS NULL)
            RETURNING 1
            """,
            logger: logger
        ).collect()
        return rows.count
    }

    /// Claims up to `limit` due statements, oldest due first, for `lease` seconds: rows another
    /// node holds locked are skipped, and a claimed row is not due again until its lease ends,
    /// so two senders never send one statement at once. A claim counts as a try.
    public static func claim(limit: Int, now: Date, lease: TimeInterval, on connection: PostgresConnection, logger: Logger) async throws -> [Claimed]
    {
        let rows = try await connection.run(
            """
            UPDATE xapi_outbox o SET next_attempt_at = \(now.addingTimeInterval(lease)), tries = o.tries + 1
            FROM (
                SELECT learner_id, statement_id FROM xapi_outbox
                WHERE set_aside_at IS NULL AND next_attempt_at <= \(now)
                ORDER BY next_attempt_at, queued_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ) AS due
            WHERE o.learner_id = due.learner_id AND o.statement_id = due.statement_id
            RETURNING o.learner_id, o.statement_id, o.body, o.tries, o.queued_at
            """,
            logger: logger
        )
        var claimed: [(Claimed, Date)] = []
        for try await (learnerID, statementID, body, tries, queuedAt) in rows.decode((UUID, UUID, String, Int, Date).self) {
            claimed.append((Claimed(learnerID: learnerID, statementID: statementID, body: body, tries: tries), queuedAt))
        }
        // Sent in the order they were queued, so a store that keeps arrival order sees the journey in order.
        return claimed.sorted { ($0.1, $0.0.statementID.uuidString) < ($1.1, $1.0.statementID.uuidString) }.map(\.0)
    }

    /// Deletes statements the store accepted.
    public static func delete(_ statements: [Claimed], on connection: PostgresConnection, logger: Logger) async throws {
        guard !statements.isEmpty else { return }
        try await connection.run(
            """
            DELETE FROM xapi_outbox o
            USING unnest(\(statements.map(\.learnerID))::uuid[], \(statements.map(\.statementID))::uuid[]) AS s (learner_id, statement_id)
            WHERE o.learner_id = s.learner_id AND o.statement_id = s.statement_id
            """,
            logger: logger
        )
    }

    /// Keeps statements for another try at `until`, with what went wrong.
    public static func retryLater(
        _ statements: [(Claimed, until: Date)],
        error: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !statements.isEmpty else { return }
        try await connection.run(
            """
            UPDATE xapi_outbox o SET next_attempt_at = s.until, last_error = \(error)
            FROM unnest(
                \(statements.map(\.0.learnerID))::uuid[], \(statements.map(\.0.statementID))::uuid[], \(statements.map(\.until))::timestamptz[]
            ) AS s (learner_id, statement_id, until)
            WHERE o.learner_id = s.learner_id AND o.statement_id = s.statement_id
            """,
            logger: logger
        )
    }

    /// Sets a refused statement aside for good, keeping it with the store's status and reason.
    public static func setAside(
        _ statement: Claimed,
        status: Int,
        reason: String,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.run(
            """
            UPDATE xapi_outbox SET set_aside_at = \(now), set_aside_status = \(status), set_aside_reason = \(reason)
            WHERE learner_id = \(statement.learnerID) AND statement_id = \(statement.statementID)
            """,
            logger: logger
        )
    }

    /// What an operator watches: statements waiting, set aside, and the oldest waiting one's queue time.
    public struct Figures: Sendable, Equatable {
        public var waiting: Int
        public var setAside: Int
        public var oldestWaitingSince: Date?
    }

    public static func figures(on connection: PostgresConnection, logger: Logger) async throws -> Figures {
        let rows = try await connection.run(
            """
            SELECT count(*) FILTER (WHERE set_aside_at IS NULL), count(*) FILTER (WHERE set_aside_at IS NOT NULL),
                   min(queued_at) FILTER (WHERE set_aside_at IS NULL)
            FROM xapi_outbox
            """,
            logger: logger
        )
        for try await (waiting, setAside, oldest) in rows.decode((Int, Int, Date?).self) {
            return Figures(waiting: waiting, setAside: setAside, oldestWaitingSince: oldest)
        }
        return Figures(waiting: 0, setAside: 0, oldestWaitingSince: nil)
    }

    /// On erasure, in its transaction: every statement about the person not yet sent, set-aside ones included.
    public static func forget(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("DELETE FROM xapi_outbox WHERE learner_id = \(learnerID)", logger: logger)
    }
}
