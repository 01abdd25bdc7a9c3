import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `body` in a transaction: it commits when `body` returns and rolls back when it throws,
    /// rethrowing `body`'s own error.
    ///
    /// Written here rather than taken from PostgresNIO's `withTransaction` for two reasons. Callers
    /// above the persistence layer branch on their own errors (a `Problem`, a reused idempotency
    /// key), so the error is not wrapped. And a connection closed under the body (at the request's
    /// deadline, or by a crash) is never sent another statement: PostgresNIO does not answer a
    /// statement written to a closed connection, so a ROLLBACK or COMMIT sent then would hang the
    /// request and its pooled connection for good (found by the fault suite's database freeze).
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        _ = try await query("BEGIN", logger: logger).collect()
        let result: Result
        do {
            try requireOpen()
            result = try await body(self)
        } catch {
            // The lost-connection error can arrive before the channel reports itself closed.
            if !isClosed && !Database.lostConnection(error) { _ = try await query("ROLLBACK", logger: logger).collect() }
            throw error
        }
        try requireOpen()
        _ = try await query("COMMIT", logger: logger).collect()
        return result
    }

    /// Throws instead of letting the next statement go to a connection that has closed (PostgreSQL
    /// crashed between two statements): PostgresNIO would never answer it. A window of a few
    /// microseconds remains between this check and the write.
    public func requireOpen() throws {
        guard !isClosed else { throw Database.Interrupted(underlying: CancellationError()) }
    }
}
