import CoursePacks
import Domain
import Foundation
import Testing

/// What the converters are for: a GIFT file and a QTI content package, each with its
/// translation, convert into a bank that makes a valid pack.
@Suite struct ConvertedPackTests {
    func source(_ name: String, _ format: BankConversion.Format) throws -> BankConversion.Source {
        let data = format == .qti ? try InterchangeFixtures.package(name) : try InterchangeFixtures.data(name)
        return BankConversion.Source(data: data, file: name, format: format)
    }

    @Test func aGIFTFileAndItsTranslationMakeAValidPack() throws {
        let bank = BankConversion.convert(
            try source("ngan-hang.vi.gift", .gift),
            translation: try source("bank.en.gift", .gift),
            defaults: ConversionDefaults(language: .vi)
        )
        #expect(bank.issues.isEmpty, "\(bank.issues)")
        let result = InterchangeFixtures.examplePack(with: BankConversion.yaml(bank, from: ["ngan-hang.vi.gift", "bank.en.gift"]))
        #expect(result.issues.isEmpty, "\(result.issues)")
        let questions = try #require(result.pack).questions.filter { $0.id.hasPrefix("gift-") }
        #expect(questions.map(\.id) == ["gift-single", "gift-multiple", "gift-true-false", "gift-matching", "gift-short"])
        let multiple = questions[1]
        #expect(multiple.scenario && multiple.competency == "4.2" && multiple.difficulty == .medium)
        #expect(multiple.options[3].text == LocalizedText(vi: "Gọi số in trên thẻ ngân hàng", en: "Call the number printed on your bank card"))
        #expect(multiple.key == .multiple(["b", "d"]))
        #expect(questions[4].key == .shortText(vi: ["OTP", "mã OTP"], en: ["OTP", "OTP code"], ignoreToneMarks: true))
        #expect(questions[3].matches.map(\.text.en) == ["Call 113", "The spam-report channel", "Tell nobody"])
        #expect(questions[3].key == .matching(["a": "m2", "b": "m1"]), "rotated: no option sits beside its match")
    }

    @Test func aQTIPackageAndItsTranslationMakeAValidPack() throws {
        let bank = BankConversion.convert(
            try source("qti-package-vi", .qti),
            translation: try source("qti-package-en", .qti),
            defaults: ConversionDefaults(language: .vi, competency: "4.2", difficulty: .medium)
        )
        #expect(bank.issues.map(\.kind) == [.unsupported, .unsupported], "only the two tests: \(bank.issues)")
        let result = InterchangeFixtures.examplePack(with: BankConversion.yaml(bank, from: ["qti-package-vi", "qti-package-en"]))
        #expect(result.issues.isEmpty, "\(result.issues)")
        let questions = try #require(result.pack).questions.filter { $0.id.hasPrefix("qti-") }
        #expect(Set(questions.map(\.type)) == [.single, .multiple, .ordering, .matching, .shortText])
        let ordering = try #require(questions.first { $0.type == .ordering })
        #expect(
            ordering.options.map(\.text) == [
                LocalizedText(vi: "Chọn Cập nhật", en: "Choose Update"),
                LocalizedText(vi: "Mở Cài đặt", en: "Open Settings"),
                LocalizedText(vi: "Cài đặt bản mới", en: "Install the new version"),
            ]
        )
        #expect(questions.last?.key == .shortText(vi: ["OTP", "mật khẩu dùng một lần"], en: ["OTP", "one-time password"], ignoreToneMarks: false))
    }

    @Test func aTranslationThatDisagreesIsReportedAndNotUsed() throws {
        let english = try InterchangeFixtures.text("bank.en.gift")
            .replacingOccurrences(
                of: "~Your name and year of birth\n\t=Four random words",
                with: "=Your name and year of birth\n\t~Four random words"
            )
            .replacingOccurrences(of: "::gift-short::", with: "::gift-other::")
        let bank = BankConversion.convert(
            try source("ngan-hang.vi.gift", .gift),
            translation: BankConversion.Source(data: Data(english.utf8), file: "bank.en.gift", format: .gift),
            defaults: ConversionDefaults(language: .vi)
        )
        let messages = bank.issues.map(\.description)
        #expect(messages.contains { $0.hasPrefix("bank.en.gift:5: error: question gift-single: its key differs") }, "\(messages)")
        #expect(messages.contains { $0.contains("question gift-short is not in the translation") })
        #expect(messages.contains { $0.contains("question gift-other is only in the translation") })
        #expect(messages.contains { $0.contains("question gift-single: left blank to write: en prompt, options, explanation") })
    }

    @Test func theTranslationFormatIsGuessedFromItsBytes() throws {
        #expect(BankConversion.Format.guess(try InterchangeFixtures.package("qti-package-en")) == .qti)
        #expect(BankConversion.Format.guess(try InterchangeFixtures.data("qti-item.vi.xml")) == .qti)
        #expect(BankConversion.Format.guess(try InterchangeFixtures.data("bank.en.gift")) == .gift)
    }
}
