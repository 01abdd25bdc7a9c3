import Foundation
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct MigrationRunnerTests {
    let now = Date(timeIntervalSince1970: 1_772_330_400)

    /// A folder of migration files written for one test.
    func migrationFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, contents) in files {
            try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    func recorded(_ database: Database) async throws -> [(Int, String, Date)] {
        try await database.withConnection { connection in
            var rows: [(Int, String, Date)] = []
            let result = try await connection.query(
                "SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version",
                logger: database.logger
            )
            for try await row in result.decode((Int, String, Date).self) { rows.append(row) }
            return rows
        }
    }

    @Test func freshDatabaseGetsEveryBundledMigrationAndSecondRunChangesNothing() async throws {
        let runner = MigrationRunner(migrations: try Migration.bundled())
        try await TestDatabase.withFresh(migrated: false) { url in
            try await TestDatabase.withDatabase(url: url) { database in
                let first = try await database.withConnection {
                    try await runner.migrate(on: $0, now: now, logger: database.logger)
                }
                #expect(first == runner.migrations.map(\.fileName))
                let afterFirst = try await recorded(database)

                let second = try await database.withConnection {
                    try await runner.migrate(on: $0, now: now.addingTimeInterval(60), logger: database.logger)
                }
                #expect(second.isEmpty)
                let afterSecond = try await recorded(database)
                #expect(afterSecond.map(\.0) == afterFirst.map(\.0))
                #expect(afterSecond.map(\.2) == afterFirst.map(\.2), "a second run must not touch the records")

                let status = try await database.withConnection { try await runner.status(on: $0, logger: database.logger) }
                #expect(status.isCurrent)
                let hasTable = try await database.withConnection { connection in
                    try await connection.query("SELECT to_regclass('idempotency_keys') IS NOT NULL", logger: database.logger)
                        .collect().first?.decode(Bool.self)
                }
                #expect(hasTable == true)
            }
        }
    }

    @Test func editedMigrationIsRefusedByName() async throws {
        let original = try migrationFolder(["0001_first.sql": "CREATE TABLE one (id int);"])
        let edited = try migrationFolder(["0001_first.sql": "CREATE TABLE one (id bigint);"])
        try await TestDatabase.withFresh(migrated: false) { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    try await MigrationRunner(migrations: try Migration.load(from: original))
                        .migrate(on: connection, now: now, logger: database.logger)
                    let runner = MigrationRunner(migrations: try Migration.load(from: edited))
                    await #expect(throws: MigrationError.altered("0001_first.sql")) {
                        try await runner.status(on: connection, logger: database.logger)
                    }
                    await #expect(throws: MigrationError.altered("0001_first.sql")) {
                        try await runner.migrate(on: connection, now: now, logger: database.logger)
                    }
                }
            }
        }
    }

    @Test func newFileIsPendingUntilMigrated() async throws {
        let one = try migrationFolder(["0001_first.sql": "CREATE TABLE one (id int);"])
        let two = try migrationFolder([
            "0001_first.sql": "CREATE TABLE one (id int);",
            "0002_second.sql": "CREATE TABLE two (id int);",
        ])
        try await TestDatabase.withFresh(migrated: false) { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    try await MigrationRunner(migrations: try Migration.load(from: one))
                        .migrate(on: connection, now: now, logger: database.logger)
                    let runner = MigrationRunner(migrations: try Migration.load(from: two))
                    let status = try await runner.status(on: connection, logger: database.logger)
                    #expect(status.applied == ["0001_first.sql"])
                    #expect(status.pending == ["0002_second.sql"])
                    #expect(try await runner.migrate(on: connection, now: now, logger: database.logger) == ["0002_second.sql"])
                    #expect(try await runner.status(on: connection, logger: database.logger).isCurrent)
                }
            }
        }
    }

    @Test func failingStatementNamesFileAndLineAndLeavesThatMigrationUnapplied() async throws {
        let folder = try migrationFolder([
            "0001_good.sql": "CREATE TABLE good (id int);",
            "0002_bad.sql": "CREATE TABLE half (id int);\nINSERT INTO missing_table VALUES (1);\n",
        ])
        try await TestDatabase.withFresh(migrated: false) { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    let runner = MigrationRunner(migrations: try Migration.load(from: folder))
                    do {
                        try await runner.migrate(on: connection, now: now, logger: database.logger)
                        Issue.record("the broken migration was applied")
                    } catch let MigrationError.statementFailed(file, line, message) {
                        #expect(file == "0002_bad.sql")
                        #expect(line == 2)
                        #expect(message.contains("missing_table"))
                    }
                    let tables = try await connection.query(
                        "SELECT to_regclass('good') IS NOT NULL, to_regclass('half') IS NOT NULL",
                        logger: database.logger
                    ).collect().first?.decode((Bool, Bool).self)
                    #expect(tables?.0 == true, "the good migration stays applied")
                    #expect(tables?.1 == false, "the failed migration's first statement was rolled back")
                    #expect(try await runner.status(on: connection, logger: database.logger).pending == ["0002_bad.sql"])
                }
            }
        }
    }

    @Test func twoRunnersAtOnceApplyEachMigrationOnce() async throws {
        let runner = MigrationRunner(migrations: try Migration.bundled())
        try await TestDatabase.withFresh(migrated: false) { url in
            try await TestDatabase.withDatabase(url: url) { database in
                async let first = database.withConnection { try await runner.migrate(on: $0, now: now, logger: database.logger) }
                async let second = database.withConnection { try await runner.migrate(on: $0, now: now, logger: database.logger) }
                let applied = try await [first, second]
                #expect(applied.flatMap { $0 }.sorted() == runner.migrations.map(\.fileName).sorted())
                #expect(try await recorded(database).count == runner.migrations.count)
            }
        }
    }

    /// During a rolling upgrade a newer build migrates first; the older one still serves (the
    /// newer migrations only expand the schema) but never migrates past what it cannot see.
    @Test func aDatabaseANewerBuildMigratedIsServedButNotMigrated() async throws {
        let longer = try migrationFolder([
            "0001_first.sql": "CREATE TABLE one (id int);",
            "0002_second.sql": "CREATE TABLE two (id int);",
        ])
        let shorter = try migrationFolder(["0001_first.sql": "CREATE TABLE one (id int);"])
        try await TestDatabase.withFresh(migrated: false) { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    try await MigrationRunner(migrations: try Migration.load(from: longer))
                        .migrate(on: connection, now: now, logger: database.logger)
                    let older = MigrationRunner(migrations: try Migration.load(from: shorter))
                    let status = try await older.status(on: connection, logger: database.logger)
                    #expect(status.isCurrent)
                    #expect(status.applied == ["0001_first.sql"])
                    #expect(status.newer == ["0002_second"])
                    await #expect(throws: MigrationError.unknownApplied(version: 2, name: "second")) {
                        try await older.migrate(on: connection, now: now, logger: database.logger)
                    }
                }
            }
        }
    }

    @Test func badlyNamedOrDuplicateFilesAreRefused() throws {
        #expect(throws: MigrationError.badFileName("1_first.sql")) {
            try Migration.load(from: try migrationFolder(["1_first.sql": "SELECT 1;"]))
        }
        #expect(throws: MigrationError.duplicateVersion("0001_a.sql", "0001_b.sql")) {
            try Migration.load(from: try migrationFolder(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"]))
        }
    }
}
