import Domain
import Foundation

/// Reads Moodle's GIFT text format into draft questions of one language.
///
/// | GIFT | pack question |
/// |---|---|
/// | `{=right ~wrong ~wrong}` | `single` |
/// | `{~%50%right ~%50%right ~%-100%wrong}` (no `=`) | `multiple`: options with a positive weight are right |
/// | `{TRUE}`, `{T}`, `{FALSE}`, `{F}` | `trueFalse` |
/// | `{=left -> right =left -> right}` | `matching`; `= -> text` adds a match nobody takes |
/// | `{=answer =other answer}` | `shortText`: every `=` answer is accepted |
/// | `::title::` | the question's id (made an id when it is not one) |
/// | `####text` | the explanation |
/// | `$CATEGORY: a/4.2/easy` | competency (a segment 4.1 to 4.4) and difficulty (easy, medium, hard) |
///
/// Reported, never dropped in silence: numerical `{#...}`, essay `{}`, description-only items,
/// per-answer feedback (kept as comments in the bank), partial-credit weights, HTML markup.
/// A `// safeskills: options=a,b,c; matches=...; matched=...; scenario; topic=x; ignoreToneMarks`
/// comment before a question, written by `GIFTWriter`, gives back what GIFT cannot say, so an
/// exported bank converts back with the same ids. Moodle ignores comments.
public enum GIFTParser {
    public static func parse(_ text: String, file: String, defaults: ConversionDefaults) -> ConvertedBank {
        var parser = State(file: file, defaults: defaults)
        parser.run(text)
        return ConvertedBank(questions: parser.questions, issues: parser.issues, language: defaults.language)
    }

    struct Block {
        var lines: [(number: Int, text: String)] = []
        var metadata: [(number: Int, text: String)] = []
    }

    struct State {
        let file: String
        let defaults: ConversionDefaults
        var questions: [DraftQuestion] = []
        var issues: [ConversionIssue] = []
        var category: (competency: String?, difficulty: Question.Difficulty?) = (nil, nil)

        var language: Language { defaults.language }

        mutating func issue(_ kind: ConversionIssue.Kind, _ line: Int?, _ message: String) {
            issues.append(ConversionIssue(kind, SourceLine(file: file, line: line), message))
        }

        mutating func run(_ text: String) {
            var block = Block()
            var number = 0
            let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            // "\r\n" is one Character, a newline like "\n".
            for raw in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                number += 1
                let line = String(raw)
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    read(block)
                    block = Block()
                } else if trimmed.hasPrefix("//") {
                    let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
                    if comment.hasPrefix("safeskills:") {
                        block.metadata.append((number, String(comment.dropFirst("safeskills:".count))))
                    }
                } else {
                    block.lines.append((number, line))
                }
            }
            read(block)
        }

        mutating func read(_ block: Block) {
            guard let first = block.lines.first else {
                if let stray = block.metadata.first { issue(.error, stray.number, "a safeskills: comment with no question after it") }
                return
            }
            let opening = first.text.trimmingCharacters(in: .whitespaces)
            if opening.hasPrefix("$CATEGORY:") {
                readCategory(String(opening.dropFirst("$CATEGORY:".count)), line: first.number)
                for extra in block.lines.dropFirst() {
                    issue(.error, extra.number, "a $CATEGORY: line stands alone, followed by a blank line; this text is not read")
                }
                return
            }
            let chars = GIFTText.scan(block.lines)
            let metadata = Metadata(block.metadata, state: &self)
            if let question = readQuestion(chars[...], line: first.number, metadata: metadata) {
                if questions.contains(where: { $0.id == question.id }) {
                    issue(
                        .error,
                        first.number,
                        "the id \"\(question.id)\" is already used by another question in this file; this question is left out"
                    )
                } else {
                    questions.append(question)
                }
            }
        }

        mutating func readCategory(_ path: String, line: Int) {
            category = (nil, nil)
            for segment in path.split(separator: "/").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let code = segment.split(separator: " ").first.map(String.init) ?? segment
                if PackRules.competencies.contains(code) { category.competency = code }
                switch segment.lowercased().precomposedStringWithCanonicalMapping {
                case "easy", "dễ": category.difficulty = .easy
                case "medium", "trung bình": category.difficulty = .medium
                case "hard", "khó": category.difficulty = .hard
                default: break
                }
            }
        }

        mutating func readQuestion(_ chars: GIFTRun, line: Int, metadata: Metadata) -> DraftQuestion? {
            var rest = GIFTText.trimmed(chars)
            var title: String?
            if GIFTText.find("::", in: rest) == rest.startIndex {
                guard let close = GIFTText.find("::", in: rest, from: rest.startIndex + 2) else {
                    issue(.error, line, "the title has no closing ::; the question is not read")
                    return nil
                }
                title = GIFTText.string(rest[(rest.startIndex + 2)..<close])
                rest = GIFTText.trimmed(rest[(close + 2)...])
            }
            var format = "moodle"
            if rest.first?.char == "[", let close = rest.firstIndex(where: { $0.char == "]" }) {
                let name = String(rest[(rest.startIndex + 1)..<close].map(\.char)).lowercased()
                if ["html", "markdown", "plain", "moodle"].contains(name) {
                    format = name
                    rest = rest[(close + 1)...]
                }
            }
            guard let open = GIFTText.find("{", in: rest) else {
                issue(.unsupported, line, "a description (text with no {answers}) is not a question; it is not converted")
                return nil
            }
            guard let close = GIFTText.find("}", in: rest, from: open + 1) else {
                issue(.error, rest[open].line, "the answers have no closing }; the question is not read")
                return nil
            }
            var promptText = GIFTText.string(rest[..<open])
            let after = GIFTText.string(rest[(close + 1)...])
            if !after.isEmpty { promptText = promptText.isEmpty ? "_____ \(after)" : "\(promptText) _____ \(after)" }
            promptText = text(promptText, format: format, line: line)
            let id = questionID(title: title, line: line)
            guard let answers = readAnswers(rest[(open + 1)..<close], line: rest[open].line, format: format, metadata: metadata) else {
                return nil
            }
            if promptText.isEmpty { issue(.error, line, "question \(id) has no text") }
            var question = DraftQuestion(
                id: id,
                type: answers.type,
                prompt: DraftText(promptText.isEmpty ? nil : promptText, in: language),
                key: answers.key,
                source: SourceLine(file: file, line: line)
            )
            question.options = answers.options
            question.matches = answers.matches
            question.notes = answers.notes
            question.explanation = DraftText(answers.explanation, in: language)
            question.competency = category.competency ?? defaults.competency
            question.difficulty = category.difficulty ?? defaults.difficulty
            question.scenario = metadata.scenario
            question.topic = metadata.topic
            return question
        }

        mutating func questionID(title: String?, line: Int) -> String {
            guard let title, !title.isEmpty else {
                let id = "\(InterchangeIDs.slug(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent) ?? "question")-\(line)"
                issue(.toWrite, line, "the question has no ::title::, so its id is \"\(id)\": give it a lasting id")
                return String(id.suffix(64)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
            }
            if InterchangeIDs.isSlug(title) { return title }
            let id = InterchangeIDs.slug(title) ?? "question-\(line)"
            issue(.toWrite, line, "the title \"\(title)\" is not an id (a-z, 0-9, -), so the id is \"\(id)\": check it")
            return id
        }

        mutating func text(_ text: String, format: String, line: Int?) -> String {
            guard format == "html" else { return text }
            let plain = GIFTText.plain(fromHTML: text)
            if plain.hadMarkup { issue(.unsupported, line, "HTML markup is not kept: pack questions are plain text") }
            return plain.text
        }
    }
}

extension GIFTParser {
    /// The `// safeskills:` comment before a question.
    struct Metadata {
        var options: [String]?
        var matches: [String]?
        var matched: [String]?
        var scenario = false
        var topic: String?
        var ignoreToneMarks = false
        var line: Int?

        init(_ lines: [(number: Int, text: String)], state: inout State) {
            line = lines.first?.number
            for (number, text) in lines {
                for entry in text.split(separator: ";") {
                    let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    let ids = parts.count == 2 ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : []
                    switch parts[0] {
                    case "options": options = ids
                    case "matches": matches = ids
                    case "matched": matched = ids
                    case "scenario": scenario = parts.count == 1 || parts[1] == "true"
                    case "topic": topic = parts.count == 2 ? parts[1] : nil
                    case "ignoreToneMarks": ignoreToneMarks = parts.count == 1 || parts[1] == "true"
                    case "": break
                    default: state.issue(.error, number, "the safeskills: comment has an unknown entry \"\(parts[0])\"")
                    }
                }
            }
            let named = (options ?? []) + (matches ?? []) + (matched ?? [])
            if let wrong = named.first(where: { !InterchangeIDs.isSlug($0) }) {
                state.issue(.error, line, "the safeskills: comment names \"\(wrong)\", which is not an id; its ids are not used")
                options = nil
                matches = nil
                matched = nil
            }
        }
    }
}
