import CoursePacks
import Domain
import Foundation
import Testing

/// Pins the starter curriculum in Courses/ so that it cannot silently shrink or slip.
@Suite struct ShippedContentTests {
    static let coursesFolder = PackFixtures.root.appendingPathComponent("Courses")

    static let packs: [String: CoursePack] = {
        var packs: [String: CoursePack] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: coursesFolder.path)) ?? []
        for name in names where FileManager.default.fileExists(atPath: coursesFolder.appendingPathComponent("\(name)/pack.yaml").path) {
            if let files = try? PackFiles.read(folder: coursesFolder.appendingPathComponent(name)), let pack = PackReader.read(files).pack {
                packs[name] = pack
            }
        }
        return packs
    }()

    static let practiceCourses = ["basic-cyber-safety", "children-and-families", "online-scams-vietnam"]

    func pack(_ id: String) throws -> CoursePack {
        try #require(Self.packs[id], "\(id) is missing or invalid")
    }

    @Test func everyShippedPackValidates() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.coursesFolder.path).filter {
            FileManager.default.fileExists(atPath: Self.coursesFolder.appendingPathComponent("\($0)/pack.yaml").path)
        }
        #expect(names.count >= 4)
        for name in names {
            let result = PackReader.read(try PackFiles.read(folder: Self.coursesFolder.appendingPathComponent(name)))
            #expect(result.issues.isEmpty, "\(name): \(result.issues.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test(arguments: [("basic-cyber-safety", 8), ("children-and-families", 5), ("online-scams-vietnam", 6)])
    func coursesHaveTheirLessonsEachWithAPracticeQuiz(id: String, minimumLessons: Int) throws {
        let course = try pack(id)
        #expect(course.lessons.count >= minimumLessons)
        let questions = Dictionary(uniqueKeysWithValues: course.questions.map { ($0.id, $0) })
        for lesson in course.lessons {
            let quiz = try #require(course.quizzes.first { $0.lessonID == lesson.id }, "\(lesson.id) has no practice quiz")
            guard case .fixed(let ids) = quiz.selection else {
                Issue.record("\(quiz.id) is not a fixed quiz")
                continue
            }
            let items = ids.compactMap { questions[$0] }
            #expect((3...6).contains(items.count), "\(quiz.id) has \(items.count) questions")
            #expect(Set(items.map(\.type)).count >= 2, "\(quiz.id) uses one question type")
            #expect(items.contains { $0.scenario }, "\(quiz.id) has no scenario")
        }
    }

    /// The first edition's lessons keep their places (learners' progress follows their ids), and
    /// the second edition's topics (issue 20) are there.
    @Test func coursesCoverEveryRequiredTopic() throws {
        let basic = try pack("basic-cyber-safety").lessons.map(\.id)
        #expect(
            Array(basic.prefix(10)) == [
                "strong-passwords", "two-step-verification", "updating-devices", "recognising-phishing", "safe-browsing-downloads",
                "public-wifi", "social-media-privacy", "backups", "securing-your-phone", "when-things-go-wrong",
            ]
        )
        #expect(basic.contains("old-phones-environment"), "competence 4.4")
        let families = try pack("children-and-families").lessons.map(\.id)
        #expect(
            Array(families.prefix(5)) == [
                "talking-with-children", "privacy-and-parental-tools",
                "strangers-and-grooming", "cyberbullying", "healthy-screen-habits",
            ]
        )
        #expect(families.filter { $0.hasPrefix("kids-") }.count >= 5, "a strand children read themselves")
        let scams = Set(try pack("online-scams-vietnam").lessons.map(\.id))
        for topic in [
            "vneid-and-public-services", "fake-apps-and-qr-codes", "loan-apps-and-gambling", "renting-accounts-and-jobs-abroad",
            "when-you-have-been-scammed",
        ] {
            #expect(scams.contains(topic), "\(topic)")
        }
        let firstPhone = try pack("first-smartphone")
        #expect(firstPhone.lessons.count == 7 && firstPhone.lessons.last?.id == "words-to-know", "six lessons and the glossary")
    }

    @Test func scamsCourseIsMostlyScenarios() throws {
        let course = try pack("online-scams-vietnam")
        let scenarios = course.questions.filter(\.scenario).count
        #expect(Double(scenarios) / Double(course.questions.count) > 0.5)
        for lesson in course.lessons {
            for text in [lesson.markdown.vi, lesson.markdown.en] {
                #expect(
                    text.contains("**Tin nhắn mẫu**") || text.contains("**Cuộc gọi mẫu**") || text.contains("**Example message**")
                        || text.contains("**Example call**"),
                    "\(lesson.id) shows no example message or call"
                )
            }
            #expect(lesson.markdown.vi.contains("## Nếu chuyện đã xảy ra"), "\(lesson.id) does not end with what to do")
            #expect(lesson.markdown.en.contains("## If it already happened"), "\(lesson.id) does not end with what to do")
        }
    }

    @Test(arguments: practiceCourses)
    func practiceCoursesMixQuestionTypes(id: String) throws {
        let types = Set(try pack(id).questions.map(\.type))
        #expect(types == Set(Question.Kind.allCases), "\(id) uses only \(types)")
    }

    /// Both languages have the same shape: the same headings, list items, quotes and images.
    @Test(arguments: practiceCourses)
    func lessonsSayTheSameThingInBothLanguages(id: String) throws {
        func shape(_ markdown: String) -> [String] {
            markdown.split(separator: "\n").compactMap { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("### ") { return "h3" }
                if trimmed.hasPrefix("## ") { return "h2" }
                if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") { return "li" }
                if trimmed.first?.isNumber == true, trimmed.contains(". ") { return "ol" }
                if trimmed.hasPrefix("![") { return "img" }
                return nil
            }
        }
        for lesson in try pack(id).lessons {
            #expect(shape(lesson.markdown.vi) == shape(lesson.markdown.en), "\(id)/\(lesson.id) differs in structure between vi and en")
            let words = lesson.markdown.en.split(whereSeparator: \.isWhitespace).count
            #expect((300...1_000).contains(words), "\(id)/\(lesson.id) has \(words) English words: not 3 to 8 minutes' reading")
        }
    }

    /// All texts of a pack: lessons, prompts, options, matches, explanations, in both languages.
    func texts(_ pack: CoursePack) -> [String] {
        var texts = pack.lessons.flatMap { [$0.markdown.vi, $0.markdown.en, $0.title.vi, $0.title.en] }
        for question in pack.questions {
            texts += [question.prompt.vi, question.prompt.en, question.explanation.vi, question.explanation.en]
            texts += (question.options + question.matches).flatMap { [$0.text.vi, $0.text.en] }
        }
        return texts
    }

    @Test func noRealPhoneNumbersOrResolvableLinks() throws {
        // A phone number starts with 0, + or 84 and has 8 digits or more; other long runs of 10 or
        // more digits are suspect too. Amounts such as 9.800.000 đồng are neither.
        let phone = /\+?\d[\d .\-]{5,}\d/
        let domain = /(?i)\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:\/[^\s)]*)?/
        let official: Set<String> = ["tinnhiemmang.vn", "khonggianmang.vn", "thongbaorac.ais.gov.vn", ".gov.vn", "gov.vn"]
        for (id, pack) in Self.packs {
            for text in texts(pack) {
                for match in text.matches(of: phone) {
                    let digits = match.output.filter(\.isNumber)
                    let dialled = match.output.hasPrefix("0") || match.output.hasPrefix("+") || digits.hasPrefix("84")
                    #expect(!(dialled && digits.count >= 8) && digits.count < 10, "\(id): \"\(match.output)\" looks like a real phone number")
                }
                for match in text.matches(of: domain) {
                    let host = String(match.output.1).lowercased()
                    // A fragment that starts with "-" ("…-gov.vn", a look-alike lessons warn of) is
                    // no domain: a label never starts with a hyphen.
                    if host.hasPrefix("-") { continue }
                    // File names ("invoice.pdf.exe", "app.apk") end in no real top-level domain.
                    guard let last = host.split(separator: ".").last, last.count == 2 || Self.genericTopLevelDomains.contains(String(last)) else {
                        continue
                    }
                    #expect(
                        host.hasSuffix(".example") || official.contains(host) || host.hasSuffix(".gov.vn"),
                        "\(id): \(match.output) could resolve; examples use the reserved .example domain"
                    )
                }
            }
        }
    }

    static let genericTopLevelDomains: Set<String> = [
        "com", "net", "org", "info", "biz", "xyz", "top", "online", "site", "shop", "store", "app", "club", "vip", "asia", "live",
        "link", "click", "pro", "work", "today", "website", "tech", "cloud", "gov", "edu", "mobi", "name", "page", "example",
    ]

    // MARK: The certification bank (issue 7)

    @Test func certificationBankCountsAndMix() throws {
        let bank = try pack("cyber-safety-certificate")
        #expect(bank.kind == .certification)
        #expect(bank.questions.count >= 120)
        for competency in ["4.1", "4.2", "4.3"] {
            let questions = bank.questions.filter { $0.competency == competency }
            #expect(questions.count >= 25, "\(competency) has \(questions.count)")
            for difficulty in Question.Difficulty.allCases {
                #expect(questions.filter { $0.difficulty == difficulty }.count >= 6, "\(competency) \(difficulty) is thin")
            }
        }
        let byType = Dictionary(grouping: bank.questions, by: \.type).mapValues(\.count)
        #expect(byType.count == Question.Kind.allCases.count, "types: \(byType)")
        #expect(Double(bank.questions.filter(\.scenario).count) / Double(bank.questions.count) >= 0.3)
        #expect(Set(bank.questions.compactMap(\.topic)).count >= 20, "the bank should cover every topic of the starter courses")
    }

    @Test func certificationProgrammeIsAsPlanned() throws {
        let bank = try pack("cyber-safety-certificate")
        let programme = try #require(bank.programme)
        let exam = try #require(bank.quizzes.first { $0.id == programme.examQuizID })
        #expect(exam.itemCount == 30)
        #expect(exam.timeLimitMinutes == 60, "time for slow readers and screen-reader users (D42)")
        #expect(exam.passMark == 0.7)
        #expect(!exam.review.show.contains(.correctAnswers) && !exam.review.show.contains(.explanations) && !exam.review.show.contains(.correctness))
        #expect(programme.validityMonths == 24)
        #expect(programme.attemptsPerWindow == 3 && programme.windowDays == 30)
        guard case .draw(let draw) = exam.selection else {
            Issue.record("the exam is not a draw")
            return
        }
        for competency in draw.competencies {
            for difficulty in Question.Difficulty.allCases {
                let available = bank.questions.filter { $0.competency == competency && $0.difficulty == difficulty }.count
                #expect(
                    available >= 2 * draw.needed(difficulty),
                    "\(competency) \(difficulty): \(available) for a draw of \(draw.needed(difficulty))"
                )
            }
        }
    }

    /// The courses a programme asks for or recommends are shipped courses.
    @Test func programmeCoursesAreShippedCourses() throws {
        let programme = try #require(try pack("cyber-safety-certificate").programme)
        for id in [programme.prerequisiteCourse].compactMap({ $0 }) + programme.preparationCourses {
            #expect(Self.packs.values.contains { $0.id == id && $0.kind == .course }, "\(id) is not a shipped course")
        }
    }

    /// Practising never shows an exam question: no shared id, and no near-identical prompt.
    @Test func examQuestionsNeverAppearInPractice() throws {
        let bank = try pack("cyber-safety-certificate").questions
        let practice = try Self.practiceCourses.flatMap { try pack($0).questions }
        #expect(Set(bank.map(\.id)).isDisjoint(with: practice.map(\.id)))
        func shingles(_ text: String) -> Set<String> {
            let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            guard words.count >= 3 else { return [words.joined(separator: " ")] }
            return Set((0...(words.count - 3)).map { words[$0..<($0 + 3)].joined(separator: " ") })
        }
        let practiceShingles = practice.map { ($0.id, shingles($0.prompt.en)) }
        for question in bank {
            let mine = shingles(question.prompt.en)
            for (otherID, theirs) in practiceShingles where !mine.isEmpty && !theirs.isEmpty {
                let similarity = Double(mine.intersection(theirs).count) / Double(mine.union(theirs).count)
                #expect(similarity < 0.5, "\(question.id) is nearly the same as practice question \(otherID)")
            }
        }
    }

    /// The right answer must not stand out by its length.
    @Test func optionLengthsDoNotGiveTheKeyAway() throws {
        let bank = try pack("cyber-safety-certificate").questions
        for language in Language.allCases {
            var longestIsKey = 0
            var expected = 0.0
            var singles = 0
            for question in bank {
                guard case .single(let key) = question.key else { continue }
                let lengths = question.options.map { ($0.id, $0.text.text(in: language).count) }
                let longest = lengths.map(\.1).max()!
                let shortest = lengths.map(\.1).min()!
                #expect(Double(longest) <= 2.5 * Double(max(shortest, 1)), "\(question.id) (\(language)): one option is far longer than another")
                if lengths.filter({ $0.1 == longest }).map(\.0) == [key] { longestIsKey += 1 }
                expected += 1.0 / Double(question.options.count)
                singles += 1
            }
            // The key is the single longest option no more often than chance would make it.
            #expect(Double(longestIsKey) <= expected * 1.2, "\(language): the key is the longest option in \(longestIsKey) of \(singles) questions")
        }
    }
}
