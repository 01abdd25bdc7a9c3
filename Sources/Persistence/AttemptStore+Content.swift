import Domain
import Foundation
import Logging
import PostgresNIO

extension AttemptStore {
    /// An attempt's items with the questions they show and the quiz it is of, at the versions it
    /// showed.
    public struct ItemsWithContent: Sendable {
        public var items: [Attempt.Item]
        /// By question id; a question whose version is gone is absent.
        public var questions: [String: Question]
        public var quiz: Quiz?
    }

    /// The items of `attempt`, with the content hash of each question and of the quiz in the same
    /// statement: a submit, a review and an attempt read then take one round trip where three
    /// took three (the items, the question hashes, the quiz hash). The content itself is decoded
    /// once per hash and kept (`ContentStore.decodedQuestions`), so only a hash never seen before
    /// costs a further read.
    public static func itemsWithContent(_ attempt: Attempt, on connection: PostgresConnection, logger: Logger) async throws -> ItemsWithContent {
        var items: [Attempt.Item] = []
        var hashes: [ContentStore.QuestionVersion] = []
        var quizHash: String?
        let decoder = JSONDecoder()
        for try await row in try await connection.run(ItemsAndHashes(attempt), logger: logger) {
            let (position, question, version, options, matches, answer, earned, correct, questionHash, quiz) =
                try row.decode((Int, String, Int, [String], [String], String?, Double?, Bool?, String?, String?).self)
            let item = try item((position, question, version, options, matches, answer, earned, correct), decoder: decoder)
            items.append(item)
            if let questionHash { hashes.append(.init(id: item.questionID, version: item.questionVersion, hash: questionHash)) }
            quizHash = quiz
        }
        let questions = try await ContentStore.decoded(hashes, courseID: attempt.courseID, on: connection, logger: logger).mapValues(\.question)
        let quiz: Quiz?
        if let quizHash {
            quiz = try await ContentStore.decodedQuiz(
                quizHash,
                courseID: attempt.courseID,
                quizID: attempt.quizID,
                version: attempt.quizVersion,
                on: connection,
                logger: logger
            )
        } else {
            // No item, so no row to carry the quiz's hash (no attempt is started without items).
            quiz = try await ContentStore.quiz(
                courseID: attempt.courseID,
                quizID: attempt.quizID,
                version: attempt.quizVersion,
                on: connection,
                logger: logger
            )
        }
        return ItemsWithContent(items: items, questions: questions, quiz: quiz)
    }

    /// Every submit, review and attempt read runs this: prepared, with its parameters' types
    /// declared (PostgreSQL would take the quiz version for `int4` and read the `int8` bound here
    /// wrongly). The quiz's hash is the same on every row; PostgreSQL reads it once.
    struct ItemsAndHashes: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "attempts.itemsAndHashes"
        static let sql = """
            SELECT \(qualified(itemColumns, by: "a")), encode(q.content_hash, 'hex'),
                (SELECT encode(z.content_hash, 'hex') FROM content_items z
                 WHERE z.course_id = $3 AND z.kind = 'quiz' AND z.item_id = $4 AND z.item_version = $5)
            FROM attempt_items a
            LEFT JOIN content_items q
                ON q.course_id = $3 AND q.kind = 'question' AND q.item_id = a.question_id AND q.item_version = a.question_version
            WHERE a.learner_id = $1 AND a.attempt_id = $2
            ORDER BY a.position
            """
        static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .text, .text, .int8]
        typealias Row = PostgresRow
        var attempt: Attempt

        init(_ attempt: Attempt) { self.attempt = attempt }

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(attempt.learnerID)
            bindings.append(attempt.id)
            bindings.append(attempt.courseID)
            bindings.append(attempt.quizID)
            bindings.append(attempt.quizVersion)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
