import Foundation
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct ReadinessTests {
    /// The database disappears and comes back; the same server follows it without a restart.
    @Test func readinessFollowsTheDatabaseWithoutARestart() async throws {
        try await TestDatabase.withFresh { url in
            let direct = try #require(URLComponents(string: url))
            let proxy = TCPProxy()
            try await proxy.start(upstreamHost: direct.host!, upstreamPort: direct.port ?? 5432)
            var viaProxy = direct
            viaProxy.port = proxy.port
            do {
                try await withTestApp(databaseURL: viaProxy.string!) { client, _ in
                    // Under a loaded test run the first connection can take a while; wait for it.
                    #expect(try await waitForReady(client), "the server never became ready")

                    await proxy.cut()
                    let asked = ContinuousClock.now
                    let down = try await client.execute(uri: "/health/ready", method: .get, headers: [.acceptLanguage: "en"])
                    // The probe keeps its 2 s limit though the tests' admission wait is 120 s (it
                    // answered after 67 s when a waiting lease ignored cancellation); the margin is
                    // for a machine busy with the rest of the suite, where it took up to 6 s.
                    #expect(ContinuousClock.now - asked < .seconds(15))
                    let problem = try expectProblem(down, status: .serviceUnavailable, type: "service-unavailable")
                    #expect(problem.detail == "The database cannot be reached.")
                    #expect(down.headers[.retryAfter] == "5")
                    #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok, "liveness does not depend on the database")

                    proxy.restore()
                    #expect(try await waitForReady(client), "the server did not see the database come back")
                }
                await proxy.stop()
            } catch {
                await proxy.stop()
                throw error
            }
        }
    }

    /// During a rolling upgrade the new build migrates while nodes of this one still serve: a
    /// migration this build does not know leaves it ready; an altered one of its own does not.
    @Test func aNewerBuildsMigrationLeavesTheNodeReady() async throws {
        try await withTestApp { client, url in
            #expect(try await waitForReady(client), "the server never became ready")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    try await connection.query(
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'from_a_newer_build', 'x', now())",
                        logger: database.logger
                    )
                }
            }
            // Polled: on a loaded machine one check may miss readiness's 2 s database deadline.
            #expect(try await waitForReady(client), "a newer build's migration took the node out")

            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    try await connection.query("UPDATE schema_migrations SET checksum = 'altered' WHERE version = 1", logger: database.logger)
                }
            }
            let altered = try await client.execute(uri: "/health/ready", method: .get, headers: [.acceptLanguage: "en"])
            _ = try expectProblem(altered, status: .serviceUnavailable, type: "service-unavailable")
        }
    }
}

/// Polls readiness for up to 20 seconds.
func waitForReady(_ client: some TestClientProtocol) async throws -> Bool {
    for _ in 0..<40 {
        if try await client.execute(uri: "/health/ready", method: .get).status == .ok { return true }
        try await Task.sleep(for: .milliseconds(500))
    }
    return false
}
