import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

extension ContentStore {
    public struct LiveQuiz: Sendable {
        public var courseID: String
        public var kind: CoursePack.Kind
        public var courseVersion: Int
        public var quizVersion: Int
        public var quiz: Quiz
    }

    /// The quiz with this id in the live version of whichever pack has it.
    public static func liveQuiz(_ quizID: String, on connection: PostgresConnection, logger: Logger) async throws -> LiveQuiz? {
        for try await found in try await connection.run(LiveQuizVersion(quizID: quizID), logger: logger) {
            guard
                let quiz = try await decodedQuiz(
                    found.hash,
                    courseID: found.courseID,
                    quizID: quizID,
                    version: found.quizVersion,
                    on: connection,
                    logger: logger
                )
            else { return nil }
            return LiveQuiz(
                courseID: found.courseID,
                kind: found.kind,
                courseVersion: found.courseVersion,
                quizVersion: found.quizVersion,
                quiz: quiz
            )
        }
        return nil
    }

    /// Every start of a quiz or exam runs this: prepared once per connection, it skips
    /// PostgreSQL's parsing and planning, which cost more than running it (Benchmarks/README.md,
    /// the exam-start burst). It reads the quiz's content hash, not its body.
    struct LiveQuizVersion: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "content.liveQuizVersion"
        static let sql = """
            SELECT c.course_id, c.kind, c.live_version, i.item_version, encode(i.content_hash, 'hex')
            FROM courses c
            JOIN course_version_items v ON v.course_id = c.course_id AND v.version = c.live_version AND v.kind = 'quiz' AND v.item_id = $1
            JOIN content_items i ON i.course_id = v.course_id AND i.kind = 'quiz' AND i.item_id = v.item_id AND i.item_version = v.item_version
            ORDER BY c.course_id LIMIT 1
            """
        typealias Row = (courseID: String, kind: CoursePack.Kind, courseVersion: Int, quizVersion: Int, hash: String)
        var quizID: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(quizID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            let (course, kind, version, quizVersion, hash) = try row.decode((String, String, Int, Int, String).self)
            return (course, CoursePack.Kind(rawValue: kind) ?? .course, version, quizVersion, hash)
        }
    }

    /// A quiz at an exact version (what an attempt showed).
    public static func quiz(courseID: String, quizID: String, version: Int, on connection: PostgresConnection, logger: Logger) async throws -> Quiz? {
        for try await hash in try await connection.run(QuizHash(courseID: courseID, quizID: quizID, version: version), logger: logger) {
            return try await decodedQuiz(hash, courseID: courseID, quizID: quizID, version: version, on: connection, logger: logger)
        }
        return nil
    }

    /// Every submit and review runs this (through `quiz`): prepared, as `LiveQuizVersion` is.
    struct QuizHash: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "content.quizHash"
        static let sql = """
            SELECT encode(content_hash, 'hex') FROM content_items
            WHERE course_id = $1 AND kind = 'quiz' AND item_id = $2 AND item_version = $3
            """
        /// Declared, since PostgreSQL would otherwise take the version for `int4` and read the
        /// `int8` bound here wrongly.
        static let bindingDataTypes: [PostgresDataType] = [.text, .text, .int8]
        typealias Row = String
        var courseID: String
        var quizID: String
        var version: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(courseID)
            bindings.append(quizID)
            bindings.append(version)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
    }

    /// Quizzes decoded once per process, by content hash, as questions are (`decodedQuestions`):
    /// a start, submit or review reads the hash and decodes the body only the first time.
    static let decodedQuizzes = Mutex<[String: Quiz]>([:])

    static func decodedQuiz(
        _ hash: String,
        courseID: String,
        quizID: String,
        version: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Quiz? {
        try await decodedOnce(
            hash,
            in: decodedQuizzes,
            reading: """
                SELECT body::text FROM content_items
                WHERE course_id = \(courseID) AND kind = 'quiz' AND item_id = \(quizID) AND item_version = \(version)
                """,
            on: connection,
            logger: logger
        )
    }

    /// A document decoded once per process, by the content hash that fixes it: `cache` keeps
    /// those decoded, and `query` reads the JSON of one not decoded yet.
    static func decodedOnce<Value: Decodable & Sendable>(
        _ hash: String,
        in cache: borrowing Mutex<[String: Value]>,
        reading query: PostgresQuery,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Value? {
        if let hit = cache.withLock({ $0[hash] }) { return hit }
        for try await json in try await connection.run(query, logger: logger).decode(String.self) {
            let value = try JSONDecoder().decode(Value.self, from: Data(json.utf8))
            cache.withLock { $0[hash] = value }
            return value
        }
        return nil
    }

    /// The questions of a content version (all of them, or `ids`), with their item versions.
    ///
    /// With `banks`, the versions are read once per content version and then taken from there: an
    /// exam start reads its whole bank (150 rows for the national exam, the costliest statement
    /// of a start in the burst benchmark) though a version's items never change once imported.
    public static func questions(
        courseID: String,
        courseVersion: Int,
        ids: [String]?,
        banks: QuestionBanks? = nil,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> VersionedBank {
        let key = QuestionBanks.Key(courseID: courseID, courseVersion: courseVersion, ids: ids)
        if let bank = banks?.bank(key) { return bank }
        let rows = try await connection.run(
            """
            SELECT v.item_id, v.item_version, encode(i.content_hash, 'hex') FROM course_version_items v
            JOIN content_items i ON i.course_id = v.course_id AND i.kind = v.kind AND i.item_id = v.item_id AND i.item_version = v.item_version
            WHERE v.course_id = \(courseID) AND v.version = \(courseVersion) AND v.kind = 'question'
              AND (\(ids == nil) OR v.item_id = ANY(\(ids ?? [])))
            """,
            logger: logger
        )
        var versions: [QuestionVersion] = []
        for try await (id, version, hash) in rows.decode((String, Int, String).self) {
            versions.append(QuestionVersion(id: id, version: version, hash: hash))
        }
        let found = try await decoded(versions, courseID: courseID, on: connection, logger: logger)
        let bank = VersionedBank(versions: found.mapValues(\.version), arranged: QuestionBank(found.mapValues(\.question)))
        // Kept only whole: a question missing from the bank is not remembered as missing.
        if found.count == versions.count { banks?.keep(bank, for: key) }
        return bank
    }

    /// A content version's questions, arranged for drawing, and the item version of each.
    public struct VersionedBank: Sendable {
        public let versions: [String: Int]
        public let arranged: QuestionBank
    }

    /// The question banks of content versions already read from one database, decoded. A
    /// version's items never change once imported (imports only insert `course_version_items`,
    /// and an item version's body is fixed by its hash), but the same course and version number
    /// can name other items in another database (every test has its own), so the memo belongs
    /// to a `Database` rather than to the process.
    public final class QuestionBanks: Sendable {
        struct Key: Hashable {
            var courseID: String
            var courseVersion: Int
            var ids: [String]?
        }

        /// Content versions and fixed selections are few; past this many the memo starts over.
        static let limit = 256
        private let banks = Mutex<[Key: VersionedBank]>([:])

        public init() {}

        func bank(_ key: Key) -> VersionedBank? {
            banks.withLock { $0[key] }
        }

        func keep(_ bank: VersionedBank, for key: Key) {
            banks.withLock { banks in
                if banks.count >= Self.limit { banks.removeAll() }
                banks[key] = bank
            }
        }
    }

    /// Questions at exact versions, by id: what an attempt showed, whatever the pack became since.
    public static func questions(
        courseID: String,
        versions: [(id: String, version: Int)],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [String: Question] {
        var found: [QuestionVersion] = []
        for try await (id, version, hash) in try await connection.run(QuestionHashes(courseID: courseID, versions: versions), logger: logger) {
            found.append(QuestionVersion(id: id, version: version, hash: hash))
        }
        return try await decoded(found, courseID: courseID, on: connection, logger: logger).mapValues(\.question)
    }

    /// Every submit, attempt read and review runs this: prepared, as `LiveQuizVersion` is.
    struct QuestionHashes: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "content.questionHashes"
        static let sql = """
            SELECT i.item_id, i.item_version, encode(i.content_hash, 'hex') FROM content_items i
            JOIN unnest($2::text[], $3::int8[]) AS w(id, version) ON i.item_id = w.id AND i.item_version = w.version
            WHERE i.course_id = $1 AND i.kind = 'question'
            """
        typealias Row = (String, Int, String)
        var courseID: String
        var versions: [(id: String, version: Int)]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(courseID)
            bindings.append(versions.map(\.id))
            bindings.append(versions.map(\.version))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// One question at the version and content hash an attempt showed (an answer save reads
    /// the hash with the attempt, so a cached question costs no query at all).
    public static func question(
        courseID: String,
        id: String,
        version: Int,
        hash: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Question? {
        try await decoded([QuestionVersion(id: id, version: version, hash: hash)], courseID: courseID, on: connection, logger: logger)[id]?.question
    }

    struct QuestionVersion: Sendable {
        var id: String
        var version: Int
        var hash: String
    }

    /// Questions decoded once per process, by content hash. An item version's body never changes
    /// (an import that changes it makes a new version, with a new hash), so an exam start, answer
    /// save or submit reads three short columns instead of decoding every question's JSON again
    /// (Benchmarks/README.md has what that bought). The hash is of the body itself, so the cache
    /// holds across databases too.
    static let decodedQuestions = Mutex<[String: Question]>([:])

    static func decoded(
        _ versions: [QuestionVersion],
        courseID: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [String: (version: Int, question: Question)] {
        let cached: [String: Question] = decodedQuestions.withLock { cache in
            var hits: [String: Question] = [:]
            for version in versions { hits[version.hash] = cache[version.hash] }
            return hits
        }
        var result: [String: (version: Int, question: Question)] = [:]
        var missing: [QuestionVersion] = []
        for version in versions {
            if let question = cached[version.hash] {
                result[version.id] = (version.version, question)
            } else {
                missing.append(version)
            }
        }
        guard !missing.isEmpty else { return result }
        let rows = try await connection.run(
            """
            SELECT i.item_id, i.item_version, encode(i.content_hash, 'hex'), i.body::text FROM content_items i
            JOIN unnest(\(missing.map(\.id))::text[], \(missing.map(\.version))::int[]) AS w(id, version)
              ON i.item_id = w.id AND i.item_version = w.version
            WHERE i.course_id = \(courseID) AND i.kind = 'question'
            """,
            logger: logger
        )
        let decoder = JSONDecoder()
        var fresh: [String: Question] = [:]
        for try await (id, version, hash, body) in rows.decode((String, Int, String, String).self) {
            let question = try decoder.decode(Question.self, from: Data(body.utf8))
            fresh[hash] = question
            result[id] = (version, question)
        }
        decodedQuestions.withLock { $0.merge(fresh) { kept, _ in kept } }
        return result
    }

    /// Manifests decoded once per pack content (keyed by the content hash, which fixes the
    /// manifest): a version never changes once imported.
    static let decodedManifests = Mutex<[String: CourseManifest]>([:])

    /// The live manifest of a course or programme.
    public static func liveManifest(
        _ courseID: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (version: Int, manifest: CourseManifest)? {
        for try await (version, hash) in try await connection.run(LiveManifestVersion(courseID: courseID), logger: logger) {
            return try await manifest(courseID, version: version, contentHash: hash, on: connection, logger: logger).map { (version, $0) }
        }
        return nil
    }

    /// Every exam start and lesson step runs this: prepared, as `LiveQuizVersion` is.
    struct LiveManifestVersion: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "content.liveManifestVersion"
        static let sql = """
            SELECT c.live_version, encode(v.content_hash, 'hex') FROM courses c
            JOIN course_versions v ON v.course_id = c.course_id AND v.version = c.live_version
            WHERE c.course_id = $1
            """
        typealias Row = (Int, String)
        var courseID: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(courseID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The manifest of one content version, whose pack content hash is `contentHash`: the one
    /// way manifests are read, decoded once per process.
    public static func manifest(
        _ courseID: String,
        version: Int,
        contentHash: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> CourseManifest? {
        try await decodedOnce(
            contentHash,
            in: decodedManifests,
            reading: "SELECT manifest::text FROM course_versions WHERE course_id = \(courseID) AND version = \(version)",
            on: connection,
            logger: logger
        )
    }

    /// A manifest already decoded in this process, without a connection: catalog reads, the
    /// busiest, need no database lease once warm.
    public static func cachedManifest(contentHash: String) -> CourseManifest? {
        decodedManifests.withLock { $0[contentHash] }
    }

    /// Which version of a course or programme is live, and its pack's content hash.
    public struct LiveVersion: Sendable, Equatable {
        public var kind: CoursePack.Kind
        public var version: Int
        public var contentHash: String
    }

    /// Which version of every course and programme is live.
    public static func liveVersions(on connection: PostgresConnection, logger: Logger) async throws -> [String: LiveVersion] {
        var live: [String: LiveVersion] = [:]
        let rows = try await connection.run(
            """
            SELECT c.course_id, c.kind, c.live_version, encode(v.content_hash, 'hex') FROM courses c
            JOIN course_versions v ON v.course_id = c.course_id AND v.version = c.live_version
            """,
            logger: logger
        )
        for try await (id, kind, version, hash) in rows.decode((String, String, Int, String).self) {
            live[id] = LiveVersion(kind: CoursePack.Kind(rawValue: kind) ?? .course, version: version, contentHash: hash)
        }
        return live
    }

    /// The live manifest of every course and programme, by id: one query for the live versions,
    /// the manifests from the decoded cache. For lists, so they make no query per item.
    public static func liveManifests(on connection: PostgresConnection, logger: Logger) async throws -> [String: CourseManifest] {
        var manifests: [String: CourseManifest] = [:]
        for (id, live) in try await liveVersions(on: connection, logger: logger) {
            manifests[id] = try await manifest(id, version: live.version, contentHash: live.contentHash, on: connection, logger: logger)
        }
        return manifests
    }

    /// One lesson of a content version, with its body.
    public static func lesson(
        _ lessonID: String,
        courseID: String,
        version: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Lesson? {
        let rows = try await connection.run(
            """
            SELECT i.body::text FROM course_version_items v
            JOIN content_items i ON i.course_id = v.course_id AND i.kind = v.kind AND i.item_id = v.item_id AND i.item_version = v.item_version
            WHERE v.course_id = \(courseID) AND v.version = \(version) AND v.kind = 'lesson' AND v.item_id = \(lessonID)
            """,
            logger: logger
        )
        for try await json in rows.decode(String.self) {
            return try JSONDecoder().decode(Lesson.self, from: Data(json.utf8))
        }
        return nil
    }

    /// An image's bytes by its name and content hash (hex).
    public static func asset(
        _ name: String,
        courseID: String,
        hash: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> ByteBuffer? {
        try await connection.run(
            "SELECT bytes FROM course_assets WHERE course_id = \(courseID) AND name = \(name) AND content_hash = decode(\(hash), 'hex')",
            logger: logger
        ).collect().first?.decode(ByteBuffer.self)
    }
}
