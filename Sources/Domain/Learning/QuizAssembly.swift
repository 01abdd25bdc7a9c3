/// What one attempt shows: which questions, in which order, with which option order.
public struct PresentedItem: Sendable, Equatable, Codable {
    public var questionID: String
    /// Option ids in the order shown (for true/false: "true", "false").
    public var optionOrder: [String]
    /// Right-hand column ids in the order shown (matching only).
    public var matchOrder: [String]

    public init(questionID: String, optionOrder: [String], matchOrder: [String]) {
        self.questionID = questionID
        self.optionOrder = optionOrder
        self.matchOrder = matchOrder
    }
}

/// A content version's questions, arranged once for every draw from them: an exam start draws
/// from the arranged pools instead of sorting and filtering the whole bank again (150 questions
/// for the national exam; Benchmarks/README.md, the exam-start burst).
public struct QuestionBank: Sendable {
    public let questions: [String: Question]
    /// Each competency's questions of each difficulty, sorted by id, so the same seed always
    /// draws the same questions.
    let pools: [Pool: [Question]]

    struct Pool: Hashable {
        var competency: String
        var difficulty: Question.Difficulty
    }

    public init(_ questions: [String: Question]) {
        self.questions = questions
        pools = Dictionary(grouping: questions.values.sorted { $0.id < $1.id }) { Pool(competency: $0.competency, difficulty: $0.difficulty) }
    }
}

/// Builds an attempt's items from a quiz and the pack's questions.
///
/// A draw takes, for every competency, the quiz's number of easy, medium and hard questions at
/// random, then shuffles them together, so every attempt has the same balance. Options are
/// shuffled when the quiz says so; an ordering item's options are always shown out of order
/// (in order they would give the answer away), and a matching item's right column always shuffled.
public enum QuizAssembly {
    public enum Failure: Error, Equatable {
        /// The bank no longer has enough questions of a kind (only when content changed badly).
        case bankTooSmall(competency: String, difficulty: Question.Difficulty)
        case unknownQuestion(String)
    }

    public static func assemble(_ quiz: Quiz, bank: QuestionBank, seed: UInt64) throws -> [PresentedItem] {
        var random = SeededRandom(seed: seed)
        var chosen: [Question] = []
        switch quiz.selection {
        case .fixed(let ids):
            for id in ids {
                guard let question = bank.questions[id] else { throw Failure.unknownQuestion(id) }
                chosen.append(question)
            }
            if quiz.shuffleItems { chosen.shuffle(using: &random) }
        case .draw(let draw):
            for competency in draw.competencies {
                for difficulty in Question.Difficulty.allCases where draw.needed(difficulty) > 0 {
                    var pool = bank.pools[QuestionBank.Pool(competency: competency, difficulty: difficulty)] ?? []
                    guard pool.count >= draw.needed(difficulty) else {
                        throw Failure.bankTooSmall(competency: competency, difficulty: difficulty)
                    }
                    pool.shuffle(using: &random)
                    chosen += pool.prefix(draw.needed(difficulty))
                }
            }
            chosen.shuffle(using: &random)
        }
        return chosen.map { present($0, shuffleOptions: quiz.shuffleOptions, random: &random) }
    }

    static func present(_ question: Question, shuffleOptions: Bool, random: inout SeededRandom) -> PresentedItem {
        var options = question.options.map(\.id)
        var matches = question.matches.map(\.id)
        switch question.type {
        case .trueFalse:
            options = [TrueFalse.trueID, TrueFalse.falseID]
        case .ordering:
            let original = options
            options.shuffle(using: &random)
            if options == original, options.count > 1 { options.append(options.removeFirst()) }
        case .matching:
            if shuffleOptions { options.shuffle(using: &random) }
            matches.shuffle(using: &random)
        case .single, .multiple:
            if shuffleOptions { options.shuffle(using: &random) }
        case .shortText:
            options = []
        }
        return PresentedItem(questionID: question.id, optionOrder: options, matchOrder: matches)
    }
}
