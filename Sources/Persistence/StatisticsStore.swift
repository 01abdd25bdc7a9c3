import Domain
import Foundation
import Logging
import PostgresNIO

/// Aggregates about courses and questions for statisticians: never a row per person.
public enum StatisticsStore {
    /// Per course, people who by the end of `day` (Vietnam) enrolled, completed a lesson,
    /// completed the course, and — of those enrolled — were certified in any programme.
    ///
    /// Counted from the activity log, which erasure keeps (it holds no personal data), so the
    /// funnel does not move when someone erases their account. Each person counts once per stage,
    /// on the first day they reached it; whole months come from the roll-up, the days after them
    /// from the people active since, so the cost follows recent activity, not everyone's.
    public static func funnel(upTo day: String, on connection: PostgresConnection, logger: Logger) async throws -> [FunnelCounts] {
        let monthEnd = ReachDimension.monthEnd(onOrBefore: day)
        var query = PostgresQuery(
            unsafeSQL: """
                WITH bound AS (SELECT least($1::date, rolled_through) AS day FROM reach_rollup_state),
                recent AS (
                    SELECT DISTINCT learner_id FROM learner_activity
                    WHERE vn_day > (SELECT day FROM bound) AND vn_day <= $2::date AND kind IN ('enrolled', 'completed-lesson', 'completed-course', 'certified')
                ),
                \(firstDays(learners: "SELECT learner_id FROM recent", through: "$2::date")),
                counted AS (
                    SELECT course_id, stage, people FROM funnel_rollup_cells WHERE month_end <= (SELECT day FROM bound)
                    UNION ALL
                    SELECT course_id, stage, count(*) FROM days WHERE day > (SELECT day FROM bound) GROUP BY course_id, stage
                )
                SELECT c.course_id, t.stage, coalesce(sum(t.people), 0)::int
                FROM courses c LEFT JOIN counted t ON t.course_id = c.course_id
                WHERE c.kind = 'course'
                GROUP BY c.course_id, t.stage ORDER BY c.course_id
                """
        )
        query.binds.append(monthEnd)
        query.binds.append(day)
        var counts: [String: FunnelCounts] = [:]
        var order: [String] = []
        for try await (course, stage, people) in try await connection.run(query, logger: logger).decode((String, String?, Int).self) {
            if counts[course] == nil {
                counts[course] = FunnelCounts(courseID: course, enrolled: 0, learned: 0, completed: 0, certified: 0)
                order.append(course)
            }
            switch stage {
            case "enrolled": counts[course]?.enrolled = people
            case "learned": counts[course]?.learned = people
            case "completed": counts[course]?.completed = people
            case "certified": counts[course]?.certified = people
            default: break
            }
        }
        return order.compactMap { counts[$0] }
    }

    /// Rolls the funnel up for the months after `after` through `through` (month ends), in the
    /// reach roll-up's transaction, which also clears the cells for a rebuild.
    static func rollUpFunnel(after: String, through: String, on connection: PostgresConnection, logger: Logger) async throws {
        var insert = PostgresQuery(
            unsafeSQL: """
                WITH \(firstDays(learners: nil, through: "$2::date"))
                INSERT INTO funnel_rollup_cells (course_id, stage, month_end, people)
                SELECT course_id, stage, (date_trunc('month', day) + interval '1 month - 1 day')::date, count(*)
                FROM days WHERE day > $1::date GROUP BY 1, 2, 3
                """
        )
        insert.binds.append(after)
        insert.binds.append(through)
        try await connection.run(insert, logger: logger)
    }

    /// CTEs ending in `days(course_id, stage, day)`: each person's first day at each stage of each
    /// course, on or before `through`, for `learners` (a subquery) or everyone. Certified in a
    /// course is the later of enrolling in it and the first certificate anywhere.
    static func firstDays(learners: String?, through: String) -> String {
        let only = learners.map { "AND learner_id IN (\($0))" } ?? ""
        return """
            firsts AS (
                SELECT learner_id, course_id,
                       min(vn_day) FILTER (WHERE kind = 'enrolled') AS enrolled,
                       min(vn_day) FILTER (WHERE kind = 'completed-lesson') AS learned,
                       min(vn_day) FILTER (WHERE kind = 'completed-course') AS completed
                FROM learner_activity
                WHERE vn_day <= \(through) AND kind IN ('enrolled', 'completed-lesson', 'completed-course') \(only)
                GROUP BY learner_id, course_id
            ),
            certified AS (
                SELECT learner_id, min(vn_day) AS day FROM learner_activity
                WHERE vn_day <= \(through) AND kind = 'certified' \(only) GROUP BY learner_id
            ),
            days AS (
                SELECT f.course_id, s.stage, s.day
                FROM firsts f LEFT JOIN certified z ON z.learner_id = f.learner_id
                CROSS JOIN LATERAL (VALUES ('enrolled', f.enrolled), ('learned', f.learned), ('completed', f.completed),
                                           ('certified', CASE WHEN f.enrolled IS NOT NULL AND z.day IS NOT NULL THEN greatest(f.enrolled, z.day) END)) AS s(stage, day)
                WHERE s.day IS NOT NULL
            )
            """
    }

    /// For every question version shown in a closed attempt (optionally of one course or quiz):
    /// the sums `ItemStatistics` needs, credit on the item against credit on the rest of its
    /// attempt, added up in one pass over the graded items.
    public static func itemSums(courseID: String?, quizID: String?, on connection: PostgresConnection, logger: Logger) async throws -> [ItemSums] {
        let rows = try await connection.run(
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
            in rows.decode((String, String, String, Int, Int, Int, Double, Double, Double, Double, Double).self)
        {
            result.append(
                ItemSums(
                    courseID: course,
                    quizID: quiz,
                    questionID: question,
                    questionVersion: version,
                    answers: answers,
                    sums: ItemStatistics.Sums(count: count, x: x, xx: xx, y: y, yy: yy, xy: xy)
                )
            )
        }
        return result
    }
}

extension StatisticsStore {
    /// Records that an administrator read exact figures (counts from 1 to 9 shown): an
    /// `admin_audit` row with no target, since the read concerns no one person. Always written on
    /// the primary, whichever database the figures come from.
    public static func recordExactRead(
        actorID: UUID,
        details: [String: String],
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await AdminAudit.record("read-exact-figures", actorID: actorID, targetID: nil, details: details, now: now, on: connection, logger: logger)
    }
}
