import Foundation
import Logging
import PostgresNIO

/// Applies and checks the numbered migrations against a database.
///
/// Each migration runs in its own transaction together with the row that records it, so a failed
/// migration leaves nothing half-applied. Runners on several machines serialise on an advisory lock.
public struct MigrationRunner: Sendable {
    public struct Status: Sendable, Equatable {
        public var applied: [String]
        public var pending: [String]
        /// Applied migrations this build does not know, `NNNN_name`: a newer build migrated during a
        /// rolling upgrade. Migrations only expand the schema unless they are contract steps, which
        /// run once no older build is left (scripts/check-migrations, docs/operations.md), so a
        /// build may go on serving such a database; it may not migrate it.
        public var newer: [String] = []

        /// Nothing of this build's is missing from the database.
        public var isCurrent: Bool { pending.isEmpty }
    }

    /// Arbitrary but fixed: every SafeSkills instance must agree on it.
    static let advisoryLockKey: Int64 = 0x5AFE_5C11_0001

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Compares the database with this build's migrations without changing anything.
    ///
    /// Throws when an applied migration's file changed, which migrating cannot fix. Migrations the
    /// database has and this build does not know are reported in `newer`.
    public func status(on connection: PostgresConnection, logger: Logger) async throws -> Status {
        let recorded = try await appliedMigrations(on: connection, logger: logger)
        return try compare(recorded)
    }

    /// Applies every pending migration and returns the file names it applied.
    @discardableResult
    public func migrate(on connection: PostgresConnection, now: Date, logger: Logger) async throws -> [String] {
        try await connection.run("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
        do {
            let applied = try await migrateLocked(on: connection, now: now, logger: logger)
            try await connection.run("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
            return applied
        } catch {
            _ = try? await connection.run("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
            throw error
        }
    }

    private func migrateLocked(on connection: PostgresConnection, now: Date, logger: Logger) async throws -> [String] {
        // The record table is the runner's own bookkeeping, created here and only here.
        try await connection.run(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL
            )
            """,
            logger: logger
        )
        // Read after taking the lock: another runner may have applied some meanwhile.
        let recorded = try await appliedMigrations(on: connection, logger: logger)
        let status = try compare(recorded)
        // A newer build's migrations are past this build's own: it serves such a database, but
        // never migrates it.
        let known = Set(migrations.map(\.version))
        if let unknown = recorded.first(where: { !known.contains($0.version) }) {
            throw MigrationError.unknownApplied(version: unknown.version, name: unknown.name)
        }
        let pending = migrations.filter { status.pending.contains($0.fileName) }
        for migration in pending {
            let statements: [SQLScript.Statement]
            do {
                statements = try SQLScript.split(migration.sql)
            } catch {
                throw MigrationError.unreadable(file: migration.fileName, reason: "\(error)")
            }
            try await connection.transaction(logger: logger) { connection in
                for statement in statements {
                    do {
                        try await connection.run(PostgresQuery(unsafeSQL: statement.text), logger: logger)
                    } catch let error as PSQLError {
                        throw MigrationError.statementFailed(
                            file: migration.fileName,
                            line: statement.line,
                            message: error.serverInfo?[.message] ?? String(reflecting: error)
                        )
                    }
                }
                try await connection.run(
                    """
                    INSERT INTO schema_migrations (version, name, checksum, applied_at)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(now))
                    """,
                    logger: logger
                )
            }
            logger.info("migration applied", metadata: ["migration": "\(migration.fileName)"])
        }
        return pending.map(\.fileName)
    }

    private struct Recorded {
        var version: Int
        var name: String
        var checksum: String
    }

    private func appliedMigrations(on connection: PostgresConnection, logger: Logger) async throws -> [Recorded] {
        let exists =
            try await connection.run(
                "SELECT to_regclass('schema_migrations') IS NOT NULL",
                logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        var recorded: [Recorded] = []
        let rows = try await connection.run(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            logger: logger
        )
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            recorded.append(Recorded(version: version, name: name, checksum: checksum))
        }
        return recorded
    }

    private func compare(_ recorded: [Recorded]) throws -> Status {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var newer: [String] = []
        for row in recorded {
            guard let migration = known[row.version] else {
                newer.append("\(String(format: "%04d", row.version))_\(row.name)")
                continue
            }
            if migration.checksum != row.checksum {
                throw MigrationError.altered(migration.fileName)
            }
        }
        let appliedVersions = Set(recorded.map(\.version))
        return Status(
            applied: migrations.filter { appliedVersions.contains($0.version) }.map(\.fileName),
            pending: migrations.filter { !appliedVersions.contains($0.version) }.map(\.fileName),
            newer: newer
        )
    }
}
