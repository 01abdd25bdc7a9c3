import Domain
import Foundation
import Yams

/// Reads a pack's files into a `CoursePack`, checking every rule of Courses/README.md.
///
/// All problems are collected and returned together; a pack with any problem yields no value.
/// The item-writing rules (`ItemWriting`) are problems in a certification pack and warnings in
/// a course pack: a warning never refuses a pack.
public enum PackReader {
    public struct Result: Sendable {
        public var pack: CoursePack?
        public var issues: [PackIssue]
        public var warnings: [PackIssue] = []
    }

    /// Files at a pack's root that are the authors' own (notes, an exam blueprint): allowed, never
    /// imported or served, and left out of the content hash.
    public static let authorsNotes: Set<String> = ["README.md"]

    public static func read(_ files: PackFiles) -> Result {
        let reader = YAMLFields()
        var context = Context(files: files, reader: reader)
        let pack = context.readPack()
        let findings = ItemWriting.findings(context.questions, locations: context.questionLocations)
        var warnings: [PackIssue] = []
        if context.kind == .certification {
            for finding in findings { reader.fail(finding) }
        } else {
            warnings = findings
        }
        func sorted(_ issues: [PackIssue]) -> [PackIssue] {
            issues.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
        }
        let issues = sorted(reader.issues)
        return Result(pack: issues.isEmpty ? pack : nil, issues: issues, warnings: sorted(warnings))
    }

    struct Context {
        let files: PackFiles
        let reader: YAMLFields
        var facts: [String: String] = [:]
        var usedFiles: Set<String> = Set(["pack.yaml"]).union(PackReader.authorsNotes)
        var kind: CoursePack.Kind?
        /// Every question read, and where, for the item-writing rules.
        var questions: [Question] = []
        var questionLocations: [String: ItemWriting.Location] = [:]

        mutating func readPack() -> CoursePack? {
            let manifestFile = "pack.yaml"
            guard let manifestText = files.text(manifestFile) else {
                reader.fail(manifestFile, nil, files.files[manifestFile] == nil ? "the pack has no pack.yaml" : "pack.yaml is not UTF-8 text")
                return nil
            }
            guard let root = reader.parse(manifestText, file: manifestFile),
                let manifest = reader.mapping(
                    root,
                    file: manifestFile,
                    what: "pack.yaml",
                    allowed: [
                        "format", "kind", "id", "version", "title", "description", "audience", "level", "estimatedMinutes",
                        "competencies", "facts", "lessons", "quizzes", "completion", "programme",
                    ]
                )
            else { return nil }

            if manifest.int("format", in: 1...1) == nil, manifest.has("format") == false {
                // `int` already reported a missing key.
            }
            let kindText = manifest.string("kind")
            let kind = kindText.flatMap(CoursePack.Kind.init(rawValue:))
            self.kind = kind
            if kindText != nil, kind == nil { manifest.fail("kind", "must be course or certification") }
            readFacts(manifest)
            let id = manifest.slug("id")
            let version = manifest.string("version")
            let title = text(manifest, "title")
            let description = text(manifest, "description")
            let audience = manifest.stringList("audience") ?? []
            for value in audience where !PackRules.audiences.contains(value) {
                manifest.fail("audience", "has \"\(value)\", which is not one of \(PackRules.audiences.sorted().joined(separator: ", "))")
            }
            let level = manifest.string("level")
            if let level, !PackRules.levels.contains(level) { manifest.fail("level", "must be beginner, intermediate or advanced") }
            let minutes = manifest.int("estimatedMinutes", in: 1...10_000)
            let competencies = readCompetencies(manifest, "competencies") ?? []

            let assets = readAssets()
            let questions = readQuestions(assets: assets)
            self.questions = questions
            let questionsByID = Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let lessons = readLessons(manifest, kind: kind, assets: assets)
            // Declared ids, so that a lesson with a broken file does not also fail every reference to it.
            let lessonIDs = Set((manifest.list("lessons", required: false) ?? []).compactMap { $0.mapping?["id"]?.string })
            let quizzes = readQuizzes(manifest, lessons: lessonIDs, questions: questionsByID)
            let completion = readCompletion(manifest, kind: kind, lessons: lessonIDs, quizzes: Set(quizzes.map(\.id)))
            let programme = readProgramme(manifest, kind: kind, quizzes: Set(quizzes.map(\.id)))

            for path in files.files.keys.sorted() where !usedFiles.contains(path) {
                reader.fail(path, nil, "this file is not part of the pack format (pack.yaml, README.md, lessons/*.md, questions/*.yaml, assets/*)")
            }

            guard let kind, let id, let version, let title, let description, let level, let minutes else { return nil }
            return CoursePack(
                kind: kind,
                id: id,
                version: version,
                title: title,
                description: description,
                audience: audience,
                level: level,
                estimatedMinutes: minutes,
                competencies: competencies,
                lessons: lessons,
                quizzes: quizzes,
                questions: questions,
                completion: completion ?? Completion(lessons: nil, quizzes: []),
                programme: programme,
                assets: assets.sorted()
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
                // One line, so that a lesson filled with facts keeps its line numbers for the checks.
                guard !text.contains(where: \.isNewline) else {
                    reader.fail("pack.yaml", value, "facts: \(name) must be one line of text")
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
    }
}
