import Domain
import Foundation

/// One `qti-assessment-item`: its interaction, key, text and feedback.
enum QTIItem {
    static let supported: Set<String> = [
        "qti-choice-interaction", "qti-order-interaction", "qti-match-interaction", "qti-text-entry-interaction",
    ]
    static let feedback: Set<String> = ["qti-feedback-block", "qti-feedback-inline", "qti-modal-feedback"]
    static let blocks: Set<String> = [
        "p", "div", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "qti-prompt", "pre", "dl", "dt", "dd",
        "qti-content-body", "section", "figure", "figcaption", "table", "tr",
    ]
    static let media: Set<String> = ["img", "object", "video", "audio", "math", "svg", "picture", "iframe", "qti-printed-variable"]

    struct Declaration {
        var cardinality: String
        var baseType: String
        var correct: [String]
        var mapping: [(key: String, value: Double, caseSensitive: Bool)]
        var line: Int
    }

    static func read(_ root: MarkupNode, file: String, state: inout QTIReader.State) -> DraftQuestion? {
        let at = SourceLine(file: file, line: root.line)
        let identifier = root.attributes["identifier"] ?? ""
        var id = identifier
        if !InterchangeIDs.isSlug(identifier) {
            id = InterchangeIDs.slug(identifier) ?? "item-\(root.line)"
            state.issue(.toWrite, at, "the identifier \"\(identifier)\" is not an id (a-z, 0-9, -), so the id is \"\(id)\": check it")
        }
        var declarations: [String: Declaration] = [:]
        for node in root.all("qti-response-declaration") {
            let values = node.first("qti-correct-response")?.all("qti-value").map { text($0) } ?? []
            let mapping = (node.first("qti-mapping")?.all("qti-map-entry") ?? []).map {
                (
                    key: $0.attributes["map-key"] ?? "", value: Double($0.attributes["mapped-value"] ?? "") ?? 0,
                    caseSensitive: $0.attributes["case-sensitive"] == "true"
                )
            }
            declarations[node.attributes["identifier"] ?? ""] = Declaration(
                cardinality: node.attributes["cardinality"] ?? "single",
                baseType: node.attributes["base-type"] ?? "",
                correct: values,
                mapping: mapping,
                line: node.line
            )
        }
        for node in root.all("qti-template-declaration") {
            state.issue(
                .unsupported,
                SourceLine(file: file, line: node.line),
                "template variables (qti-template-declaration) are not kept: a pack question is fixed text"
            )
        }
        if let processing = root.first("qti-response-processing"), !processing.elements.isEmpty {
            state.issue(
                .unsupported,
                SourceLine(file: file, line: processing.line),
                "custom response processing is not read: the key is the qti-correct-response, scored by the pack's own rules"
            )
        }
        guard let body = root.first("qti-item-body") else {
            state.issue(.error, at, "the item has no qti-item-body")
            return nil
        }
        var interactions: [MarkupNode] = []
        collectInteractions(body, into: &interactions)
        let unsupported = interactions.filter { !supported.contains($0.name) }
        for node in unsupported {
            state.issue(
                .unsupported,
                SourceLine(file: file, line: node.line),
                "\(node.name) has no pack question type; item \(identifier) is not converted"
            )
        }
        guard unsupported.isEmpty else { return nil }
        guard interactions.count == 1, let interaction = interactions.first else {
            state.issue(
                .unsupported,
                at,
                interactions.isEmpty
                    ? "item \(identifier) has no interaction; it is not converted"
                    : "item \(identifier) has \(interactions.count) interactions; a pack question has one, so it is not converted"
            )
            return nil
        }
        let source = SourceLine(file: file, line: interaction.line)
        let responseID = interaction.attributes["response-identifier"] ?? ""
        guard let declaration = declarations[responseID] else {
            state.issue(.error, source, "no qti-response-declaration for response-identifier \"\(responseID)\"; item \(identifier) is not converted")
            return nil
        }
        var reader = Reader(file: file, state: state)
        defer { state = reader.state }
        var prompt = reader.text(body)
        if let interactionPrompt = interaction.first("qti-prompt").map({ reader.text($0) }), !interactionPrompt.isEmpty {
            prompt = prompt.isEmpty ? interactionPrompt : "\(prompt)\n\(interactionPrompt)"
        }
        guard var question = reader.question(interaction, declaration: declaration, id: id, prompt: prompt, at: at) else { return nil }
        let feedbacks = (root.all("qti-modal-feedback") + body.descendants("qti-feedback-block") + body.descendants("qti-feedback-inline"))
            .map { (line: $0.line, text: reader.text($0, feedbackToo: true)) }.filter { !$0.text.isEmpty }
        if feedbacks.count == 1 {
            question.explanation = DraftText(feedbacks[0].text, in: reader.state.language)
        } else {
            for feedback in feedbacks {
                question.notes.append(DraftNote(SourceLine(file: file, line: feedback.line), "Feedback: \(feedback.text)"))
                reader.state.issue(
                    .unsupported,
                    SourceLine(file: file, line: feedback.line),
                    "the item has several feedbacks; a pack question has one explanation, so each is kept as a comment in the bank to fold in"
                )
            }
        }
        if prompt.isEmpty { reader.state.issue(.error, at, "question \(id) has no text") }
        return question
    }

    /// Interactions in the body, not looking inside feedback.
    static func collectInteractions(_ node: MarkupNode, into found: inout [MarkupNode]) {
        for child in node.elements where !feedback.contains(child.name) {
            if child.name.hasSuffix("-interaction") {
                found.append(child)
            } else {
                collectInteractions(child, into: &found)
            }
        }
    }

    static func text(_ node: MarkupNode) -> String {
        node.children.map {
            switch $0 {
            case .text(let text): text
            case .element(let child): text(child)
            }
        }.joined().trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
