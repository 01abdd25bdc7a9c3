import APIContract
import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

extension APIHandlers {
    /// A signed-in learner who may learn: under-16s wait for their guardian's consent.
    func learner() throws -> Principal {
        let principal = try principal()
        guard !principal.guardianPending else {
            throw Problem(.forbidden, detail: LocalizedText(
                vi: "Cần cha mẹ hoặc người giám hộ xác nhận đồng ý trước khi bắt đầu học.",
                en: "A parent or guardian needs to confirm their consent before learning starts."
            ))
        }
        return principal
    }

    /// The live course's manifest, or 404 (certification programmes are not courses).
    func liveCourse(_ courseID: String, on connection: PostgresConnection) async throws -> CourseManifest {
        guard let (_, manifest) = try await ContentStore.liveManifest(courseID, on: connection, logger: logger), manifest.pack.kind == .course else {
            throw Problem(.notFound)
        }
        return manifest
    }

    func enroll(_ input: Operations.Enroll.Input) async throws -> Operations.Enroll.Output {
        let learner = try learner()
        let now = clock.now()
        let channel = scope.client
        let courseID = input.path.courseId
        let (created, progress) = try await database.withTransaction { connection in
            _ = try await liveCourse(courseID, on: connection)
            let created = try await LearningStore.enroll(learnerID: learner.learnerID, courseID: courseID, now: now, on: connection, logger: logger)
            if created {
                try await LearningStore.record(.enrolled, learnerID: learner.learnerID, courseID: courseID, now: now, channel: channel, on: connection, logger: logger)
            }
            let progress = try await LearningStore.progress(learnerID: learner.learnerID, courseID: courseID, on: connection, logger: logger).first
            return (created, progress)
        }
        guard let progress else { throw Problem(.internalError) }
        let body = Components.Schemas.Enrollment(courseId: courseID, enrolledAt: progress.enrolledAt, completed: progress.completedAt != nil, completedAt: progress.completedAt)
        return created ? .created(.init(body: .json(body))) : .ok(.init(body: .json(body)))
    }

    func listEnrollments(_ input: Operations.ListEnrollments.Input) async throws -> Operations.ListEnrollments.Output {
        let learner = try principal()
        let items = try await database.withConnection { connection in
            var items: [Components.Schemas.CourseProgress] = []
            for progress in try await LearningStore.progress(learnerID: learner.learnerID, on: connection, logger: logger) {
                let lessonCount = try await ContentStore.liveManifest(progress.courseID, on: connection, logger: logger)?.manifest.pack.lessons.count ?? 0
                items.append(.init(progress, lessonCount: lessonCount))
            }
            return items
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: nil))))
    }

    func setLessonProgress(_ input: Operations.SetLessonProgress.Input) async throws -> Operations.SetLessonProgress.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let learner = try learner()
        var reader = FormReader(try form(body))
        let status = reader.require(reader.string("status"), "status")
        if let status, status != "opened", status != "completed" {
            reader.fail("status", LocalizedText(vi: "Trạng thái phải là opened hoặc completed.", en: "The status must be opened or completed."))
        }
        guard reader.errors.isEmpty, let status else { throw Problem(.validation, errors: reader.errors) }
        let now = clock.now()
        let channel = scope.client
        let courseID = input.path.courseId
        let lessonID = input.path.lessonId
        let (progress, lessonCount) = try await database.withTransaction { connection in
            let manifest = try await liveCourse(courseID, on: connection)
            guard manifest.pack.lessons.contains(where: { $0.id == lessonID }) else { throw Problem(.notFound) }
            if try await LearningStore.enroll(learnerID: learner.learnerID, courseID: courseID, now: now, on: connection, logger: logger) {
                try await LearningStore.record(.enrolled, learnerID: learner.learnerID, courseID: courseID, now: now, channel: channel, on: connection, logger: logger)
            }
            let change = try await LearningStore.progress(
                learnerID: learner.learnerID, courseID: courseID, lessonID: lessonID, completed: status == "completed", now: now,
                on: connection, logger: logger
            )
            if change.opened {
                try await LearningStore.record(.openedLesson, learnerID: learner.learnerID, courseID: courseID, now: now, channel: channel, on: connection, logger: logger)
            }
            if change.completed {
                try await LearningStore.record(.completedLesson, learnerID: learner.learnerID, courseID: courseID, now: now, channel: channel, on: connection, logger: logger)
                try await CourseCompletion.check(learnerID: learner.learnerID, courseID: courseID, now: now, channel: channel, on: connection, logger: logger)
            }
            let progress = try await LearningStore.progress(learnerID: learner.learnerID, courseID: courseID, on: connection, logger: logger).first
            return (progress, manifest.pack.lessons.count)
        }
        guard let progress else { throw Problem(.internalError) }
        return .ok(.init(body: .json(.init(progress, lessonCount: lessonCount))))
    }

    func getCourseProgress(_ input: Operations.GetCourseProgress.Input) async throws -> Operations.GetCourseProgress.Output {
        let learner = try principal()
        let courseID = input.path.courseId
        let (progress, lessonCount) = try await database.withConnection { connection in
            let count = try await ContentStore.liveManifest(courseID, on: connection, logger: logger)?.manifest.pack.lessons.count ?? 0
            return (try await LearningStore.progress(learnerID: learner.learnerID, courseID: courseID, on: connection, logger: logger).first, count)
        }
        guard let progress else { throw Problem(.notFound, detail: LocalizedText(vi: "Bạn chưa ghi danh khóa học này.", en: "You are not enrolled in this course.")) }
        return .ok(.init(body: .json(.init(progress, lessonCount: lessonCount))))
    }
}

extension Components.Schemas.CourseProgress {
    init(_ progress: LearningStore.Progress, lessonCount: Int) {
        self.init(
            courseId: progress.courseID, enrolledAt: progress.enrolledAt, completed: progress.completedAt != nil,
            completedAt: progress.completedAt, lessonCount: lessonCount, lessonsCompleted: progress.completed.count,
            lessons: progress.opened.sorted().map { .init(lessonId: $0, status: progress.completed.contains($0) ? .completed : .opened) },
            quizzesPassed: progress.quizzesPassed.sorted()
        )
    }
}
