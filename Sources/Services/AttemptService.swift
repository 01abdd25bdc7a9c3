import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// The attempt engine, shared by practice quizzes and certification exams: start, read, submit
/// and review. Answer save is in `AnswerSave.swift`; grading in `AttemptService+Grading.swift`.
public struct AttemptService: Sendable {
    let context: ServiceContext
    let issuer: CertificateIssuer

    public init(context: ServiceContext, issuer: CertificateIssuer) {
        self.context = context
        self.issuer = issuer
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    static let closed = Refusal(
        .conflict,
        detail: LocalizedText(vi: "Bài làm đã kết thúc hoặc đã hết giờ.", en: "This attempt is closed or past its deadline.")
    )

    /// An attempt as shown to its learner: the items in their drawn order, with the exact
    /// question versions they showed.
    public struct Shown: Sendable {
        public var attempt: Attempt
        public var items: [Attempt.Item]
        public var questions: [String: Question]
        /// Whether this call started it (false: the learner's open attempt, returned again).
        public var created: Bool
    }

    /// A closed attempt with what grading it needs and showed: its items, their question
    /// versions and the quiz version.
    public struct Graded: Sendable {
        public var attempt: Attempt
        public var items: [Attempt.Item]
        public var questions: [String: Question]
        public var quiz: Quiz
    }

    /// Ids in paths are UUIDs; anything else names no attempt.
    static func attemptID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Refusal(.notFound) }
        return id
    }

    /// Starts a practice quiz, or returns the learner's attempt still open on it.
    public func startQuiz(_ learner: Learner, quizID: String, channel: String?) async throws -> Shown {
        try await database.withTransaction { connection in
            guard let live = try await ContentStore.liveQuiz(quizID, on: connection, logger: logger) else { throw Refusal(.notFound) }
            guard live.kind == .course else {
                throw Refusal(
                    .forbidden,
                    detail: LocalizedText(
                        vi: "Bài thi chứng nhận được bắt đầu từ chương trình chứng nhận.",
                        en: "Certification exams are started through their certification programme."
                    )
                )
            }
            return try await begin(live, learner: learner, channel: channel, on: connection) { previous, now in
                switch AttemptRules.startRefusal(
                    quiz: live.quiz,
                    closedAttempts: previous.compactMap(\.closedAt),
                    totalAttempts: previous.count,
                    now: now
                ) {
                case .noAttemptsLeft:
                    throw Refusal(
                        .conflict,
                        detail: LocalizedText(vi: "Bạn đã dùng hết số lần làm bài này.", en: "You have used all the attempts at this quiz.")
                    )
                case .coolingDown(let until):
                    throw Refusal(
                        .conflict,
                        detail: LocalizedText(vi: "Hãy nghỉ một chút rồi làm lại bài này.", en: "Take a short break before trying this quiz again."),
                        retryAfterSeconds: max(1, Int(until.timeIntervalSince(now).rounded(.up)))
                    )
                case nil:
                    break
                }
            }
        }
    }

    /// Starts an attempt at `live`, or returns the learner's attempt still open on it. `admit`
    /// sees the earlier attempts and throws to refuse a new one.
    func begin(
        _ live: ContentStore.LiveQuiz,
        learner: Learner,
        channel: String?,
        on connection: PostgresConnection,
        admit: ([Attempt], Date) throws -> Void
    ) async throws -> Shown {
        let now = context.clock.now()
        // Starts by one learner on one quiz queue here, so limits hold under parallel starts.
        try await AttemptStore.serializeStarts(learnerID: learner.id, quizID: live.quiz.id, on: connection, logger: logger)
        var previous = try await AttemptStore.attempts(
            learnerID: learner.id,
            courseID: live.courseID,
            quizID: live.quiz.id,
            on: connection,
            logger: logger
        )
        for index in previous.indices where previous[index].isOpen {
            previous[index] = try await closeIfOverdue(previous[index], now: now, on: connection)
        }
        if let open = previous.first(where: \.isOpen) {
            let items = try await AttemptStore.items(learnerID: learner.id, attemptID: open.id, on: connection, logger: logger)
            let questions = try await ContentStore.questions(
                courseID: open.courseID,
                versions: items.map { ($0.questionID, $0.questionVersion) },
                on: connection,
                logger: logger
            )
            return Shown(attempt: open, items: items, questions: questions, created: false)
        }
        try admit(previous, now)
        var fixedIDs: [String]?
        if case .fixed(let ids) = live.quiz.selection { fixedIDs = ids }
        let bank = try await ContentStore.questions(
            courseID: live.courseID,
            courseVersion: live.courseVersion,
            ids: fixedIDs,
            banks: database.questionBanks,
            on: connection,
            logger: logger
        )
        // Only a timed quiz has a deadline to lengthen: untimed ones skip the read.
        let accommodation =
            live.quiz.timeLimitMinutes == nil
            ? nil : try await AccommodationStore.accommodation(learnerID: learner.id, on: connection, logger: logger)
        let seed = context.random.next()
        let presented = try QuizAssembly.assemble(live.quiz, bank: bank.arranged, seed: seed)
        let attempt = Attempt(
            learnerID: learner.id,
            id: context.random.uuid(),
            courseID: live.courseID,
            quizID: live.quiz.id,
            quizVersion: live.quizVersion,
            seed: Int64(bitPattern: seed),
            startedAt: now,
            deadline: AttemptRules.deadline(startedAt: now, quiz: live.quiz, accommodation: accommodation)
        )
        try await AttemptStore.insert(
            attempt,
            items: presented.map { ($0.questionID, bank.versions[$0.questionID]!, $0) },
            on: connection,
            logger: logger
        )
        if live.kind == .course {
            try await LearningService.enrollOnce(
                learnerID: learner.id,
                courseID: live.courseID,
                now: now,
                channel: channel,
                context: context,
                on: connection
            )
        }
        try await LearningStore.record(
            .startedQuiz,
            learnerID: learner.id,
            courseID: live.courseID,
            now: now,
            channel: channel,
            on: connection,
            logger: logger
        )
        let items = presented.enumerated().map { index, item in
            Attempt.Item(
                position: index,
                questionID: item.questionID,
                questionVersion: bank.versions[item.questionID]!,
                presented: item,
                answer: nil,
                result: nil
            )
        }
        // The questions it shows, not the whole bank: a start copies no more than it answers with.
        var shown: [String: Question] = [:]
        for item in items { shown[item.questionID] = bank.arranged.questions[item.questionID] }
        return Shown(attempt: attempt, items: items, questions: shown, created: true)
    }

    /// The learner's attempt as it stands (closed first if its deadline has passed).
    public func attempt(_ principal: Principal, id text: String) async throws -> Shown {
        let id = try Self.attemptID(text)
        let now = context.clock.now()
        return try await database.withTransaction { connection in
            var attempt = try await lockedAttempt(principal, id: id, on: connection)
            attempt = try await closeIfOverdue(attempt, now: now, on: connection)
            let stored = try await AttemptStore.itemsWithContent(attempt, on: connection, logger: logger)
            return Shown(attempt: attempt, items: stored.items, questions: stored.questions, created: false)
        }
    }

    /// Submits and grades the attempt, at most once per `idempotencyKey`; a repeated or
    /// parallel submit gets the same grade. `render` makes the stored answer from the grade, in
    /// the transaction, so a replay returns exactly what the first call did.
    ///
    /// The access policy leaves the bearer token to this step (`tokenCheckedByOperation`), as it
    /// does for answer save: the transaction's first statement locks the attempt only where the
    /// token is a live access token of its learner. A token that is not live is unauthorized
    /// before anything else is said, a malformed or unknown attempt id included, and the key is
    /// looked at only after the token, so a dead token never gets a stored answer replayed.
    public func submit<Output: Codable & Sendable>(
        token: BearerToken,
        id text: String,
        channel: String?,
        idempotencyKey: String?,
        render: @escaping @Sendable (Graded, Date) -> Output
    ) async throws -> Output {
        let now = context.clock.now()
        let id: UUID
        do {
            id = try Self.attemptID(text)
        } catch let refusal as Refusal {
            try await requireLive(token, now: now)
            throw refusal
        }
        let outcome = try await database.withTransaction { connection -> Submitted<Output> in
            guard let attempt = try await AttemptStore.lockedAttempt(token: token, id: id, now: now, on: connection, logger: logger) else {
                return .notFound
            }
            // A late submit closes the attempt as of its deadline, committed, and is then refused.
            if attempt.isOpen, !AttemptRules.acceptsSubmission(deadline: attempt.deadline, now: now) {
                _ = try await close(attempt, reason: .expired, closedAt: attempt.deadline ?? now, channel: channel, on: connection)
                return .late
            }
            if attempt.closeReason == .expired { return .late }
            let result = try await IdempotentWrite.perform(
                key: idempotencyKey,
                callerID: attempt.learnerID.uuidString,
                operation: "submitAttempt",
                input: id.uuidString,
                status: 200,
                on: connection,
                logger: logger,
                clock: context.clock
            ) { connection -> Output in
                // Already graded (a repeated or parallel submit): the same answer for every caller.
                let graded =
                    attempt.isOpen
                    ? try await close(attempt, reason: .submitted, closedAt: now, channel: channel, on: connection)
                    : try await Self.graded(attempt, on: connection, logger: logger)
                return render(graded, now)
            }
            return .graded(result.output)
        }
        switch outcome {
        case .graded(let output):
            return output
        case .notFound:
            try await requireLive(token, now: now)
            throw Refusal(.notFound)
        case .late:
            throw Refusal(
                .conflict,
                detail: LocalizedText(
                    vi: "Đã quá giờ nộp bài; bài làm được chấm với các câu trả lời đã lưu trước giờ kết thúc.",
                    en: "The deadline has passed; the attempt was graded with the answers saved before it."
                )
            )
        }
    }

    /// What a submit's transaction decided; it commits in every case, so a late attempt's close
    /// is kept before the refusal goes out.
    private enum Submitted<Output: Sendable>: Sendable {
        case graded(Output)
        case notFound
        case late
    }

    /// The review of a closed attempt, where its quiz's review policy allows it now.
    public func review(_ principal: Principal, id text: String) async throws -> Graded {
        let id = try Self.attemptID(text)
        let now = context.clock.now()
        let graded = try await database.withTransaction { connection -> Graded in
            var attempt = try await lockedAttempt(principal, id: id, on: connection)
            attempt = try await closeIfOverdue(attempt, now: now, on: connection)
            guard !attempt.isOpen else {
                throw Refusal(.conflict, detail: LocalizedText(vi: "Hãy nộp bài trước khi xem lại.", en: "Submit the attempt before reviewing it."))
            }
            return try await Self.graded(attempt, on: connection, logger: logger)
        }
        guard AttemptRules.reviewOpen(graded.quiz.review, passed: graded.attempt.passed ?? false, deadline: graded.attempt.deadline, now: now) else {
            throw Refusal(.forbidden, detail: LocalizedText(vi: "Bài này chưa cho xem lại.", en: "This quiz's review is not open."))
        }
        return graded
    }

    /// The caller's attempt, locked for this transaction; not found for anyone else's.
    func lockedAttempt(_ principal: Principal, id: UUID, on connection: PostgresConnection) async throws -> Attempt {
        guard let attempt = try await AttemptStore.lockedAttempt(learnerID: principal.learnerID, id: id, on: connection, logger: logger) else {
            throw Refusal(.notFound)
        }
        return attempt
    }

    /// A closed attempt with its items, question versions and quiz version, as stored.
    static func graded(_ attempt: Attempt, on connection: PostgresConnection, logger: Logger) async throws -> Graded {
        let stored = try await AttemptStore.itemsWithContent(attempt, on: connection, logger: logger)
        guard let quiz = stored.quiz else { throw Refusal(.internalError) }
        return Graded(attempt: attempt, items: stored.items, questions: stored.questions, quiz: quiz)
    }
}
