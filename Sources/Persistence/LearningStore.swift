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
        let levels = activity.level.withLowerLevels.map(\.rawValue)
        let day = VietnamCalendar.day(of: now)
        let year = VietnamCalendar.year(of: now)
        let bounds = AgeBand.lowerBounds
        let bands = AgeBand.allCases.map(\.rawValue)
        let memberships = MembershipReach.recordUpdate(
            level: activity.level,
            learner: "$1::uuid",
            now: "$4::timestamptz",
            day: "$5::date"
        )
        var query = PostgresQuery(
            unsafeSQL: """
                WITH activity AS (
                    INSERT INTO learner_activity (learner_id, kind, course_id, occurred_at, vn_day, channel)
                    VALUES ($1::uuid, $2::text, $3::text, $4::timestamptz, $5::date, $6::text)
                ), firsts AS (
                    INSERT INTO first_reach (learner_id, level, reached_at, vn_day, province_code, sex, age_band, groups, channel)
                    SELECT l.learner_id, level, $4::timestamptz, $5::date, l.province_code, l.sex,
                           CASE WHEN l.birth_year IS NULL THEN ($7::text[])[8]
                                ELSE ($7::text[])[1 + (SELECT count(*) FROM unnest($8::int[]) b WHERE $9::int - l.birth_year >= b)::int] END,
                           l.groups, $6::text
                    FROM learners l CROSS JOIN unnest($10::text[]) AS level
                    WHERE l.learner_id = $1::uuid
                    ON CONFLICT (learner_id, level) DO NOTHING
                    RETURNING level, groups
                )
                \(memberships)
                """
        )
        query.binds.append(learnerID)
        query.binds.append(activity.rawValue)
        query.binds.append(courseID)
        query.binds.append(now)
        query.binds.append(day)
        query.binds.append(channel)
        query.binds.append(bands)
        query.binds.append(bounds)
        query.binds.append(year)
        query.binds.append(levels)
        try await connection.run(query, logger: logger)
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
        let rows = try await connection.run(
            """
            SELECT e.course_id, e.enrolled_at, e.completed_at,
                   coalesce(array_agg(p.lesson_id) FILTER (WHERE p.lesson_id IS NOT NULL), '{}'),
                   coalesce(array_agg(p.lesson_id) FILTER (WHERE p.completed_at IS NOT NULL), '{}'),
                   coalesce((SELECT array_agg(DISTINCT a.quiz_id) FROM attempts a
                             WHERE a.learner_id = e.learner_id AND a.course_id = e.course_id AND a.passed), '{}')
            FROM enrollments e
            LEFT JOIN lesson_progress p ON p.learner_id = e.learner_id AND p.course_id = e.course_id
            WHERE e.learner_id = \(learnerID) AND (\(courseID)::text IS NULL OR e.course_id = \(courseID))
            GROUP BY e.learner_id, e.course_id, e.enrolled_at, e.completed_at
            ORDER BY e.enrolled_at DESC, e.course_id
            """,
            logger: logger
        )
        var result: [Enrollment] = []
        for try await (course, enrolled, completed, opened, done, passed) in rows.decode((String, Date, Date?, [String], [String], [String]).self) {
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
