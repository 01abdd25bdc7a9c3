import Domain
import Foundation
import Yams

// Questions: the banks in questions/*.yaml, each question in them and its answer key.

extension PackReader.Context {
    mutating func readQuestions(assets: Set<String>) -> [Question] {
        var questions: [Question] = []
        var seen: [String: String] = [:]
        for path in files.files.keys.sorted() where path.hasPrefix("questions/") {
            usedFiles.insert(path)
            guard path.hasSuffix(".yaml"), !path.dropFirst("questions/".count).contains("/") else {
                reader.fail(path, nil, "question banks are .yaml files directly in questions/")
                continue
            }
            guard let text = files.text(path), let root = reader.parse(text, file: path),
                let bank = reader.mapping(root, file: path, what: "question bank", allowed: ["questions"]),
                let nodes = bank.list("questions")
            else { continue }
            for node in nodes {
                guard let question = readQuestion(node, file: path, assets: assets) else { continue }
                if let other = seen[question.id] {
                    reader.fail(path, node, "question id \"\(question.id)\" is already used in \(other)")
                    continue
                }
                seen[question.id] = path
                questionLocations[question.id] = ItemWriting.Location(file: path, line: node.mark?.line)
                questions.append(question)
            }
        }
        return questions
    }

    func readQuestion(_ node: Node, file: String, assets: Set<String>) -> Question? {
        guard
            let fields = reader.mapping(
                node,
                file: file,
                what: "question",
                allowed: [
                    "id", "type", "competency", "difficulty", "scenario", "topic", "prompt", "options", "matches",
                    "answer", "accepted", "ignoreToneMarks", "explanation", "image",
                ]
            )
        else { return nil }
        let id = fields.slug("id")
        let what = "question \(id ?? "?")"
        let labelled = reader.mapping(node, file: file, what: what, allowed: Set(fields.values.keys)) ?? fields
        let typeText = labelled.string("type")
        let type = typeText.flatMap(Question.Kind.init(rawValue:))
        if typeText != nil, type == nil { labelled.fail("type", "must be single, multiple, trueFalse, ordering, matching or shortText") }
        let competency = labelled.string("competency")
        if let competency, !PackRules.competencies.contains(competency) {
            labelled.fail("competency", "\"\(competency)\" is not a DigComp area 4 competency")
        }
        let difficultyText = labelled.string("difficulty")
        let difficulty = difficultyText.flatMap(Question.Difficulty.init(rawValue:))
        if difficultyText != nil, difficulty == nil { labelled.fail("difficulty", "must be easy, medium or hard") }
        let prompt = text(labelled, "prompt")
        let explanation = text(labelled, "explanation")
        let options = readChoices(labelled, "options", required: type != .trueFalse && type != .shortText && type != nil)
        let matches = readChoices(labelled, "matches", required: type == .matching)
        if type == .trueFalse || type == .shortText, labelled.has("options") {
            labelled.fail("options", "is not used by \(type!.rawValue) questions")
        }
        if type != .matching, labelled.has("matches") { labelled.fail("matches", "is only for matching questions") }
        var image: ImageReference?
        if let imageNode = labelled["image"],
            let imageFields = reader.mapping(imageNode, file: file, what: "\(what) image", allowed: ["file", "alt"])
        {
            let path = imageFields.string("file")
            let alt = text(imageFields, "alt")
            if let path, !(path.hasPrefix("assets/") && assets.contains(String(path.dropFirst("assets/".count)))) {
                imageFields.fail("file", "\(path) is not in the pack's assets/ folder")
            }
            if let path, let alt { image = ImageReference(file: String(path.dropFirst("assets/".count)), alt: alt) }
        }
        let key = type.flatMap { readKey($0, labelled, options: options, matches: matches) }
        guard let id, let type, let competency, let difficulty, let prompt, let explanation, let key,
            PackRules.competencies.contains(competency)
        else { return nil }
        return Question(
            id: id,
            type: type,
            competency: competency,
            difficulty: difficulty,
            scenario: labelled.bool("scenario") ?? false,
            topic: labelled.string("topic", required: false),
            prompt: prompt,
            options: options,
            matches: matches,
            key: key,
            explanation: explanation,
            image: image
        )
    }

    func readChoices(_ fields: Fields, _ key: String, required: Bool) -> [Choice] {
        guard let nodes = fields.list(key, required: required) else { return [] }
        var choices: [Choice] = []
        for node in nodes {
            guard let choice = reader.mapping(node, file: fields.file, what: "\(fields.what) \(key) entry", allowed: ["id", "text"]) else { continue }
            let id = choice.slug("id")
            let label = text(choice, "text")
            if let id, choices.contains(where: { $0.id == id }) {
                choice.fail("id", "\"\(id)\" is used twice in \(key)")
            } else if let id, let label {
                choices.append(Choice(id: id, text: label))
            }
        }
        return choices
    }

    func readKey(_ type: Question.Kind, _ fields: Fields, options: [Choice], matches: [Choice]) -> AnswerKey? {
        let optionIDs = options.map(\.id)
        func countCheck(_ range: ClosedRange<Int>) -> Bool {
            guard range.contains(options.count) else {
                fields.fail("options", "must have \(range.lowerBound) to \(range.upperBound) entries for a \(type.rawValue) question")
                return false
            }
            return true
        }
        if type == .shortText {
            if fields.has("answer") { fields.fail("answer", "is not used by shortText questions: list accepted answers in accepted") }
            guard let node = fields["accepted"] else {
                fields.fail("accepted", "is required for a shortText question")
                return nil
            }
            guard let accepted = reader.mapping(node, file: fields.file, what: "\(fields.what) accepted", allowed: ["vi", "en"]) else { return nil }
            func answers(_ language: String) -> [String] {
                (accepted.stringList(language) ?? []).map { answer in
                    let filled = fill(answer, file: fields.file, line: fields.line)
                    checkText(filled, original: answer, file: fields.file, line: fields.line, what: "\(fields.what): accepted")
                    return filled
                }
            }
            let vi = answers("vi")
            let en = answers("en")
            if vi.isEmpty || en.isEmpty { fields.fail("accepted", "needs at least one accepted answer in each language") }
            return vi.isEmpty || en.isEmpty ? nil : .shortText(vi: vi, en: en, ignoreToneMarks: fields.bool("ignoreToneMarks") ?? false)
        }
        if fields.has("accepted") { fields.fail("accepted", "is only for shortText questions") }
        if fields.has("ignoreToneMarks") { fields.fail("ignoreToneMarks", "is only for shortText questions") }
        guard let answer = fields["answer"] else {
            fields.fail("answer", "is required")
            return nil
        }
        switch type {
        case .single:
            guard countCheck(2...6) else { return nil }
            guard let id = answer.string, optionIDs.contains(id) else {
                fields.fail("answer", "must be the id of one of the options")
                return nil
            }
            return .single(id)
        case .multiple:
            guard countCheck(3...8) else { return nil }
            let ids = answer.sequence.map { $0.compactMap(\.string) } ?? []
            guard !ids.isEmpty, Set(ids).count == ids.count, ids.allSatisfy(optionIDs.contains) else {
                fields.fail("answer", "must list one or more different option ids")
                return nil
            }
            return .multiple(ids)
        case .trueFalse:
            guard let value = answer.bool else {
                fields.fail("answer", "must be true or false")
                return nil
            }
            return .trueFalse(value)
        case .ordering:
            guard countCheck(3...7) else { return nil }
            let ids = answer.sequence.map { $0.compactMap(\.string) } ?? []
            guard ids.count == optionIDs.count, Set(ids) == Set(optionIDs) else {
                fields.fail("answer", "must list every option id once, in the right order")
                return nil
            }
            return .ordering(ids)
        case .matching:
            guard countCheck(2...6) else { return nil }
            if matches.count < options.count { fields.fail("matches", "needs at least as many entries as options") }
            guard let pairs = answer.mapping else {
                fields.fail("answer", "must map each option id to a match id")
                return nil
            }
            var key: [String: String] = [:]
            for (left, right) in pairs {
                guard let option = left.string, let match = right.string, optionIDs.contains(option), matches.contains(where: { $0.id == match })
                else {
                    reader.fail(fields.file, left, "\(fields.what): answer pairs must map an option id to a match id")
                    return nil
                }
                key[option] = match
            }
            guard Set(key.keys) == Set(optionIDs) else {
                fields.fail("answer", "must map every option")
                return nil
            }
            return .matching(key)
        case .shortText:
            return nil
        }
    }
}
