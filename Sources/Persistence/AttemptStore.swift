import Domain
import Foundation
import Logging
import PostgresNIO

/// Attempts and their items. Each function is one statement; callers compose them per use case.
public enum AttemptStore {
    static let columns =
        "learner_id, attempt_id, course_id, quiz_id, quiz_version, seed, started_at, deadline, closed_at, close_reason, score, passed"
    /// A column list such as `columns` or `itemColumns`, each column taken from the table
    /// `alias` names, for statements that join it.
    static func qualified(_ columns: String, by alias: String) -> String {
        columns.split(separator: ", ").map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    static func decodeAttempt(_ row: PostgresRow) throws -> Attempt {
        let (learner, id, course, quiz, version, seed, started, deadline, closed, reason, score, passed) =
            try row.decode((UUID, UUID, String, String, Int, Int64, Date, Date?, Date?, String?, Double?, Bool?).self)
        var attempt = Attempt(
            learnerID: learner,
            id: id,
            courseID: course,
            quizID: quiz,
            quizVersion: version,
            seed: seed,
            startedAt: started,
            deadline: deadline
        )
        attempt.closedAt = closed
        attempt.closeReason = reason.flatMap(Attempt.CloseReason.init(rawValue:))
        attempt.score = score
        attempt.passed = passed
        return attempt
    }

    /// Queues this transaction behind any other start by the learner on the same quiz, so
    /// attempt limits hold under parallel starts (released at commit).
    public static func serializeStarts(learnerID: UUID, quizID: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.runToEnd(SerializeStarts(key: learnerID.uuidString + "|" + quizID), logger: logger)
    }

    // Every start runs the two statements below. Prepared once per connection, they skip
    // PostgreSQL's parsing and planning, which cost more than running them (Benchmarks/README.md,
    // the exam-start burst).

    struct SerializeStarts: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.serializeStarts"
        static let sql = "SELECT 1 FROM pg_advisory_xact_lock(hashtext($1))"
        typealias Row = Int
        var key: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(key)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
    }

    struct AttemptsOnQuiz: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.onQuiz"
        static let sql = """
            SELECT \(columns) FROM attempts
            WHERE learner_id = $1 AND course_id = $2 AND quiz_id = $3 ORDER BY started_at DESC
            """
        typealias Row = Attempt
        var learnerID: UUID
        var courseID: String
        var quizID: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            bindings.append(courseID)
            bindings.append(quizID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Attempt { try decodeAttempt(row) }
    }

    /// The learner's attempt, locked for the caller's transaction, or nil (also for another
    /// learner's attempt id).
    public static func lockedAttempt(learnerID: UUID, id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Attempt? {
        for try await attempt in try await connection.run(LockedAttempt(learnerID: learnerID, attemptID: id), logger: logger) { return attempt }
        return nil
    }

    /// The token's learner's attempt, locked for the caller's transaction by the statement that
    /// checks the token; nil when the token is not live or the attempt is not its learner's
    /// (`TokenStore.authenticate` tells which).
    public static func lockedAttempt(
        token: BearerToken,
        id: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Attempt? {
        for try await attempt in try await connection.run(LockedAttemptForToken(token: token, attemptID: id, now: now), logger: logger) {
            return attempt
        }
        return nil
    }

    // Every submit, read and review of an attempt runs the statements below (and the one of
    // `close`): prepared once per connection, they skip PostgreSQL's parsing and planning.

    /// Submit's first statement in its transaction: the access policy leaves the token to it, so
    /// the token check, the lock and the lateness read are one round trip. `FOR UPDATE OF a`
    /// locks the attempt only; the token's row is read, not locked.
    struct LockedAttemptForToken: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.lockedForToken"
        static let sql = """
            SELECT \(qualified(columns, by: "a")) FROM attempts a
            WHERE a.learner_id = $1 AND a.attempt_id = $2
              AND EXISTS (SELECT FROM auth_tokens t JOIN learners l ON l.learner_id = t.learner_id
                          WHERE \(TokenStore.liveAccessToken(learner: "$1", hash: "$3", now: "$4")))
            FOR UPDATE OF a
            """
        typealias Row = Attempt
        var token: BearerToken
        var attemptID: UUID
        var now: Date

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(token.learnerID)
            bindings.append(attemptID)
            bindings.append(token.hash)
            bindings.append(now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Attempt { try decodeAttempt(row) }
    }

    /// A statement of one attempt: `$1` is its learner, `$2` the attempt.
    protocol ByAttemptKey: PostgresPreparedStatement {
        var learnerID: UUID { get }
        var attemptID: UUID { get }
    }

    struct LockedAttempt: ByAttemptKey {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.locked"
        static let sql = "SELECT \(columns) FROM attempts WHERE learner_id = $1 AND attempt_id = $2 FOR UPDATE"
        typealias Row = Attempt
        var learnerID: UUID
        var attemptID: UUID
    }

    struct Items: ByAttemptKey {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.items"
        static let sql = "SELECT \(itemColumns) FROM attempt_items WHERE learner_id = $1 AND attempt_id = $2 ORDER BY position"
        typealias Row = PostgresRow
        var learnerID: UUID
        var attemptID: UUID

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }

    /// Writes each item's result and closes the attempt, in one statement: PostgreSQL runs the
    /// items' update in the `WITH` to completion whether or not the attempt's reads it, and no
    /// trigger on either table reads the other, so one round trip does what two did.
    struct CloseGraded: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.closeGraded"
        static let sql = """
            WITH graded AS (
                UPDATE attempt_items i SET earned = r.earned, correct = r.correct
                FROM unnest($3::int8[], $4::float8[], $5::bool[]) AS r(p, earned, correct)
                WHERE i.learner_id = $1 AND i.attempt_id = $2 AND i.position = r.p
            )
            UPDATE attempts SET closed_at = $6, close_reason = $7, score = $8, passed = $9
            WHERE learner_id = $1 AND attempt_id = $2 AND closed_at IS NULL
            """
        typealias Row = Int
        var learnerID: UUID
        var attemptID: UUID
        var results: [Scoring.ItemResult]
        var closedAt: Date
        var reason: Attempt.CloseReason
        var score: Double
        var passed: Bool

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            bindings.append(attemptID)
            bindings.append(Array(results.indices))
            bindings.append(results.map(\.earned))
            bindings.append(results.map(\.correct))
            bindings.append(closedAt)
            bindings.append(reason.rawValue)
            bindings.append(score)
            bindings.append(passed)
            return bindings
        }

        /// The statement returns no rows.
        func decodeRow(_ row: PostgresRow) throws -> Int { 0 }
    }

    // An answer save is two prepared statements on one connection, outside a transaction: this
    // read, then `WriteAnswer`. Prepared once per connection, they skip PostgreSQL's parsing and
    // planning (Benchmarks/README.md has what that bought).
    //
    // The read checks the caller's access token (the access policy leaves that to it) and reads
    // what the server checks the answer against: the attempt, how its item shows the question,
    // and which version of the question it shows (by content hash). It takes no lock: the write
    // checks again, under the attempt's lock, that the attempt is open.
    struct AnswerTargetForToken: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.answerTargetForToken"
        static let sql = """
            SELECT \(qualified(columns, by: "a")),
                   i.question_version, i.option_order, i.match_order, encode(q.content_hash, 'hex')
            FROM attempts a
            JOIN attempt_items i ON i.learner_id = a.learner_id AND i.attempt_id = a.attempt_id AND i.question_id = $3
            JOIN content_items q ON q.course_id = a.course_id AND q.kind = 'question' AND q.item_id = i.question_id
                                AND q.item_version = i.question_version
            WHERE a.learner_id = $1 AND a.attempt_id = $2
              AND EXISTS (SELECT FROM auth_tokens t JOIN learners l ON l.learner_id = t.learner_id
                          WHERE \(TokenStore.liveAccessToken(learner: "$1", hash: "$4", now: "$5")))
            """
        typealias Row = AnswerTarget
        var token: BearerToken
        var attemptID: UUID
        var questionID: String
        var now: Date

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(token.learnerID)
            bindings.append(attemptID)
            bindings.append(questionID)
            bindings.append(token.hash)
            bindings.append(now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> AnswerTarget {
            let cells = row.makeRandomAccess()
            return AnswerTarget(
                attempt: try decodeAttempt(row),
                presented: PresentedItem(
                    questionID: questionID,
                    optionOrder: try cells[13].decode([String].self),
                    matchOrder: try cells[14].decode([String].self)
                ),
                questionVersion: try cells[12].decode(Int.self),
                questionHash: try cells[15].decode(String.self)
            )
        }
    }

    // Writes the answer and commits it before it answers: the `save_answer` procedure
    // (Migrations/sql/0022_answer_save_commits.sql). A plain statement's result comes back before
    // the implicit transaction around it commits, so an acknowledged save could be lost, or its
    // commit fail unseen (`AnswerDurabilityTests`); the procedure's COMMIT fails the call instead.
    // That is one round trip where BEGIN, the statement and COMMIT took three. The procedure holds
    // the attempt with the weakest lock that still conflicts with grading's FOR UPDATE: a save
    // either lands before the grading reads the answers or waits, sees the attempt closed and is
    // refused (a save racing a submit was once stored in an attempt graded without it; found by
    // the fault suite's races).
    struct WriteAnswer: PostgresPreparedStatement {
        static let name = "attempts.writeAnswer"
        static let sql = "CALL save_answer($1, $2, $3, $4, $5::jsonb, NULL)"
        typealias Row = Bool
        var learnerID: UUID
        var attemptID: UUID
        var questionID: String
        var now: Date
        var json: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            bindings.append(attemptID)
            bindings.append(questionID)
            bindings.append(now)
            bindings.append(json)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Bool { try row.decode(Bool.self) }
    }

    /// The attempts the learner made on a quiz, newest first.
    public static func attempts(
        learnerID: UUID,
        courseID: String,
        quizID: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Attempt] {
        var attempts: [Attempt] = []
        for try await attempt in try await connection.run(AttemptsOnQuiz(learnerID: learnerID, courseID: courseID, quizID: quizID), logger: logger) {
            attempts.append(attempt)
        }
        return attempts
    }

    /// The learner's attempts on all quizzes, newest first (for the personal data export).
    public static func attempts(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [Attempt] {
        try await connection.run(
            "SELECT \(unescaped: columns) FROM attempts WHERE learner_id = \(learnerID) ORDER BY started_at DESC",
            logger: logger
        ).collect().map(decodeAttempt)
    }

    /// Writes the attempt and its items in one statement. Prepared once per connection: every
    /// exam start runs it, and planning the items' `unnest` cost PostgreSQL as much as a short
    /// statement's whole execution (Benchmarks/README.md, the exam-start burst).
    struct InsertAttempt: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.insert"
        static let sql = """
            WITH attempt AS (
                INSERT INTO attempts (learner_id, attempt_id, course_id, quiz_id, quiz_version, seed, started_at, deadline)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            )
            INSERT INTO attempt_items (learner_id, attempt_id, position, question_id, question_version, option_order, match_order)
            SELECT $1, $2, p, q, v,
                   CASE WHEN o = '' THEN '{}'::text[] ELSE string_to_array(o, ',') END,
                   CASE WHEN m = '' THEN '{}'::text[] ELSE string_to_array(m, ',') END
            FROM unnest($9::int[], $10::text[], $11::int[], $12::text[], $13::text[]) AS t(p, q, v, o, m)
            """
        /// Declared, since PostgreSQL would otherwise take `quiz_version` and the positions for
        /// `int4` and read the `int8` values bound here wrongly.
        static let bindingDataTypes: [PostgresDataType] = [
            .uuid, .uuid, .text, .text, .int8, .int8, .timestamptz, .timestamptz, .int8Array, .textArray, .int8Array, .textArray, .textArray,
        ]
        typealias Row = Int
        var attempt: Attempt
        var items: [(questionID: String, version: Int, presented: PresentedItem)]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(attempt.learnerID)
            bindings.append(attempt.id)
            bindings.append(attempt.courseID)
            bindings.append(attempt.quizID)
            bindings.append(attempt.quizVersion)
            bindings.append(attempt.seed)
            bindings.append(attempt.startedAt)
            if let deadline = attempt.deadline {
                bindings.append(deadline)
            } else {
                bindings.appendNull()
            }
            bindings.append(Array(items.indices))
            bindings.append(items.map(\.questionID))
            bindings.append(items.map(\.version))
            bindings.append(items.map { $0.presented.optionOrder.joined(separator: ",") })
            bindings.append(items.map { $0.presented.matchOrder.joined(separator: ",") })
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
    }

    public static func insert(
        _ attempt: Attempt,
        items: [(questionID: String, version: Int, presented: PresentedItem)],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.runToEnd(InsertAttempt(attempt: attempt, items: items), logger: logger)
    }

    static let itemColumns = "position, question_id, question_version, option_order, match_order, answer::text, earned, correct"

    static func decodeItem(_ row: PostgresRow, decoder: JSONDecoder) throws -> Attempt.Item {
        try item(row.decode((Int, String, Int, [String], [String], String?, Double?, Bool?).self), decoder: decoder)
    }

    /// An item from the columns `itemColumns` names, decoded.
    static func item(
        _ columns: (Int, String, Int, [String], [String], String?, Double?, Bool?),
        decoder: JSONDecoder
    ) throws -> Attempt.Item {
        let (position, question, version, options, matches, answer, earned, correct) = columns
        return Attempt.Item(
            position: position,
            questionID: question,
            questionVersion: version,
            presented: PresentedItem(questionID: question, optionOrder: options, matchOrder: matches),
            answer: try answer.map { try decoder.decode(Answer.self, from: Data($0.utf8)) },
            result: earned.map { Scoring.ItemResult(earned: $0, correct: correct ?? false) }
        )
    }

    public static func items(learnerID: UUID, attemptID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [Attempt.Item] {
        var items: [Attempt.Item] = []
        let decoder = JSONDecoder()
        for try await row in try await connection.run(Items(learnerID: learnerID, attemptID: attemptID), logger: logger) {
            items.append(try decodeItem(row, decoder: decoder))
        }
        return items
    }

    /// What an answer save checks the answer against: the attempt, how the item showing
    /// `questionID` was presented, and which version of the question it showed (by content hash).
    public struct AnswerTarget: Sendable {
        public var attempt: Attempt
        public var presented: PresentedItem
        public var questionVersion: Int
        public var questionHash: String
    }

    /// The item showing `questionID` in the token's learner's attempt; nil when the token is not
    /// live or the attempt or item is not the learner's (`TokenStore.authenticate` tells which).
    public static func answerTarget(
        token: BearerToken,
        attemptID: UUID,
        questionID: String,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> AnswerTarget? {
        var target: AnswerTarget?
        for try await row in try await connection.run(
            AnswerTargetForToken(token: token, attemptID: attemptID, questionID: questionID, now: now),
            logger: logger
        ) { target = row }
        return target
    }

    /// Writes `answer` to the learner's attempt, in the item showing `questionID`, and commits
    /// it, while the attempt is open and before its deadline; false when it was not. Call it on a
    /// connection outside a transaction: the statement commits itself.
    public static func writeAnswer(
        _ answer: Answer,
        learnerID: UUID,
        attemptID: UUID,
        questionID: String,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let json = String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
        let statement = WriteAnswer(learnerID: learnerID, attemptID: attemptID, questionID: questionID, now: now, json: json)
        var written = false
        // Read to the end: the call has committed only once its statement is complete.
        for try await row in try await connection.run(statement, logger: logger) { written = row }
        return written
    }

    /// Records the grade of every item and closes the attempt: one statement whatever its length.
    public static func close(
        _ attempt: Attempt,
        results: [Scoring.ItemResult],
        score: Double,
        passed: Bool,
        reason: Attempt.CloseReason,
        closedAt: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let closing = CloseGraded(
            learnerID: attempt.learnerID,
            attemptID: attempt.id,
            results: results,
            closedAt: closedAt,
            reason: reason,
            score: score,
            passed: passed
        )
        try await connection.runToEnd(closing, logger: logger)
    }

    /// Open attempts whose deadline and grace have passed, for the job that closes them.
    public static func overdue(
        now: Date,
        limit: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(learnerID: UUID, attemptID: UUID)] {
        let cutoff = now.addingTimeInterval(-AttemptRules.submitGrace)
        var result: [(UUID, UUID)] = []
        let rows = try await connection.run(
            "SELECT learner_id, attempt_id FROM attempts WHERE closed_at IS NULL AND deadline < \(cutoff) ORDER BY deadline LIMIT \(limit)",
            logger: logger
        )
        for try await row in rows.decode((UUID, UUID).self) { result.append(row) }
        return result
    }
}

extension AttemptStore.ByAttemptKey {
    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(learnerID)
        bindings.append(attemptID)
        return bindings
    }
}

extension AttemptStore.ByAttemptKey where Row == Attempt {
    func decodeRow(_ row: PostgresRow) throws -> Attempt { try AttemptStore.decodeAttempt(row) }
}
