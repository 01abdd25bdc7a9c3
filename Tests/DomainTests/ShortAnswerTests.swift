import Domain
import Testing

@Suite struct ShortAnswerTests {
    let toneMarksCount = AnswerKey.shortText(vi: ["mã"], en: ["code"], ignoreToneMarks: false)
    let toneMarksIgnored = AnswerKey.shortText(vi: ["chụp màn hình", "điện thoại"], en: ["screenshot"], ignoreToneMarks: true)

    @Test func caseSpacesPunctuationAndCompositionDoNotMatter() {
        #expect(ShortAnswer.accepts("  MÃ ", key: toneMarksCount))
        #expect(ShortAnswer.accepts("m\u{0061}\u{0303}", key: toneMarksCount), "a + combining tilde is ã")
        #expect(ShortAnswer.accepts("Code.", key: toneMarksCount))
        #expect(ShortAnswer.accepts("\"code\"", key: toneMarksCount))
    }

    @Test func toneMarksCountUnlessTheQuestionSaysOtherwise() {
        #expect(!ShortAnswer.accepts("ma", key: toneMarksCount))
        #expect(!ShortAnswer.accepts("má", key: toneMarksCount))
        #expect(ShortAnswer.accepts("chup  man hinh", key: toneMarksIgnored))
        #expect(ShortAnswer.accepts("dien thoai", key: toneMarksIgnored))
        #expect(ShortAnswer.accepts("Chụp Màn Hình", key: toneMarksIgnored))
    }

    @Test func eitherLanguageIsAcceptedAndNothingElse() {
        #expect(ShortAnswer.accepts("screenshot", key: toneMarksIgnored))
        #expect(!ShortAnswer.accepts("screen shot please", key: toneMarksIgnored))
        #expect(!ShortAnswer.accepts("", key: toneMarksIgnored))
        #expect(!ShortAnswer.accepts("...", key: toneMarksIgnored))
        #expect(!ShortAnswer.accepts("code", key: .single("a")))
    }
}
