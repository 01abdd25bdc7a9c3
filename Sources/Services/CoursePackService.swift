import CoursePacks
import Domain
import Foundation
import Logging
import NIOPosix
import Persistence

/// Validates course packs and imports them: from the command line, an upload, or `Courses/` at
/// start. Each import is one transaction; a refused pack's report is kept too.
public struct CoursePackService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// Reads, checks and imports the pack at `path` (a folder or a .zip).
    public func importPack(at path: String, dryRun: Bool) async throws -> ImportReport {
        let files: PackFiles
        do {
            files = try await Self.onBlockingPool { try PackLoading.files(at: path) }
        } catch let issue as PackIssue {
            var report = ImportReport(importId: context.random.uuid(), dryRun: dryRun, outcome: .invalid, importedAt: context.clock.now())
            report.issues = [issue]
            return report
        }
        return try await importPack(files, dryRun: dryRun, actor: nil)
    }

    /// Imports an archive an upload was streamed into (the file stays the caller's to remove); a
    /// refused archive's report is kept.
    public func importArchive(contentsOf file: URL, dryRun: Bool, actor: UUID) async throws -> ImportReport {
        do {
            let files = try await Self.onBlockingPool { try PackArchive.unpack(contentsOf: file, limits: .default) }
            return try await importPack(files, dryRun: dryRun, actor: actor)
        } catch let issue as PackIssue {
            var refused = ImportReport(importId: context.random.uuid(), dryRun: dryRun, outcome: .invalid, importedAt: context.clock.now())
            refused.issues = [issue]
            return try await database.withConnection { connection in
                try await ContentStore.record(refused, actor: actor, on: connection, logger: logger)
            }
        }
    }

    /// Checks `files` and imports them in one transaction; a refused pack's report is kept too.
    func importPack(_ files: PackFiles, dryRun: Bool, actor: UUID?) async throws -> ImportReport {
        let now = context.clock.now()
        let importID = context.random.uuid()
        let result = try await Self.onBlockingPool { PackReader.read(files) }
        guard let pack = result.pack else {
            var report = ImportReport(importId: importID, dryRun: dryRun, outcome: .invalid, importedAt: now)
            report.issues = result.issues
            report.warnings = result.warnings
            try await database.withConnection { connection in
                try await ContentStore.record(report, actor: actor, on: connection, logger: logger)
            }
            return report
        }
        let assets = pack.assets.map { name in
            ContentStore.Asset(
                name: name,
                contentType: PackFiles.assetType(name) ?? "application/octet-stream",
                bytes: files.files["assets/\(name)"] ?? []
            )
        }
        let report = try await database.withTransaction { connection in
            try await ContentStore.importPack(
                pack,
                contentHash: files.contentHash,
                assets: assets,
                dryRun: dryRun,
                actor: actor,
                now: now,
                importID: importID,
                warnings: result.warnings,
                on: connection,
                logger: logger
            )
        }
        logger.info(
            "course pack imported",
            metadata: [
                "course": "\(pack.id)", "outcome": "\(report.outcome.rawValue)", "version": "\(report.toVersion ?? 0)", "dry_run": "\(dryRun)",
            ]
        )
        return report
    }

    /// A past import's report.
    public func report(_ id: UUID) async throws -> ImportReport {
        let report = try await database.withConnection { connection in
            try await ContentStore.report(id, on: connection, logger: logger)
        }
        guard let report else { throw Refusal(.notFound) }
        return report
    }

    /// Imports every pack shipped in `folder` at start-up. Several instances may start together:
    /// each import is idempotent and serialised per course in the database.
    public func importShipped(folder: String) async throws {
        let paths = try PackLoading.packFolders(in: folder)
        var problems: [String] = []
        for path in paths {
            let files = try await Self.onBlockingPool { try PackLoading.files(at: path) }
            let report = try await importPack(files, dryRun: false, actor: nil)
            if report.outcome == .invalid { problems.append(report.summary(path: path)) }
        }
        guard problems.isEmpty else { throw ShippedPacksInvalid(description: problems.joined(separator: "\n")) }
    }

    /// Runs reading and parsing on the blocking pool: every task runs on an event loop
    /// (`ExecutionThreads`), and reading a pack takes up to most of a second (0.86 s for the
    /// certificate pack's `courses validate`), which would hold every connection on that loop.
    static func onBlockingPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    public struct ShippedPacksInvalid: Error, CustomStringConvertible {
        public var description: String
    }
}
