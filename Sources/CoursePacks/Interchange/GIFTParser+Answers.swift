import Domain
import Foundation

// The part of a GIFT question between { and }: which type it is, its options and its key.

extension GIFTParser {
    struct Answers {
        var type: Question.Kind
        var key: AnswerKey
        var options: [DraftChoice] = []
        var matches: [DraftChoice] = []
        var notes: [DraftNote] = []
        var explanation: String?
    }

    /// One `=` or `~` answer.
    struct Answer {
        var right: Bool
        var weight: Double?
        var text: GIFTRun
        var feedback: String?
        var line: Int
    }
}

extension GIFTParser.State {
    mutating func readAnswers(_ run: GIFTRun, line: Int, format: String, metadata: GIFTParser.Metadata) -> GIFTParser.Answers? {
        var body = GIFTText.trimmed(run)
        var explanation: String?
        if let general = GIFTText.find("####", in: body) {
            explanation = text(GIFTText.string(body[(general + 4)...]), format: format, line: body[general].line)
            if explanation?.isEmpty == true { explanation = nil }
            body = GIFTText.trimmed(body[..<general])
        }
        if body.isEmpty {
            issue(.unsupported, line, "an essay question ({} or {####...}) has no answer key; it is not converted")
            return nil
        }
        if body.first?.char == "#", body.first?.escaped == false {
            issue(.unsupported, line, "a numerical question ({#...}) has no pack question type; it is not converted")
            return nil
        }
        let head = GIFTText.find("#", in: body).map { body[..<$0] } ?? body
        if let value = ["T": true, "TRUE": true, "F": false, "FALSE": false][GIFTText.string(head).uppercased()] {
            var answers = GIFTParser.Answers(type: .trueFalse, key: .trueFalse(value), explanation: explanation)
            var feedbacks = GIFTText.find("#", in: body).map { body[($0 + 1)...] }
            var which = ["a wrong answer", "the right answer"].makeIterator()
            while let run = feedbacks, let label = which.next() {
                let end = GIFTText.find("#", in: run)
                let feedback = GIFTText.string(end.map { run[..<$0] } ?? run)
                if !feedback.isEmpty { note(&answers, "Feedback on \(label): \(feedback)", line: GIFTText.line(run) ?? line) }
                feedbacks = end.map { run[($0 + 1)...] }
            }
            return answers
        }
        guard let parts = split(body, line: line) else { return nil }
        let rights = parts.filter(\.right)
        if !parts.isEmpty, parts.count == rights.count, parts.contains(where: { GIFTText.find("->", in: $0.text) != nil }) {
            return matching(parts, metadata: metadata, format: format, explanation: explanation)
        }
        if parts.contains(where: { !$0.right }) {
            return rights.isEmpty
                ? multiple(parts, line: line, metadata: metadata, format: format, explanation: explanation)
                : single(parts, line: line, metadata: metadata, format: format, explanation: explanation)
        }
        return shortText(parts, line: line, metadata: metadata, format: format, explanation: explanation)
    }

    /// Splits `=a#feedback ~%50%b` into answers at every unescaped `=` and `~`.
    mutating func split(_ body: GIFTRun, line: Int) -> [GIFTParser.Answer]? {
        let starts = body.indices.filter { !body[$0].escaped && (body[$0].char == "=" || body[$0].char == "~") }
        guard let first = starts.first else {
            issue(.error, line, "the answers are not GIFT: each starts with = (right) or ~ (wrong); the question is not read")
            return nil
        }
        if !GIFTText.trimmed(body[..<first]).isEmpty {
            issue(.error, GIFTText.line(body[..<first]), "text before the first = or ~ answer is not read")
        }
        var answers: [GIFTParser.Answer] = []
        for (number, start) in starts.enumerated() {
            let end = number + 1 < starts.count ? starts[number + 1] : body.endIndex
            var content = GIFTText.trimmed(body[(start + 1)..<end])
            var weight: Double?
            if content.first?.char == "%", let close = GIFTText.find("%", in: content, from: content.startIndex + 1) {
                weight = Double(GIFTText.string(content[(content.startIndex + 1)..<close]))
                content = content[(close + 1)...]
            }
            var feedback: String?
            if let hash = GIFTText.find("#", in: content) {
                feedback = GIFTText.string(content[(hash + 1)...])
                content = content[..<hash]
            }
            answers.append(
                GIFTParser.Answer(
                    right: body[start].char == "=",
                    weight: weight,
                    text: content,
                    feedback: feedback?.isEmpty == true ? nil : feedback,
                    line: body[start].line
                )
            )
        }
        return answers
    }

    mutating func note(_ answers: inout GIFTParser.Answers, _ text: String, line: Int) {
        answers.notes.append(DraftNote(SourceLine(file: file, line: line), text))
        issue(
            .unsupported,
            line,
            "per-answer feedback has no place in a pack question; it is kept as a comment in the bank to fold into the explanation"
        )
    }

    /// The option ids: the ones the `// safeskills:` comment names, or a, b, c.
    mutating func optionIDs(_ count: Int, metadata: GIFTParser.Metadata) -> [String] {
        if let ids = metadata.options {
            if ids.count == count, Set(ids).count == count { return ids }
            issue(.error, metadata.line, "the safeskills: comment names \(ids.count) options but the question has \(count); its ids are not used")
        }
        return (0..<count).map { InterchangeIDs.letter($0) }
    }

    mutating func choices(
        _ parts: [GIFTParser.Answer],
        metadata: GIFTParser.Metadata,
        format: String,
        into answers: inout GIFTParser.Answers
    ) {
        let ids = optionIDs(parts.count, metadata: metadata)
        for (id, part) in zip(ids, parts) {
            let optionText = text(GIFTText.string(part.text), format: format, line: part.line)
            if optionText.isEmpty { issue(.error, part.line, "option \(id) has no text") }
            answers.options.append(DraftChoice(id: id, text: DraftText(optionText.isEmpty ? nil : optionText, in: language)))
            if let feedback = part.feedback { note(&answers, "Feedback on option \(id) (\(optionText)): \(feedback)", line: part.line) }
        }
    }

    mutating func single(
        _ parts: [GIFTParser.Answer],
        line: Int,
        metadata: GIFTParser.Metadata,
        format: String,
        explanation: String?
    ) -> GIFTParser.Answers? {
        guard parts.filter(\.right).count == 1 else {
            issue(
                .unsupported,
                line,
                "more than one = answer among ~ answers: a single question has one right option (for several, give weights: ~%50%right ~%50%right ~%-100%wrong)"
            )
            return nil
        }
        var answers = GIFTParser.Answers(type: .single, key: .single(""), explanation: explanation)
        choices(parts, metadata: metadata, format: format, into: &answers)
        for part in parts where !part.right && (part.weight ?? 0) > 0 {
            issue(.unsupported, part.line, "partial credit (%\(Self.format(part.weight ?? 0))%) on a wrong option is not kept: it scores 0")
        }
        if let index = parts.firstIndex(where: \.right) { answers.key = .single(answers.options[index].id) }
        return answers
    }

    mutating func multiple(
        _ parts: [GIFTParser.Answer],
        line: Int,
        metadata: GIFTParser.Metadata,
        format: String,
        explanation: String?
    ) -> GIFTParser.Answers? {
        var answers = GIFTParser.Answers(type: .multiple, key: .multiple([]), explanation: explanation)
        choices(parts, metadata: metadata, format: format, into: &answers)
        let right = parts.indices.filter { (parts[$0].weight ?? 0) > 0 }
        guard !right.isEmpty else {
            issue(.error, line, "no option has a positive weight (~%50%...), so no option is right; the question is left out")
            return nil
        }
        if Set(right.map { parts[$0].weight ?? 0 }).count > 1 {
            issue(.unsupported, line, "the right options have different weights; a pack scores every right option alike")
        }
        answers.key = .multiple(right.map { answers.options[$0].id })
        return answers
    }

    mutating func shortText(
        _ parts: [GIFTParser.Answer],
        line: Int,
        metadata: GIFTParser.Metadata,
        format: String,
        explanation: String?
    ) -> GIFTParser.Answers? {
        var answers = GIFTParser.Answers(type: .shortText, key: .shortText(vi: [], en: [], ignoreToneMarks: false), explanation: explanation)
        var accepted: [String] = []
        for part in parts {
            let answer = text(GIFTText.string(part.text), format: format, line: part.line)
            if let weight = part.weight, weight < 100 {
                issue(
                    .unsupported,
                    part.line,
                    "partial credit (%\(Self.format(weight))%) for \"\(answer)\" is not kept: a short answer is right or wrong, so it is left out"
                )
                continue
            }
            if let feedback = part.feedback { note(&answers, "Feedback on the answer \"\(answer)\": \(feedback)", line: part.line) }
            if !answer.isEmpty, !accepted.contains(answer) { accepted.append(answer) }
        }
        guard !accepted.isEmpty else {
            issue(.error, line, "the short answer has no accepted answer; the question is left out")
            return nil
        }
        answers.key = .shortText(vi: language == .vi ? accepted : [], en: language == .en ? accepted : [], ignoreToneMarks: metadata.ignoreToneMarks)
        return answers
    }

    mutating func matching(
        _ parts: [GIFTParser.Answer],
        metadata: GIFTParser.Metadata,
        format: String,
        explanation: String?
    ) -> GIFTParser.Answers? {
        var answers = GIFTParser.Answers(type: .matching, key: .matching([:]), explanation: explanation)
        var lefts: [(text: String, right: String, line: Int)] = []
        var distractors: [String] = []
        for part in parts {
            guard let arrow = GIFTText.find("->", in: part.text) else {
                issue(.error, part.line, "every answer of a matching question is =left -> right; this one is not read")
                continue
            }
            let left = text(GIFTText.string(part.text[..<arrow]), format: format, line: part.line)
            let right = text(GIFTText.string(part.text[(arrow + 2)...]), format: format, line: part.line)
            if let feedback = part.feedback { note(&answers, "Feedback on \"\(left)\": \(feedback)", line: part.line) }
            if left.isEmpty { distractors.append(right) } else { lefts.append((left, right, part.line)) }
        }
        let ids = optionIDs(lefts.count, metadata: metadata)
        answers.options = zip(ids, lefts).map { DraftChoice(id: $0, text: DraftText($1.text, in: language)) }
        if let matches = named(metadata, lefts: lefts.map(\.right), distractors: distractors) {
            answers.matches = matches.map { DraftChoice(id: $0.id, text: DraftText($0.text, in: language)) }
            answers.key = .matching(Dictionary(uniqueKeysWithValues: zip(ids, metadata.matched ?? [])))
            return answers
        }
        if metadata.matches != nil || metadata.matched != nil {
            issue(.error, metadata.line, "the safeskills: comment's matches and matched do not fit the question's lines; the matches are m1, m2, ...")
        }
        // GIFT gives the right column no order (Moodle shuffles it). Listed as written, every
        // option would sit beside its own match, a cue the item-writing checks flag; rotated by
        // one, none does, and both languages of a translation still rotate alike.
        let rights = lefts.map(\.right)
        var texts: [String] = []
        for text in rights.dropFirst() + rights.prefix(1) + distractors where !texts.contains(text) { texts.append(text) }
        let matchIDs = texts.indices.map { "m\($0 + 1)" }
        answers.matches = zip(matchIDs, texts).map { DraftChoice(id: $0, text: DraftText($1, in: language)) }
        var key: [String: String] = [:]
        for (id, left) in zip(ids, lefts) { key[id] = matchIDs[texts.firstIndex(of: left.right)!] }
        answers.key = .matching(key)
        return answers
    }

    /// The matches as the `// safeskills:` comment names them, when it fits the question: each
    /// option's match (`matched`) in order, then the unused matches as `= -> text` lines.
    func named(_ metadata: GIFTParser.Metadata, lefts: [String], distractors: [String]) -> [(id: String, text: String)]? {
        guard let ids = metadata.matches, let matched = metadata.matched, matched.count == lefts.count, Set(ids).count == ids.count,
            Set(matched).isSubset(of: Set(ids))
        else { return nil }
        var texts: [String: String] = [:]
        for (id, text) in zip(matched, lefts) {
            if let known = texts[id], known != text { return nil }
            texts[id] = text
        }
        let unused = ids.filter { texts[$0] == nil }
        guard unused.count == distractors.count else { return nil }
        for (id, text) in zip(unused, distractors) { texts[id] = text }
        return ids.map { ($0, texts[$0]!) }
    }

    static func format(_ weight: Double) -> String {
        weight == weight.rounded() ? String(Int(weight)) : String(weight)
    }
}
