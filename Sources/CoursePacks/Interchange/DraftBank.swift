import Domain
import Foundation

// What the GIFT and QTI converters produce: questions as far as a single-language file can say
// them, and every issue with its file and line. `BankYAMLWriter` turns the drafts into a bank
// file an author finishes; `PackReader` is still the one judge of whether it is valid.

/// A text that may so far exist in one language only.
public struct DraftText: Sendable, Equatable {
    public var vi: String?
    public var en: String?

    public init(vi: String? = nil, en: String? = nil) {
        self.vi = vi
        self.en = en
    }

    public init(_ text: String?, in language: Language) {
        self.init()
        self[language] = text
    }

    public init(_ text: LocalizedText) {
        self.init(vi: text.vi, en: text.en)
    }

    public subscript(language: Language) -> String? {
        get { language == .vi ? vi : en }
        set {
            if language == .vi { vi = newValue } else { en = newValue }
        }
    }
}

public struct DraftChoice: Sendable, Equatable {
    public var id: String
    public var text: DraftText

    public init(id: String, text: DraftText) {
        self.id = id
        self.text = text
    }
}

/// One question of a bank being converted. Fields the source format cannot say (competency,
/// difficulty, the other language) stay nil and are written as blanks to fill in.
public struct DraftQuestion: Sendable, Equatable {
    public var id: String
    public var type: Question.Kind
    public var competency: String?
    public var difficulty: Question.Difficulty?
    public var scenario = false
    public var topic: String?
    public var prompt: DraftText
    public var options: [DraftChoice] = []
    public var matches: [DraftChoice] = []
    /// The key; for `shortText`, an empty list is a language still to write.
    public var key: AnswerKey
    public var explanation = DraftText()
    /// What the source said that has no place in a pack question (per-answer feedback, ...),
    /// kept as comments in the bank so the author can fold it into the explanation.
    public var notes: [DraftNote] = []
    /// Where the question starts in its source file.
    public var source: SourceLine

    public init(id: String, type: Question.Kind, prompt: DraftText, key: AnswerKey, source: SourceLine) {
        self.id = id
        self.type = type
        self.prompt = prompt
        self.key = key
        self.source = source
    }

    /// The draft of a pack question in both languages, as the exporter and the merge see it.
    public init(_ question: Question, source: SourceLine) {
        self.init(id: question.id, type: question.type, prompt: DraftText(question.prompt), key: question.key, source: source)
        competency = question.competency
        difficulty = question.difficulty
        scenario = question.scenario
        topic = question.topic
        options = question.options.map { DraftChoice(id: $0.id, text: DraftText($0.text)) }
        matches = question.matches.map { DraftChoice(id: $0.id, text: DraftText($0.text)) }
        explanation = DraftText(question.explanation)
    }
}

/// Something the source said that has no place in the bank, and where it said it.
public struct DraftNote: Sendable, Equatable {
    public var source: SourceLine
    public var text: String

    public init(_ source: SourceLine, _ text: String) {
        self.source = source
        self.text = text
    }
}

public struct SourceLine: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// One thing a conversion could not carry over, or that the author still has to write.
public struct ConversionIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The source uses something a pack question cannot hold; it is not in the bank.
        case unsupported
        /// The bank needs something the source does not say (a translation, a competency, ...).
        case toWrite = "to write"
        /// The source is not well formed where it says.
        case error
    }

    public var kind: Kind
    public var source: SourceLine
    public var message: String

    public init(_ kind: Kind, _ source: SourceLine, _ message: String) {
        self.kind = kind
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(kind.rawValue): \(message)" }
}

/// What a converter returns: the questions it could read, and everything it reports.
public struct ConvertedBank: Sendable {
    public var questions: [DraftQuestion]
    public var issues: [ConversionIssue]
    /// The language the source file is written in.
    public var language: Language

    public init(questions: [DraftQuestion], issues: [ConversionIssue], language: Language) {
        self.questions = questions
        self.issues = issues
        self.language = language
    }
}

/// What a source file does not say, given by the person converting it.
public struct ConversionDefaults: Sendable {
    public var language: Language
    public var competency: String?
    public var difficulty: Question.Difficulty?

    public init(language: Language, competency: String? = nil, difficulty: Question.Difficulty? = nil) {
        self.language = language
        self.competency = competency
        self.difficulty = difficulty
    }
}

extension Language {
    var other: Language { self == .vi ? .en : .vi }
    var englishName: String { self == .vi ? "Vietnamese (vi)" : "English (en)" }
}

enum InterchangeIDs {
    /// An id from a title or an identifier: lowercase, Vietnamese marks removed ("đ" as "d"),
    /// every other run of characters a single "-"; nil when nothing is left.
    static func slug(_ text: String) -> String? {
        let folded = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.utf8.count > 64 {
            slug = String(slug.prefix(64))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug.isEmpty ? nil : slug
    }

    static func isSlug(_ text: String) -> Bool { PackRules.isSlug(text) }

    /// a, b, c, ... z, then o27, o28: the ids of options a source does not name.
    static func letter(_ index: Int, prefix: String = "o") -> String {
        index < 26 ? String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index))) : "\(prefix)\(index + 1)"
    }
}
