import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Enrolment and lesson progress; a course's completion is recorded where it happens.
public struct LearningService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// A learner's progress on a course, with the live version's lesson count.
    public struct CourseProgress: Sendable {
        public var progress: Enrollment
        public var lessonCount: Int
    }

    /// The live course's manifest, or not found (certification programmes are not courses).
    static func liveCourse(_ courseID: String, on connection: PostgresConnection, logger: Logger) async throws -> CourseManifest {
        guard let (_, manifest) = try await ContentStore.liveManifest(courseID, on: connection, logger: logger), manifest.pack.kind == .course else {
            throw Refusal(.notFound)
        }
        return manifest
    }

    /// Enrols the learner (once); says whether this call created the enrolment.
    public func enroll(_ learner: Learner, courseID: String, channel: String?) async throws -> (created: Bool, progress: Enrollment) {
        let now = context.clock.now()
        let (created, progress) = try await database.withTransaction { connection in
            _ = try await Self.liveCourse(courseID, on: connection, logger: logger)
            let created = try await Self.enrollOnce(
                learnerID: learner.id,
                courseID: courseID,
                now: now,
                channel: channel,
                context: context,
                on: connection
            )
            return (created, try await LearningStore.progress(learnerID: learner.id, courseID: courseID, on: connection, logger: logger).first)
        }
        guard let progress else { throw Refusal(.internalError) }
        return (created, progress)
    }

    /// Every course the learner is enrolled in, with progress.
    public func enrollments(_ principal: Principal) async throws -> [CourseProgress] {
        try await database.withConnection { connection in
            try await Self.progressWithLessonCounts(learnerID: principal.learnerID, on: connection, logger: logger)
        }
    }

    static func progressWithLessonCounts(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [CourseProgress] {
        let enrollments = try await LearningStore.progress(learnerID: learnerID, on: connection, logger: logger)
        let manifests = enrollments.isEmpty ? [:] : try await ContentStore.liveManifests(on: connection, logger: logger)
        return enrollments.map { CourseProgress(progress: $0, lessonCount: manifests[$0.courseID]?.pack.lessons.count ?? 0) }
    }

    /// Marks a lesson opened or completed (enrolling first where needed); completing the last
    /// lesson the course asks for completes the course.
    public func setLessonProgress(
        _ learner: Learner,
        courseID: String,
        lessonID: String,
        completed: Bool,
        channel: String?
    ) async throws -> CourseProgress {
        let now = context.clock.now()
        let (progress, lessonCount) = try await database.withTransaction { connection in
            let manifest = try await Self.liveCourse(courseID, on: connection, logger: logger)
            guard manifest.pack.lessons.contains(where: { $0.id == lessonID }) else { throw Refusal(.notFound) }
            try await Self.enrollOnce(learnerID: learner.id, courseID: courseID, now: now, channel: channel, context: context, on: connection)
            let change = try await LearningStore.progress(
                learnerID: learner.id,
                courseID: courseID,
                lessonID: lessonID,
                completed: completed,
                now: now,
                on: connection,
                logger: logger
            )
            // Each new step is an activity row (reach) and, with a learning record store, a statement.
            func record(_ activity: Activity, _ event: LearningEvent) async throws {
                try await LearningStore.record(
                    activity,
                    learnerID: learner.id,
                    courseID: courseID,
                    now: now,
                    channel: channel,
                    on: connection,
                    logger: logger
                )
                try await context.statements.add([event], learnerID: learner.id, at: now, random: context.random, on: connection, logger: logger)
            }
            if change.opened {
                try await record(.openedLesson, .openedLesson(courseID: courseID, lessonID: lessonID))
            }
            if change.completed {
                try await record(.completedLesson, .completedLesson(courseID: courseID, lessonID: lessonID))
                try await Self.checkCompletion(
                    learnerID: learner.id,
                    courseID: courseID,
                    now: now,
                    channel: channel,
                    context: context,
                    on: connection
                )
            }
            let progress = try await LearningStore.progress(learnerID: learner.id, courseID: courseID, on: connection, logger: logger).first
            return (progress, manifest.pack.lessons.count)
        }
        guard let progress else { throw Refusal(.internalError) }
        return CourseProgress(progress: progress, lessonCount: lessonCount)
    }

    /// The learner's progress on one course; not found when not enrolled.
    public func courseProgress(_ principal: Principal, courseID: String) async throws -> CourseProgress {
        let (progress, lessonCount) = try await database.withConnection { connection in
            let count = try await ContentStore.liveManifest(courseID, on: connection, logger: logger)?.manifest.pack.lessons.count ?? 0
            return (try await LearningStore.progress(learnerID: principal.learnerID, courseID: courseID, on: connection, logger: logger).first, count)
        }
        guard let progress else {
            throw Refusal(.notFound, detail: LocalizedText(vi: "Bạn chưa ghi danh khóa học này.", en: "You are not enrolled in this course."))
        }
        return CourseProgress(progress: progress, lessonCount: lessonCount)
    }

    /// Enrols the learner in the caller's transaction unless they already are, recording the
    /// enrolment as learning activity (and first reach, and a statement) when it is new; says
    /// whether it was.
    @discardableResult
    static func enrollOnce(
        learnerID: UUID,
        courseID: String,
        now: Date,
        channel: String?,
        context: ServiceContext,
        on connection: PostgresConnection
    ) async throws -> Bool {
        let logger = context.logger
        guard try await LearningStore.enroll(learnerID: learnerID, courseID: courseID, now: now, on: connection, logger: logger) else { return false }
        try await LearningStore.record(
            .enrolled,
            learnerID: learnerID,
            courseID: courseID,
            now: now,
            channel: channel,
            on: connection,
            logger: logger
        )
        try await context.statements.add(
            [.enrolled(courseID: courseID)],
            learnerID: learnerID,
            at: now,
            random: context.random,
            on: connection,
            logger: logger
        )
        return true
    }

    /// Applies the course's completion rule, when a lesson is completed or a quiz passed, in the
    /// caller's transaction.
    static func checkCompletion(
        learnerID: UUID,
        courseID: String,
        now: Date,
        channel: String?,
        context: ServiceContext,
        on connection: PostgresConnection
    ) async throws {
        let logger = context.logger
        guard let (_, manifest) = try await ContentStore.liveManifest(courseID, on: connection, logger: logger), manifest.pack.kind == .course,
            let progress = try await LearningStore.progress(learnerID: learnerID, courseID: courseID, on: connection, logger: logger).first,
            progress.completedAt == nil,
            manifest.pack.completion.isMet(
                lessons: manifest.pack.lessons.map(\.id),
                completed: progress.completed,
                passedQuizzes: progress.quizzesPassed
            )
        else { return }
        if try await LearningStore.complete(learnerID: learnerID, courseID: courseID, now: now, on: connection, logger: logger) {
            try await LearningStore.record(
                .completedCourse,
                learnerID: learnerID,
                courseID: courseID,
                now: now,
                channel: channel,
                on: connection,
                logger: logger
            )
            try await context.statements.add(
                [.completedCourse(courseID: courseID)],
                learnerID: learnerID,
                at: now,
                random: context.random,
                on: connection,
                logger: logger
            )
        }
    }
}
