/// How answers are scored, item by item. Every item is worth 1; an attempt's score is the mean.
///
/// Partial credit, so that a nearly right answer counts for something but never as much as a
/// right one:
/// - single, true/false, short text: 1 when right, else 0;
/// - multiple response: (right options chosen − wrong options chosen) ÷ right options, never below 0;
/// - ordering: the share of pairs of items placed in the right relative order (Kendall), so
///   swapping two neighbours costs little and reversing everything scores 0;
/// - matching: the share of left-hand items matched correctly.
/// An item is `correct` only with full marks. An answer of the wrong shape, or with ids the item
/// did not show, scores 0 (saving such an answer is refused before it gets here).
public enum Scoring {
    public struct ItemResult: Sendable, Equatable, Codable {
        public var earned: Double
        public var correct: Bool

        public init(earned: Double, correct: Bool) {
            self.earned = earned
            self.correct = correct
        }

        public static let zero = ItemResult(earned: 0, correct: false)
    }

    public static func score(_ answer: Answer?, key: AnswerKey) -> ItemResult {
        guard let answer else { return .zero }
        switch (key, answer) {
        case (.single(let right), .options(let chosen)):
            return binary(chosen == [right])
        case (.trueFalse(let right), .options(let chosen)):
            return binary(chosen == [right ? TrueFalse.trueID : TrueFalse.falseID])
        case (.multiple(let right), .options(let chosen)):
            let rightSet = Set(right)
            let chosenSet = Set(chosen)
            guard chosenSet.count == chosen.count else { return .zero }
            let hits = chosenSet.intersection(rightSet).count
            let misses = chosenSet.subtracting(rightSet).count
            let earned = max(0, Double(hits - misses) / Double(rightSet.count))
            return ItemResult(earned: earned, correct: chosenSet == rightSet)
        case (.ordering(let right), .order(let given)):
            guard given.count == right.count, Set(given) == Set(right) else { return .zero }
            let position = Dictionary(uniqueKeysWithValues: given.enumerated().map { ($1, $0) })
            var agreeing = 0
            var pairs = 0
            for i in 0..<right.count {
                for j in (i + 1)..<right.count {
                    pairs += 1
                    if position[right[i]]! < position[right[j]]! { agreeing += 1 }
                }
            }
            return ItemResult(earned: pairs == 0 ? 1 : Double(agreeing) / Double(pairs), correct: given == right)
        case (.matching(let right), .pairs(let given)):
            guard !right.isEmpty else { return .zero }
            let matched = right.filter { given[$0.key] == $0.value }.count
            return ItemResult(earned: Double(matched) / Double(right.count), correct: matched == right.count && given.count == right.count)
        case (.shortText, .text(let text)):
            return binary(ShortAnswer.accepts(text, key: key))
        default:
            return .zero
        }
    }

    static func binary(_ right: Bool) -> ItemResult {
        right ? ItemResult(earned: 1, correct: true) : .zero
    }

    /// The attempt's score from 0 to 1: the mean of its items, unanswered ones counting 0.
    public static func attemptScore(_ results: [ItemResult]) -> Double {
        guard !results.isEmpty else { return 0 }
        return results.map(\.earned).reduce(0, +) / Double(results.count)
    }

    /// Passing is reaching the pass mark; compared with a small tolerance so that 7 of 10 passes 0.7.
    public static func passes(score: Double, passMark: Double) -> Bool {
        score + 1e-9 >= passMark
    }
}
