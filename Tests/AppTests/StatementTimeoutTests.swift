import App
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
        // Answers with what ended the statement, so the test needs no clock.
        registrar.router.get("/test/slow") { _, _ -> String in
            try await database.withConnection { connection in
                do {
                    _ = try await connection.query("SELECT pg_sleep(5)", logger: database.logger).collect()
                    return "finished"
                } catch let error as PSQLError {
                    return error.serverInfo?[.sqlState] ?? "no SQL state"
                }
            }
        }
        registrar.router.get("/test/slow-write") { _, _ -> String in
            try await database.withTransaction { connection in
                _ = try await connection.query("SELECT pg_sleep(5)", logger: database.logger).collect()
                return "finished"
            }
        }
    }

    /// The request pool's connections carry the statement timeout; a runaway query is ended.
    @Test func theRequestPoolHasTheConfiguredStatementTimeout() async throws {
        try await withTestApp(configure: Self.oneSecond, addRoutes: Self.probes) { client, _ in
            #expect(String(buffer: try await client.execute(uri: "/test/statement-timeout", method: .get).body) == "1s")
            // 57014 is query_canceled: the server ended the statement, it did not run to its end.
            let slow = try await client.execute(uri: "/test/slow", method: .get)
            #expect(String(buffer: slow.body) == "57014")
            // Rolled back, so the client is told nothing was saved and when to try again.
            let write = try await client.execute(uri: "/test/slow-write", method: .get)
            #expect(write.status == .serviceUnavailable && write.headers[.retryAfter] != nil)
            #expect(String(buffer: write.body).contains("urn:safeskills:problem:service-unavailable"))
        }
    }
}
