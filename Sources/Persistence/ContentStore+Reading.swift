import Domain
import Foundation
import Logging
import PostgresNIO

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
        let rows = try await connection.query(
            """
            SELECT c.course_id, c.kind, c.live_version, i.item_version, i.body::text
            FROM courses c
            JOIN course_version_items v ON v.course_id = c.course_id AND v.version = c.live_version AND v.kind = 'quiz' AND v.item_id = \(quizID)
            JOIN content_items i ON i.course_id = v.course_id AND i.kind = 'quiz' AND i.item_id = v.item_id AND i.item_version = v.item_version
            ORDER BY c.course_id LIMIT 1
            """,
            logger: logger
        )
        for try await (course, kind, version, quizVersion, body) in rows.decode((String, String, Int, Int, String).self) {
            return LiveQuiz(
                courseID: course, kind: CoursePack.Kind(rawValue: kind) ?? .course, courseVersion: version,
                quizVersion: quizVersion, quiz: try JSONDecoder().decode(Quiz.self, from: Data(body.utf8))
            )
        }
        return nil
    }

    /// A quiz at an exact version (what an attempt showed).
    public static func quiz(courseID: String, quizID: String, version: Int, on connection: PostgresConnection, logger: Logger) async throws -> Quiz? {
        let rows = try await connection.query(
            """
            SELECT body::text FROM content_items
            WHERE course_id = \(courseID) AND kind = 'quiz' AND item_id = \(quizID) AND item_version = \(version)
            """,
            logger: logger
        )
        for try await body in rows.decode(String.self) {
            return try JSONDecoder().decode(Quiz.self, from: Data(body.utf8))
        }
        return nil
    }

    /// The questions of a content version (all of them, or `ids`), with their item versions.
    public static func questions(
        courseID: String, courseVersion: Int, ids: [String]?, on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: (version: Int, question: Question)] {
        let rows = try await connection.query(
            """
            SELECT v.item_id, v.item_version, i.body::text FROM course_version_items v
            JOIN content_items i ON i.course_id = v.course_id AND i.kind = v.kind AND i.item_id = v.item_id AND i.item_version = v.item_version
            WHERE v.course_id = \(courseID) AND v.version = \(courseVersion) AND v.kind = 'question'
              AND (\(ids == nil) OR v.item_id = ANY(\(ids ?? [])))
            """,
            logger: logger
        )
        var result: [String: (Int, Question)] = [:]
        let decoder = JSONDecoder()
        for try await (id, version, body) in rows.decode((String, Int, String).self) {
            result[id] = (version, try decoder.decode(Question.self, from: Data(body.utf8)))
        }
        return result
    }

    /// Questions at exact versions, by id: what an attempt showed, whatever the pack became since.
    public static func questions(
        courseID: String, versions: [(id: String, version: Int)], on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: Question] {
        let rows = try await connection.query(
            """
            SELECT i.item_id, i.body::text FROM content_items i
            JOIN unnest(\(versions.map(\.id))::text[], \(versions.map(\.version))::int[]) AS w(id, version)
              ON i.item_id = w.id AND i.item_version = w.version
            WHERE i.course_id = \(courseID) AND i.kind = 'question'
            """,
            logger: logger
        )
        var result: [String: Question] = [:]
        let decoder = JSONDecoder()
        for try await (id, body) in rows.decode((String, String).self) {
            result[id] = try decoder.decode(Question.self, from: Data(body.utf8))
        }
        return result
    }

    /// The live manifest of a course or programme.
    public static func liveManifest(_ courseID: String, on connection: PostgresConnection, logger: Logger) async throws -> (version: Int, manifest: CourseManifest)? {
        let rows = try await connection.query(
            """
            SELECT c.live_version, v.manifest::text FROM courses c
            JOIN course_versions v ON v.course_id = c.course_id AND v.version = c.live_version
            WHERE c.course_id = \(courseID)
            """,
            logger: logger
        )
        for try await (version, json) in rows.decode((Int, String).self) {
            return (version, try JSONDecoder().decode(CourseManifest.self, from: Data(json.utf8)))
        }
        return nil
    }
}
