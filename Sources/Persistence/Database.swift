import Logging
import Metrics
import NIOCore
import PostgresNIO
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The application's one way into PostgreSQL: a connection pool with admission control, deadlines
/// and the figures operators need.
///
/// Every lease is measured, so `/metrics` shows how long requests wait for a connection and how
/// many database operations are in flight: the first signs that the pool is too small or the
/// database too slow. A request's leases are admitted no later than `admissionWait` after it arrived
/// (nor past its deadline), and a statement still running at the request's deadline has its
/// connection closed, so a frozen or crashed database gives a prompt answer instead of a hung
/// request (docs/operations.md).
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    private let queue: Queue
    private let admissionWait: TimeAmount
    private let sweeper = DeadlineSweeper()
    /// Question banks of content versions read from this database (`ContentStore.questions`).
    public let questionBanks = ContentStore.QuestionBanks()
    /// The lease's figures, made with the database rather than per lease (each making looks the
    /// metric up in the metrics system's registry) nor in statics: a static made before the server
    /// bootstraps the metrics system would report nowhere for the life of the process, and the
    /// server makes its database after that.
    private let waitTimer = Timer(label: "safeskills_db_connection_wait_seconds", preferredDisplayUnit: .seconds)
    private let inFlight = Meter(label: "safeskills_db_operations_in_flight")

    /// Refused before anything ran: too many leases already wait for a connection, or none came
    /// within the admission wait. Answered 503 with `Retry-After`; nothing was written.
    public struct Busy: Error {
        public init() {}
    }

    /// The connection was lost, or closed at the request's deadline, while statements ran: they
    /// may or may not have been committed. Answered 503 with `Retry-After`; a retry with the same
    /// `Idempotency-Key` is safe.
    public struct Interrupted: Error {
        public let underlying: any Error

        public init(underlying: any Error) {
            self.underlying = underlying
        }
    }

    /// What the current request may spend: when it must be answered, and when it arrived. The
    /// request's middleware sets it; background jobs and the command line have none and rely on
    /// PostgreSQL's `statement_timeout`.
    ///
    /// The admission wait counts from the arrival, however many leases the request takes and
    /// however long their statements ran, so a refusal comes about the admission wait after the
    /// client asked (the sweeper fires up to a tenth of a second late). Counted as the sum of the
    /// leases' waits, a read refused at its second lease answered after the whole wait plus its
    /// first statement's time, which under pool exhaustion can be most of a second.
    public struct RequestLimits: Sendable {
        public let deadline: NIODeadline
        public let arrived: NIODeadline

        public init(deadline: NIODeadline, arrived: NIODeadline = .now()) {
            self.deadline = deadline
            self.arrived = arrived
        }
    }

    @TaskLocal public static var request: RequestLimits?

    /// True when PostgreSQL refused a value as text it cannot hold (the NUL character): bad input,
    /// never a fault of the server.
    public static func refusedText(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        return error.serverInfo?[.sqlState] == "22021" || error.serverInfo?[.sqlState] == "22P05"
    }

    /// True when PostgreSQL ended a statement at its `statement_timeout` (or an operator cancelled
    /// it): the transaction was rolled back.
    public static func statementTimedOut(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "57014"
    }

    /// `maxWaiting` bounds the leases waiting for a connection (not those holding one): with the
    /// default, a burst of exam starts queues about as much as two cores serve within the default
    /// admission wait, since a start refused early is a failed exam. `admissionWait` bounds how
    /// long one of them waits, so the queue's length never turns into a timeout.
    public init(client: PostgresClient, logger: Logger, maxWaiting: Int = 1024, admissionWait: Duration = .seconds(2)) {
        self.client = client
        self.logger = logger
        self.queue = Queue(limit: maxWaiting)
        self.admissionWait = .nanoseconds(Int64(admissionWait.nanoseconds))
    }

    /// How many leases wait for a connection now (the admission tests wait on it).
    public var waiting: Int { queue.waiting.load(ordering: .relaxed) }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        let requested = NIODeadline.now()
        let limits = Self.request
        let deadline = limits?.deadline
        guard deadline.map({ $0 > requested }) ?? true else { throw Interrupted(underlying: CancellationError()) }
        let ticket = try queue.enter()
        defer { ticket.leave() }

        // The pool's lease cannot be given a deadline, so a task of its own takes it and hands the
        // connection over; the sweeper fails the wait, and cancelling that task withdraws the lease.
        let handoff = ConnectionHandoff()
        let holder = Task { [client] in
            do {
                try await client.withConnection { connection in await handoff.deliver(connection) }
            } catch {
                handoff.fail(Busy())
            }
        }
        let admitted = min((limits?.arrived ?? requested) + admissionWait, deadline ?? .distantFuture)
        let refusal = sweeper.register(admitted) { handoff.fail(Busy()) }
        let connection: PostgresConnection
        do {
            connection = try await handoff.receive()
            sweeper.withdraw(refusal)
        } catch {
            sweeper.withdraw(refusal)
            holder.cancel()
            throw error
        }
        defer { handoff.release() }
        // The pool may hand out a connection that died a moment ago (PostgreSQL crashed) before it
        // hears of it. Nothing was sent on it: refuse as busy rather than as interrupted.
        guard !connection.isClosed else { throw Busy() }
        ticket.leave()
        waitTimer.recordNanoseconds((NIODeadline.now() - requested).nanoseconds)

        // Closing the connection is the one way to stop a statement the database does not answer
        // (a frozen server never reaches its own statement_timeout).
        let watchdog = deadline.map { deadline in
            sweeper.register(deadline) { let _: EventLoopFuture<Void> = connection.close() }
        }
        defer { watchdog.map(sweeper.withdraw) }
        inFlight.increment()
        defer { inFlight.decrement() }
        do {
            return try await body(connection)
        } catch  where Self.lostConnection(error) {
            throw Interrupted(underlying: error)
        }
    }

    /// Errors after which nobody knows whether the last statements were committed.
    static func lostConnection(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown: return true
        default:
            // 57P01-57P03: the server shut down or restarts; class 08: the connection failed.
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("57P") || state.hasPrefix("08")
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
