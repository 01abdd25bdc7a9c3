import Domain
import Foundation
import Logging
import PostgresNIO

/// Enrollment, lesson progress, and the activity and first-reach rows every qualifying action writes.
public enum LearningStore {
    /// Appends the activity and writes the first-reach rows it earns (insert if absent), with the
    /// learner's dimensions as they stand now, and adds the day to the reach of the memberships
    /// held now (`MembershipReach`): one statement, in the action's transaction.
    public static func record(
        _ activity: Activity,
        learnerID: UUID,
        courseID: String,
        now: Date,
        channel: String?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.runToEnd(
            Record(activity: activity, learnerID: learnerID, courseID: courseID, now: now, channel: channel),
            logger: logger
        )
    }

    /// Prepared once per connection: every start, lesson step and enrolment runs it, and parsing
    /// and planning it cost PostgreSQL twice its execution (Benchmarks/README.md, the exam-start
    /// burst). The activity's level is a parameter (`$11`, its depth), so one statement serves all.
    struct Record: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "learning.record"
        static let sql = """
            WITH activity AS (
                INSERT INTO learner_activity (learner_id, kind, course_id, occurred_at, vn_day, channel)
                VALUES ($1, $2, $3, $4, $5, $6)
            ), firsts AS (
                INSERT INTO first_reach (learner_id, level, reached_at, vn_day, province_code, sex, age_band, groups, channel)
                SELECT l.learner_id, level, $4, $5, l.province_code, l.sex,
                       CASE WHEN l.birth_year IS NULL THEN ($7::text[])[8]
                            ELSE ($7::text[])[1 + (SELECT count(*) FROM unnest($8::int8[]) b WHERE $9 - l.birth_year >= b)::int] END,
                       l.groups, $6
                FROM learners l CROSS JOIN unnest($10::text[]) AS level
                WHERE l.learner_id = $1
                ON CONFLICT (learner_id, level) DO NOTHING
                RETURNING level, groups
            )
            \(MembershipReach.recordUpdate(depth: "$11", learner: "$1", now: "$4", day: "$5"))
            """
        /// Declared, so each parameter has the type bound here (PostgreSQL would take the year
        /// and the depth for `int4` and read the `int8` values wrongly).
        static let bindingDataTypes: [PostgresDataType] = [
            .uuid, .text, .text, .timestamptz, .date, .text, .textArray, .int8Array, .int8, .textArray, .int8,
        ]
        typealias Row = Int
        var activity: Activity
        var learnerID: UUID
        var courseID: String
        var now: Date
        var channel: String?

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            bindings.append(activity.rawValue)
            bindings.append(courseID)
            bindings.append(now)
            bindings.append(SQLDate(VietnamDay(of: now)))
            if let channel { bindings.append(channel) } else { bindings.appendNull() }
            bindings.append(AgeBand.allCases.map(\.rawValue))
            bindings.append(AgeBand.lowerBounds)
            bindings.append(VietnamCalendar.year(of: now))
            bindings.append(activity.level.withLowerLevels.map(\.rawValue))
            bindings.append(ReachLevel.allCases.firstIndex(of: activity.level)! + 1)
            return bindings
        }

        /// The statement returns no rows.
        func decodeRow(_ row: PostgresRow) throws -> Int { 0 }
    }

    /// Enrolls; returns whether this call enrolled (false when already enrolled).
    public static func enroll(learnerID: UUID, courseID: String, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await !connection.run(
            """
            INSERT INTO enrollments (learner_id, course_id, enrolled_at) VALUES (\(learnerID), \(courseID), \(now))
            ON CONFLICT DO NOTHING RETURNING 1
            """,
            logger: logger
        ).collect().isEmpty
    }

    public struct LessonChange: Sendable, Equatable {
        public var opened: Bool
        public var completed: Bool
    }

    /// Marks a lesson opened, or completed (which opens it too); says what changed.
    public static func progress(
        learnerID: UUID,
        courseID: String,
        lessonID: String,
        completed: Bool,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> LessonChange {
        let completedAt: Date? = completed ? now : nil
        let rows = try await connection.run(
            """
            WITH before AS (
                SELECT completed_at FROM lesson_progress
                WHERE learner_id = \(learnerID) AND course_id = \(courseID) AND lesson_id = \(lessonID)
            ), upsert AS (
                INSERT INTO lesson_progress (learner_id, course_id, lesson_id, opened_at, completed_at)
                VALUES (\(learnerID), \(courseID), \(lessonID), \(now), \(completedAt))
                ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE
                    SET completed_at = coalesce(lesson_progress.completed_at, EXCLUDED.completed_at)
                RETURNING completed_at
            )
            SELECT NOT EXISTS (SELECT 1 FROM before),
                   (SELECT completed_at IS NULL FROM before) IS NOT FALSE AND (SELECT completed_at IS NOT NULL FROM upsert)
            """,
            logger: logger
        ).collect()
        let (opened, newlyCompleted) = try rows.first?.decode((Bool, Bool).self) ?? (false, false)
        return LessonChange(opened: opened, completed: newlyCompleted)
    }

    /// The learner's progress in each course they are enrolled in (or just `courseID`).
    public static func progress(
        learnerID: UUID,
        courseID: String? = nil,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Enrollment] {
        var result: [Enrollment] = []
        for try await (course, enrolled, completed, opened, done, passed) in try await connection.run(
            Progress(learnerID: learnerID, courseID: courseID),
            logger: logger
        ) {
            result.append(
                Enrollment(
                    courseID: course,
                    enrolledAt: enrolled,
                    completedAt: completed,
                    opened: Set(opened),
                    completed: Set(done),
                    quizzesPassed: Set(passed)
                )
            )
        }
        return result
    }

    /// Every exam start (its prerequisite) and progress read runs this: prepared once per
    /// connection, it skips PostgreSQL's parsing and planning (Benchmarks/README.md, the exam-start
    /// burst).
    struct Progress: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "learning.progress"
        static let sql = """
            SELECT e.course_id, e.enrolled_at, e.completed_at,
                   coalesce(array_agg(p.lesson_id) FILTER (WHERE p.lesson_id IS NOT NULL), '{}'),
                   coalesce(array_agg(p.lesson_id) FILTER (WHERE p.completed_at IS NOT NULL), '{}'),
                   coalesce((SELECT array_agg(DISTINCT a.quiz_id) FROM attempts a
                             WHERE a.learner_id = e.learner_id AND a.course_id = e.course_id AND a.passed), '{}')
            FROM enrollments e
            LEFT JOIN lesson_progress p ON p.learner_id = e.learner_id AND p.course_id = e.course_id
            WHERE e.learner_id = $1 AND ($2::text IS NULL OR e.course_id = $2)
            GROUP BY e.learner_id, e.course_id, e.enrolled_at, e.completed_at
            ORDER BY e.enrolled_at DESC, e.course_id
            """
        typealias Row = (String, Date, Date?, [String], [String], [String])
        var learnerID: UUID
        var courseID: String?

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            if let courseID { bindings.append(courseID) } else { bindings.appendNull() }
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Marks the course completed, once; returns whether this call did.
    public static func complete(learnerID: UUID, courseID: String, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool
    {
        try await !connection.run(
            """
            UPDATE enrollments SET completed_at = \(now)
            WHERE learner_id = \(learnerID) AND course_id = \(courseID) AND completed_at IS NULL RETURNING 1
            """,
            logger: logger
        ).collect().isEmpty
    }
}
