import Logging
import PostgresNIO

extension PostgresConnection {
    /// Sends one statement: every statement the application sends goes through here or through
    /// the prepared form below (`scripts/check-layers` refuses a direct `query` or `execute`).
    ///
    /// PostgresNIO never answers a statement written to a connection that has closed: the write
    /// fails with no one to tell, and the caller waits for good. A connection closes under a lease
    /// when the request's deadline passes, or when PostgreSQL crashes, often between two
    /// statements, so each statement checks first and throws `Database.Interrupted` instead. What
    /// remains is the few microseconds between this check and the write reaching the event loop.
    @discardableResult
    func run(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws -> PostgresRowSequence {
        try requireOpen()
        return try await self.query(query, logger: logger, file: file, line: line)
    }

    /// Sends one prepared statement, checked as `run(_:logger:)` is.
    func run<Statement: PostgresPreparedStatement>(
        _ statement: Statement,
        logger: Logger,
        file: String = #fileID,
        line: Int = #line
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, Statement.Row> {
        try requireOpen()
        return try await execute(statement, logger: logger, file: file, line: line)
    }

    /// Sends a prepared statement whose rows the caller does not need, and reads it to the end,
    /// so the statement is done before the caller goes on (or commits).
    func runToEnd<Statement: PostgresPreparedStatement>(
        _ statement: Statement,
        logger: Logger,
        file: String = #fileID,
        line: Int = #line
    ) async throws {
        for try await _ in try await run(statement, logger: logger, file: file, line: line) {}
    }

    /// Runs `body` in a transaction: it commits when `body` returns and rolls back when it throws,
    /// rethrowing `body`'s own error.
    ///
    /// Written here rather than taken from PostgresNIO's `withTransaction` for two reasons. Callers
    /// above the persistence layer branch on their own errors (a `Problem`, a reused idempotency
    /// key), so the error is not wrapped. And after a lost connection no ROLLBACK is sent: it could
    /// not arrive, and PostgreSQL rolls back a transaction whose connection is gone.
    ///
    /// BEGIN, COMMIT and ROLLBACK are prepared like every busy statement: sent as plain queries,
    /// each would be parsed and described again on every transaction, by both sides.
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await runToEnd(TransactionControl.Begin(), logger: logger)
        let result: Result
        do {
            result = try await body(self)
        } catch {
            // The lost-connection error can arrive before the channel reports itself closed.
            if !isClosed && !Database.lostConnection(error) { try await runToEnd(TransactionControl.Rollback(), logger: logger) }
            throw error
        }
        try await runToEnd(TransactionControl.Commit(), logger: logger)
        return result
    }

    /// Throws `Database.Interrupted` when the connection has closed.
    func requireOpen() throws {
        guard !isClosed else { throw Database.Interrupted(underlying: CancellationError()) }
    }
}

/// The statements that open and close a transaction, prepared once per connection: no
/// parameters, no rows, only their SQL differs.
enum TransactionControl {
    struct Begin: TransactionControlStatement {
        static let name = "transaction.begin"
        static let sql = "BEGIN"
    }

    struct Commit: TransactionControlStatement {
        static let name = "transaction.commit"
        static let sql = "COMMIT"
    }

    struct Rollback: TransactionControlStatement {
        static let name = "transaction.rollback"
        static let sql = "ROLLBACK"
    }
}

protocol TransactionControlStatement: PostgresPreparedStatement where Row == Int {}

extension TransactionControlStatement {
    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws -> Int { 0 }
}
