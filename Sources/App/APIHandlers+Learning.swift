import APIContract
import Domain
import Foundation
import Persistence
import Services

extension APIHandlers {
    func enroll(_ input: Operations.Enroll.Input) async throws -> Operations.Enroll.Output {
        let courseID = input.path.courseId
        let (created, progress) = try await services.learning.enroll(try learner(), courseID: courseID, channel: scope.client)
        let body = Components.Schemas.Enrollment(
            courseId: courseID,
            enrolledAt: progress.enrolledAt,
            completed: progress.completedAt != nil,
            completedAt: progress.completedAt
        )
        return created ? .created(.init(body: .json(body))) : .ok(.init(body: .json(body)))
    }

    func listEnrollments(_ input: Operations.ListEnrollments.Input) async throws -> Operations.ListEnrollments.Output {
        let items = try await services.learning.enrollments(try principal())
        return .ok(.init(body: .json(.init(items: items.map { .init($0.progress, lessonCount: $0.lessonCount) }, nextCursor: nil))))
    }

    func setLessonProgress(_ input: Operations.SetLessonProgress.Input) async throws -> Operations.SetLessonProgress.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let learner = try learner()
        var reader = FormReader(form(body))
        let status = reader.require(reader.string("status"), "status")
        if let status, status != "opened", status != "completed" {
            reader.fail("status", LocalizedText(vi: "Trạng thái phải là opened hoặc completed.", en: "The status must be opened or completed."))
        }
        guard reader.errors.isEmpty, let status else { throw Problem(.validation, errors: reader.errors) }
        let result = try await services.learning.setLessonProgress(
            learner,
            courseID: input.path.courseId,
            lessonID: input.path.lessonId,
            completed: status == "completed",
            channel: scope.client
        )
        return .ok(.init(body: .json(.init(result.progress, lessonCount: result.lessonCount))))
    }

    func getCourseProgress(_ input: Operations.GetCourseProgress.Input) async throws -> Operations.GetCourseProgress.Output {
        let result = try await services.learning.courseProgress(try principal(), courseID: input.path.courseId)
        return .ok(.init(body: .json(.init(result.progress, lessonCount: result.lessonCount))))
    }
}

extension Components.Schemas.CourseProgress {
    init(_ progress: Enrollment, lessonCount: Int) {
        self.init(
            courseId: progress.courseID,
            enrolledAt: progress.enrolledAt,
            completed: progress.completedAt != nil,
            completedAt: progress.completedAt,
            lessonCount: lessonCount,
            lessonsCompleted: progress.completed.count,
            lessons: progress.opened.sorted().map { .init(lessonId: $0, status: progress.completed.contains($0) ? .completed : .opened) },
            quizzesPassed: progress.quizzesPassed.sorted()
        )
    }
}
