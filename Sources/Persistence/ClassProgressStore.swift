import Domain
import Foundation
import Logging
import PostgresNIO

/// What a class's members did in the courses and programme it follows: counts over the current
/// members, and the rows of those who let the class's managers see their own progress.
///
/// Only enrollments, completions, pass marks and certificates are read: never an answer or a key.
public enum ClassProgressStore {
    public static func progress(of cohort: Cohort, on connection: PostgresConnection, logger: Logger) async throws -> ClassProgress {
        let courses = cohort.details.courseIDs
        let program = cohort.details.programID
        let totals =
            try await connection.run(
                """
                WITH members AS (
                    SELECT learner_id FROM class_memberships WHERE class_id = \(cohort.id) AND left_at IS NULL
                )
                SELECT
                    (SELECT count(*) FROM members)::integer,
                    (SELECT count(*) FROM members m
                     WHERE EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = m.learner_id AND e.course_id = ANY(\(courses)::text[]))
                        OR EXISTS (SELECT 1 FROM attempts a WHERE a.learner_id = m.learner_id AND a.course_id = \(program)))::integer,
                    (SELECT count(*) FROM members m
                     WHERE EXISTS (SELECT 1 FROM attempts a WHERE a.learner_id = m.learner_id AND a.course_id = ANY(\(courses)::text[])
                                      AND a.passed))::integer,
                    (SELECT count(*) FROM members m
                     WHERE EXISTS (SELECT 1 FROM certificates c WHERE c.learner_id = m.learner_id
                                      AND (\(program)::text IS NULL OR c.program_id = \(program))))::integer
                """,
                logger: logger
            ).collect().first?.decode((Int, Int, Int, Int).self) ?? (0, 0, 0, 0)

        var perCourse: [String: ClassProgress.CourseCounts] = [:]
        for try await (courseID, enrolled, completed) in try await connection.run(
            """
            SELECT e.course_id, count(*)::integer, count(e.completed_at)::integer
            FROM class_memberships m JOIN enrollments e ON e.learner_id = m.learner_id
            WHERE m.class_id = \(cohort.id) AND m.left_at IS NULL AND e.course_id = ANY(\(courses)::text[])
            GROUP BY e.course_id
            """,
            logger: logger
        ).decode((String, Int, Int).self) {
            perCourse[courseID] = ClassProgress.CourseCounts(courseID: courseID, enrolled: enrolled, completed: completed)
        }

        var members: [MemberProgress] = []
        for try await (learnerID, name, joinedAt, enrolled, completed, passed, certified) in try await connection.run(
            """
            SELECT m.learner_id, l.display_name, m.joined_at,
                   ARRAY(SELECT e.course_id FROM enrollments e
                         WHERE e.learner_id = m.learner_id AND e.course_id = ANY(\(courses)::text[]) ORDER BY e.course_id),
                   ARRAY(SELECT e.course_id FROM enrollments e
                         WHERE e.learner_id = m.learner_id AND e.course_id = ANY(\(courses)::text[]) AND e.completed_at IS NOT NULL
                         ORDER BY e.course_id),
                   (SELECT count(DISTINCT a.course_id || '/' || a.quiz_id) FROM attempts a
                    WHERE a.learner_id = m.learner_id AND a.course_id = ANY(\(courses)::text[]) AND a.passed)::integer,
                   EXISTS (SELECT 1 FROM certificates c WHERE c.learner_id = m.learner_id
                              AND (\(program)::text IS NULL OR c.program_id = \(program)))
            FROM class_memberships m JOIN learners l ON l.learner_id = m.learner_id
            WHERE m.class_id = \(cohort.id) AND m.left_at IS NULL AND l.erased_at IS NULL
              AND (SELECT lc.granted FROM learner_consents lc WHERE lc.learner_id = m.learner_id AND lc.purpose = 'organisation'
                   ORDER BY lc.consent_id DESC LIMIT 1) IS TRUE
            ORDER BY m.joined_at, m.learner_id
            """,
            logger: logger
        ).decode((UUID, String?, Date, [String], [String], Int, Bool).self) {
            members.append(
                MemberProgress(
                    learnerID: learnerID,
                    displayName: name,
                    joinedAt: joinedAt,
                    coursesEnrolled: enrolled,
                    coursesCompleted: completed,
                    practiceQuizzesPassed: passed,
                    certified: certified
                )
            )
        }
        return ClassProgress(
            classID: cohort.id,
            joined: totals.0,
            started: totals.1,
            courses: courses.map { perCourse[$0] ?? ClassProgress.CourseCounts(courseID: $0, enrolled: 0, completed: 0) },
            passedPracticeQuiz: totals.2,
            certified: totals.3,
            members: members
        )
    }

    /// Records that `readerID` read these people's progress in the class: one row per person.
    public static func recordReads(
        of learnerIDs: [UUID],
        classID: UUID,
        readerID: UUID,
        what: String,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !learnerIDs.isEmpty else { return }
        try await connection.run(
            """
            INSERT INTO progress_reads (reader_id, learner_id, class_id, what, read_at)
            SELECT \(readerID), learner_id, \(classID), \(what), \(now) FROM unnest(\(learnerIDs)::uuid[]) AS r(learner_id)
            """,
            logger: logger
        )
    }

    /// Every recorded read of `learnerID`'s progress, oldest first; who read it is the reader's
    /// own data and is left out.
    public static func reads(of learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [ProgressReadRecord] {
        var reads: [ProgressReadRecord] = []
        for try await (classID, what, at) in try await connection.run(
            "SELECT class_id, what, read_at FROM progress_reads WHERE learner_id = \(learnerID) ORDER BY read_at, read_id",
            logger: logger
        ).decode((UUID, String, Date).self) {
            reads.append(ProgressReadRecord(classID: classID, what: what, readAt: at))
        }
        return reads
    }
}
