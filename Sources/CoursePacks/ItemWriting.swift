import Domain
import Foundation

/// The countable item-writing rules of Courses/README.md, "Writing questions": cues that let a
/// test-wise learner find the key without the skill (the content review's D28 to D31 and D42).
///
/// The reader reports these findings as issues for a certification pack, whose bank is an exam,
/// and as warnings for a course pack, whose quizzes are practice. The rules that count across a
/// pack apply only once the pack has `minimumItems` questions of the kind counted, since a
/// share of two or three items says nothing.
public enum ItemWriting {
    /// Where a question is written: its bank file and the line of its `- id:`.
    public struct Location: Sendable, Equatable {
        public var file: String
        public var line: Int?

        public init(file: String, line: Int?) {
            self.file = file
            self.line = line
        }
    }

    /// Fewer items than this of a kind, and the pack-wide shares (rules 1, 2 and 4) are not checked.
    public static let minimumItems = 5
    /// Rule 1: no key position holds more than this share of a pack's single-choice keys ...
    public static let maxKeyPositionShare = 0.40
    /// ... or, where chance alone gives a position more (two- and three-option items), more than
    /// chance plus this margin.
    public static let keyPositionMarginOverChance = 0.10
    /// Rule 2: the share of true/false questions whose answer is true.
    public static let trueShare: ClosedRange<Double> = 0.35...0.65
    /// Rule 4: how far the share of keys giving a reason may be from the share of wrong options
    /// giving one, either way.
    public static let reasonShareTolerance = 0.10
    /// Rule 6: the longest prompt of an easy question, in English words and Vietnamese syllables.
    /// A Vietnamese prompt runs about 15% more syllables than its English has words (the content
    /// review measured 77 and 66 on average), so the same prompt gets the same room.
    public static let easyPromptWords: [Language: Int] = [.en: 35, .vi: 40]

    /// Every finding in `questions`, one per question it concerns, at that question's location.
    public static func findings(_ questions: [Question], locations: [String: Location]) -> [PackIssue] {
        var found: [(question: Question, message: String)] = []
        found += keyPositions(questions)
        found += trueFalseBalance(questions)
        for question in questions {
            found += [cautiousKey(question), allOrNoneOption(question), easyPromptLength(question), storedInAnswerOrder(question)]
                .compactMap { $0.map { (question, $0) } }
        }
        found += reasons(questions)
        return found.map { question, message in
            let location = locations[question.id] ?? Location(file: "questions", line: nil)
            return PackIssue(file: location.file, line: location.line, message: "question \(question.id): \(message)")
        }
    }

    // MARK: Rule 1: key positions

    static func keyPositions(_ questions: [Question]) -> [(Question, String)] {
        let singles: [(question: Question, position: Int)] = questions.compactMap { question in
            guard case .single(let key) = question.key, let position = question.options.firstIndex(where: { $0.id == key }) else { return nil }
            return (question, position)
        }
        guard singles.count >= minimumItems else { return [] }
        let total = Double(singles.count)
        var found: [(Question, String)] = []
        let longest = singles.map(\.question.options.count).max() ?? 0
        for position in 0..<longest {
            let chance = singles.reduce(0.0) { sum, item in
                sum + (item.question.options.count > position ? 1.0 / Double(item.question.options.count) : 0)
            }
            let limit = max(maxKeyPositionShare, chance / total + keyPositionMarginOverChance)
            let here = singles.filter { $0.position == position }
            guard Double(here.count) / total > limit + 1e-9 else { continue }
            for item in here {
                let id = item.question.options[position].id
                found.append(
                    (
                        item.question,
                        "the key is option \(position + 1) (\(id)), as in \(here.count) of \(singles.count) single-choice questions "
                            + "of this pack (\(percent(Double(here.count) / total)); at most \(percent(limit))): put some keys in other positions"
                    )
                )
            }
        }
        return found
    }

    // MARK: Rule 2: true and false

    static func trueFalseBalance(_ questions: [Question]) -> [(Question, String)] {
        let items: [(question: Question, answer: Bool)] = questions.compactMap { question in
            guard case .trueFalse(let answer) = question.key else { return nil }
            return (question, answer)
        }
        guard items.count >= minimumItems else { return [] }
        let trues = items.filter(\.answer).count
        let share = Double(trues) / Double(items.count)
        guard !trueShare.contains(share) else { return [] }
        let majority = share > trueShare.upperBound
        let same = items.filter { $0.answer == majority }
        return same.map { item in
            (
                item.question,
                "the answer is \(majority), as in \(same.count) of \(items.count) true/false questions of this pack; "
                    + "between \(percent(trueShare.lowerBound)) and \(percent(trueShare.upperBound)) should be true: "
                    + "rewrite some as \(majority ? "false" : "true") statements"
            )
        }
    }

    // MARK: Rule 3: a cautious key among cautious options

    static func cautiousKey(_ question: Question) -> String? {
        guard let keys = keyIDs(question) else { return nil }
        let cautiousKeys = question.options.filter { keys.contains($0.id) }.compactMap { option in
            cautiousOpener(option.text).map { (option.id, $0) }
        }
        guard let (id, opener) = cautiousKeys.first else { return nil }
        let wrong = question.options.filter { !keys.contains($0.id) }
        guard !wrong.contains(where: { cautiousOpener($0.text) != nil }) else { return nil }
        return "the key (\(id)) is the only cautious-sounding option (it begins \"\(opener)\"): "
            + "add a wrong option that sounds just as careful"
    }

    static func cautiousOpener(_ text: LocalizedText) -> String? {
        for language in [Language.en, .vi] {
            let words = String(normalized(text.text(in: language)).drop { !isWordCharacter($0) })
            if let opener = ItemWritingWordings.cautiousOpeners.first(where: { match($0, at: words.startIndex, in: words) != nil }) {
                return opener
            }
        }
        return nil
    }

    // MARK: Rule 4: reasons

    static func reasons(_ questions: [Question]) -> [(Question, String)] {
        let items: [(question: Question, keyReason: Bool, wrongReason: Bool)] = questions.compactMap { question in
            guard let keys = keyIDs(question) else { return nil }
            return (
                question,
                question.options.contains { keys.contains($0.id) && reasonMarker($0.text) != nil },
                question.options.contains { !keys.contains($0.id) && reasonMarker($0.text) != nil }
            )
        }
        guard items.count >= minimumItems else { return [] }
        var keyCount = 0
        var keyReasons = 0
        var wrongCount = 0
        var wrongReasons = 0
        for item in items {
            let keys = keyIDs(item.question) ?? []
            for option in item.question.options {
                let reason = reasonMarker(option.text) != nil
                if keys.contains(option.id) {
                    keyCount += 1
                    keyReasons += reason ? 1 : 0
                } else {
                    wrongCount += 1
                    wrongReasons += reason ? 1 : 0
                }
            }
        }
        let keyShare = Double(keyReasons) / Double(max(keyCount, 1))
        let wrongShare = Double(wrongReasons) / Double(max(wrongCount, 1))
        guard abs(keyShare - wrongShare) > reasonShareTolerance + 1e-9 else { return [] }
        let shares =
            "in this pack \(percent(wrongShare)) of wrong options give a reason and \(percent(keyShare)) of keys "
            + "(at most \(percent(reasonShareTolerance)) apart)"
        if wrongShare > keyShare {
            return items.filter { $0.wrongReason && !$0.keyReason }.map { item in
                let marker = item.question.options.lazy.compactMap { reasonMarker($0.text) }.first ?? ""
                return (
                    item.question,
                    "a wrong option gives a reason (\"\(marker)\") and the key does not; \(shares): give the key its reason too, or drop it"
                )
            }
        }
        return items.filter { $0.keyReason && !$0.wrongReason }.map { item in
            (item.question, "the key gives a reason and no wrong option does; \(shares): give a wrong option a reason too, or drop it")
        }
    }

    static func reasonMarker(_ text: LocalizedText) -> String? {
        for language in [Language.en, .vi] {
            let words = normalized(text.text(in: language))
            if let marker = ItemWritingWordings.reasonMarkers.first(where: { contains($0, in: words) }) { return marker }
        }
        return nil
    }

    // MARK: Rule 5: all or none of the above

    static func allOrNoneOption(_ question: Question) -> String? {
        for choice in question.options + question.matches {
            for language in Language.allCases {
                let text = normalized(choice.text.text(in: language))
                if let phrase = ItemWritingWordings.allOrNone.first(where: { contains($0, in: text) }) {
                    return "option \(choice.id) says \"\(phrase)\": write an option that stands on its own"
                }
            }
        }
        return nil
    }

    // MARK: Rule 6: short easy prompts

    static func easyPromptLength(_ question: Question) -> String? {
        guard question.difficulty == .easy else { return nil }
        for language in [Language.en, .vi] {
            let limit = easyPromptWords[language] ?? 35
            let count = wordCount(question.prompt.text(in: language))
            if count > limit {
                let unit = language == .vi ? "Vietnamese syllables" : "English words"
                return "the prompt of an easy question has \(count) \(unit) (at most \(limit)): shorten it, or make the question medium"
            }
        }
        return nil
    }

    /// Words separated by white space that hold a letter or a digit; a Vietnamese syllable is one.
    public static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }.count
    }

    // MARK: Rule 7: options stored as the answer

    static func storedInAnswerOrder(_ question: Question) -> String? {
        let optionIDs = question.options.map(\.id)
        switch question.key {
        case .ordering(let order) where order == optionIDs:
            return "the options are stored in the answer's order: list them in another order (exports and printouts keep it)"
        case .matching(let pairs)
        where question.matches.count >= optionIDs.count
            && optionIDs.enumerated().allSatisfy { pairs[$0.element] == question.matches[$0.offset].id }:
            return "each option is matched to the match in the same position: list the matches in another order"
        case .multiple(let keys) where Set(keys) == Set(optionIDs.prefix(keys.count)):
            return "the keys are the first \(keys.count) options: mix them among the wrong ones"
        default:
            return nil
        }
    }

    // MARK: Text

    /// The option ids that are keys, for the question types whose options are right or wrong.
    static func keyIDs(_ question: Question) -> Set<String>? {
        switch question.key {
        case .single(let key): [key]
        case .multiple(let keys): Set(keys)
        default: nil
        }
    }

    static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// Whether `phrase` occurs in `text` at word boundaries; `…` in it stands for one to four words.
    static func contains(_ phrase: String, in text: String) -> Bool {
        let parts = phrase.components(separatedBy: " … ")
        var start = text.startIndex
        while start < text.endIndex {
            if start == text.startIndex || !isWordCharacter(text[text.index(before: start)]), matchParts(parts[...], at: start, in: text) {
                return true
            }
            start = text.index(after: start)
        }
        return false
    }

    static func matchParts(_ parts: ArraySlice<String>, at start: String.Index, in text: String) -> Bool {
        guard let first = parts.first else { return true }
        guard let end = match(first, at: start, in: text) else { return false }
        guard parts.count > 1 else { return true }
        // One to four words, then the rest of the phrase.
        let rest = text[end...]
        let words = rest.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        for count in 1...4 where words.count > count {
            if matchParts(parts.dropFirst(), at: words[count].startIndex, in: text) { return true }
        }
        return false
    }

    /// The index after `phrase` when it is at `start` in `text` and ends at a word boundary.
    static func match(_ phrase: String, at start: String.Index, in text: String) -> String.Index? {
        guard text[start...].hasPrefix(phrase) else { return nil }
        let end = text.index(start, offsetBy: phrase.count)
        guard end == text.endIndex || !isWordCharacter(text[end]) else { return nil }
        return end
    }

    static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }
}
