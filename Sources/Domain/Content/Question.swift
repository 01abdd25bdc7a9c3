/// One question of a bank, with its key. Keys never leave the server before review allows it.
public struct Question: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case single, multiple, trueFalse, ordering, matching, shortText
    }

    public enum Difficulty: String, Sendable, Codable, CaseIterable {
        case easy, medium, hard
    }

    public var id: String
    public var type: Kind
    public var competency: String
    public var difficulty: Difficulty
    public var scenario: Bool
    public var topic: String?
    public var prompt: LocalizedText
    public var options: [Choice]
    /// The right-hand column of a matching question.
    public var matches: [Choice]
    public var key: AnswerKey
    public var explanation: LocalizedText
    public var image: ImageReference?

    public init(
        id: String,
        type: Kind,
        competency: String,
        difficulty: Difficulty,
        scenario: Bool,
        topic: String?,
        prompt: LocalizedText,
        options: [Choice],
        matches: [Choice],
        key: AnswerKey,
        explanation: LocalizedText,
        image: ImageReference?
    ) {
        self.id = id
        self.type = type
        self.competency = competency
        self.difficulty = difficulty
        self.scenario = scenario
        self.topic = topic
        self.prompt = prompt
        self.options = options
        self.matches = matches
        self.key = key
        self.explanation = explanation
        self.image = image
    }
}

public struct Choice: Sendable, Equatable, Codable {
    public var id: String
    public var text: LocalizedText

    public init(id: String, text: LocalizedText) {
        self.id = id
        self.text = text
    }
}

public struct ImageReference: Sendable, Equatable, Codable {
    /// A file name under the pack's `assets/`.
    public var file: String
    public var alt: LocalizedText

    public init(file: String, alt: LocalizedText) {
        self.file = file
        self.alt = alt
    }
}

/// What counts as right for each question type.
public enum AnswerKey: Sendable, Equatable, Codable {
    case single(String)
    case multiple([String])
    case trueFalse(Bool)
    /// Every option id, in the right order.
    case ordering([String])
    /// Each option id to its match id.
    case matching([String: String])
    /// Accepted answers per language; compared after NFC, case folding and collapsing spaces.
    case shortText(vi: [String], en: [String], ignoreToneMarks: Bool)
}
