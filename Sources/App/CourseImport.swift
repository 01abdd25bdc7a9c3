import CoursePacks
import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Validates packs and imports them: from the command line, an upload, or `Courses/` at start.
public enum CourseImport {
    /// Reads, checks and imports the pack at `path` (a folder or a .zip).
    public static func importPack(at path: String, dryRun: Bool, settings: Settings, clock: WallClock = .system, logger: Logger) async throws -> ImportReport {
        let files: PackFiles
        do {
            files = try PackLoading.files(at: path)
        } catch let issue as PackIssue {
            var report = ImportReport(importId: UUID(), dryRun: dryRun, outcome: .invalid, importedAt: clock.now())
            report.issues = [.init(file: issue.file, line: issue.line, message: issue.message)]
            return report
        }
        return try await SafeSkills.withDatabase(settings, logger: logger) { database in
            try await run(files, dryRun: dryRun, actor: nil, database: database, clock: clock)
        }
    }

    /// Checks `files` and imports them in one transaction; a refused pack's report is kept too.
    static func run(_ files: PackFiles, dryRun: Bool, actor: UUID?, database: Database, clock: WallClock) async throws -> ImportReport {
        let now = clock.now()
        let importID = UUID()
        let result = PackReader.read(files)
        guard let pack = result.pack else {
            var report = ImportReport(importId: importID, dryRun: dryRun, outcome: .invalid, importedAt: now)
            report.issues = result.issues.map { .init(file: $0.file, line: $0.line, message: $0.message) }
            try await database.withConnection { connection in
                try await ContentStore.record(report, actor: actor, on: connection, logger: database.logger)
            }
            return report
        }
        let assets = pack.assets.map { name in
            ContentStore.Asset(name: name, contentType: PackFiles.assetType(name) ?? "application/octet-stream", bytes: files.files["assets/\(name)"] ?? [])
        }
        let report = try await database.withTransaction { connection in
            try await ContentStore.importPack(
                pack, contentHash: files.contentHash, assets: assets, dryRun: dryRun, actor: actor, now: now,
                importID: importID, on: connection, logger: database.logger
            )
        }
        database.logger.info(
            "course pack imported",
            metadata: ["course": "\(pack.id)", "outcome": "\(report.outcome.rawValue)", "version": "\(report.toVersion ?? 0)", "dry_run": "\(dryRun)"]
        )
        return report
    }

    /// Imports every pack shipped in `folder` at start-up. Several instances may start together:
    /// each import is idempotent and serialised per course in the database.
    public static func importShipped(folder: String, database: Database, clock: WallClock) async throws {
        let paths = try PackLoading.packFolders(in: folder)
        var problems: [String] = []
        for path in paths {
            let report = try await run(try PackLoading.files(at: path), dryRun: false, actor: nil, database: database, clock: clock)
            if report.outcome == .invalid { problems.append(report.summary(path: path)) }
        }
        guard problems.isEmpty else { throw ShippedPacksInvalid(description: problems.joined(separator: "\n")) }
    }

    public struct ShippedPacksInvalid: Error, CustomStringConvertible {
        public var description: String
    }
}
