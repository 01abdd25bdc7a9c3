import Logging
import Metrics
import PostgresNIO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The application's one way into PostgreSQL: a connection pool with the figures operators need.
///
/// Every lease is measured, so `/metrics` shows how long requests wait for a connection and how
/// many database operations are in flight: the first signs that the pool is too small or the
/// database too slow.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        // Looked up per lease rather than kept in statics: a static made before the metrics
        // system is bootstrapped would report nowhere for the life of the process.
        let waitTimer = Timer(label: "safeskills_db_connection_wait_seconds", preferredDisplayUnit: .seconds)
        let inFlight = Meter(label: "safeskills_db_operations_in_flight")
        let requested = ContinuousClock.now
        return try await client.withConnection(isolation: isolation) { connection in
            waitTimer.recordNanoseconds(Int64((ContinuousClock.now - requested).nanoseconds))
            inFlight.increment()
            defer { inFlight.decrement() }
            return try await body(connection)
        }
    }

    /// Runs `body` in one transaction: it commits when `body` returns and rolls back when it throws.
    public func withTransaction<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await withConnection(isolation: isolation) { connection in
            try await connection.transaction(logger: logger, isolation: isolation, body)
        }
    }
}

extension Duration {
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
