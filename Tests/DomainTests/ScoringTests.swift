import Domain
import Foundation
import Testing

@Suite struct ScoringTests {
    static func choices(_ ids: [String]) -> [Choice] { ids.map { Choice(id: $0, text: LocalizedText(vi: $0, en: $0)) } }

    static func question(_ type: Question.Kind, key: AnswerKey, options: [String] = ["a", "b", "c", "d"], matches: [String] = []) -> Question {
        Question(
            id: "q", type: type, competency: "4.2", difficulty: .easy, scenario: false, topic: nil,
            prompt: LocalizedText(vi: "?", en: "?"), options: choices(options), matches: choices(matches), key: key,
            explanation: LocalizedText(vi: "", en: ""), image: nil
        )
    }

    @Test func rightAnswersScoreOneAndAreCorrect() {
        let cases: [(AnswerKey, Answer)] = [
            (.single("b"), .options(["b"])),
            (.trueFalse(false), .options(["false"])),
            (.multiple(["a", "c"]), .options(["c", "a"])),
            (.ordering(["c", "a", "b", "d"]), .order(["c", "a", "b", "d"])),
            (.matching(["a": "x", "b": "y"]), .pairs(["b": "y", "a": "x"])),
            (.shortText(vi: ["mã OTP"], en: ["OTP"], ignoreToneMarks: false), .text("otp")),
        ]
        for (key, answer) in cases {
            #expect(Scoring.score(answer, key: key) == .init(earned: 1, correct: true), "\(key)")
        }
    }

    @Test func partialCreditIsDocumentedAndNeverFull() {
        #expect(Scoring.score(.options(["a"]), key: .multiple(["a", "c"])).earned == 0.5)
        #expect(Scoring.score(.options(["a", "b"]), key: .multiple(["a", "c"])).earned == 0, "a wrong pick cancels a right one")
        #expect(Scoring.score(.options(["a", "b", "c", "d"]), key: .multiple(["a", "c"])).earned == 0, "choosing everything is not rewarded")
        #expect(Scoring.score(.order(["a", "c", "b", "d"]), key: .ordering(["a", "b", "c", "d"])).earned == 5.0 / 6.0)
        #expect(Scoring.score(.order(["d", "c", "b", "a"]), key: .ordering(["a", "b", "c", "d"])).earned == 0)
        #expect(Scoring.score(.pairs(["a": "x", "b": "z"]), key: .matching(["a": "x", "b": "y"])) == .init(earned: 0.5, correct: false))
        #expect(Scoring.score(nil, key: .single("a")) == .zero)
        #expect(Scoring.score(.text("a"), key: .single("a")) == .zero, "the wrong shape scores nothing")
    }

    /// Any answer scores between 0 and 1, and is correct exactly when it earns full marks.
    @Test func propertyScoresStayInRangeAndCorrectMeansFull() {
        var random = SeededRandom(seed: 42)
        let ids = ["a", "b", "c", "d", "e"]
        for _ in 0..<5_000 {
            let keyOrder = ids.shuffled(using: &random)
            let subset = Array(ids.shuffled(using: &random).prefix(Int.random(in: 1...4, using: &random)))
            let keys: [AnswerKey] = [.single(keyOrder[0]), .multiple(subset), .ordering(keyOrder),
                                     .matching(Dictionary(uniqueKeysWithValues: zip(ids, keyOrder))), .trueFalse(Bool.random(using: &random))]
            let answers: [Answer] = [
                .options(Array(ids.shuffled(using: &random).prefix(Int.random(in: 0...5, using: &random)))),
                .order(ids.shuffled(using: &random)),
                .pairs(Dictionary(uniqueKeysWithValues: zip(ids.shuffled(using: &random).prefix(Int.random(in: 0...5, using: &random)), ids.shuffled(using: &random)))),
                .options([Bool.random(using: &random) ? "true" : "false"]),
            ]
            for key in keys {
                for answer in answers {
                    let result = Scoring.score(answer, key: key)
                    #expect((0...1).contains(result.earned))
                    #expect(result.correct == (result.earned == 1), "\(key) \(answer) \(result)")
                }
            }
        }
    }

    @Test func attemptScoreAndPassMark() {
        let results = [Scoring.ItemResult(earned: 1, correct: true), .zero, .init(earned: 0.5, correct: false), .init(earned: 1, correct: true)]
        #expect(Scoring.attemptScore(results) == 0.625)
        #expect(Scoring.passes(score: 7.0 / 10.0, passMark: 0.7))
        #expect(!Scoring.passes(score: 0.69, passMark: 0.7))
        #expect(Scoring.attemptScore([]) == 0)
    }

    @Test func answersMustFitTheirItem() {
        let single = Self.question(.single, key: .single("a"))
        let shown = PresentedItem(questionID: "q", optionOrder: ["a", "b", "c", "d"], matchOrder: [])
        #expect(AnswerShape.problem(.options(["a"]), for: single, presented: shown) == nil)
        #expect(AnswerShape.problem(.options(["a", "b"]), for: single, presented: shown) != nil)
        #expect(AnswerShape.problem(.options(["z"]), for: single, presented: shown) != nil)
        #expect(AnswerShape.problem(.text("a"), for: single, presented: shown)?.en.contains("optionIds") == true)
        let ordering = Self.question(.ordering, key: .ordering(["a", "b", "c", "d"]))
        #expect(AnswerShape.problem(.order(["a", "b", "c"]), for: ordering, presented: shown) != nil)
        #expect(AnswerShape.problem(.order(["d", "c", "b", "a"]), for: ordering, presented: shown) == nil)
    }
}

@Suite struct QuizAssemblyTests {
    static func bank() -> [String: Question] {
        var questions: [String: Question] = [:]
        for competency in ["4.1", "4.2", "4.3"] {
            for difficulty in Question.Difficulty.allCases {
                for index in 0..<6 {
                    let id = "q-\(competency)-\(difficulty.rawValue)-\(index)".replacingOccurrences(of: ".", with: "")
                    var question = ScoringTests.question(.single, key: .single("a"))
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
        id: "exam", lessonID: nil, title: LocalizedText(vi: "Thi", en: "Exam"),
        selection: .draw(Draw(competencies: ["4.1", "4.2", "4.3"], easy: 3, medium: 4, hard: 3)),
        timeLimitMinutes: 45, maxAttempts: nil, cooldownMinutes: 0, passMark: 0.7, shuffleItems: true, shuffleOptions: true,
        review: ReviewPolicy(show: [.score, .competencyResults], when: .afterSubmit)
    )

    @Test func theSameSeedDrawsTheSameAttempt() throws {
        let bank = Self.bank()
        #expect(try QuizAssembly.assemble(Self.exam, questions: bank, seed: 7) == QuizAssembly.assemble(Self.exam, questions: bank, seed: 7))
        #expect(try QuizAssembly.assemble(Self.exam, questions: bank, seed: 7) != QuizAssembly.assemble(Self.exam, questions: bank, seed: 8))
    }

    @Test func everyDrawIsBalancedAcrossCompetenciesAndDifficulties() throws {
        let bank = Self.bank()
        for seed in UInt64(0)..<200 {
            let items = try QuizAssembly.assemble(Self.exam, questions: bank, seed: seed)
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
        var question = ScoringTests.question(.ordering, key: .ordering(["a", "b", "c"]), options: ["a", "b", "c"])
        question.id = "o"
        let quiz = Quiz(
            id: "p", lessonID: nil, title: LocalizedText(vi: "", en: ""), selection: .fixed(["o"]), timeLimitMinutes: nil,
            maxAttempts: nil, cooldownMinutes: 0, passMark: 0.7, shuffleItems: false, shuffleOptions: false, review: .practiceDefault
        )
        for seed in UInt64(0)..<100 {
            let item = try QuizAssembly.assemble(quiz, questions: ["o": question], seed: seed)[0]
            #expect(item.optionOrder != ["a", "b", "c"])
            #expect(Set(item.optionOrder) == ["a", "b", "c"])
        }
    }

    @Test func attemptTimingAndLimits() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let deadline = AttemptRules.deadline(startedAt: start, quiz: Self.exam)!
        #expect(deadline == start.addingTimeInterval(45 * 60))
        #expect(AttemptRules.acceptsAnswers(deadline: deadline, now: deadline))
        #expect(!AttemptRules.acceptsAnswers(deadline: deadline, now: deadline.addingTimeInterval(1)))
        #expect(AttemptRules.acceptsSubmission(deadline: deadline, now: deadline.addingTimeInterval(30)))
        #expect(!AttemptRules.acceptsSubmission(deadline: deadline, now: deadline.addingTimeInterval(31)))
        var limited = Self.exam
        limited.maxAttempts = 2
        limited.cooldownMinutes = 10
        #expect(AttemptRules.startRefusal(quiz: limited, closedAttempts: [start], totalAttempts: 2, now: start) == .noAttemptsLeft)
        #expect(AttemptRules.startRefusal(quiz: limited, closedAttempts: [start], totalAttempts: 1, now: start.addingTimeInterval(60))
                == .coolingDown(until: start.addingTimeInterval(600)))
        #expect(AttemptRules.startRefusal(quiz: limited, closedAttempts: [start], totalAttempts: 1, now: start.addingTimeInterval(600)) == nil)
    }
}

@Suite struct CertificationRulesTests {
    let programme = Programme(examQuizID: "exam", validityMonths: 24, attemptsPerWindow: 3, windowDays: 30, prerequisiteCourse: nil)
    let now = Date(timeIntervalSince1970: 1_772_330_400)

    @Test func attemptsAreCountedInARollingWindow() {
        let day: TimeInterval = 86_400
        #expect(CertificationRules.standing(programme: programme, attemptStarts: [], now: now).attemptsLeft == 3)
        let starts = [now.addingTimeInterval(-29 * day), now.addingTimeInterval(-10 * day), now.addingTimeInterval(-1 * day)]
        let used = CertificationRules.standing(programme: programme, attemptStarts: starts, now: now)
        #expect(used.attemptsLeft == 0)
        #expect(used.nextAttemptAt == starts[0].addingTimeInterval(30 * day))
        let older = [now.addingTimeInterval(-31 * day)] + starts.dropFirst()
        #expect(CertificationRules.standing(programme: programme, attemptStarts: older, now: now).attemptsLeft == 1)
    }
}
