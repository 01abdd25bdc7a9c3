import Domain
import Foundation
import Yams

// Lessons: the lesson list in pack.yaml and each lesson's Markdown files.

extension PackReader.Context {
    mutating func readLessons(_ manifest: Fields, kind: CoursePack.Kind?, assets: Set<String>) -> [Lesson] {
        guard let nodes = manifest.list("lessons", required: kind == .course) else { return [] }
        if kind == .certification, !nodes.isEmpty {
            manifest.fail("lessons", "must be empty: a certification pack has no lessons")
        }
        if kind == .course, nodes.isEmpty { manifest.fail("lessons", "must list at least one lesson") }
        var lessons: [Lesson] = []
        var seen: Set<String> = []
        for node in nodes {
            guard
                let fields = reader.mapping(
                    node,
                    file: "pack.yaml",
                    what: "lesson",
                    allowed: ["id", "title", "content", "estimatedMinutes", "competencies"]
                )
            else { continue }
            let id = fields.slug("id")
            if let id, !seen.insert(id).inserted { fields.fail("id", "\"\(id)\" is used by another lesson") }
            let title = text(fields, "title")
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
                    // Checked after the facts are filled in: what learners get is the filled text.
                    let filled = fillLines(text, file: path)
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                    for issue in Markdown.check(filled, hasAsset: { source in assets.contains(String(source.dropFirst("assets/".count))) }) {
                        let note = lines.indices.contains(issue.line - 1) ? factNote(lines[issue.line - 1]) : ""
                        reader.fail(PackIssue(file: path, line: issue.line, message: issue.message + note))
                    }
                    markdown[language] = filled
                }
            }
            if let id, let title, let minutes, let vi = markdown["vi"], let en = markdown["en"] {
                lessons.append(
                    Lesson(id: id, title: title, markdown: LocalizedText(vi: vi, en: en), estimatedMinutes: minutes, competencies: competencies)
                )
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
}
