import Foundation
import Logging
import Persistence
import PostgresNIO

/// Real PostgreSQL databases for tests, one per test.
///
/// The first use migrates a template database; each test then gets `CREATE DATABASE ... TEMPLATE`,
/// a cheap file-level copy, so tests are independent and run in parallel. `deploy/test` starts the
/// throwaway cluster and names it in `SAFESKILLS_TEST_DATABASE_URL`.
public enum TestDatabase {
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "SAFESKILLS_TEST_DATABASE_URL is not set: run the tests with deploy/test, which starts a throwaway PostgreSQL"
        }
    }

    public static let logger: Logger = {
        var logger = Logger(label: "tests")
        logger.logLevel = .error
        return logger
    }()

    public static var adminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["SAFESKILLS_TEST_DATABASE_URL"], !url.isEmpty else {
                throw NotConfigured()
            }
            return url
        }
    }

    /// The URL of another database on the same cluster.
    public static func url(of database: String) throws -> String {
        var components = URLComponents(string: try adminURL)!
        components.path = "/" + database
        return components.string!
    }

    /// Runs `body` with a pool on `url` that lives exactly as long as the call.
    public static func withDatabase<Result: Sendable>(
        url: String,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        var configuration = try DatabaseURL.configuration(from: url)
        configuration.options.maximumConnections = 4
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // New connections can be slow while other tests create their databases.
            return try await body(Database(client: client, logger: logger, admissionWait: .seconds(120)))
        }
    }

    private static let template = Task<String, any Error> {
        let name = uniqueName("template")
        try await admin("CREATE DATABASE \(name)")
        try await withDatabase(url: try url(of: name)) { database in
            let runner = MigrationRunner(migrations: try Migration.bundled())
            try await database.withConnection { connection in
                try await runner.migrate(on: connection, now: Date(timeIntervalSince1970: 1_700_000_000), logger: logger)
            }
        }
        return name
    }

    /// A new database: a copy of the migrated template, or empty with `migrated: false`.
    public static func create(migrated: Bool = true) async throws -> String {
        let name = uniqueName("test")
        let source = migrated ? try await template.value : "template0"
        // The template's last connection may still be closing; PostgreSQL then refuses the copy
        // for a moment (55006, object in use).
        for attempt in 1... {
            do {
                try await admin("CREATE DATABASE \(name) TEMPLATE \(source)")
                return name
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 50 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        fatalError("unreachable")
    }

    public static func drop(_ name: String) async throws {
        try await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs `body` with the URL of a fresh database and drops it afterwards, also when `body` throws.
    public static func withFresh<Result: Sendable>(
        migrated: Bool = true,
        _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        let name = try await create(migrated: migrated)
        do {
            let result = try await body(try url(of: name))
            try await drop(name)
            return result
        } catch {
            try? await drop(name)
            throw error
        }
    }

    /// Runs one statement on the cluster's maintenance database (DDL on whole databases).
    private static func admin(_ sql: String) async throws {
        try await withDatabase(url: try adminURL) { database in
            try await database.withConnection { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            }
        }
    }

    /// Names are generated here, never taken from input, so they are safe to put in DDL.
    private static func uniqueName(_ kind: String) -> String {
        "safeskills_\(kind)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
    }
}
