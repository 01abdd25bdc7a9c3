import Crypto
import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Imports packs as new content versions, and reads versions back.
public enum ContentStore {
    public struct Asset: Sendable {
        public var name: String
        public var contentType: String
        public var bytes: [UInt8]

        public init(name: String, contentType: String, bytes: [UInt8]) {
            self.name = name
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    /// One lesson, quiz or question as stored: its canonical JSON and that JSON's hash.
    struct Item {
        var kind: String
        var id: String
        var body: String
        var hash: String
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func items(of pack: CoursePack) throws -> [Item] {
        func item(_ kind: String, _ id: String, _ value: some Encodable) throws -> Item {
            let body = String(decoding: try encoder.encode(value), as: UTF8.self)
            return Item(kind: kind, id: id, body: body, hash: hex(SHA256.hash(data: Data(body.utf8))))
        }
        return try pack.lessons.map { try item("lesson", $0.id, $0) }
            + pack.quizzes.map { try item("quiz", $0.id, $0) }
            + pack.questions.map { try item("question", $0.id, $0) }
    }

    /// Imports `pack` as the course's next version, all in the caller's transaction: nothing when
    /// its content hash equals the live version's, and nothing at all on a dry run.
    public static func importPack(
        _ pack: CoursePack,
        contentHash: [UInt8],
        assets: [Asset],
        dryRun: Bool,
        actor: UUID?,
        now: Date,
        importID: UUID,
        warnings: [PackIssue] = [],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> ImportReport {
        var report = ImportReport(importId: importID, dryRun: dryRun, outcome: .created, importedAt: now)
        report.warnings = warnings
        report.courseId = pack.id
        report.kind = pack.kind.rawValue
        report.packVersion = pack.version
        // Imports of one course queue behind each other; different courses import in parallel.
        try await connection.run("SELECT pg_advisory_xact_lock(hashtext(\("course-import:" + pack.id)))", logger: logger)

        var live: Int?
        let current = try await connection.run(
            "SELECT kind, live_version FROM courses WHERE course_id = \(pack.id) FOR UPDATE",
            logger: logger
        ).collect()
        if let row = current.first {
            let (kind, version) = try row.decode((String, Int).self)
            guard kind == pack.kind.rawValue else {
                report.outcome = .invalid
                report.issues = [.init(file: "pack.yaml", line: nil, message: "\(pack.id) is already a \(kind) pack; its kind cannot change")]
                return try await record(report, actor: actor, on: connection, logger: logger)
            }
            live = version
            report.fromVersion = version
            let hash = try await connection.run(
                "SELECT content_hash FROM course_versions WHERE course_id = \(pack.id) AND version = \(version)",
                logger: logger
            ).collect().first?.decode(ByteBuffer.self)
            if hash == ByteBuffer(bytes: contentHash) {
                report.outcome = .unchanged
                report.toVersion = version
                return try await record(report, actor: actor, on: connection, logger: logger)
            }
        }

        // Quizzes are addressed by id alone (/v1/quizzes/{quizId}), so an id may live in one pack only.
        let quizIDs = pack.quizzes.map(\.id)
        let clashes = try await connection.run(
            """
            SELECT v.item_id, v.course_id FROM courses c
            JOIN course_version_items v ON v.course_id = c.course_id AND v.version = c.live_version AND v.kind = 'quiz'
            WHERE v.item_id = ANY(\(quizIDs)) AND c.course_id <> \(pack.id)
            """,
            logger: logger
        )
        for try await (quiz, course) in clashes.decode((String, String).self) {
            report.issues.append(
                .init(
                    file: "pack.yaml",
                    line: nil,
                    message: "quiz id \(quiz) is already used by the pack \(course); quiz ids must be unique across packs"
                )
            )
        }
        guard report.issues.isEmpty else {
            report.outcome = .invalid
            return try await record(report, actor: actor, on: connection, logger: logger)
        }

        let items = try items(of: pack)
        let (latest, liveItems) = try await storedItems(courseID: pack.id, liveVersion: live, on: connection, logger: logger)
        let plan = ContentVersionPlan(items: items.map { .init(kind: $0.kind, id: $0.id, hash: $0.hash) }, latest: latest, live: liveItems)
        report.new = plan.new
        report.changed = plan.changed
        report.retired = plan.retired
        let versions = plan.versions
        let newItems = plan.toStore.map { (item: items[$0], version: versions[$0]) }
        let version = (live ?? 0) + 1
        report.outcome = live == nil ? .created : .updated
        report.toVersion = version
        if dryRun { return try await record(report, actor: actor, on: connection, logger: logger) }

        try await write(
            pack,
            version: version,
            contentHash: contentHash,
            items: items,
            versions: versions,
            newItems: newItems,
            assets: assets,
            actor: actor,
            now: now,
            on: connection,
            logger: logger
        )
        return try await record(report, actor: actor, on: connection, logger: logger)
    }

    /// The latest stored version of every item the course ever had, and the items of its live
    /// version: what the version plan compares a pack against.
    static func storedItems(
        courseID: String,
        liveVersion: Int?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (latest: [ContentVersionPlan.Key: ContentVersionPlan.Stored], live: Set<ContentVersionPlan.Key>) {
        var latest: [ContentVersionPlan.Key: ContentVersionPlan.Stored] = [:]
        let latestRows = try await connection.run(
            """
            SELECT kind, item_id, item_version, encode(content_hash, 'hex') FROM content_items c
            WHERE course_id = \(courseID)
              AND item_version = (SELECT max(item_version) FROM content_items m
                                  WHERE m.course_id = c.course_id AND m.kind = c.kind AND m.item_id = c.item_id)
            """,
            logger: logger
        )
        for try await (kind, id, version, hash) in latestRows.decode((String, String, Int, String).self) {
            latest[.init(kind: kind, id: id)] = .init(version: version, hash: hash)
        }
        var liveItems: Set<ContentVersionPlan.Key> = []
        if let live = liveVersion {
            let rows = try await connection.run(
                "SELECT kind, item_id FROM course_version_items WHERE course_id = \(courseID) AND version = \(live)",
                logger: logger
            )
            for try await (kind, id) in rows.decode((String, String).self) { liveItems.insert(.init(kind: kind, id: id)) }
        }
        return (latest, liveItems)
    }

    /// Writes the new content version: the course row, the version with its manifest, the item
    /// versions not stored yet, the version's item list and its assets.
    static func write(
        _ pack: CoursePack,
        version: Int,
        contentHash: [UInt8],
        items: [Item],
        versions: [Int],
        newItems: [(item: Item, version: Int)],
        assets: [Asset],
        actor: UUID?,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        var manifestPack = pack
        manifestPack.lessons = pack.lessons.map { lesson in
            var summary = lesson
            summary.markdown = LocalizedText(vi: "", en: "")
            return summary
        }
        manifestPack.questions = []
        let assetHashes = Dictionary(uniqueKeysWithValues: assets.map { ($0.name, hex(SHA256.hash(data: $0.bytes))) })
        let manifest = String(decoding: try encoder.encode(CourseManifest(pack: manifestPack, assets: assetHashes)), as: UTF8.self)

        try await connection.run(
            """
            INSERT INTO courses (course_id, kind, live_version, updated_at) VALUES (\(pack.id), \(pack.kind.rawValue), \(version), \(now))
            ON CONFLICT (course_id) DO UPDATE SET live_version = EXCLUDED.live_version, updated_at = EXCLUDED.updated_at
            """,
            logger: logger
        )
        try await connection.run(
            """
            INSERT INTO course_versions (course_id, version, content_hash, pack_version, manifest, imported_at, imported_by)
            VALUES (\(pack.id), \(version), \(ByteBuffer(bytes: contentHash)), \(pack.version), \(manifest)::jsonb, \(now), \(actor))
            """,
            logger: logger
        )
        if !newItems.isEmpty {
            try await connection.run(
                """
                INSERT INTO content_items (course_id, kind, item_id, item_version, content_hash, body, created_at)
                SELECT \(pack.id), k, i, v, decode(h, 'hex'), b::jsonb, \(now)
                FROM unnest(\(newItems.map(\.item.kind))::text[], \(newItems.map(\.item.id))::text[], \(newItems.map(\.version))::int[],
                            \(newItems.map(\.item.hash))::text[], \(newItems.map(\.item.body))::text[]) AS t(k, i, v, h, b)
                """,
                logger: logger
            )
        }
        try await connection.run(
            """
            INSERT INTO course_version_items (course_id, version, kind, item_id, item_version, position)
            SELECT \(pack.id), \(version), k, i, v, p
            FROM unnest(\(items.map(\.kind))::text[], \(items.map(\.id))::text[], \(versions)::int[], \(Array(items.indices))::int[]) AS t(k, i, v, p)
            """,
            logger: logger
        )
        for asset in assets {
            try await connection.run(
                """
                INSERT INTO course_assets (course_id, name, content_hash, content_type, bytes)
                VALUES (\(pack.id), \(asset.name), decode(\(assetHashes[asset.name]!), 'hex'), \(asset.contentType), \(ByteBuffer(bytes: asset.bytes)))
                ON CONFLICT DO NOTHING
                """,
                logger: logger
            )
        }
    }

    /// Keeps the report; also used for packs refused before reaching the database.
    @discardableResult
    public static func record(_ report: ImportReport, actor: UUID?, on connection: PostgresConnection, logger: Logger) async throws -> ImportReport {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        try await connection.run(
            """
            INSERT INTO pack_imports (import_id, course_id, dry_run, outcome, report, imported_at, imported_by)
            VALUES (\(report.importId), \(report.courseId), \(report.dryRun), \(report.outcome.rawValue), \(json)::jsonb, \(report.importedAt), \(actor))
            """,
            logger: logger
        )
        return report
    }

    public static func report(_ importID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> ImportReport? {
        let rows = try await connection.run("SELECT report::text FROM pack_imports WHERE import_id = \(importID)", logger: logger)
        for try await json in rows.decode(String.self) {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(ImportReport.self, from: Data(json.utf8))
        }
        return nil
    }
}
