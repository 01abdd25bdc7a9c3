import CoursePacks
import Domain
import Foundation
import Testing

/// A Vietnamese GIFT file with every type a pack can hold, and things it cannot: each supported
/// question converts with its diacritics intact, and each unsupported construct is reported with
/// its file and line.
@Suite struct GIFTParserTests {
    let file = "cau-hoi-mau.vi.gift"

    func converted(language: Language = .vi) throws -> ConvertedBank {
        GIFTParser.parse(try InterchangeFixtures.text(file), file: file, defaults: ConversionDefaults(language: language))
    }

    func question(_ id: String) throws -> DraftQuestion {
        try #require(try converted().questions.first { $0.id == id }, "no question \(id)")
    }

    func expectIssue(
        _ kind: ConversionIssue.Kind,
        at marker: String,
        containing text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let line = try #require(try InterchangeFixtures.line(of: marker, in: file), sourceLocation: sourceLocation)
        let issues = try converted().issues
        #expect(
            issues.contains { $0.kind == kind && $0.source == SourceLine(file: file, line: line) && $0.message.contains(text) },
            "no \(kind) issue at \(file):\(line) containing \(text) in \(issues)",
            sourceLocation: sourceLocation
        )
    }

    @Test func singleChoiceKeepsItsVietnameseTextAndKey() throws {
        let question = try question("mat-khau-manh")
        #expect(question.type == .single)
        #expect(question.prompt == DraftText(vi: "Mật khẩu nào khó đoán nhất?"))
        #expect(question.options.map(\.id) == ["a", "b", "c"])
        #expect(question.options.map(\.text.vi) == ["Tên và năm sinh của bạn", "Bốn từ ngẫu nhiên ghép lại", "Dãy số 123456789"])
        #expect(question.key == .single("b"))
        #expect(question.competency == "4.2")
        #expect(question.difficulty == .easy)
        #expect(question.explanation.vi == "Bốn từ ngẫu nhiên dài và không liên quan đến bạn; tên và năm sinh thì ai cũng tìm được.")
        #expect(question.explanation.en == nil)
    }

    @Test func textIsComposedUnicode() throws {
        let prompt = try #require(try question("mat-khau-manh").prompt.vi)
        #expect(prompt.unicodeScalars.elementsEqual(prompt.precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(prompt.unicodeScalars.contains("\u{1EAD}"), "ậ is one composed scalar")
    }

    @Test func weightsWithoutAnEqualsSignMakeAMultipleQuestion() throws {
        let question = try question("otp-lua-dao")
        #expect(question.type == .multiple)
        #expect(question.key == .multiple(["a", "b"]))
        #expect(question.options[1].text.vi == "Gọi số in trên thẻ ngân hàng")
    }

    @Test func categoryGivesCompetencyAndVietnameseDifficulty() throws {
        let question = try question("cap-nhat")
        #expect(question.type == .trueFalse)
        #expect(question.key == .trueFalse(true))
        #expect(question.competency == "4.1")
        #expect(question.difficulty == .medium)
        #expect(question.explanation.vi == "Đúng: bản cập nhật sửa những lỗi mà kẻ gian có thể lợi dụng.")
    }

    @Test func matchingPairsAndAnUnusedMatch() throws {
        let question = try question("noi-bao-cao")
        #expect(question.type == .matching)
        #expect(question.options.map(\.text.vi) == ["Tin nhắn rác", "Nguy hiểm ngay lúc này"])
        #expect(question.matches.map(\.text.vi) == ["Gọi 113", "Kênh báo tin nhắn rác", "Không báo ai"], "rotated by one, then the unused")
        #expect(question.key == .matching(["a": "m2", "b": "m1"]))
    }

    @Test func shortAnswerAcceptsEveryEqualsAnswer() throws {
        let question = try question("ma-mot-lan")
        #expect(question.type == .shortText)
        #expect(question.key == .shortText(vi: ["OTP", "mã OTP"], en: [], ignoreToneMarks: true))
        #expect(question.topic == "otp")
    }

    @Test func escapesAreRead() throws {
        let question = try question("ky-tu-dac-biet")
        #expect(question.prompt.vi == "Trong địa chỉ thư điện tử, dấu nào đứng giữa tên và miền: {, } hay @?")
        #expect(question.key == .shortText(vi: ["@"], en: [], ignoreToneMarks: false))
        #expect(question.explanation.vi == "Địa chỉ thư có dạng ten@mien.example; các dấu = ~ # không dùng ở đó.")
    }

    @Test func htmlBecomesPlainTextAndTheLossIsReported() throws {
        let question = try question("wifi-cong-cong")
        #expect(question.prompt.vi == "Khi dùng Wi-Fi công cộng, nên tránh việc gì?")
        #expect(question.explanation.vi == "Mạng công cộng có thể bị nghe lén & giả mạo.")
        try expectIssue(.unsupported, at: "::wifi-cong-cong::", containing: "HTML markup is not kept")
    }

    @Test func perAnswerFeedbackIsReportedAndKeptAsANote() throws {
        try expectIssue(.unsupported, at: "~Tên và năm sinh của bạn#", containing: "per-answer feedback")
        let line = try InterchangeFixtures.line(of: "~Tên và năm sinh của bạn#", in: file)
        #expect(try question("mat-khau-manh").notes.map(\.source) == [SourceLine(file: file, line: line)])
        #expect(
            try question("mat-khau-manh").notes.map(\.text) == ["Feedback on option a (Tên và năm sinh của bạn): Người khác dễ biết tên và năm sinh."]
        )
    }

    @Test func everyUnsupportedConstructIsReportedWithItsLine() throws {
        try expectIssue(.unsupported, at: "::so-chu-so::", containing: "numerical question")
        try expectIssue(.unsupported, at: "::cam-nghi::", containing: "essay question")
        try expectIssue(.unsupported, at: "Đây là đoạn giới thiệu", containing: "description")
        try expectIssue(.unsupported, at: "~%50%Mật khẩu ngắn có ký hiệu", containing: "partial credit")
        let ids = try converted().questions.map(\.id)
        #expect(!ids.contains("so-chu-so") && !ids.contains("cam-nghi"))
    }

    @Test func aQuestionWithoutTitleGetsAnIdToCheck() throws {
        let bank = try converted()
        let line = try #require(try InterchangeFixtures.line(of: "Mạng xã hội lúc nào", in: file))
        let question = try #require(bank.questions.last)
        #expect(question.id == "cau-hoi-mau-vi-\(line)")
        #expect(question.key == .trueFalse(false))
        #expect(question.competency == nil && question.difficulty == nil, "the category names neither")
        try expectIssue(.toWrite, at: "Mạng xã hội lúc nào", containing: "no ::title::")
    }

    @Test func blanksAreReportedPerQuestion() throws {
        let bank = try converted().reportingBlanks()
        let line = try #require(try InterchangeFixtures.line(of: "::mat-khau-manh::", in: file))
        let issue = try #require(bank.issues.first { $0.source.line == line && $0.kind == .toWrite })
        #expect(issue.message == "question mat-khau-manh: left blank to write: en prompt, options, explanation")
    }

    @Test func theConvertedBankIsYAMLTheReaderPointsAtEveryBlank() throws {
        let yaml = BankYAMLWriter.write(try converted().questions)
        let result = InterchangeFixtures.examplePack(with: yaml)
        #expect(result.pack == nil)
        #expect(result.issues.allSatisfy { $0.file == "questions/converted.yaml" }, "\(result.issues)")
        #expect(result.issues.contains { $0.message.contains("question mat-khau-manh: prompt is missing its English (en) translation") })
        #expect(yaml.contains("# from cau-hoi-mau.vi.gift:"), "per-answer feedback is kept as a comment")
    }

    @Test func decomposedInputComesOutComposed() throws {
        let decomposed = try InterchangeFixtures.text(file).decomposedStringWithCanonicalMapping
        let bank = GIFTParser.parse(decomposed, file: file, defaults: ConversionDefaults(language: .vi))
        let prompt = try #require(bank.questions.first?.prompt.vi)
        #expect(Array(prompt.unicodeScalars) == Array("Mật khẩu nào khó đoán nhất?".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(bank.questions.first { $0.id == "cap-nhat" }?.difficulty == .medium, "\"trung bình\" is read however it is encoded")
    }

    @Test func windowsLineEndingsAndAByteOrderMarkAreRead() throws {
        let text = "\u{FEFF}" + (try InterchangeFixtures.text(file)).replacingOccurrences(of: "\n", with: "\r\n")
        let bank = GIFTParser.parse(text, file: file, defaults: ConversionDefaults(language: .vi))
        #expect(bank.questions == (try converted().questions))
    }
}
