import Hummingbird
import Persistence
import PostgresNIO
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
        var configuration = try DatabaseURL.configuration(from: TestDatabase.adminURL)
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration, backgroundLogger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = Database(client: client, logger: TestDatabase.logger, maxWaiting: 1)
            for _ in 0..<5 {
                let one = try await database.withConnection { connection in
                    try await connection.query("SELECT 1", logger: TestDatabase.logger).collect().first?.decode(Int.self)
                }
                #expect(one == 1)
            }
        }
    }

    @Test func busyIsAnsweredWithRetryAfter() {
        let problem = ProblemMiddleware<BasicRequestContext>.problem(for: Database.Busy())
        #expect(problem.kind == .serviceUnavailable)
        #expect(problem.retryAfterSeconds != nil)
    }
}
