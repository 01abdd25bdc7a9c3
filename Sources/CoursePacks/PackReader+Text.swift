import Domain
import Foundation
import Yams

// Learner-facing texts: filled with facts, then checked, so that a fact cannot bring in what the
// text itself may not hold.

extension PackReader.Context {
    /// A `{ vi, en }` text with its facts filled in and checked as plain text (`Markdown.checkText`).
    func text(_ fields: Fields, _ key: String, required: Bool = true) -> LocalizedText? {
        guard let text = fields.localized(key, required: required) else { return nil }
        let node = fields[key]
        func filled(_ language: String, _ value: String) -> String {
            let line = node?[language]?.mark?.line ?? node?.mark?.line ?? fields.line
            let result = fill(value, file: fields.file, line: line)
            checkText(result, original: value, file: fields.file, line: line, what: "\(fields.what): \(key)")
            return result
        }
        return LocalizedText(vi: filled("vi", text.vi), en: filled("en", text.en))
    }

    /// Records each safety problem of a plain text, saying when a fact brought it in.
    func checkText(_ text: String, original: String, file: String, line: Int?, what: String) {
        for message in Markdown.checkText(text) {
            reader.fail(PackIssue(file: file, line: line, message: "\(what): \(message)\(factNote(original))"))
        }
    }

    /// " (after filling in {{facts}})" when `original` uses facts, so that an author looking at a
    /// line without the problem knows to look at pack.yaml's facts.
    func factNote(_ original: some StringProtocol) -> String {
        original.contains("{{") ? " (after filling in {{facts}})" : ""
    }
}
