import CoursePacks
import Domain
import Foundation
import Testing

/// The example pack, and broken copies of it: one per kind of error, each reported with its file,
/// line and a plain message.
@Suite struct PackReaderTests {
    /// The example with `old` replaced by `new` in `path`, and the line where the change is.
    func broken(_ path: String, replacing old: String, with new: String) throws -> (PackFiles, Int) {
        var files = PackFixtures.example
        let text = try #require(files.text(path))
        let range = try #require(text.range(of: old), "\(old) is not in \(path)")
        let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        files.files[path] = Array(text.replacingCharacters(in: range, with: new).utf8)
        return (files, line)
    }

    func expectIssue(_ files: PackFiles, file: String, line: Int?, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = PackReader.read(files)
        #expect(result.pack == nil, sourceLocation: sourceLocation)
        #expect(
            result.issues.contains { $0.file == file && (line == nil || $0.line == line) && $0.message.contains(text) },
            "no issue \(file):\(line ?? 0) \(text) in \(result.issues)",
            sourceLocation: sourceLocation
        )
    }

    @Test func theExamplePackIsValid() throws {
        let result = PackReader.read(PackFixtures.example)
        #expect(result.issues.isEmpty, "\(result.issues)")
        let pack = try #require(result.pack)
        #expect(pack.lessons.map(\.id) == ["first-lesson", "second-lesson"])
        #expect(Set(pack.questions.map(\.type)) == Set(Question.Kind.allCases))
        #expect(pack.lessons[0].markdown.vi.contains("gọi công an 113"), "facts are filled in")
        #expect(pack.questions.first { $0.id == "ex-matching" }?.matches.first?.text.en == "Call 113")
        #expect(pack.assets == ["password-box.png"])
        #expect(pack.completion.quizzes == ["first-lesson-practice"])
    }

    @Test func missingTranslation() throws {
        let (files, line) = try broken(
            "questions/example.yaml",
            replacing: "prompt: { vi: Mật khẩu nào khó đoán nhất?, en: Which password is hardest to guess? }",
            with: "prompt: { vi: Mật khẩu nào khó đoán nhất? }"
        )
        expectIssue(files, file: "questions/example.yaml", line: line, containing: "English (en) translation")
    }

    @Test func missingLessonFile() {
        var files = PackFixtures.example
        files.files["lessons/second-lesson.vi.md"] = nil
        expectIssue(files, file: "lessons/second-lesson.vi.md", line: nil, containing: "missing translation")
    }

    @Test func duplicateID() throws {
        let (files, line) = try broken("questions/example.yaml", replacing: "id: ex-multiple", with: "id: ex-single")
        expectIssue(files, file: "questions/example.yaml", line: line, containing: "\"ex-single\" is already used")
    }

    @Test func keyNotAmongTheOptions() throws {
        let (files, _) = try broken("questions/example.yaml", replacing: "answer: b", with: "answer: z")
        expectIssue(files, file: "questions/example.yaml", line: nil, containing: "answer must be the id of one of the options")
    }

    @Test func unknownCompetency() throws {
        let (files, line) = try broken("questions/example.yaml", replacing: "competency: \"4.1\"", with: "competency: \"9.9\"")
        expectIssue(files, file: "questions/example.yaml", line: line, containing: "not a DigComp area 4 competency")
    }

    @Test func brokenImageLink() throws {
        let (files, line) = try broken("lessons/first-lesson.en.md", replacing: "assets/password-box.png", with: "assets/nope.png")
        expectIssue(files, file: "lessons/first-lesson.en.md", line: line, containing: "not in the pack's assets/ folder")
    }

    @Test func rawHTMLInMarkdown() throws {
        let (files, line) = try broken("lessons/second-lesson.vi.md", replacing: "1. Mở phần Cài đặt.", with: "1. Mở <b>phần</b> Cài đặt.")
        expectIssue(files, file: "lessons/second-lesson.vi.md", line: line, containing: "raw HTML")
    }

    @Test func drawTheBankCannotSatisfy() throws {
        let (files, _) = try broken(
            "pack.yaml",
            replacing: "items: [ex-single, ex-multiple, ex-true-false, ex-ordering, ex-matching, ex-short]",
            with: "draw: { competencies: [\"4.1\", \"4.2\"], perCompetency: { easy: 2 } }"
        )
        expectIssue(files, file: "pack.yaml", line: nil, containing: "draws 2 easy questions for 4.1, but the bank has 1")
    }

    @Test func unknownFact() throws {
        let (files, line) = try broken("lessons/first-lesson.vi.md", replacing: "{{police}}", with: "{{hotline}}")
        expectIssue(files, file: "lessons/first-lesson.vi.md", line: line, containing: "{{hotline}} is not one of the facts")
    }

    @Test func yamlSyntaxError() throws {
        let (files, line) = try broken("pack.yaml", replacing: "level: beginner", with: "level: [beginner")
        expectIssue(files, file: "pack.yaml", line: nil, containing: "not valid YAML")
        _ = line
    }

    @Test func unknownKeyAndStrayFile() throws {
        var (files, line) = try broken("pack.yaml", replacing: "level: beginner", with: "level: beginner\nlevle: typo")
        files.files["notes.txt"] = Array("hello".utf8)
        expectIssue(files, file: "pack.yaml", line: line + 1, containing: "unknown key \"levle\"")
        expectIssue(files, file: "notes.txt", line: nil, containing: "not part of the pack format")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        var (files, _) = try broken("questions/example.yaml", replacing: "answer: b", with: "answer: z")
        files.files["lessons/second-lesson.en.md"] = Array("<div>x</div>".utf8)
        files.files["pack.yaml"] = Array(files.text("pack.yaml")!.replacingOccurrences(of: "level: beginner", with: "level: expert").utf8)
        let issues = PackReader.read(files).issues
        #expect(Set(issues.map(\.file)) == ["questions/example.yaml", "lessons/second-lesson.en.md", "pack.yaml"])
    }

    // MARK: Programme courses (issue 20, item 5)

    @Test func aCleanCertificationBankIsValid() throws {
        let result = PackReader.read(PackFixtures.certification(clean: true))
        #expect(result.issues.isEmpty, "\(result.issues)")
        #expect(result.pack?.programme?.preparationCourses == [])
    }

    @Test func preparationCoursesAreReadBesideThePrerequisite() throws {
        let files = PackFixtures.certification(
            programme: """
                { exam: example-exam, validityMonths: 24, attemptsPerWindow: 3, windowDays: 30,
                  prerequisiteCourse: basic-cyber-safety, preparationCourses: [online-scams-vietnam, children-and-families] }
                """,
            clean: true
        )
        let result = PackReader.read(files)
        #expect(result.issues.isEmpty, "\(result.issues)")
        let programme = try #require(result.pack?.programme)
        #expect(programme.prerequisiteCourse == "basic-cyber-safety")
        #expect(programme.preparationCourses == ["online-scams-vietnam", "children-and-families"])
        // The manifest keeps them, and a manifest stored before they existed reads as none.
        let encoded = try JSONEncoder().encode(programme)
        #expect(try JSONDecoder().decode(Programme.self, from: encoded) == programme)
        let old = Data(#"{"examQuizID":"x","validityMonths":24,"attemptsPerWindow":3,"windowDays":30}"#.utf8)
        #expect(try JSONDecoder().decode(Programme.self, from: old).preparationCourses == [])
    }

    @Test(arguments: [
        ("[Not-An-Id]", "has \"Not-An-Id\", which is not an id"),
        ("[basic-cyber-safety]", "has \"basic-cyber-safety\", which is already the prerequisiteCourse"),
        ("[online-scams-vietnam, online-scams-vietnam]", "lists \"online-scams-vietnam\" twice"),
        ("online-scams-vietnam", "must be a list"),
    ])
    func badPreparationCoursesAreRefused(value: String, message: String) {
        let files = PackFixtures.certification(
            programme: """
                { exam: example-exam, validityMonths: 24, attemptsPerWindow: 3, windowDays: 30,
                  prerequisiteCourse: basic-cyber-safety, preparationCourses: \(value) }
                """,
            clean: true
        )
        expectIssue(files, file: "pack.yaml", line: nil, containing: "programme: preparationCourses \(message)")
    }

    @Test func preparationCoursesAreOnlyForAProgramme() throws {
        let (files, _) = try broken("pack.yaml", replacing: "completion:", with: "preparationCourses: [x]\ncompletion:")
        expectIssue(files, file: "pack.yaml", line: nil, containing: "unknown key \"preparationCourses\"")
    }

    // MARK: Authors' notes

    @Test func aReadmeAtThePacksRootIsAllowedAndNeverPartOfTheContent() {
        var files = PackFixtures.example
        files.files["README.md"] = Array("# Blueprint\n\nNotes for authors, with <b>anything</b> in them.".utf8)
        let result = PackReader.read(files)
        #expect(result.issues.isEmpty, "\(result.issues)")
        #expect(files.contentHash == PackFixtures.example.contentHash, "editing the notes makes no new version")
        files.files["lessons/README.md"] = Array("notes".utf8)
        expectIssue(files, file: "lessons/README.md", line: nil, containing: "not part of the pack format")
    }

    @Test func contentHashIgnoresNothingAndOrderNothing() {
        var changed = PackFixtures.example
        changed.files["lessons/first-lesson.en.md"]?.append(UInt8(ascii: " "))
        #expect(PackFixtures.example.contentHash == PackFiles(files: PackFixtures.example.files).contentHash)
        #expect(PackFixtures.example.contentHash != changed.contentHash)
    }
}
