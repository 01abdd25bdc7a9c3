import Domain
import Foundation

// The four interactions a pack question can hold, and the text around them.

extension QTIItem {
    struct Reader {
        let file: String
        var state: QTIReader.State

        mutating func report(_ kind: ConversionIssue.Kind, _ line: Int?, _ message: String) {
            state.issue(kind, SourceLine(file: file, line: line), message)
        }

        /// Plain text of some item body: blocks on their own lines, the text entry as a blank,
        /// interactions and feedback left out, and every image or formula reported.
        mutating func text(_ node: MarkupNode, feedbackToo: Bool = false) -> String {
            var raw = ""
            append(node, to: &raw, feedbackToo: feedbackToo)
            return raw.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
                .filter { !$0.isEmpty }.joined(separator: "\n").precomposedStringWithCanonicalMapping
        }

        private mutating func append(_ node: MarkupNode, to raw: inout String, feedbackToo: Bool) {
            for child in node.children {
                guard case .element(let element) = child else {
                    if case .text(let text) = child { raw += text.replacingOccurrences(of: "\n", with: " ") }
                    continue
                }
                if element.name == "qti-text-entry-interaction" {
                    raw += " _____ "
                } else if element.name.hasSuffix("-interaction") || element.name == "qti-prompt" {
                    continue
                } else if QTIItem.feedback.contains(element.name), !feedbackToo {
                    continue
                } else if QTIItem.media.contains(element.name) {
                    report(
                        .unsupported,
                        element.line,
                        "<\(element.name)> is not carried over: pack question text is plain (an image goes in the question's image: with a file in assets/)"
                    )
                } else if element.name == "br" {
                    raw += "\n"
                } else if QTIItem.blocks.contains(element.name) {
                    raw += "\n"
                    append(element, to: &raw, feedbackToo: feedbackToo)
                    raw += "\n"
                } else {
                    append(element, to: &raw, feedbackToo: feedbackToo)
                }
            }
        }

        /// Choices with their ids made pack ids ("A" becomes "a"); nil when two collide.
        mutating func choices(_ nodes: [MarkupNode]) -> (choices: [DraftChoice], ids: [String: String])? {
            var result: [DraftChoice] = []
            var ids: [String: String] = [:]
            for node in nodes {
                let identifier = node.attributes["identifier"] ?? ""
                let id = InterchangeIDs.slug(identifier) ?? "choice-\(node.line)"
                if id != identifier.lowercased() {
                    report(.toWrite, node.line, "the choice identifier \"\(identifier)\" is not an id, so it is \"\(id)\"")
                }
                if result.contains(where: { $0.id == id }) {
                    report(.error, node.line, "two choices have the id \"\(id)\"; the item is not converted")
                    return nil
                }
                ids[identifier] = id
                let choiceText = text(node)
                if choiceText.isEmpty { report(.error, node.line, "choice \(identifier) has no text") }
                result.append(DraftChoice(id: id, text: DraftText(choiceText.isEmpty ? nil : choiceText, in: state.language)))
            }
            return (result, ids)
        }

        mutating func keyIDs(_ values: [String], _ ids: [String: String], line: Int) -> [String]? {
            var result: [String] = []
            for value in values {
                guard let id = ids[value] else {
                    report(.error, line, "the correct response names \"\(value)\", which is not a choice; the item is not converted")
                    return nil
                }
                result.append(id)
            }
            return result
        }

        mutating func question(_ interaction: MarkupNode, declaration: Declaration, id: String, prompt: String, at: SourceLine) -> DraftQuestion? {
            let source = SourceLine(file: file, line: interaction.line)
            let draftPrompt = DraftText(prompt.isEmpty ? nil : prompt, in: state.language)
            if declaration.correct.isEmpty, interaction.name != "qti-text-entry-interaction" || declaration.mapping.isEmpty {
                report(
                    .error,
                    declaration.line,
                    "the response declaration has no qti-correct-response, so there is no key; the item is not converted"
                )
                return nil
            }
            if !declaration.mapping.isEmpty, interaction.name != "qti-text-entry-interaction" {
                report(
                    .unsupported,
                    declaration.line,
                    "mapped scores (qti-mapping) are not kept: the pack scores by its own rules from the correct response"
                )
            }
            switch interaction.name {
            case "qti-choice-interaction":
                guard let (options, ids) = choices(interaction.all("qti-simple-choice")),
                    let right = keyIDs(declaration.correct, ids, line: declaration.line)
                else { return nil }
                let single = declaration.cardinality == "single"
                if single, right.count != 1 {
                    report(.error, declaration.line, "a single-cardinality response has \(right.count) correct values; the item is not converted")
                    return nil
                }
                var question = DraftQuestion(
                    id: id,
                    type: single ? .single : .multiple,
                    prompt: draftPrompt,
                    key: single ? .single(right[0]) : .multiple(right),
                    source: at
                )
                question.options = options
                return question
            case "qti-order-interaction":
                guard let (options, ids) = choices(interaction.all("qti-simple-choice")),
                    let order = keyIDs(declaration.correct, ids, line: declaration.line)
                else { return nil }
                var question = DraftQuestion(id: id, type: .ordering, prompt: draftPrompt, key: .ordering(order), source: at)
                question.options = options
                return question
            case "qti-match-interaction":
                return matching(interaction, declaration: declaration, id: id, prompt: draftPrompt, at: at)
            default:
                return textEntry(declaration, id: id, prompt: draftPrompt, at: at, source: source)
            }
        }

        mutating func matching(_ interaction: MarkupNode, declaration: Declaration, id: String, prompt: DraftText, at: SourceLine) -> DraftQuestion? {
            let sets = interaction.all("qti-simple-match-set")
            guard sets.count == 2 else {
                report(
                    .error,
                    interaction.line,
                    "a match interaction has two qti-simple-match-sets; this one has \(sets.count), so it is not converted"
                )
                return nil
            }
            guard let (options, optionIDs) = choices(sets[0].all("qti-simple-associable-choice")),
                let (matches, matchIDs) = choices(sets[1].all("qti-simple-associable-choice"))
            else { return nil }
            var key: [String: String] = [:]
            for pair in declaration.correct {
                let ends = pair.split(whereSeparator: \.isWhitespace).map(String.init)
                guard ends.count == 2, let option = optionIDs[ends[0]] ?? optionIDs[ends[1]], let match = matchIDs[ends[1]] ?? matchIDs[ends[0]]
                else {
                    report(
                        .error,
                        declaration.line,
                        "the correct pair \"\(pair)\" does not join a choice of the first set to one of the second; the item is not converted"
                    )
                    return nil
                }
                if key[option] != nil {
                    report(
                        .unsupported,
                        declaration.line,
                        "\(ends[0]) is matched more than once: a pack matching question gives each option one match; the item is not converted"
                    )
                    return nil
                }
                key[option] = match
            }
            for option in options where key[option.id] == nil {
                report(
                    .error,
                    declaration.line,
                    "option \(option.id) has no match in the correct response: a pack matching question matches every option"
                )
            }
            var question = DraftQuestion(id: id, type: .matching, prompt: prompt, key: .matching(key), source: at)
            question.options = options
            question.matches = matches
            return question
        }

        mutating func textEntry(_ declaration: Declaration, id: String, prompt: DraftText, at: SourceLine, source: SourceLine) -> DraftQuestion? {
            var accepted = declaration.correct
            let best = declaration.mapping.map(\.value).max() ?? 0
            for entry in declaration.mapping {
                if entry.value <= 0 { continue }
                if entry.value < best {
                    report(
                        .unsupported,
                        declaration.line,
                        "partial credit for \"\(entry.key)\" is not kept: a short answer is right or wrong, so it is left out"
                    )
                    continue
                }
                if entry.caseSensitive {
                    report(
                        .unsupported,
                        declaration.line,
                        "case-sensitive matching of \"\(entry.key)\" is not kept: the pack compares answers ignoring case"
                    )
                }
                accepted.append(entry.key)
            }
            var unique: [String] = []
            for answer in accepted.map({ $0.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping })
            where !answer.isEmpty && !unique.contains(answer) {
                unique.append(answer)
            }
            guard !unique.isEmpty else {
                report(.error, declaration.line, "the text entry has no accepted answer; the item is not converted")
                return nil
            }
            let language = state.language
            return DraftQuestion(
                id: id,
                type: .shortText,
                prompt: prompt,
                key: .shortText(vi: language == .vi ? unique : [], en: language == .en ? unique : [], ignoreToneMarks: false),
                source: at
            )
        }
    }
}
