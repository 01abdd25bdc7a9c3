import Domain

/// Questions built in code, for the scoring and quiz-assembly rules that only care about a
/// question's kind, key and options.
enum QuestionFixtures {
    /// Choices whose text is their id, in both languages.
    static func choices(_ ids: [String]) -> [Choice] { ids.map { Choice(id: $0, text: LocalizedText(vi: $0, en: $0)) } }

    /// A question "q" of `type` with `key`, competency 4.2 and easy; options a to d unless given.
    static func question(_ type: Question.Kind, key: AnswerKey, options: [String] = ["a", "b", "c", "d"], matches: [String] = []) -> Question {
        Question(
            id: "q",
            type: type,
            competency: "4.2",
            difficulty: .easy,
            scenario: false,
            topic: nil,
            prompt: LocalizedText(vi: "?", en: "?"),
            options: choices(options),
            matches: choices(matches),
            key: key,
            explanation: LocalizedText(vi: "", en: ""),
            image: nil
        )
    }
}
