import CoursePacks
import Foundation

/// The packs the reader, the archive and the shipped-content checks all start from, read once.
enum PackFixtures {
    /// The repository's root, found from this file, so tests read Courses/ and Tests/Fixtures/
    /// wherever the checkout is.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tests/Fixtures/Packs/example-course: a valid pack with one question of every kind.
    static let example = try! PackFiles.read(folder: root.appendingPathComponent("Tests/Fixtures/Packs/example-course"))

    /// The example's questions as a certification bank: its manifest, without lessons.
    /// `clean` rewrites the two keys the item-writing rules find fault with, so that the pack is valid.
    static func certification(
        programme: String = "{ exam: example-exam, validityMonths: 24, attemptsPerWindow: 3, windowDays: 30 }",
        clean: Bool = false
    ) -> PackFiles {
        var files = example
        files.files = files.files.filter { !$0.key.hasPrefix("lessons/") }
        if clean, let bank = files.text("questions/example.yaml") {
            let fixed = bank.replacingOccurrences(of: "answer: [a, b]", with: "answer: [b, c]")
                .replacingOccurrences(of: "answer: [open, choose, install]", with: "answer: [choose, open, install]")
            files.files["questions/example.yaml"] = Array(fixed.utf8)
        }
        files.files["pack.yaml"] = Array(
            """
            format: 1
            kind: certification
            id: example-certificate
            version: 1.0.0
            title: { vi: Chứng nhận mẫu, en: Example certificate }
            description: { vi: Một bài thi nhỏ., en: A small exam. }
            audience: [everyone]
            level: beginner
            estimatedMinutes: 15
            competencies: ["4.1", "4.2"]
            facts:
              police: "113"
            quizzes:
              - id: example-exam
                title: { vi: Bài thi, en: Exam }
                items: [ex-single, ex-multiple, ex-true-false, ex-ordering, ex-matching, ex-short]
                review: { show: [score, competencyResults] }
            programme: \(programme)

            """.utf8
        )
        return files
    }
}
