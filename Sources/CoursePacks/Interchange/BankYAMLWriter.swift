import Domain
import Foundation

/// Writes draft questions as a question bank file (`questions/NAME.yaml`, Courses/README.md).
///
/// What the source did not say is written as an empty value (`en: ""`, `competency: ""`), so the
/// file reads as YAML and `safeskills courses validate` points at every blank with its line.
/// Notes (per-answer feedback and the like) become comments under their question.
public enum BankYAMLWriter {
    public static func write(_ questions: [DraftQuestion], header: [String] = []) -> String {
        var lines = header.map { "# \($0)" }
        lines.append("questions:")
        for question in questions {
            lines += write(question)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(_ question: DraftQuestion) -> [String] {
        var lines = ["  - id: \(scalar(question.id))"]
        func field(_ key: String, _ value: String) { lines.append("    \(key): \(value)") }
        field("type", question.type.rawValue)
        field("competency", quoted(question.competency ?? "") + (question.competency == nil ? "  # to write: 4.1, 4.2, 4.3 or 4.4" : ""))
        field("difficulty", question.difficulty.map(\.rawValue) ?? "\"\"  # to write: easy, medium or hard")
        if question.scenario { field("scenario", "true") }
        if let topic = question.topic { field("topic", scalar(topic)) }
        lines += text("prompt", question.prompt, indent: 4)
        for (key, choices) in [("options", question.options), ("matches", question.matches)] where !choices.isEmpty {
            lines.append("    \(key):")
            for choice in choices {
                lines.append("      - { id: \(scalar(choice.id)), text: \(inline(choice.text)) }")
            }
        }
        switch question.key {
        case .single(let id): field("answer", scalar(id))
        case .multiple(let ids), .ordering(let ids): field("answer", "[\(ids.map(scalar).joined(separator: ", "))]")
        case .trueFalse(let value): field("answer", value ? "true" : "false")
        case .matching(let key):
            let pairs = question.options.compactMap { option in key[option.id].map { "\(scalar(option.id)): \(scalar($0))" } }
            field("answer", "{ \(pairs.joined(separator: ", ")) }")
        case .shortText(let vi, let en, let ignoreToneMarks):
            field("accepted", "{ vi: \(list(vi)), en: \(list(en)) }")
            if ignoreToneMarks { field("ignoreToneMarks", "true") }
        }
        lines += text("explanation", question.explanation, indent: 4)
        for note in question.notes {
            lines.append("    # from \(note.source): \(note.text.replacingOccurrences(of: "\n", with: " "))")
        }
        return lines
    }

    static func text(_ key: String, _ text: DraftText, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return [
            "\(pad)\(key):",
            "\(pad)  vi: \(quoted(text.vi ?? ""))",
            "\(pad)  en: \(quoted(text.en ?? ""))",
        ]
    }

    static func inline(_ text: DraftText) -> String {
        "{ vi: \(quoted(text.vi ?? "")), en: \(quoted(text.en ?? "")) }"
    }

    static func list(_ values: [String]) -> String {
        "[\(values.map(quoted).joined(separator: ", "))]"
    }

    /// An id as a plain scalar when YAML reads it back as the same text, quoted otherwise.
    static func scalar(_ text: String) -> String {
        let plain =
            text.first.map { $0.isLetter } == true
            && text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            && !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased())
        return plain ? text : quoted(text)
    }

    /// A YAML double-quoted scalar: every text survives, whatever its characters.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += String(format: "\\x%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
