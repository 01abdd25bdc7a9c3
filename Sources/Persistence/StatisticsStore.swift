import Domain
import Foundation
import Logging
import PostgresNIO

/// Aggregates about courses and questions for statisticians: never a row per person.
public enum StatisticsStore {
    public struct FunnelCounts: Sendable, Equatable {
        public var courseID: String
        public var enrolled: Int
        public var learned: Int
        public var completed: Int
        public var certified: Int
    }

    /// Per course, people who by the end of `day` (Vietnam) enrolled, completed a lesson,
    /// completed the course, and — of those enrolled — were certified in any programme.
    ///
    /// Counted from the activity log, which erasure keeps (it holds no personal data), so the
    /// funnel does not move when someone erases their account.
    public static func funnel(upTo day: String, on connection: PostgresConnection, logger: Logger) async throws -> [FunnelCounts] {
        let rows = try await connection.query(
            """
            WITH certified AS (SELECT DISTINCT learner_id FROM learner_activity WHERE kind = 'certified' AND vn_day <= \(day)::date)
            SELECT c.course_id,
                   count(DISTINCT a.learner_id) FILTER (WHERE a.kind = 'enrolled')::int,
                   count(DISTINCT a.learner_id) FILTER (WHERE a.kind = 'completed-lesson')::int,
                   count(DISTINCT a.learner_id) FILTER (WHERE a.kind = 'completed-course')::int,
                   count(DISTINCT a.learner_id) FILTER (WHERE a.kind = 'enrolled' AND z.learner_id IS NOT NULL)::int
            FROM courses c
            LEFT JOIN learner_activity a ON a.course_id = c.course_id AND a.vn_day <= \(day)::date
            LEFT JOIN certified z ON z.learner_id = a.learner_id
            WHERE c.kind = 'course'
            GROUP BY c.course_id ORDER BY c.course_id
            """,
            logger: logger
        )
        var result: [FunnelCounts] = []
        for try await (course, enrolled, learned, completed, certified) in rows.decode((String, Int, Int, Int, Int).self) {
            result.append(FunnelCounts(courseID: course, enrolled: enrolled, learned: learned, completed: completed, certified: certified))
        }
        return result
    }

    public struct ItemSums: Sendable {
        public var courseID: String
        public var quizID: String
        public var questionID: String
        public var questionVersion: Int
        /// Presentations answered (the rest were left blank and earned nothing).
        public var answers: Int
        public var sums: ItemStatistics.Sums
    }

    /// For every question version shown in a closed attempt (optionally of one course or quiz):
    /// the sums `ItemStatistics` needs, credit on the item against credit on the rest of its
    /// attempt, added up in one pass over the graded items.
    public static func itemSums(courseID: String?, quizID: String?, on connection: PostgresConnection, logger: Logger) async throws -> [ItemSums] {
        let rows = try await connection.query(
            """
            WITH graded AS (
                SELECT t.course_id, t.quiz_id, i.question_id, i.question_version, i.answer IS NOT NULL AS answered,
                       i.earned AS x, sum(i.earned) OVER (PARTITION BY i.learner_id, i.attempt_id) - i.earned AS y
                FROM attempts t JOIN attempt_items i ON i.learner_id = t.learner_id AND i.attempt_id = t.attempt_id
                WHERE t.closed_at IS NOT NULL AND i.earned IS NOT NULL
                  AND (\(courseID)::text IS NULL OR t.course_id = \(courseID)) AND (\(quizID)::text IS NULL OR t.quiz_id = \(quizID))
            )
            SELECT course_id, quiz_id, question_id, question_version, count(*) FILTER (WHERE answered)::int, count(*)::int,
                   sum(x), sum(x * x), sum(y), sum(y * y), sum(x * y)
            FROM graded GROUP BY course_id, quiz_id, question_id, question_version
            ORDER BY course_id, quiz_id, question_id, question_version
            """,
            logger: logger
        )
        var result: [ItemSums] = []
        for try await (course, quiz, question, version, answers, count, x, xx, y, yy, xy)
            in rows.decode((String, String, String, Int, Int, Int, Double, Double, Double, Double, Double).self) {
            result.append(ItemSums(
                courseID: course, quizID: quiz, questionID: question, questionVersion: version, answers: answers,
                sums: ItemStatistics.Sums(count: count, x: x, xx: xx, y: y, yy: yy, xy: xy)
            ))
        }
        return result
    }
}
