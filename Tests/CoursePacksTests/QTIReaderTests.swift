import CoursePacks
import Domain
import Foundation
import Testing

/// QTI 3.0: a single item's XML and a content package (a zip with imsmanifest.xml), with every
/// interaction a pack can hold, and what it cannot hold reported with the file and line.
@Suite struct QTIReaderTests {
    func package(_ language: Language) throws -> ConvertedBank {
        QTIReader.read(
            try InterchangeFixtures.package("qti-package-\(language.rawValue)"),
            file: "package.zip",
            defaults: ConversionDefaults(language: language)
        )
    }

    @Test func aContentPackageGivesEveryInteractionItsType() throws {
        let bank = try package(.en)
        #expect(bank.questions.map(\.id) == ["qti-single", "qti-multiple", "qti-ordering", "qti-matching", "qti-short"])
        #expect(bank.questions.map(\.type) == [.single, .multiple, .ordering, .matching, .shortText])
        #expect(
            bank.questions.map(\.key) == [
                .single("b"),
                .multiple(["b", "d"]),
                .ordering(["open", "choose", "install"]),
                .matching(["spam": "report-spam", "danger": "police"]),
                .shortText(vi: [], en: ["OTP", "one-time password"], ignoreToneMarks: false),
            ]
        )
        #expect(bank.questions.allSatisfy { $0.source.file.hasPrefix("package.zip/items/") })
    }

    @Test func textsPromptsAndFeedbackAreRead() throws {
        let bank = try package(.en)
        let single = try #require(bank.questions.first)
        #expect(single.prompt == DraftText(en: "Which password is hardest to guess?"))
        #expect(single.options.map(\.text.en) == ["Your name and year of birth", "Four random words put together", "The digits 123456789"])
        #expect(single.explanation.en == "Four random words are long and unrelated to you; anyone can find your name and birth year.")
        let matching = try #require(bank.questions.first { $0.type == .matching })
        #expect(matching.options.map(\.id) == ["spam", "danger"])
        #expect(matching.matches.map(\.id) == ["police", "report-spam", "nobody"])
        let short = try #require(bank.questions.last)
        #expect(short.prompt.en == "The one-time code a bank texts you is called the _____ code.")
    }

    @Test func theTestInThePackageIsReportedNotConverted() throws {
        let issues = try package(.en).issues
        let manifest = try #require(try InterchangeFixtures.line(of: "imsqti_test_xmlv3p0", in: "qti-package-en/imsmanifest.xml"))
        #expect(
            issues == [ConversionIssue(.unsupported, SourceLine(file: "package.zip/imsmanifest.xml", line: manifest), issues.first?.message ?? "")]
        )
        #expect(issues.first?.message.contains("the test (test.xml) is not converted") == true)
    }

    @Test func aVietnameseItemKeepsItsDiacriticsAndReportsWhatItCannotCarry() throws {
        let file = "qti-item.vi.xml"
        let bank = QTIReader.read(try InterchangeFixtures.data(file), file: file, defaults: ConversionDefaults(language: .vi))
        let question = try #require(bank.questions.first)
        #expect(question.id == "tin-nhan-gia")
        #expect(question.type == .single)
        #expect(question.options.map(\.id) == ["choice-a", "choice-b", "choice-c"])
        #expect(question.key == .single("choice-b"))
        #expect(
            question.prompt.vi
                == "Bạn nhận được tin nhắn: “Tài khoản của bạn bị khóa, bấm vào http://nganhang-xacminh.example để mở.”\nBạn nên làm gì?"
        )
        #expect(question.explanation.vi == nil, "two feedbacks: neither is the explanation")
        #expect(
            question.notes.map(\.text) == [
                "Feedback: Đúng: hãy tự gọi số chính thức của ngân hàng.", "Feedback: Chưa đúng: đường dẫn lạ có thể là trang giả.",
            ]
        )
        func reported(_ kind: ConversionIssue.Kind, at marker: String, _ text: String) throws -> Bool {
            let line = try InterchangeFixtures.line(of: marker, in: file)
            return bank.issues.contains { $0.kind == kind && $0.source == SourceLine(file: file, line: line) && $0.message.contains(text) }
        }
        #expect(try reported(.unsupported, at: "<img", "<img> is not carried over"), "\(bank.issues)")
        #expect(try reported(.unsupported, at: "<qti-response-processing>", "custom response processing"), "\(bank.issues)")
        #expect(try reported(.unsupported, at: "identifier=\"correct\"", "several feedbacks"), "\(bank.issues)")
        #expect(bank.issues.contains { $0.kind == .toWrite && $0.message.contains("\"Tin_Nhan_Gia\" is not an id") })
    }

    @Test func anInteractionWithoutAPackTypeIsReportedWithItsLine() throws {
        let file = "qti-item-essay.xml"
        let bank = QTIReader.read(try InterchangeFixtures.data(file), file: file, defaults: ConversionDefaults(language: .en))
        #expect(bank.questions.isEmpty)
        let line = try InterchangeFixtures.line(of: "qti-extended-text-interaction", in: file)
        #expect(
            bank.issues.contains {
                $0.kind == .unsupported && $0.source == SourceLine(file: file, line: line) && $0.message.contains("qti-extended-text-interaction")
            }
        )
    }

    @Test func brokenXMLIsAnErrorWithItsLine() throws {
        let xml = "<qti-assessment-item identifier=\"x\">\n<qti-item-body>\n<p>text</qti-item-body>\n</qti-assessment-item>"
        let bank = QTIReader.read(Data(xml.utf8), file: "broken.xml", defaults: ConversionDefaults(language: .en))
        let issue = try #require(bank.issues.first)
        #expect(
            issue.kind == .error && issue.source.file == "broken.xml" && issue.source.line == 3 && issue.message.contains("not well-formed"),
            "\(issue)"
        )
    }

    @Test func aQTI2ItemIsReportedAsUnsupported() throws {
        let xml = "<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\" identifier=\"x\"/>"
        let bank = QTIReader.read(Data(xml.utf8), file: "old.xml", defaults: ConversionDefaults(language: .en))
        #expect(bank.issues.map(\.kind) == [.unsupported])
        #expect(bank.issues.first?.message.contains("QTI 2.x") == true)
    }
}
