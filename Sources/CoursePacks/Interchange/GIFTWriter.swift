import Domain
import Foundation

/// Writes a bank's questions as GIFT in one language, for teachers who use Moodle.
///
/// single, multiple (weights), trueFalse, matching and shortText are written; ordering has no
/// GIFT form and is named as left out, and so is an image. Each question's title is its id, its
/// explanation the general feedback (`####`), its competency and difficulty the category
/// (`$CATEGORY: $course$/PACK/4.2/easy`), and a `// safeskills:` comment keeps the option and
/// match ids, so `GIFTParser` reads the file back into the same questions.
public enum GIFTWriter {
    public struct Export: Sendable {
        public var text: String
        public var written: [String]
        /// "ex-ordering: ordering questions have no GIFT form", one line for each thing left out.
        public var leftOut: [String]
    }

    public static func write(_ questions: [Question], language: Language, category: String) -> Export {
        var lines = [
            "// Questions exported by safeskills from \(category), in \(language.englishName).",
            "// Each ::title:: is the question's id; the // safeskills: comments keep option ids. Moodle ignores comments.",
        ]
        var written: [String] = []
        var leftOut: [String] = []
        var currentCategory: String?
        for question in questions {
            guard let answers = answers(question, language: language) else {
                leftOut.append("\(question.id): \(question.type.rawValue) questions have no GIFT form")
                continue
            }
            if question.image != nil { leftOut.append("\(question.id): its image (GIFT files carry no images)") }
            let questionCategory = "$course$/\(category)/\(question.competency)/\(question.difficulty.rawValue)"
            if questionCategory != currentCategory {
                lines += ["", "$CATEGORY: \(questionCategory)"]
                currentCategory = questionCategory
            }
            lines.append("")
            if let comment = metadata(question) { lines.append("// safeskills: \(comment)") }
            let title = "::\(question.id):: \(GIFTText.escape(question.prompt.text(in: language)))"
            let explanation = "####\(GIFTText.escape(question.explanation.text(in: language)))"
            if question.type == .trueFalse {
                lines.append("\(title) {\(answers.joined())\(explanation)}")
            } else {
                lines.append("\(title) {")
                lines += answers.map { "\t\($0)" }
                lines += ["\t\(explanation)", "}"]
            }
            written.append(question.id)
        }
        if !leftOut.isEmpty {
            lines.insert(contentsOf: ["// Left out:"] + leftOut.map { "//   \($0)" }, at: 2)
        }
        return Export(text: lines.joined(separator: "\n") + "\n", written: written, leftOut: leftOut)
    }

    /// The lines between { and }, or nil for a type GIFT cannot express.
    static func answers(_ question: Question, language: Language) -> [String]? {
        let text = { (choice: Choice) in GIFTText.escape(choice.text.text(in: language)) }
        switch question.key {
        case .single(let right):
            return question.options.map { ($0.id == right ? "=" : "~") + text($0) }
        case .multiple(let right):
            let weight = weightText(100 / Double(right.count))
            return question.options.map { right.contains($0.id) ? "~%\(weight)%\(text($0))" : "~%-100%\(text($0))" }
        case .trueFalse(let value):
            return [value ? "TRUE" : "FALSE"]
        case .ordering:
            return nil
        case .matching(let key):
            let matches = Dictionary(question.matches.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let pairs = question.options.compactMap { option in
                key[option.id].flatMap { matches[$0] }.map { "=\(text(option)) -> \(text($0))" }
            }
            let used = Set(key.values)
            return pairs + question.matches.filter { !used.contains($0.id) }.map { "= -> \(text($0))" }
        case .shortText(let vi, let en, _):
            return (language == .vi ? vi : en).map { "=\(GIFTText.escape($0))" }
        }
    }

    /// What GIFT cannot say but the pack needs back: ids that are not a, b, c; scenario; topic.
    static func metadata(_ question: Question) -> String? {
        var entries: [String] = []
        let letters = question.options.indices.map { InterchangeIDs.letter($0) }
        if !question.options.isEmpty, question.options.map(\.id) != letters {
            entries.append("options=\(question.options.map(\.id).joined(separator: ","))")
        }
        if case .matching(let key) = question.key {
            entries.append("matches=\(question.matches.map(\.id).joined(separator: ","))")
            entries.append("matched=\(question.options.map { key[$0.id] ?? "" }.joined(separator: ","))")
        }
        if question.scenario { entries.append("scenario") }
        if let topic = question.topic { entries.append("topic=\(topic)") }
        if case .shortText(_, _, true) = question.key { entries.append("ignoreToneMarks") }
        return entries.isEmpty ? nil : entries.joined(separator: "; ")
    }

    /// Moodle's own weights for 1 to 8 right options: 100, 50, 33.33333, 25, ...
    static func weightText(_ weight: Double) -> String {
        var text = String(format: "%.5f", weight)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
