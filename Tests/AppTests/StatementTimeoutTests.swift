import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import Testing

@Suite struct StatementTimeoutTests {
    static func oneSecond(_ settings: inout Settings) { settings.statementTimeoutSeconds = 1 }

    /// Routes that show the pool's setting and run a statement longer than it.
    static func probes(_ registrar: RouteRegistrar<AppRequestContext>, _ database: Database) {
        registrar.router.get("/test/statement-timeout") { _, _ -> String in
            try await database.withConnection { connection in
                let rows = try await connection.query("SHOW statement_timeout", logger: database.logger)
                var value = ""
                for try await text in rows.decode(String.self) { value = text }
                return value
            }
        }
        registrar.router.get("/test/slow") { _, _ -> String in
            try await database.withConnection { connection in
                _ = try await connection.query("SELECT pg_sleep(3)", logger: database.logger).collect()
                return "finished"
            }
        }
    }

    /// The request pool's connections carry the statement timeout; a runaway query is ended.
    @Test func theRequestPoolHasTheConfiguredStatementTimeout() async throws {
        try await withTestApp(configure: Self.oneSecond, addRoutes: Self.probes) { client, _ in
            #expect(String(buffer: try await client.execute(uri: "/test/statement-timeout", method: .get).body) == "1s")
            let started = ContinuousClock.now
            let slow = try await client.execute(uri: "/test/slow", method: .get)
            #expect(slow.status == .internalServerError && ContinuousClock.now - started < .seconds(3))
        }
    }
}
