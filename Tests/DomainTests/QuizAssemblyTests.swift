import Domain
import Foundation
import Testing

@Suite struct QuizAssemblyTests {
    static func bank() -> [String: Question] {
        var questions: [String: Question] = [:]
        for competency in ["4.1", "4.2", "4.3"] {
            for difficulty in Question.Difficulty.allCases {
                for index in 0..<6 {
                    let id = "q-\(competency)-\(difficulty.rawValue)-\(index)".replacingOccurrences(of: ".", with: "")
                    var question = QuestionFixtures.question(.single, key: .single("a"))
                    question.id = id
                    question.competency = competency
                    question.difficulty = difficulty
                    questions[id] = question
                }
            }
        }
        return questions
    }

    static let exam = Quiz(
        id: "exam",
        lessonID: nil,
        title: LocalizedText(vi: "Thi", en: "Exam"),
        selection: .draw(Draw(competencies: ["4.1", "4.2", "4.3"], easy: 3, medium: 4, hard: 3)),
        timeLimitMinutes: 45,
        maxAttempts: nil,
        cooldownMinutes: 0,
        passMark: 0.7,
        shuffleItems: true,
        shuffleOptions: true,
        review: ReviewPolicy(show: [.score, .competencyResults], when: .afterSubmit)
    )

    @Test func theSameSeedDrawsTheSameAttempt() throws {
        let bank = Self.bank()
        #expect(
            try QuizAssembly.assemble(Self.exam, bank: QuestionBank(bank), seed: 7)
                == QuizAssembly.assemble(Self.exam, bank: QuestionBank(bank), seed: 7)
        )
        #expect(
            try QuizAssembly.assemble(Self.exam, bank: QuestionBank(bank), seed: 7)
                != QuizAssembly.assemble(Self.exam, bank: QuestionBank(bank), seed: 8)
        )
    }

    /// The bank is arranged once per content version; a draw from it must take the very
    /// questions, in the very order, that sorting and filtering the whole bank took before.
    @Test func anArrangedBankDrawsWhatTheWholeBankDrew() throws {
        let questions = Self.bank()
        let bank = QuestionBank(questions)
        guard case .draw(let draw) = Self.exam.selection else { throw QuizAssembly.Failure.unknownQuestion("exam") }
        for seed in UInt64(0)..<50 {
            var random = SeededRandom(seed: seed)
            var chosen: [String] = []
            let sorted = questions.values.sorted { $0.id < $1.id }
            for competency in draw.competencies {
                for difficulty in Question.Difficulty.allCases where draw.needed(difficulty) > 0 {
                    var pool = sorted.filter { $0.competency == competency && $0.difficulty == difficulty }
                    pool.shuffle(using: &random)
                    chosen += pool.prefix(draw.needed(difficulty)).map(\.id)
                }
            }
            chosen.shuffle(using: &random)
            #expect(try QuizAssembly.assemble(Self.exam, bank: bank, seed: seed).map(\.questionID) == chosen)
        }
    }

    @Test func everyDrawIsBalancedAcrossCompetenciesAndDifficulties() throws {
        let bank = Self.bank()
        for seed in UInt64(0)..<200 {
            let items = try QuizAssembly.assemble(Self.exam, bank: QuestionBank(bank), seed: seed)
            #expect(items.count == 30)
            #expect(Set(items.map(\.questionID)).count == 30)
            let drawn = items.map { bank[$0.questionID]! }
            for competency in ["4.1", "4.2", "4.3"] {
                let mine = drawn.filter { $0.competency == competency }
                #expect(mine.filter { $0.difficulty == .easy }.count == 3)
                #expect(mine.filter { $0.difficulty == .medium }.count == 4)
                #expect(mine.filter { $0.difficulty == .hard }.count == 3)
            }
        }
    }

    @Test func orderingItemsNeverShowTheAnswer() throws {
        var question = QuestionFixtures.question(.ordering, key: .ordering(["a", "b", "c"]), options: ["a", "b", "c"])
        question.id = "o"
        let quiz = Quiz(
            id: "p",
            lessonID: nil,
            title: LocalizedText(vi: "", en: ""),
            selection: .fixed(["o"]),
            timeLimitMinutes: nil,
            maxAttempts: nil,
            cooldownMinutes: 0,
            passMark: 0.7,
            shuffleItems: false,
            shuffleOptions: false,
            review: .practiceDefault
        )
        for seed in UInt64(0)..<100 {
            let item = try QuizAssembly.assemble(quiz, bank: QuestionBank(["o": question]), seed: seed)[0]
            #expect(item.optionOrder != ["a", "b", "c"])
            #expect(Set(item.optionOrder) == ["a", "b", "c"])
        }
    }

    @Test func attemptTimingAndLimits() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let deadline = AttemptRules.deadline(startedAt: start, quiz: Self.exam, accommodation: nil)!
        #expect(deadline == start.addingTimeInterval(45 * 60))
        #expect(AttemptRules.acceptsAnswers(deadline: deadline, now: deadline))
        #expect(!AttemptRules.acceptsAnswers(deadline: deadline, now: deadline.addingTimeInterval(1)))
        #expect(AttemptRules.acceptsSubmission(deadline: deadline, now: deadline.addingTimeInterval(30)))
        #expect(!AttemptRules.acceptsSubmission(deadline: deadline, now: deadline.addingTimeInterval(31)))
        var limited = Self.exam
        limited.maxAttempts = 2
        limited.cooldownMinutes = 10
        #expect(AttemptRules.startRefusal(quiz: limited, closedAttempts: [start], totalAttempts: 2, now: start) == .noAttemptsLeft)
        #expect(
            AttemptRules.startRefusal(quiz: limited, closedAttempts: [start], totalAttempts: 1, now: start.addingTimeInterval(60))
                == .coolingDown(until: start.addingTimeInterval(600))
        )
        #expect(AttemptRules.startRefusal(quiz: limited, closedAttempts: [start], totalAttempts: 1, now: start.addingTimeInterval(600)) == nil)
    }
}
