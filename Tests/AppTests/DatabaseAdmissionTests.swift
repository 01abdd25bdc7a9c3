import Domain
import Hummingbird
import Persistence
import PostgresNIO
import Synchronization
import TestSupport
import Testing

@testable import App

/// Past its queue the pool refuses a lease at once, and the client gets 503 with `Retry-After`.
@Suite struct DatabaseAdmissionTests {
    @Test func aFullQueueRefusesAtOnce() async throws {
        // Never run: the refusal comes before any connection is asked for.
        let client = PostgresClient(configuration: .init(host: "127.0.0.1", username: "nobody", password: nil, database: nil, tls: .disable))
        let database = Database(client: client, logger: TestDatabase.logger, maxWaiting: 0)
        await #expect(throws: Database.Busy.self) {
            try await database.withConnection { _ in }
        }
    }

    @Test func aLeaseLeavesTheQueueOnceItHasItsConnection() async throws {
        try await withOneConnectionPool { client in
            let database = Database(client: client, logger: TestDatabase.logger, maxWaiting: 1, admissionWait: .seconds(120))
            for _ in 0..<5 {
                let one = try await database.withConnection { connection in
                    try await connection.query("SELECT 1", logger: TestDatabase.logger).collect().first?.decode(Int.self)
                }
                #expect(one == 1)
            }
        }
    }

    /// An exam-start burst queues rather than being refused early: with the one connection
    /// held, more leases wait than the 64 the queue once allowed, and every one is served.
    @Test(.timeLimit(.minutes(2))) func aBurstOfWaitingLeasesIsServedWhenTheyFitTheQueue() async throws {
        try await withOneConnectionPool { client in
            let database = Database(client: client, logger: TestDatabase.logger, admissionWait: .seconds(120))
            let served = try await withHeldConnection(database) { release in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<200 {
                        group.addTask {
                            try await database.withConnection { connection in
                                try await connection.query("SELECT 1", logger: TestDatabase.logger).collect().first?.decode(Int.self) ?? 0
                            }
                        }
                    }
                    await until { database.waiting == 200 }
                    release()
                    return try await group.reduce(0, +)
                }
            }
            #expect(served == 200)
        }
    }

    /// Past the queue's bound the excess is refused at once (503 with `Retry-After`), and those
    /// that fit are still served.
    @Test(.timeLimit(.minutes(2))) func leasesPastTheQueueAreRefusedAndTheRestServed() async throws {
        try await withOneConnectionPool { client in
            let database = Database(client: client, logger: TestDatabase.logger, maxWaiting: 10, admissionWait: .seconds(120))
            let refused = Count()
            let outcomes = try await withHeldConnection(database) { release in
                await withTaskGroup(of: Bool.self) { group in
                    for _ in 0..<25 {
                        group.addTask {
                            do {
                                try await database.withConnection { _ in }
                                return true
                            } catch {
                                #expect(error is Database.Busy)
                                refused.value.add(1, ordering: .relaxed)
                                return false
                            }
                        }
                    }
                    // Every lease has either queued or been refused before the connection is let go.
                    await until { database.waiting == 10 && refused.value.load(ordering: .relaxed) == 15 }
                    release()
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            #expect(outcomes.filter { !$0 }.count == 15)
        }
    }

    @Test func busyIsAnsweredWithRetryAfter() {
        let problem = ProblemMiddleware<BasicRequestContext>.problem(for: Database.Busy())
        #expect(problem.kind == .serviceUnavailable)
        #expect(problem.retryAfterSeconds != nil)
    }

    /// A lost connection leaves the outcome unknown, and the answer says so; a statement ended by
    /// its timeout was rolled back, and the answer says nothing was saved.
    @Test func interruptionsAndTimeoutsAreAnswered503WithRetryAfter() {
        let interrupted = ProblemMiddleware<BasicRequestContext>.problem(for: Database.Interrupted(underlying: CancellationError()))
        #expect(interrupted.kind == Problem.Kind.requestInterrupted && interrupted.kind.status == .serviceUnavailable)
        #expect(interrupted.retryAfterSeconds != nil)
        #expect(interrupted.detail?.en.contains("Idempotency-Key") == true)
    }

    /// With the one connection held, another lease gives up after the admission wait instead of
    /// queueing until the holder is done.
    @Test func aLeaseWaitsNoLongerThanTheAdmissionWait() async throws {
        try await withOneConnectionPool { client in
            // The connection is opened and held by a patient lease: on a busy machine opening it
            // can take longer than the 200 ms under test, and the holder would be refused.
            let patient = Database(client: client, logger: TestDatabase.logger, admissionWait: .seconds(120))
            let database = Database(client: client, logger: TestDatabase.logger, admissionWait: .milliseconds(200))
            try await withHeldConnection(patient) { _ in
                await #expect(throws: Database.Busy.self) {
                    try await database.withConnection { _ in }
                }
            }
            // The refused lease was withdrawn: the connection serves the next one.
            let one = try await database.withConnection { connection in
                try await connection.query("SELECT 1", logger: TestDatabase.logger).collect().first?.decode(Int.self)
            }
            #expect(one == 1)
        }
    }

    /// Cancelling a waiting lease ends its wait at once, however long the admission wait: a
    /// caller's own time limit (the readiness probe's 2 s) holds while the pool is exhausted.
    @Test(.timeLimit(.minutes(1))) func aCancelledLeaseStopsWaiting() async throws {
        try await withOneConnectionPool { client in
            let database = Database(client: client, logger: TestDatabase.logger, admissionWait: .seconds(120))
            try await withHeldConnection(database) { _ in
                let waiting = Task { try await database.withConnection { _ in } }
                await until { database.waiting == 1 }
                let asked = ContinuousClock.now
                waiting.cancel()
                await #expect(throws: CancellationError.self) { try await waiting.value }
                #expect(ContinuousClock.now - asked < .seconds(2))
                #expect(database.waiting == 0)
            }
            // The cancelled lease was withdrawn: the connection serves the next one.
            let one = try await database.withConnection { connection in
                try await connection.query("SELECT 1", logger: TestDatabase.logger).collect().first?.decode(Int.self)
            }
            #expect(one == 1)
        }
    }

    /// The admission wait counts from the request's arrival: a lease of a request that arrived
    /// longer ago than the wait is refused at the next sweep, not after a wait of its own, so
    /// a slow first statement cannot push a refusal past the promised time.
    @Test func aRequestsAdmissionWaitCountsFromItsArrival() async throws {
        try await withOneConnectionPool { client in
            let patient = Database(client: client, logger: TestDatabase.logger, admissionWait: .seconds(120))
            let database = Database(client: client, logger: TestDatabase.logger, admissionWait: .seconds(5))
            try await withHeldConnection(patient) { _ in
                let limits = Database.RequestLimits(deadline: .now() + .seconds(60), arrived: .now() - .seconds(5))
                let asked = ContinuousClock.now
                await #expect(throws: Database.Busy.self) {
                    try await Database.$request.withValue(limits) {
                        try await database.withConnection { _ in }
                    }
                }
                // A wait of its own would take the whole 5 s; the sweeper runs ten times a second.
                #expect(ContinuousClock.now - asked < .seconds(2))
            }
        }
    }

    /// A statement still running at the request's deadline is cut off (its connection closed), the
    /// one way to stop waiting on a database that does not answer.
    @Test func aStatementPastTheRequestDeadlineIsInterrupted() async throws {
        try await withOneConnectionPool { client in
            let database = Database(client: client, logger: TestDatabase.logger, admissionWait: .seconds(120))
            // The connection is opened first, so the deadline is spent on the statement alone.
            _ = try await database.withConnection { connection in try await connection.query("SELECT 1", logger: TestDatabase.logger).collect() }
            await #expect(throws: Database.Interrupted.self) {
                try await Database.$request.withValue(Database.RequestLimits(deadline: .now() + .milliseconds(300))) {
                    try await database.withConnection { connection in
                        _ = try await connection.query("SELECT pg_sleep(20)", logger: TestDatabase.logger).collect()
                    }
                }
            }
            // The pool replaces the closed connection.
            let one = try await database.withConnection { connection in
                try await connection.query("SELECT 1", logger: TestDatabase.logger).collect().first?.decode(Int.self)
            }
            #expect(one == 1)
        }
    }

    /// A connection closed at the deadline while the request did other work (hashing a password,
    /// say) is never written to again: PostgresNIO would not answer, and the request would hang.
    @Test(.timeLimit(.minutes(1))) func aStatementAfterTheDeadlineClosedTheConnectionIsInterrupted() async throws {
        try await withOneConnectionPool { client in
            let database = Database(client: client, logger: TestDatabase.logger, admissionWait: .seconds(120))
            // The connection is opened first, so a busy machine spends none of the deadline on it.
            _ = try await database.withConnection { connection in try await connection.query("SELECT 1", logger: TestDatabase.logger).collect() }
            await #expect(throws: Database.Interrupted.self) {
                try await Database.$request.withValue(Database.RequestLimits(deadline: .now() + .seconds(1))) {
                    try await database.withConnection { connection in
                        try await Task.sleep(for: .seconds(3))
                        try await connection.transaction(logger: TestDatabase.logger) { _ in }
                    }
                }
            }
        }
    }

    private final class Count: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Waits until `condition` holds (no deadline: the test's own time limit ends a hang).
    private func until(_ condition: () -> Bool) async {
        while !condition() { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// Runs `body` while a lease holds the pool's one connection; `body` calls its argument to
    /// let the connection go.
    private func withHeldConnection<Result: Sendable>(
        _ database: Database,
        _ body: (@Sendable () -> Void) async throws -> Result
    ) async throws -> Result {
        // The connection is opened first, with time to spare on a busy machine.
        _ = try await database.withConnection { connection in try await connection.query("SELECT 1", logger: TestDatabase.logger).collect() }
        let holding = AsyncStream.makeStream(of: Void.self)
        let release = AsyncStream.makeStream(of: Void.self)
        async let held: Void = {
            // Ends the wait below whatever happens, so a refused holder fails the test instead of
            // leaving it waiting for ever.
            defer { holding.continuation.finish() }
            try await database.withConnection { _ in
                holding.continuation.yield()
                for await _ in release.stream { break }
            }
        }()
        for await _ in holding.stream { break }
        let result = try await body { release.continuation.yield() }
        release.continuation.yield()
        try await held
        return result
    }

    private func withOneConnectionPool(_ body: (PostgresClient) async throws -> Void) async throws {
        var configuration = try DatabaseURL.configuration(from: TestDatabase.adminURL)
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration, backgroundLogger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}
