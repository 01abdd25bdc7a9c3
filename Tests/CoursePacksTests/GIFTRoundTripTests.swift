import CoursePacks
import Domain
import Foundation
import Testing

/// The example pack's bank exported as GIFT, one file per language, and converted back: the
/// types GIFT can express come back as the same questions (ids, texts, options, keys), and the
/// others are named as left out.
@Suite struct GIFTRoundTripTests {
    let bank = "questions/example.yaml"

    func export(_ language: Language) throws -> GIFTWriter.Export {
        try BankConversion.exportGIFT(PackFixtures.example, bank: bank, language: language).get()
    }

    @Test func orderingIsNamedAsLeftOut() throws {
        let export = try export(.vi)
        #expect(export.written == ["ex-single", "ex-multiple", "ex-true-false", "ex-matching", "ex-short"])
        #expect(export.leftOut == ["ex-ordering: ordering questions have no GIFT form"])
        #expect(export.text.contains("// Left out:\n//   ex-ordering: ordering questions have no GIFT form"))
    }

    @Test func theExportIsGIFTMoodleReads() throws {
        let text = try export(.vi).text
        #expect(text.contains("$CATEGORY: $course$/example-course/4.2/easy"))
        #expect(text.contains("::ex-single:: Mật khẩu nào khó đoán nhất? {\n\t~Tên và năm sinh\n\t=Bốn từ ngẫu nhiên\n\t~Dãy số 123456\n"))
        #expect(text.contains("\t~%50%Không gửi mã\n\t~%50%Gọi số in trên thẻ\n\t~%-100%Gửi mã cho nhanh\n"))
        #expect(text.contains("\t=Nguy hiểm ngay lúc này -> Gọi 113\n\t= -> Không báo ai\n"), "facts are filled in; the unused match is a distractor")
        #expect(text.contains("::ex-short:: Mã một lần ngân hàng gửi qua tin nhắn gọi là gì? {\n\t=OTP\n\t=mã OTP\n"))
    }

    @Test func bothLanguagesConvertBackIntoTheSameQuestions() throws {
        let (vi, en) = (try export(.vi), try export(.en))
        let converted = BankConversion.convert(
            BankConversion.Source(data: Data(vi.text.utf8), file: "example.vi.gift", format: .gift),
            translation: BankConversion.Source(data: Data(en.text.utf8), file: "example.en.gift", format: .gift),
            defaults: ConversionDefaults(language: .vi)
        )
        #expect(converted.issues.isEmpty, "\(converted.issues)")

        var files = PackFixtures.example
        files.files[bank] = Array(BankConversion.yaml(converted, from: ["example.vi.gift", "example.en.gift"]).utf8)
        let manifest = try #require(files.text("pack.yaml"))
        files.files["pack.yaml"] = Array(manifest.replacingOccurrences(of: "ex-ordering, ", with: "").utf8)
        let result = PackReader.read(files)
        #expect(result.issues.isEmpty, "\(result.issues)")
        let original = try #require(PackReader.read(PackFixtures.example).pack).questions.filter { $0.type != .ordering }
        #expect(try #require(result.pack).questions == original)
    }

    @Test func oneLanguageConvertsBackWithTheOtherLeftBlank() throws {
        let converted = BankConversion.convert(
            BankConversion.Source(data: Data(try export(.en).text.utf8), file: "example.en.gift", format: .gift),
            defaults: ConversionDefaults(language: .en)
        )
        #expect(converted.questions.map(\.id) == ["ex-single", "ex-multiple", "ex-true-false", "ex-matching", "ex-short"])
        #expect(converted.questions.allSatisfy { $0.prompt.vi == nil && $0.prompt.en != nil })
        #expect(converted.issues.map(\.kind) == Array(repeating: .toWrite, count: 5))
        #expect(converted.issues.first?.message == "question ex-single: left blank to write: vi prompt, options, explanation")
    }
}
