import Persistence
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// The server's leases come from holders that keep the pool's connections: a request is served
/// when a holder is free, a refused or cancelled one leaves the queue, and a connection that
/// closed is replaced.
@Suite struct ConnectionLenderTests {
    @Test(.timeLimit(.minutes(1))) func requestsShareTheHeldConnectionInTurn() async throws {
        try await withLender(admissionWait: .seconds(120)) { database, _ in
            let pids = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await backendPID(database) }
                }
                return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
            }
            // One holder, one connection: every request ran on it.
            #expect(pids.count == 1)
        }
    }

    /// Refused at the admission wait, the request leaves the lender's queue, and the connection
    /// serves the next one once it is free.
    @Test(.timeLimit(.minutes(1))) func aRefusedRequestLeavesTheQueue() async throws {
        try await withLender(admissionWait: .seconds(120)) { patient, lender in
            // The connection is opened and held through a patient database: on a busy machine
            // opening it can take longer than the 300 ms under test.
            let database = Database(client: patient.client, logger: TestDatabase.logger, admissionWait: .milliseconds(300), lender: lender)
            _ = try await backendPID(patient)
            let release = AsyncStream.makeStream(of: Void.self)
            let holding = AsyncStream.makeStream(of: Void.self)
            async let held: Void = patient.withConnection { _ in
                holding.continuation.yield()
                for await _ in release.stream { break }
            }
            for await _ in holding.stream { break }
            await #expect(throws: Database.Busy.self) {
                try await database.withConnection { _ in }
            }
            #expect(lender.waiting == 0)
            release.continuation.yield()
            try await held
            #expect(try await backendPID(patient) > 0)
        }
    }

    /// A request whose deadline closed its connection leaves a holder with a dead connection:
    /// the holder gives it back and the next request runs on a new one.
    @Test(.timeLimit(.minutes(1))) func aClosedConnectionIsReplaced() async throws {
        try await withLender(admissionWait: .seconds(120)) { database, _ in
            let first = try await backendPID(database)
            try await database.withConnection { connection in
                try await connection.close()
            }
            let second = try await backendPID(database)
            #expect(second != first)
        }
    }

    /// Cancelling a waiting request takes it out of the queue at once.
    @Test(.timeLimit(.minutes(1))) func aCancelledRequestLeavesTheQueue() async throws {
        try await withLender(admissionWait: .seconds(120)) { database, lender in
            _ = try await backendPID(database)
            let release = AsyncStream.makeStream(of: Void.self)
            let holding = AsyncStream.makeStream(of: Void.self)
            async let held: Void = database.withConnection { _ in
                holding.continuation.yield()
                for await _ in release.stream { break }
            }
            for await _ in holding.stream { break }
            let waiting = Task { try await database.withConnection { _ in } }
            while lender.waiting == 0 { try await Task.sleep(for: .milliseconds(10)) }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            #expect(lender.waiting == 0)
            release.continuation.yield()
            try await held
        }
    }

    private func backendPID(_ database: Database) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query("SELECT pg_backend_pid()", logger: TestDatabase.logger).collect().first!.decode(Int.self)
        }
    }

    /// A pool of one connection, held by a lender's one holder, for the duration of `body`.
    private func withLender(
        admissionWait: Duration,
        _ body: @Sendable (Database, ConnectionLender) async throws -> Void
    ) async throws {
        var configuration = try DatabaseURL.configuration(from: TestDatabase.adminURL)
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration, backgroundLogger: TestDatabase.logger)
        let lender = ConnectionLender(client: client, holders: 1)
        let database = Database(client: client, logger: TestDatabase.logger, admissionWait: admissionWait, lender: lender)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { await lender.run() }
            defer { group.cancelAll() }
            try await body(database, lender)
        }
    }
}
