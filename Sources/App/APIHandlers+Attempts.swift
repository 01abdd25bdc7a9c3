import APIContract
import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

extension APIHandlers {
    static let attemptClosed = Problem(.conflict, detail: LocalizedText(
        vi: "Bài làm đã kết thúc hoặc đã hết giờ.", en: "This attempt is closed or past its deadline."
    ))

    func attemptID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Problem(.notFound) }
        return id
    }

    func startAttempt(_ input: Operations.StartAttempt.Input) async throws -> Operations.StartAttempt.Output {
        let learner = try learner()
        let started = try await database.withTransaction { connection in
            guard let live = try await ContentStore.liveQuiz(input.path.quizId, on: connection, logger: logger) else { throw Problem(.notFound) }
            guard live.kind == .course else {
                throw Problem(.forbidden, detail: LocalizedText(
                    vi: "Bài thi chứng nhận được bắt đầu từ chương trình chứng nhận.",
                    en: "Certification exams are started through their certification programme."
                ))
            }
            return try await beginAttempt(live, learner: learner, on: connection) { previous, now in
                switch AttemptRules.startRefusal(quiz: live.quiz, closedAttempts: previous.compactMap(\.closedAt), totalAttempts: previous.count, now: now) {
                case .noAttemptsLeft:
                    throw Problem(.conflict, detail: LocalizedText(vi: "Bạn đã dùng hết số lần làm bài này.", en: "You have used all the attempts at this quiz."))
                case .coolingDown(let until):
                    throw Problem(
                        .conflict,
                        detail: LocalizedText(vi: "Hãy nghỉ một chút rồi làm lại bài này.", en: "Take a short break before trying this quiz again."),
                        retryAfterSeconds: max(1, Int(until.timeIntervalSince(now).rounded(.up)))
                    )
                case nil:
                    break
                }
            }
        }
        let body = AttemptPresentation(attempt: started.attempt, items: started.items, questions: started.questions, language: scope.language, catalog: catalog).document
        return started.created ? .created(.init(body: .json(body))) : .ok(.init(body: .json(body)))
    }

    struct Started {
        var attempt: AttemptStore.Attempt
        var items: [AttemptStore.Item]
        var questions: [String: Question]
        var created: Bool
    }

    /// Starts an attempt at `live`, or returns the learner's attempt still open on it. `admit`
    /// sees the earlier attempts and throws to refuse a new one.
    func beginAttempt(
        _ live: ContentStore.LiveQuiz, learner: Principal, on connection: PostgresConnection,
        admit: ([AttemptStore.Attempt], Date) throws -> Void
    ) async throws -> Started {
        let now = clock.now()
        let channel = scope.client
        // Starts by one learner on one quiz queue here, so limits hold under parallel starts.
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(learner.learnerID.uuidString + "|" + live.quiz.id)))", logger: logger)
        var previous = try await AttemptStore.attempts(learnerID: learner.learnerID, courseID: live.courseID, quizID: live.quiz.id, on: connection, logger: logger)
        for index in previous.indices where previous[index].isOpen {
            previous[index] = try await AttemptGrading.closeIfOverdue(previous[index], now: now, issuer: issuer, on: connection, logger: logger)
        }
        if let open = previous.first(where: \.isOpen) {
            let items = try await AttemptStore.items(learnerID: learner.learnerID, attemptID: open.id, on: connection, logger: logger)
            let questions = try await ContentStore.questions(courseID: open.courseID, versions: items.map { ($0.questionID, $0.questionVersion) }, on: connection, logger: logger)
            return Started(attempt: open, items: items, questions: questions, created: false)
        }
        try admit(previous, now)
        var fixedIDs: [String]?
        if case .fixed(let ids) = live.quiz.selection { fixedIDs = ids }
        let bank = try await ContentStore.questions(courseID: live.courseID, courseVersion: live.courseVersion, ids: fixedIDs, on: connection, logger: logger)
        let seed = Int64.random(in: Int64.min...Int64.max)
        let presented = try QuizAssembly.assemble(live.quiz, questions: bank.mapValues(\.question), seed: UInt64(bitPattern: seed))
        let attempt = AttemptStore.Attempt(
            learnerID: learner.learnerID, id: UUID(), courseID: live.courseID, quizID: live.quiz.id, quizVersion: live.quizVersion,
            seed: seed, startedAt: now, deadline: AttemptRules.deadline(startedAt: now, quiz: live.quiz)
        )
        try await AttemptStore.insert(attempt, items: presented.map { ($0.questionID, bank[$0.questionID]!.version, $0) }, on: connection, logger: logger)
        if live.kind == .course, try await LearningStore.enroll(learnerID: learner.learnerID, courseID: live.courseID, now: now, on: connection, logger: logger) {
            try await LearningStore.record(.enrolled, learnerID: learner.learnerID, courseID: live.courseID, now: now, channel: channel, on: connection, logger: logger)
        }
        try await LearningStore.record(.startedQuiz, learnerID: learner.learnerID, courseID: live.courseID, now: now, channel: channel, on: connection, logger: logger)
        let items = presented.enumerated().map { index, item in
            AttemptStore.Item(position: index, questionID: item.questionID, questionVersion: bank[item.questionID]!.version, presented: item, answer: nil, result: nil)
        }
        return Started(attempt: attempt, items: items, questions: bank.mapValues(\.question), created: true)
    }

    func getAttempt(_ input: Operations.GetAttempt.Input) async throws -> Operations.GetAttempt.Output {
        let learner = try principal()
        let id = try attemptID(input.path.attemptId)
        let now = clock.now()
        let (attempt, items, questions) = try await database.withTransaction { connection in
            guard var attempt = try await AttemptStore.attempt(learnerID: learner.learnerID, id: id, forUpdate: true, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            attempt = try await AttemptGrading.closeIfOverdue(attempt, now: now, issuer: issuer, on: connection, logger: logger)
            let items = try await AttemptStore.items(learnerID: learner.learnerID, attemptID: id, on: connection, logger: logger)
            let questions = try await ContentStore.questions(courseID: attempt.courseID, versions: items.map { ($0.questionID, $0.questionVersion) }, on: connection, logger: logger)
            return (attempt, items, questions)
        }
        return .ok(.init(body: .json(AttemptPresentation(attempt: attempt, items: items, questions: questions, language: scope.language, catalog: catalog).document)))
    }

    func saveAnswer(_ input: Operations.SaveAnswer.Input) async throws -> Operations.SaveAnswer.Output {
        // The access policy leaves the token to this operation's first statement
        // (`tokenCheckedByOperation`): a save costs two statements, not three.
        guard case .presented(let token) = scope.authentication else { throw Problem(.unauthorized) }
        let now = clock.now()
        let itemID = input.path.itemId
        var tokenChecked = false
        let answer: Answer
        do {
            guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
            let id = try attemptID(input.path.attemptId)
            answer = try Self.answer(from: form(body.additionalProperties))
            try await database.withConnection { connection in
                guard let target = try await AttemptStore.answerTarget(token: token, attemptID: id, questionID: itemID, now: now, on: connection, logger: logger) else {
                    throw Problem(.notFound)
                }
                tokenChecked = true
                guard target.attempt.isOpen, AttemptRules.acceptsAnswers(deadline: target.attempt.deadline, now: now) else { throw Self.attemptClosed }
                guard let question = try await ContentStore.question(
                    courseID: target.attempt.courseID, id: itemID, version: target.questionVersion, hash: target.questionHash, on: connection, logger: logger
                ) else {
                    throw Problem(.internalError)
                }
                if let problem = AnswerShape.problem(answer, for: question, presented: target.presented) {
                    throw Problem(.validation, errors: [FieldError(pointer: "", message: problem)])
                }
                guard try await AttemptStore.saveAnswer(learnerID: token.learnerID, attemptID: id, questionID: itemID, answer: answer, now: now, on: connection, logger: logger) else {
                    throw Self.attemptClosed
                }
            }
        } catch let problem as Problem where !tokenChecked {
            // Refused before the token was seen to be live: as where the access policy checks
            // it, a token that is not live answers 401 before the handler's other refusals (and a
            // 404 says nothing to a stranger).
            if try await TokenStore.authenticate(token, now: now, in: database) == nil { throw Problem(.unauthorized) }
            throw problem
        }
        return .ok(.init(body: .json(.init(itemId: itemID, answer: .init(answer), savedAt: now))))
    }

    /// Reads `{"optionIds": [...]}`, `{"order": [...]}`, `{"pairs": {...}}` or `{"text": "..."}`.
    static func answer(from form: [String: FormValue]) throws -> Answer {
        let invalid = Problem(.validation, errors: [FieldError(pointer: "", message: LocalizedText(
            vi: "Câu trả lời phải có đúng một trong các dạng optionIds, order, pairs hoặc text.",
            en: "An answer has exactly one of optionIds, order, pairs or text."
        ))])
        guard form.count == 1, let (key, value) = form.first else { throw invalid }
        func strings(_ value: FormValue) -> [String]? {
            guard case .array(let items) = value else { return nil }
            let strings = items.compactMap { item -> String? in if case .string(let s) = item { s } else { nil } }
            return strings.count == items.count ? strings : nil
        }
        switch (key, value) {
        case ("optionIds", let value): if let ids = strings(value) { return .options(ids) }
        case ("order", let value): if let ids = strings(value) { return .order(ids) }
        case ("pairs", .object(let pairs)):
            let mapped = pairs.compactMapValues { value -> String? in if case .string(let s) = value { s } else { nil } }
            if mapped.count == pairs.count { return .pairs(mapped) }
        case ("text", .string(let text)): return .text(text)
        default: break
        }
        throw Problem(.validation, errors: [FieldError(pointer: "/\(key)", message: LocalizedText(
            vi: "Giá trị không đúng dạng cho \(key).", en: "The value does not have the form \(key) takes."
        ))])
    }

    func submitAttempt(_ input: Operations.SubmitAttempt.Input) async throws -> Operations.SubmitAttempt.Output {
        let learner = try principal()
        let id = try attemptID(input.path.attemptId)
        let now = clock.now()
        let channel = scope.client
        // A late submit first closes the attempt as of its deadline, committed, and is then refused.
        let late = try await database.withTransaction { connection -> Bool in
            guard let attempt = try await AttemptStore.attempt(learnerID: learner.learnerID, id: id, forUpdate: true, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            if attempt.isOpen, !AttemptRules.acceptsSubmission(deadline: attempt.deadline, now: now) {
                _ = try await AttemptGrading.close(attempt, reason: "expired", closedAt: attempt.deadline ?? now, channel: channel, issuer: issuer, on: connection, logger: logger)
                return true
            }
            return attempt.closeReason == "expired"
        }
        if late {
            throw Problem(.conflict, detail: LocalizedText(
                vi: "Đã quá giờ nộp bài; bài làm được chấm với các câu trả lời đã lưu trước giờ kết thúc.",
                en: "The deadline has passed; the attempt was graded with the answers saved before it."
            ))
        }
        let language = scope.language
        let result = try await IdempotentWrite.perform(
            key: input.headers.idempotencyKey, callerID: learner.learnerID.uuidString, operation: "submitAttempt", input: id.uuidString,
            status: 200, database: database, clock: clock
        ) { connection -> Components.Schemas.AttemptResult in
            guard let attempt = try await AttemptStore.attempt(learnerID: learner.learnerID, id: id, forUpdate: true, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            let outcome: AttemptGrading.Outcome
            if attempt.isOpen {
                outcome = try await AttemptGrading.close(attempt, reason: "submitted", closedAt: now, channel: channel, issuer: issuer, on: connection, logger: logger)
            } else {
                // Already graded (a repeated or parallel submit): the same answer for every caller.
                let items = try await AttemptStore.items(learnerID: learner.learnerID, attemptID: id, on: connection, logger: logger)
                let questions = try await ContentStore.questions(courseID: attempt.courseID, versions: items.map { ($0.questionID, $0.questionVersion) }, on: connection, logger: logger)
                guard let quiz = try await ContentStore.quiz(courseID: attempt.courseID, quizID: attempt.quizID, version: attempt.quizVersion, on: connection, logger: logger) else {
                    throw Problem(.internalError)
                }
                outcome = AttemptGrading.Outcome(attempt: attempt, items: items, questions: questions, quiz: quiz)
            }
            return AttemptPresentation.result(outcome, language: language, now: now)
        }
        return .ok(.init(body: .json(result.output)))
    }

    func getAttemptReview(_ input: Operations.GetAttemptReview.Input) async throws -> Operations.GetAttemptReview.Output {
        let learner = try principal()
        let id = try attemptID(input.path.attemptId)
        let now = clock.now()
        let outcome = try await database.withTransaction { connection -> AttemptGrading.Outcome in
            guard var attempt = try await AttemptStore.attempt(learnerID: learner.learnerID, id: id, forUpdate: true, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            attempt = try await AttemptGrading.closeIfOverdue(attempt, now: now, issuer: issuer, on: connection, logger: logger)
            guard !attempt.isOpen else {
                throw Problem(.conflict, detail: LocalizedText(vi: "Hãy nộp bài trước khi xem lại.", en: "Submit the attempt before reviewing it."))
            }
            let items = try await AttemptStore.items(learnerID: learner.learnerID, attemptID: id, on: connection, logger: logger)
            let questions = try await ContentStore.questions(courseID: attempt.courseID, versions: items.map { ($0.questionID, $0.questionVersion) }, on: connection, logger: logger)
            guard let quiz = try await ContentStore.quiz(courseID: attempt.courseID, quizID: attempt.quizID, version: attempt.quizVersion, on: connection, logger: logger) else {
                throw Problem(.internalError)
            }
            return AttemptGrading.Outcome(attempt: attempt, items: items, questions: questions, quiz: quiz)
        }
        guard AttemptRules.reviewOpen(outcome.quiz.review, passed: outcome.attempt.passed ?? false, deadline: outcome.attempt.deadline, now: now) else {
            throw Problem(.forbidden, detail: LocalizedText(vi: "Bài này chưa cho xem lại.", en: "This quiz's review is not open."))
        }
        return .ok(.init(body: .json(AttemptPresentation.review(outcome, language: scope.language, now: now))))
    }
}
