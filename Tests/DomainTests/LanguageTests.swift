import Domain
import Testing

@Suite struct LanguageTests {
    @Test(
        arguments: [
            (nil, Language.vi),
            ("", .vi),
            ("en", .en),
            ("en-GB", .en),
            ("vi-VN", .vi),
            ("fr, de", .vi),
            ("fr, en;q=0.5", .en),
            ("en;q=0.4, vi;q=0.8", .vi),
            ("vi;q=0, en;q=0.1", .en),
            ("EN-us", .en),
            ("en;q=abc", .en),
            ("*, en;q=0.2", .en),
            ("vi, en", .vi),
            ("en , vi", .en),
        ] as [(String?, Language)]
    )
    func acceptLanguagePicksTheBestSupportedLanguage(header: String?, expected: Language) {
        #expect(Language.negotiate(header) == expected)
    }

    @Test func equalWeightsKeepTheFirstListed() {
        #expect(Language.negotiate("en;q=0.7, vi;q=0.7") == .en)
        #expect(Language.negotiate("vi;q=0.7, en;q=0.7") == .vi)
    }

    @Test func localizedTextAnswersInEachLanguage() {
        let text = LocalizedText(vi: "Xin chào", en: "Hello")
        #expect(text.text(in: .vi) == "Xin chào")
        #expect(text.text(in: .en) == "Hello")
    }
}
