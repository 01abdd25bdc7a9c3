import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Grading and closing: on submit, when an attempt is read after its deadline, and by the job
/// that closes abandoned attempts.
extension AttemptService {
    /// Grades the attempt against the exact versions it showed and closes it, in the caller's
    /// transaction (the attempt row must be locked). A pass that completes the course records
    /// that; a passed exam issues its certificate in the same transaction.
    func close(
        _ attempt: Attempt,
        reason: Attempt.CloseReason,
        closedAt: Date,
        channel: String?,
        on connection: PostgresConnection
    ) async throws -> Graded {
        let stored = try await Self.graded(attempt, on: connection, logger: logger)
        let results = stored.items.map { item in
            stored.questions[item.questionID].map { Scoring.score(item.answer, key: $0.key) } ?? .zero
        }
        let score = Scoring.attemptScore(results)
        let passed = Scoring.passes(score: score, passMark: stored.quiz.passMark)
        try await AttemptStore.close(
            attempt,
            results: results,
            score: score,
            passed: passed,
            reason: reason,
            closedAt: closedAt,
            on: connection,
            logger: logger
        )
        let closed = attempt.closed(reason: reason, at: closedAt, score: score, passed: passed)
        var gradedItems = stored.items
        for index in gradedItems.indices { gradedItems[index].result = results[index] }
        try await queueStatements(
            attempt,
            items: gradedItems,
            questions: stored.questions,
            score: score,
            passed: passed,
            closedAt: closedAt,
            on: connection
        )
        if passed {
            try await LearningService.checkCompletion(
                learnerID: attempt.learnerID,
                courseID: attempt.courseID,
                now: closedAt,
                channel: channel,
                context: context,
                on: connection
            )
            let graded = zip(stored.items, results).compactMap { item, result in
                stored.questions[item.questionID].map { ($0.competency, result.earned) }
            }
            try await issuer.issue(
                for: closed,
                results: graded,
                closedAt: closedAt,
                channel: channel,
                random: context.random,
                statements: context.statements,
                on: connection,
                logger: logger
            )
        }
        logger.info("attempt closed", metadata: ["attempt": "\(attempt.id)", "reason": "\(reason.rawValue)", "passed": "\(passed)"])
        return Graded(attempt: closed, items: gradedItems, questions: stored.questions, quiz: stored.quiz)
    }

    /// Queues the closed attempt's statements: one per answered item (never one per save) and
    /// its grade. Each answered item's statement says how it scored, not what was answered.
    private func queueStatements(
        _ attempt: Attempt,
        items: [Attempt.Item],
        questions: [String: Question],
        score: Double,
        passed: Bool,
        closedAt: Date,
        on connection: PostgresConnection
    ) async throws {
        guard context.statements.isOn else { return }
        let kind = try await ContentStore.liveManifest(attempt.courseID, on: connection, logger: logger)?.manifest.pack.kind
        let ref = LearningEvent.AttemptRef(attemptID: attempt.id, quizID: attempt.quizID, courseID: attempt.courseID, exam: kind == .certification)
        var events: [LearningEvent] = items.compactMap { item in
            guard item.answer != nil, let question = questions[item.questionID], let result = item.result else { return nil }
            return .answered(LearningEvent.Answer(attempt: ref, questionID: item.questionID, type: question.type, result: result))
        }
        events.append(.graded(LearningEvent.Grade(attempt: ref, score: score, passed: passed, itemCount: items.count)))
        try await context.statements.add(events, learnerID: attempt.learnerID, at: closedAt, random: context.random, on: connection, logger: logger)
    }

    /// Closes an open attempt whose deadline has passed, as of that deadline: what was saved by
    /// then is graded. Returns the attempt as it now stands.
    func closeIfOverdue(_ attempt: Attempt, now: Date, on connection: PostgresConnection) async throws -> Attempt {
        guard attempt.isOpen, let deadline = attempt.deadline, !AttemptRules.acceptsSubmission(deadline: deadline, now: now) else { return attempt }
        return try await close(attempt, reason: .expired, closedAt: deadline, channel: nil, on: connection).attempt
    }

    /// Closes attempts whose deadline and grace have passed, as of their deadline, so that an
    /// abandoned exam is graded with what was saved in time even if nobody reads it again.
    /// Each in its own transaction; returns how many were closed.
    @discardableResult
    public func closeOverdue(limit: Int = 200) async throws -> Int {
        let now = context.clock.now()
        let overdue = try await database.withConnection { connection in
            try await AttemptStore.overdue(now: now, limit: limit, on: connection, logger: logger)
        }
        for (learnerID, attemptID) in overdue {
            try await database.withTransaction { connection in
                guard
                    let attempt = try await AttemptStore.lockedAttempt(learnerID: learnerID, id: attemptID, on: connection, logger: logger)
                else { return }
                _ = try await closeIfOverdue(attempt, now: now, on: connection)
            }
        }
        return overdue.count
    }
}
