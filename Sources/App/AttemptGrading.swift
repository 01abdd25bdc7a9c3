import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Grades and closes attempts: on submit, when read after the deadline, and by the closing job.
enum AttemptGrading {
    struct Outcome {
        var attempt: AttemptStore.Attempt
        var items: [AttemptStore.Item]
        var questions: [String: Question]
        var quiz: Quiz
    }

    /// Grades the attempt against the exact versions it showed and closes it, in the caller's
    /// transaction (the attempt row must be locked). A pass that completes the course records that.
    static func close(
        _ attempt: AttemptStore.Attempt, reason: String, closedAt: Date, channel: String?, issuer: CertificateIssuer,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Outcome {
        let items = try await AttemptStore.items(learnerID: attempt.learnerID, attemptID: attempt.id, on: connection, logger: logger)
        let questions = try await ContentStore.questions(
            courseID: attempt.courseID, versions: items.map { ($0.questionID, $0.questionVersion) }, on: connection, logger: logger
        )
        guard let quiz = try await ContentStore.quiz(courseID: attempt.courseID, quizID: attempt.quizID, version: attempt.quizVersion, on: connection, logger: logger) else {
            throw Problem(.internalError)
        }
        let results = items.map { item in
            questions[item.questionID].map { Scoring.score(item.answer, key: $0.key) } ?? .zero
        }
        let score = Scoring.attemptScore(results)
        let passed = Scoring.passes(score: score, passMark: quiz.passMark)
        try await AttemptStore.close(attempt, results: results, score: score, passed: passed, reason: reason, closedAt: closedAt, on: connection, logger: logger)
        var closed = attempt
        closed.closedAt = closedAt
        closed.closeReason = reason
        closed.score = score
        closed.passed = passed
        var gradedItems = items
        for index in gradedItems.indices { gradedItems[index].result = results[index] }
        if passed {
            try await CourseCompletion.check(learnerID: attempt.learnerID, courseID: attempt.courseID, now: closedAt, channel: channel, on: connection, logger: logger)
            let graded = zip(items, results).compactMap { item, result in questions[item.questionID].map { ($0.competency, result.earned) } }
            try await issuer.issue(for: closed, results: graded, closedAt: closedAt, channel: channel, on: connection, logger: logger)
        }
        logger.info("attempt closed", metadata: ["attempt": "\(attempt.id)", "reason": "\(reason)", "passed": "\(passed)"])
        return Outcome(attempt: closed, items: gradedItems, questions: questions, quiz: quiz)
    }

    /// Closes an open attempt whose deadline has passed, as of that deadline: what was saved by
    /// then is graded. Returns the attempt as it now stands.
    static func closeIfOverdue(
        _ attempt: AttemptStore.Attempt, now: Date, issuer: CertificateIssuer, on connection: PostgresConnection, logger: Logger
    ) async throws -> AttemptStore.Attempt {
        guard attempt.isOpen, let deadline = attempt.deadline, !AttemptRules.acceptsSubmission(deadline: deadline, now: now) else { return attempt }
        return try await close(attempt, reason: "expired", closedAt: deadline, channel: nil, issuer: issuer, on: connection, logger: logger).attempt
    }
}

/// The course completion rule, applied when a lesson is completed or a quiz passed.
enum CourseCompletion {
    static func check(learnerID: UUID, courseID: String, now: Date, channel: String?, on connection: PostgresConnection, logger: Logger) async throws {
        guard let (_, manifest) = try await ContentStore.liveManifest(courseID, on: connection, logger: logger), manifest.pack.kind == .course,
            let progress = try await LearningStore.progress(learnerID: learnerID, courseID: courseID, on: connection, logger: logger).first,
            progress.completedAt == nil,
            manifest.pack.completion.isMet(lessons: manifest.pack.lessons.map(\.id), completed: progress.completed, passedQuizzes: progress.quizzesPassed)
        else { return }
        if try await LearningStore.complete(learnerID: learnerID, courseID: courseID, now: now, on: connection, logger: logger) {
            try await LearningStore.record(.completedCourse, learnerID: learnerID, courseID: courseID, now: now, channel: channel, on: connection, logger: logger)
        }
    }
}
