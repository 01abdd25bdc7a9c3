import Logging
import Metrics
import PostgresNIO
import Synchronization

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
    private let queue: Queue

    /// Refused at once: `maxWaiting` leases already wait for a connection. Answered 503 with
    /// `Retry-After`, so a burst past what PostgreSQL can do sheds its excess in milliseconds
    /// instead of queueing it until clients time out.
    public struct Busy: Error {
        public init() {}
    }

    /// True when PostgreSQL refused a value as text it cannot hold (the NUL character): bad input,
    /// never a fault of the server.
    public static func refusedText(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        return error.serverInfo?[.sqlState] == "22021" || error.serverInfo?[.sqlState] == "22P05"
    }

    /// `maxWaiting` bounds the leases waiting for a connection (not those holding one): with the
    /// default, a burst queues about as much as a few hundred milliseconds of work.
    public init(client: PostgresClient, logger: Logger, maxWaiting: Int = 64) {
        self.client = client
        self.logger = logger
        self.queue = Queue(limit: maxWaiting)
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
        let ticket = try queue.enter()
        defer { ticket.leave() }
        return try await client.withConnection(isolation: isolation) { connection in
            ticket.leave()
            waitTimer.recordNanoseconds(Int64((ContinuousClock.now - requested).nanoseconds))
            inFlight.increment()
            defer { inFlight.decrement() }
            return try await body(connection)
        }
    }

    /// Counts the leases waiting for a connection.
    final class Queue: Sendable {
        let limit: Int
        let waiting = Atomic<Int>(0)

        init(limit: Int) {
            self.limit = limit
        }

        func enter() throws -> Ticket {
            guard waiting.wrappingAdd(1, ordering: .relaxed).newValue <= limit else {
                waiting.wrappingSubtract(1, ordering: .relaxed)
                throw Busy()
            }
            return Ticket(queue: self)
        }
    }

    /// One waiting lease; it leaves the queue once, when it gets its connection or gives up.
    final class Ticket: Sendable {
        let queue: Queue
        let left = Atomic<Bool>(false)

        init(queue: Queue) {
            self.queue = queue
        }

        func leave() {
            guard !left.exchange(true, ordering: .relaxed) else { return }
            queue.waiting.wrappingSubtract(1, ordering: .relaxed)
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
