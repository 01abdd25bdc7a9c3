import Domain
import Foundation
import Testing

@Suite struct ScoringTests {
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
            let keys: [AnswerKey] = [
                .single(keyOrder[0]), .multiple(subset), .ordering(keyOrder),
                .matching(Dictionary(uniqueKeysWithValues: zip(ids, keyOrder))), .trueFalse(Bool.random(using: &random)),
            ]
            let answers: [Answer] = [
                .options(Array(ids.shuffled(using: &random).prefix(Int.random(in: 0...5, using: &random)))),
                .order(ids.shuffled(using: &random)),
                .pairs(
                    Dictionary(
                        uniqueKeysWithValues: zip(
                            ids.shuffled(using: &random).prefix(Int.random(in: 0...5, using: &random)),
                            ids.shuffled(using: &random)
                        )
                    )
                ),
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
        let single = QuestionFixtures.question(.single, key: .single("a"))
        let shown = PresentedItem(questionID: "q", optionOrder: ["a", "b", "c", "d"], matchOrder: [])
        #expect(AnswerShape.problem(.options(["a"]), for: single, presented: shown) == nil)
        #expect(AnswerShape.problem(.options(["a", "b"]), for: single, presented: shown) != nil)
        #expect(AnswerShape.problem(.options(["z"]), for: single, presented: shown) != nil)
        #expect(AnswerShape.problem(.text("a"), for: single, presented: shown)?.en.contains("optionIds") == true)
        let ordering = QuestionFixtures.question(.ordering, key: .ordering(["a", "b", "c", "d"]))
        #expect(AnswerShape.problem(.order(["a", "b", "c"]), for: ordering, presented: shown) != nil)
        #expect(AnswerShape.problem(.order(["d", "c", "b", "a"]), for: ordering, presented: shown) == nil)
    }
}
