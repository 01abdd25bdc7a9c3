import Domain

/// A GIFT or QTI file holds one language; a pack question holds two. The second language comes
/// from a translation: the same questions, with the same ids, converted from another file.
public enum BankTranslation {
    /// `bank` with its blank language filled from `translation`, question by question (by id),
    /// option by option (by position, which must have the same ids).
    public static func merge(_ bank: ConvertedBank, with translation: ConvertedBank) -> ConvertedBank {
        var merged = bank
        merged.issues += translation.issues
        let source = translation.questions.first?.source.file ?? "the translation"
        guard translation.language == bank.language.other else {
            merged.issues.append(
                ConversionIssue(
                    .error,
                    SourceLine(file: source, line: nil),
                    "the translation must be in \(bank.language.other.englishName); it is not used"
                )
            )
            return merged
        }
        let others = Dictionary(translation.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let language = translation.language
        for index in merged.questions.indices {
            let question = merged.questions[index]
            guard let other = others[question.id] else {
                merged.issues.append(
                    ConversionIssue(.toWrite, question.source, "question \(question.id) is not in the translation (\(source))")
                )
                continue
            }
            var problems: [String] = []
            let result = fill(question, from: other, language: language, problems: &problems)
            for problem in problems {
                merged.issues.append(
                    ConversionIssue(.error, other.source, "question \(question.id): \(problem); the translation of this question is not used")
                )
            }
            if problems.isEmpty { merged.questions[index] = result }
        }
        let ids = Set(bank.questions.map(\.id))
        for other in translation.questions where !ids.contains(other.id) {
            merged.issues.append(ConversionIssue(.error, other.source, "question \(other.id) is only in the translation; it is left out"))
        }
        return merged
    }

    static func fill(_ question: DraftQuestion, from other: DraftQuestion, language: Language, problems: inout [String]) -> DraftQuestion {
        var result = question
        guard question.type == other.type else {
            problems.append("it is \(question.type.rawValue) here but \(other.type.rawValue) in the translation")
            return result
        }
        result.prompt[language] = other.prompt[language]
        result.explanation[language] = other.explanation[language]
        for (label, mine, theirs) in [("options", question.options, other.options), ("matches", question.matches, other.matches)] {
            if mine.map(\.id) != theirs.map(\.id) {
                problems.append("its \(label) are \(mine.map(\.id)) here but \(theirs.map(\.id)) in the translation")
            }
        }
        for index in result.options.indices where index < other.options.count {
            result.options[index].text[language] = other.options[index].text[language]
        }
        for index in result.matches.indices where index < other.matches.count {
            result.matches[index].text[language] = other.matches[index].text[language]
        }
        switch (question.key, other.key) {
        case (.shortText(let vi, let en, let ignore), .shortText(let otherVI, let otherEN, let otherIgnore)):
            result.key = .shortText(vi: language == .vi ? otherVI : vi, en: language == .en ? otherEN : en, ignoreToneMarks: ignore || otherIgnore)
        default:
            if question.key != other.key { problems.append("its key differs from the translation's") }
        }
        for (label, mine, theirs) in [
            ("competency", question.competency, other.competency), ("difficulty", question.difficulty?.rawValue, other.difficulty?.rawValue),
        ] {
            if let mine, let theirs, mine != theirs { problems.append("its \(label) is \(mine) here but \(theirs) in the translation") }
        }
        result.competency = question.competency ?? other.competency
        result.difficulty = question.difficulty ?? other.difficulty
        result.scenario = question.scenario || other.scenario
        result.topic = question.topic ?? other.topic
        result.notes += other.notes
        return result
    }
}

extension ConvertedBank {
    /// The bank with one "to write" issue for each question that still has blanks: the other
    /// language, the competency, the difficulty, the explanation.
    public func reportingBlanks() -> ConvertedBank {
        var bank = self
        for question in questions {
            var blanks: [String] = []
            if question.competency == nil { blanks.append("competency") }
            if question.difficulty == nil { blanks.append("difficulty") }
            for language in [Language.vi, .en] {
                var fields: [String] = []
                if question.prompt[language] == nil { fields.append("prompt") }
                if question.options.contains(where: { $0.text[language] == nil }) { fields.append("options") }
                if question.matches.contains(where: { $0.text[language] == nil }) { fields.append("matches") }
                if case .shortText(let vi, let en, _) = question.key, (language == .vi ? vi : en).isEmpty { fields.append("accepted answers") }
                if question.explanation[language] == nil { fields.append("explanation") }
                if !fields.isEmpty { blanks.append("\(language.rawValue) \(fields.joined(separator: ", "))") }
            }
            if !blanks.isEmpty {
                bank.issues.append(
                    ConversionIssue(.toWrite, question.source, "question \(question.id): left blank to write: \(blanks.joined(separator: "; "))")
                )
            }
        }
        return bank
    }
}
