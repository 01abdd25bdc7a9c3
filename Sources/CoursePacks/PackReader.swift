import Domain
import Foundation
import Yams

/// Reads a pack's files into a `CoursePack`, checking every rule of Courses/README.md.
///
/// All problems are collected and returned together; a pack with any problem yields no value.
public enum PackReader {
    public struct Result: Sendable {
        public var pack: CoursePack?
        public var issues: [PackIssue]
    }

    public static func read(_ files: PackFiles) -> Result {
        let reader = YAMLFields()
        var context = Context(files: files, reader: reader)
        let pack = context.readPack()
        let issues = reader.issues.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
        return Result(pack: issues.isEmpty ? pack : nil, issues: issues)
    }

    struct Context {
        let files: PackFiles
        let reader: YAMLFields
        var facts: [String: String] = [:]
        var usedFiles: Set<String> = ["pack.yaml"]

        mutating func readPack() -> CoursePack? {
            let manifestFile = "pack.yaml"
            guard let text = files.text(manifestFile) else {
                reader.fail(manifestFile, nil, files.files[manifestFile] == nil ? "the pack has no pack.yaml" : "pack.yaml is not UTF-8 text")
                return nil
            }
            guard let root = reader.parse(text, file: manifestFile),
                let manifest = reader.mapping(
                    root, file: manifestFile, what: "pack.yaml",
                    allowed: ["format", "kind", "id", "version", "title", "description", "audience", "level", "estimatedMinutes",
                              "competencies", "facts", "lessons", "quizzes", "completion", "programme"]
                )
            else { return nil }

            if manifest.int("format", in: 1...1) == nil, manifest.has("format") == false {
                // `int` already reported a missing key.
            }
            let kindText = manifest.string("kind")
            let kind = kindText.flatMap(CoursePack.Kind.init(rawValue:))
            if kindText != nil, kind == nil { manifest.fail("kind", "must be course or certification") }
            let id = manifest.slug("id")
            let version = manifest.string("version")
            let title = manifest.localized("title")
            let description = manifest.localized("description")
            let audience = manifest.stringList("audience") ?? []
            for value in audience where !PackRules.audiences.contains(value) {
                manifest.fail("audience", "has \"\(value)\", which is not one of \(PackRules.audiences.sorted().joined(separator: ", "))")
            }
            let level = manifest.string("level")
            if let level, !PackRules.levels.contains(level) { manifest.fail("level", "must be beginner, intermediate or advanced") }
            let minutes = manifest.int("estimatedMinutes", in: 1...10_000)
            let competencies = readCompetencies(manifest, "competencies") ?? []
            readFacts(manifest)

            let assets = readAssets()
            let questions = readQuestions(assets: assets)
            let questionsByID = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let lessons = readLessons(manifest, kind: kind, assets: assets)
            // Declared ids, so that a lesson with a broken file does not also fail every reference to it.
            let lessonIDs = Set((manifest.list("lessons", required: false) ?? []).compactMap { $0.mapping?["id"]?.string })
            let quizzes = readQuizzes(manifest, lessons: lessonIDs, questions: questionsByID)
            let completion = readCompletion(manifest, kind: kind, lessons: lessonIDs, quizzes: Set(quizzes.map(\.id)))
            let programme = readProgramme(manifest, kind: kind, quizzes: Set(quizzes.map(\.id)))

            for path in files.files.keys.sorted() where !usedFiles.contains(path) {
                reader.fail(path, nil, "this file is not part of the pack format (pack.yaml, lessons/*.md, questions/*.yaml, assets/*)")
            }

            guard let kind, let id, let version, let title, let description, let level, let minutes else { return nil }
            return CoursePack(
                kind: kind, id: id, version: version, title: title, description: description, audience: audience,
                level: level, estimatedMinutes: minutes, competencies: competencies, lessons: lessons, quizzes: quizzes,
                questions: questions, completion: completion ?? Completion(lessons: nil, quizzes: []),
                programme: programme, assets: assets.sorted()
            )
        }

        func readCompetencies(_ fields: Fields, _ key: String, required: Bool = true) -> [String]? {
            guard let codes = fields.stringList(key, required: required) else { return nil }
            for code in codes where !PackRules.competencies.contains(code) {
                fields.fail(key, "has \"\(code)\", which is not a DigComp area 4 competency (4.1 to 4.4)")
            }
            return codes
        }

        mutating func readFacts(_ manifest: Fields) {
            guard let node = manifest["facts"] else { return }
            guard let mapping = node.mapping else {
                manifest.fail("facts", "must map names to values")
                return
            }
            for (key, value) in mapping {
                guard let name = key.string, PackRules.isSlug(name.lowercased()) || name.allSatisfy({ $0.isLetter || $0.isNumber }),
                    let text = value.string, !text.isEmpty
                else {
                    reader.fail("pack.yaml", key, "facts: every fact is a name and a text value")
                    continue
                }
                facts[name] = text
            }
        }

        /// Replaces `{{name}}` with the fact's value; unknown names are issues at `line`.
        func fill(_ text: String, file: String, line: Int?) -> String {
            guard text.contains("{{") else { return text }
            var result = ""
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                result += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "}}") else {
                    reader.fail(PackIssue(file: file, line: line, message: "{{ without a closing }}"))
                    return result + rest[open.lowerBound...]
                }
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if let value = facts[name] {
                    result += value
                } else {
                    reader.fail(PackIssue(file: file, line: line, message: "{{\(name)}} is not one of the facts in pack.yaml"))
                }
                rest = rest[close.upperBound...]
            }
            return result + rest
        }

        func fill(_ text: LocalizedText, file: String, line: Int?) -> LocalizedText {
            LocalizedText(vi: fill(text.vi, file: file, line: line), en: fill(text.en, file: file, line: line))
        }

        mutating func readAssets() -> Set<String> {
            var assets: Set<String> = []
            for path in files.files.keys where path.hasPrefix("assets/") {
                usedFiles.insert(path)
                let name = String(path.dropFirst("assets/".count))
                if name.contains("/") {
                    reader.fail(path, nil, "assets must sit directly in assets/, without subfolders")
                } else if PackRules.assetType(name) == nil {
                    reader.fail(path, nil, "assets must be PNG, JPEG or WebP images")
                } else {
                    assets.insert(name)
                }
            }
            return assets
        }

        // MARK: Lessons

        mutating func readLessons(_ manifest: Fields, kind: CoursePack.Kind?, assets: Set<String>) -> [Lesson] {
            guard let nodes = manifest.list("lessons", required: kind == .course) else { return [] }
            if kind == .certification, !nodes.isEmpty {
                manifest.fail("lessons", "must be empty: a certification pack has no lessons")
            }
            if kind == .course, nodes.isEmpty { manifest.fail("lessons", "must list at least one lesson") }
            var lessons: [Lesson] = []
            var seen: Set<String> = []
            for node in nodes {
                guard let fields = reader.mapping(node, file: "pack.yaml", what: "lesson", allowed: ["id", "title", "content", "estimatedMinutes", "competencies"]) else { continue }
                let id = fields.slug("id")
                if let id, !seen.insert(id).inserted { fields.fail("id", "\"\(id)\" is used by another lesson") }
                let title = fields.localized("title").map { fill($0, file: "pack.yaml", line: fields.line) }
                let minutes = fields.int("estimatedMinutes", in: 1...120)
                let competencies = readCompetencies(fields, "competencies") ?? []
                var markdown: [String: String] = [:]
                if let content = fields.string("content") {
                    for language in ["vi", "en"] {
                        let path = "\(content).\(language).md"
                        usedFiles.insert(path)
                        guard let text = files.text(path) else {
                            reader.fail(path, nil, "missing translation: the lesson's \(language == "vi" ? "Vietnamese" : "English") file does not exist")
                            continue
                        }
                        for issue in Markdown.check(text, hasAsset: { source in assets.contains(String(source.dropFirst("assets/".count))) }) {
                            reader.fail(PackIssue(file: path, line: issue.line, message: issue.message))
                        }
                        markdown[language] = fillLines(text, file: path)
                    }
                }
                if let id, let title, let minutes, let vi = markdown["vi"], let en = markdown["en"] {
                    lessons.append(Lesson(id: id, title: title, markdown: LocalizedText(vi: vi, en: en), estimatedMinutes: minutes, competencies: competencies))
                }
            }
            return lessons
        }

        /// Fills facts line by line, so an unknown fact is reported on its own line.
        func fillLines(_ text: String, file: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { fill(String($0.element), file: file, line: $0.offset + 1) }
                .joined(separator: "\n")
        }

        // MARK: Questions

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
                    questions.append(question)
                }
            }
            return questions
        }

        func readQuestion(_ node: Node, file: String, assets: Set<String>) -> Question? {
            guard let fields = reader.mapping(
                node, file: file, what: "question",
                allowed: ["id", "type", "competency", "difficulty", "scenario", "topic", "prompt", "options", "matches",
                          "answer", "accepted", "ignoreToneMarks", "explanation", "image"]
            ) else { return nil }
            let id = fields.slug("id")
            let what = "question \(id ?? "?")"
            let labelled = reader.mapping(node, file: file, what: what, allowed: Set(fields.values.keys)) ?? fields
            let typeText = labelled.string("type")
            let type = typeText.flatMap(Question.Kind.init(rawValue:))
            if typeText != nil, type == nil { labelled.fail("type", "must be single, multiple, trueFalse, ordering, matching or shortText") }
            let competency = labelled.string("competency")
            if let competency, !PackRules.competencies.contains(competency) { labelled.fail("competency", "\"\(competency)\" is not a DigComp area 4 competency") }
            let difficultyText = labelled.string("difficulty")
            let difficulty = difficultyText.flatMap(Question.Difficulty.init(rawValue:))
            if difficultyText != nil, difficulty == nil { labelled.fail("difficulty", "must be easy, medium or hard") }
            let prompt = labelled.localized("prompt").map { fill($0, file: file, line: labelled.line) }
            let explanation = labelled.localized("explanation").map { fill($0, file: file, line: labelled.line) }
            let options = readChoices(labelled, "options", required: type != .trueFalse && type != .shortText && type != nil)
            let matches = readChoices(labelled, "matches", required: type == .matching)
            if type == .trueFalse || type == .shortText, labelled.has("options") {
                labelled.fail("options", "is not used by \(type!.rawValue) questions")
            }
            if type != .matching, labelled.has("matches") { labelled.fail("matches", "is only for matching questions") }
            var image: ImageReference?
            if let imageNode = labelled["image"], let imageFields = reader.mapping(imageNode, file: file, what: "\(what) image", allowed: ["file", "alt"]) {
                let path = imageFields.string("file")
                let alt = imageFields.localized("alt")
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
                id: id, type: type, competency: competency, difficulty: difficulty, scenario: labelled.bool("scenario") ?? false,
                topic: labelled.string("topic", required: false), prompt: prompt, options: options, matches: matches, key: key,
                explanation: explanation, image: image
            )
        }

        func readChoices(_ fields: Fields, _ key: String, required: Bool) -> [Choice] {
            guard let nodes = fields.list(key, required: required) else { return [] }
            var choices: [Choice] = []
            for node in nodes {
                guard let choice = reader.mapping(node, file: fields.file, what: "\(fields.what) \(key) entry", allowed: ["id", "text"]) else { continue }
                let id = choice.slug("id")
                let text = choice.localized("text").map { fill($0, file: fields.file, line: choice.line) }
                if let id, choices.contains(where: { $0.id == id }) {
                    choice.fail("id", "\"\(id)\" is used twice in \(key)")
                } else if let id, let text {
                    choices.append(Choice(id: id, text: text))
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
                let vi = (accepted.stringList("vi") ?? []).map { fill($0, file: fields.file, line: fields.line) }
                let en = (accepted.stringList("en") ?? []).map { fill($0, file: fields.file, line: fields.line) }
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
                    guard let option = left.string, let match = right.string, optionIDs.contains(option), matches.contains(where: { $0.id == match }) else {
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

        // MARK: Quizzes, completion, programme

        func readQuizzes(_ manifest: Fields, lessons: Set<String>, questions: [String: Question]) -> [Quiz] {
            guard let nodes = manifest.list("quizzes", required: false) else { return [] }
            var quizzes: [Quiz] = []
            for node in nodes {
                guard let fields = reader.mapping(
                    node, file: "pack.yaml", what: "quiz",
                    allowed: ["id", "lesson", "title", "items", "draw", "timeLimitMinutes", "maxAttempts", "cooldownMinutes",
                              "passMark", "shuffleItems", "shuffleOptions", "review"]
                ) else { continue }
                let id = fields.slug("id")
                if let id, quizzes.contains(where: { $0.id == id }) { fields.fail("id", "\"\(id)\" is used by another quiz") }
                let lesson = fields.slug("lesson", required: false)
                if let lesson, !lessons.contains(lesson) { fields.fail("lesson", "\"\(lesson)\" is not a lesson of this pack") }
                let title = fields.localized("title")
                var selection: Quiz.Selection?
                switch (fields.has("items"), fields.has("draw")) {
                case (true, false):
                    let items = fields.stringList("items") ?? []
                    if items.isEmpty { fields.fail("items", "must list at least one question") }
                    for item in items where questions[item] == nil { fields.fail("items", "has \"\(item)\", which is not a question in questions/") }
                    if Set(items).count != items.count { fields.fail("items", "lists a question twice") }
                    selection = .fixed(items)
                case (false, true):
                    selection = readDraw(fields, questions: Array(questions.values)).map(Quiz.Selection.draw)
                case (true, true):
                    fields.fail("items", "and draw cannot both be given")
                case (false, false):
                    reader.fail("pack.yaml", node, "quiz \(id ?? "?") needs items or draw")
                }
                let review = readReview(fields)
                let passMark = fields.double("passMark", in: 0...1) ?? 0.7
                guard let id, let title, let selection, let review else { continue }
                var shuffleItems = fields.bool("shuffleItems") ?? false
                if case .draw = selection { shuffleItems = true }
                quizzes.append(Quiz(
                    id: id, lessonID: lesson, title: title, selection: selection,
                    timeLimitMinutes: fields.int("timeLimitMinutes", required: false, in: 1...600),
                    maxAttempts: fields.int("maxAttempts", required: false, in: 1...1000),
                    cooldownMinutes: fields.int("cooldownMinutes", required: false, in: 0...525_600) ?? 0,
                    passMark: passMark, shuffleItems: shuffleItems, shuffleOptions: fields.bool("shuffleOptions") ?? true,
                    review: review
                ))
            }
            return quizzes
        }

        func readDraw(_ quiz: Fields, questions: [Question]) -> Draw? {
            guard let fields = reader.mapping(quiz["draw"], file: "pack.yaml", what: "draw", allowed: ["competencies", "perCompetency"]) else { return nil }
            let competencies = readCompetencies(fields, "competencies") ?? []
            guard let mix = reader.mapping(fields["perCompetency"], file: "pack.yaml", what: "draw perCompetency", allowed: ["easy", "medium", "hard"]) else {
                fields.fail("perCompetency", "is required")
                return nil
            }
            let draw = Draw(
                competencies: competencies,
                easy: mix.int("easy", required: false, in: 0...100) ?? 0,
                medium: mix.int("medium", required: false, in: 0...100) ?? 0,
                hard: mix.int("hard", required: false, in: 0...100) ?? 0
            )
            if draw.count == 0 { fields.fail("perCompetency", "draws no questions") }
            for competency in competencies {
                for difficulty in Question.Difficulty.allCases where draw.needed(difficulty) > 0 {
                    let available = questions.filter { $0.competency == competency && $0.difficulty == difficulty }.count
                    if available < draw.needed(difficulty) {
                        fields.fail("perCompetency", "draws \(draw.needed(difficulty)) \(difficulty.rawValue) questions for \(competency), but the bank has \(available)")
                    }
                }
            }
            return draw
        }

        func readReview(_ quiz: Fields) -> ReviewPolicy? {
            guard let node = quiz["review"] else { return .practiceDefault }
            guard let fields = reader.mapping(node, file: "pack.yaml", what: "review", allowed: ["show", "when"]) else { return nil }
            var show = ReviewPolicy.practiceDefault.show
            if let values = fields.stringList("show", required: false) {
                show = []
                for value in values {
                    guard let detail = ReviewPolicy.Detail(rawValue: value) else {
                        fields.fail("show", "has \"\(value)\"; use score, competencyResults, correctness, correctAnswers or explanations")
                        continue
                    }
                    show.append(detail)
                }
            }
            let whenText = fields.string("when", required: false) ?? "afterSubmit"
            guard let when = ReviewPolicy.Timing(rawValue: whenText) else {
                fields.fail("when", "must be afterSubmit, afterPass, afterDeadline or never")
                return nil
            }
            return ReviewPolicy(show: show, when: when)
        }

        func readCompletion(_ manifest: Fields, kind: CoursePack.Kind?, lessons: Set<String>, quizzes: Set<String>) -> Completion? {
            guard let node = manifest["completion"] else {
                if kind == .course { reader.fail("pack.yaml", manifest.node, "pack.yaml is missing completion") }
                return nil
            }
            guard let fields = reader.mapping(node, file: "pack.yaml", what: "completion", allowed: ["lessons", "quizzes"]) else { return nil }
            var lessonRule: [String]?
            if let value = fields["lessons"], value.string != "all" {
                lessonRule = fields.stringList("lessons") ?? []
                for id in lessonRule ?? [] where !lessons.contains(id) { fields.fail("lessons", "has \"\(id)\", which is not a lesson") }
            }
            let quizRule = fields.stringList("quizzes", required: false) ?? []
            for id in quizRule where !quizzes.contains(id) { fields.fail("quizzes", "has \"\(id)\", which is not a quiz") }
            return Completion(lessons: lessonRule, quizzes: quizRule)
        }

        func readProgramme(_ manifest: Fields, kind: CoursePack.Kind?, quizzes: Set<String>) -> Programme? {
            guard let node = manifest["programme"] else {
                if kind == .certification { reader.fail("pack.yaml", manifest.node, "a certification pack needs a programme") }
                return nil
            }
            if kind == .course { manifest.fail("programme", "is only for certification packs") }
            guard let fields = reader.mapping(node, file: "pack.yaml", what: "programme",
                allowed: ["exam", "validityMonths", "attemptsPerWindow", "windowDays", "prerequisiteCourse"]) else { return nil }
            let exam = fields.slug("exam")
            if let exam, !quizzes.contains(exam) { fields.fail("exam", "\"\(exam)\" is not a quiz of this pack") }
            guard let exam,
                let validity = fields.int("validityMonths", in: 1...120),
                let attempts = fields.int("attemptsPerWindow", in: 1...100),
                let window = fields.int("windowDays", in: 1...3650)
            else { return nil }
            return Programme(examQuizID: exam, validityMonths: validity, attemptsPerWindow: attempts, windowDays: window,
                             prerequisiteCourse: fields.slug("prerequisiteCourse", required: false))
        }
    }
}
