import CoursePacks
import Domain
import Foundation
import Testing

/// `{{facts}}` are filled in before the safety checks, so a fact cannot bring into a lesson or a
/// question what the text itself may not hold (issue 17, item 4). Before, the checks ran on the
/// text with `{{police}}` still in it, and the fact reached learners verbatim in `markdown`.
@Suite struct FactSafetyTests {
    /// Each fact, and what its issue says (in a lesson, "raw HTML is not allowed in lessons").
    static let payloads: [(fact: String, message: String)] = [
        ("<script>alert(1)</script>", "raw HTML is not allowed"),
        ("<img src=x onerror=alert(1)>", "raw HTML is not allowed"),
        ("[113](javascript:alert(1))", "link javascript:alert(1 is not an https:// address"),
    ]

    /// The example pack with the fact `police` (used in first-lesson and in ex-matching) set to `value`.
    static func example(police value: String) -> PackFiles {
        var files = PackFixtures.example
        let manifest = files.text("pack.yaml")!.replacingOccurrences(of: "police: \"113\"", with: "police: '\(value)'")
        files.files["pack.yaml"] = Array(manifest.utf8)
        return files
    }

    static func line(of needle: String, in file: String, of files: PackFiles) -> Int? {
        guard let text = files.text(file), let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }

    @Test(arguments: payloads)
    func aFactInALessonIsCheckedAfterItIsFilledIn(fact: String, message: String) throws {
        let files = Self.example(police: fact)
        let result = PackReader.read(files)
        #expect(result.pack == nil, "the pack must be refused, not served with the fact in its markdown")
        for language in ["vi", "en"] {
            let file = "lessons/first-lesson.\(language).md"
            let line = try #require(Self.line(of: "{{police}}", in: file, of: files))
            #expect(
                result.issues.contains {
                    $0.file == file && $0.line == line && $0.message.hasPrefix(message) && $0.message.hasSuffix(" (after filling in {{facts}})")
                },
                "\(result.issues)"
            )
        }
    }

    @Test(arguments: payloads)
    func aFactInAQuestionIsCheckedAfterItIsFilledIn(fact: String, message: String) throws {
        var files = Self.example(police: fact)
        // Also in a prompt and an explanation, beside the match text that already uses it.
        let bank = files.text("questions/example.yaml")!
            .replacingOccurrences(of: "en: Which password is hardest to guess?", with: "en: \"Which password is hardest to guess ({{police}})?\"")
            .replacingOccurrences(of: "en: It is the OTP (one-time password).", with: "en: \"It is the OTP, not {{police}}.\"")
        files.files["questions/example.yaml"] = Array(bank.utf8)
        let result = PackReader.read(files)
        #expect(result.pack == nil)
        let found = result.issues.filter { $0.file == "questions/example.yaml" && $0.message.contains(message) }
        for field in ["prompt", "explanation", "matches entry: text"] {
            #expect(
                found.contains { $0.message.contains(" \(field): \(message) (after filling in {{facts}})") },
                "no \(field) issue in \(result.issues)"
            )
        }
        #expect(found.allSatisfy { $0.line != nil }, "every issue has its line")
    }

    @Test(arguments: ["<b>Bold</b> course", "[Click](javascript:alert(1))", "Look ![x](assets/password-box.png)"])
    func titlesDescriptionsOptionsAndAnswersAreCheckedToo(text: String) throws {
        for (file, old) in [
            ("pack.yaml", "en: Example course"),
            ("pack.yaml", "en: A small course that shows the course-pack format."),
            ("pack.yaml", "title: { vi: Bài một, en: Lesson one }"),
            ("questions/example.yaml", "en: \"Four random words\""),
            ("questions/example.yaml", "en: [OTP, OTP code]"),
        ] {
            var files = PackFixtures.example
            let original = try #require(files.text(file))
            #expect(original.contains(old), "\(old) is not in \(file)")
            let replacement: String =
                switch old {
                case "title: { vi: Bài một, en: Lesson one }": "title: { vi: Bài một, en: '\(text)' }"
                case "en: [OTP, OTP code]": "en: [OTP, '\(text)']"
                default: "en: '\(text)'"
                }
            files.files[file] = Array(original.replacingOccurrences(of: old, with: replacement).utf8)
            let result = PackReader.read(files)
            #expect(result.pack == nil, "\(file): \(old) → \(text) was accepted")
            #expect(result.issues.contains { $0.file == file && $0.line != nil }, "\(result.issues)")
        }
    }

    @Test func aFactOnSeveralLinesIsRefused() {
        var files = PackFixtures.example
        let manifest = files.text("pack.yaml")!.replacingOccurrences(of: "police: \"113\"", with: "police: \"113\\n## Heading\"")
        files.files["pack.yaml"] = Array(manifest.utf8)
        let result = PackReader.read(files)
        #expect(result.issues.contains { $0.file == "pack.yaml" && $0.message == "facts: police must be one line of text" }, "\(result.issues)")
    }

    @Test func safeFactsAndPlainTextsStillPass() throws {
        let result = PackReader.read(Self.example(police: "113 (miễn phí, 24/7) — https://example.gov.vn"))
        #expect(result.issues.isEmpty, "\(result.issues)")
        let pack = try #require(result.pack)
        #expect(pack.lessons[0].markdown.en.contains("call the police on 113 (miễn phí, 24/7)"))
        #expect(Markdown.checkText("Less than 5 < 10, and a <3 heart; [not a link] (either)").isEmpty)
    }
}
