import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `body` in a transaction and, when it throws, rethrows the closure's own error.
    ///
    /// PostgresNIO wraps a closure's error in `PostgresTransactionError`; callers above the
    /// persistence layer branch on their own errors (a `Problem`, a reused idempotency key), so the
    /// wrapper is removed once the rollback has succeeded. A failed rollback or commit is still
    /// reported as it is.
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation, body)
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError, error.rollbackError == nil {
                throw closureError
            }
            throw error
        }
    }
}
