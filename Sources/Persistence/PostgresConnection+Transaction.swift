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
            result = try await body(self)
        } catch {
            if !isClosed { _ = try await query("ROLLBACK", logger: logger).collect() }
            throw error
        }
        guard !isClosed else { throw Database.Interrupted(underlying: CancellationError()) }
        _ = try await query("COMMIT", logger: logger).collect()
        return result
    }
}
