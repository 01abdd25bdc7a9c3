import CoursePacks
import Domain
import Foundation
import Testing

/// The item-writing rules of Courses/README.md, "Writing questions": each one passing and failing
/// on small hand-made banks, then through the reader, as problems in a certification pack and as
/// warnings in a course pack.
@Suite struct ItemWritingTests {
    // MARK: Building questions

    static func text(_ en: String, _ vi: String? = nil) -> LocalizedText {
        LocalizedText(vi: vi ?? en, en: en)
    }

    static func question(
        _ id: String,
        _ type: Question.Kind,
        difficulty: Question.Difficulty = .medium,
        prompt: LocalizedText = text("Which is right?", "Ý nào đúng?"),
        options: [LocalizedText] = [],
        matches: [LocalizedText] = [],
        key: AnswerKey
    ) -> Question {
        let letters = ["a", "b", "c", "d", "e", "f", "g", "h"]
        return Question(
            id: id,
            type: type,
            competency: "4.2",
            difficulty: difficulty,
            scenario: false,
            topic: nil,
            prompt: prompt,
            options: options.enumerated().map { Choice(id: letters[$0.offset], text: $0.element) },
            matches: matches.enumerated().map { Choice(id: "m\($0.offset + 1)", text: $0.element) },
            key: key,
            explanation: text("Because.", "Vì."),
            image: nil
        )
    }

    /// A single-choice question with neutral options, keyed at `position` (0 is a).
    static func single(_ id: String, keyAt position: Int, options count: Int = 4) -> Question {
        let options = (0..<count).map { text("Option number \($0 + 1)", "Phương án số \($0 + 1)") }
        return question(id, .single, options: options, key: .single(["a", "b", "c", "d", "e", "f"][position]))
    }

    static func trueFalse(_ id: String, _ answer: Bool) -> Question {
        question(id, .trueFalse, prompt: text("A statement.", "Một nhận định."), key: .trueFalse(answer))
    }

    func messages(_ questions: [Question]) -> [String] {
        ItemWriting.findings(questions, locations: [:]).map(\.message)
    }

    func messages(about id: String, _ questions: [Question]) -> [String] {
        messages(questions).filter { $0.hasPrefix("question \(id):") }
    }

    // MARK: Rule 1: key positions

    @Test func keysSpreadOverPositionsPass() {
        let bank = (0..<8).map { Self.single("q\($0)", keyAt: $0 % 4) }
        #expect(messages(bank).isEmpty)
    }

    @Test func keysBunchedInOnePositionAreReportedOnEachSuchItem() {
        // 3 of 6 at a: 50%, above 40%.
        let bank = [0, 0, 0, 1, 2, 3].enumerated().map { Self.single("q\($0.offset)", keyAt: $0.element) }
        let found = messages(bank)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.contains("the key is option 1 (a), as in 3 of 6 single-choice questions of this pack (50%; at most 40%)") })
        #expect(found.first?.hasPrefix("question q0:") == true)
    }

    @Test func exactlyFortyPercentIsAllowed() {
        let bank = [0, 0, 1, 2, 3].enumerated().map { Self.single("q\($0.offset)", keyAt: $0.element) }
        #expect(messages(bank).isEmpty)
    }

    @Test func keyPositionsAreNotCountedBelowTheMinimum() {
        let bank = (0..<(ItemWriting.minimumItems - 1)).map { Self.single("q\($0)", keyAt: 0) }
        #expect(messages(bank).isEmpty)
    }

    @Test func twoOptionItemsMayUseChancePlusTheMargin() {
        // Two options each: chance gives a position 50%, so up to 60% is allowed.
        let even = [0, 0, 0, 1, 1].enumerated().map { Self.single("q\($0.offset)", keyAt: $0.element, options: 2) }
        #expect(messages(even).isEmpty)
        let bunched = [0, 0, 0, 0, 1].enumerated().map { Self.single("q\($0.offset)", keyAt: $0.element, options: 2) }
        #expect(messages(bunched).count == 4)
        #expect(messages(bunched).allSatisfy { $0.contains("(80%; at most 60%)") })
    }

    // MARK: Rule 2: true and false

    @Test func balancedTrueFalsePasses() {
        let bank = [true, false, true, false, false].enumerated().map { Self.trueFalse("t\($0.offset)", $0.element) }
        #expect(messages(bank).isEmpty)
    }

    @Test func allFalseIsReportedOnEachFalseItem() {
        let bank = (0..<7).map { Self.trueFalse("t\($0)", false) }
        let found = messages(bank)
        #expect(found.count == 7)
        #expect(found.allSatisfy { $0.contains("the answer is false, as in 7 of 7 true/false questions") && $0.contains("rewrite some as true") })
    }

    @Test func mostlyTrueIsReportedOnTheTrueItems() {
        let bank = [true, true, true, true, false].enumerated().map { Self.trueFalse("t\($0.offset)", $0.element) }
        #expect(messages(bank).count == 4)
        #expect(messages(about: "t4", bank).isEmpty)
    }

    @Test func fewTrueFalseItemsAreNotCounted() {
        let bank = (0..<4).map { Self.trueFalse("t\($0)", false) }
        #expect(messages(bank).isEmpty)
    }

    // MARK: Rule 3: cautious keys

    static func scenario(_ id: String, key: String, options: [LocalizedText]) -> Question {
        question(id, .single, options: options, key: .single(key))
    }

    @Test func aCautiousKeyAloneIsReported() {
        let item = Self.scenario(
            "call",
            key: "b",
            options: [
                Self.text("Read out the code", "Đọc mã"), Self.text("Hang up and call the number on your card", "Cúp máy và gọi số trên thẻ"),
                Self.text("Send the code by text", "Nhắn mã qua tin nhắn"),
            ]
        )
        #expect(
            messages([item]) == [
                "question call: the key (b) is the only cautious-sounding option (it begins \"hang up\"): add a wrong option that sounds just as careful"
            ]
        )
    }

    @Test func aCautiousKeyWithACautiousWrongOptionPasses() {
        let item = Self.scenario(
            "call",
            key: "b",
            options: [
                Self.text("Hang up and call back the number that rang", "Cúp máy rồi gọi lại số vừa gọi đến"),
                Self.text("Hang up and call the number on your card", "Cúp máy và gọi số trên thẻ"),
                Self.text("Send the code by text", "Nhắn mã qua tin nhắn"),
            ]
        )
        #expect(messages([item]).isEmpty)
    }

    @Test func cautiousWordingsAreFoundInVietnameseAndInsideQuotesOnly() {
        // Vietnamese only: the English says nothing cautious.
        let vietnamese = Self.scenario(
            "vi",
            key: "a",
            options: [Self.text("Keep the code", "Đừng đọc mã"), Self.text("Read it", "Đọc mã"), Self.text("Text it", "Nhắn mã")]
        )
        #expect(messages([vietnamese]).count == 1)
        // "Stopwatch" does not begin with "stop"; "Không" in the middle does not count.
        let notCautious = Self.scenario(
            "no",
            key: "a",
            options: [
                Self.text("Stopwatch apps are fine", "Ứng dụng bấm giờ thì được"), Self.text("Read it", "Đọc mã, không sao"),
                Self.text("Text it", "Nhắn mã"),
            ]
        )
        #expect(messages([notCautious]).isEmpty)
        let quoted = Self.scenario(
            "quoted",
            key: "a",
            options: [Self.text("“Don’t send it”", "“Đừng gửi”"), Self.text("Read it", "Đọc mã"), Self.text("Text it", "Nhắn mã")]
        )
        #expect(messages([quoted]).count == 1)
    }

    @Test func multipleChoiceKeysAreCheckedToo() {
        let item = Self.question(
            "signs",
            .multiple,
            options: [
                Self.text("Pay the fee", "Trả phí"), Self.text("Refuse the transfer", "Từ chối chuyển tiền"),
                Self.text("Share the code", "Chia sẻ mã"),
                Self.text("Install the app", "Cài ứng dụng"),
            ],
            key: .multiple(["b", "c"])
        )
        #expect(messages([item]).contains { $0.contains("the key (b) is the only cautious-sounding option") })
    }

    // MARK: Rule 4: reasons

    /// Five single items; `keyReasons` of them give the key a reason, `wrongReasons` a wrong option.
    static func reasonBank(keyReasons: Int, wrongReasons: Int) -> [Question] {
        (0..<6).map { index in
            let options = [
                text(index < keyReasons ? "Option one, because it is safe" : "Option one", "Phương án một"),
                text(index < wrongReasons ? "Option two, since it is quick" : "Option two", "Phương án hai"),
                text("Option three", "Phương án ba"), text("Option four", "Phương án bốn"),
            ]
            return question("r\(index)", .single, options: options, key: .single(["a", "b", "c", "d"][index % 4]))
        }
    }

    @Test func reasonsGivenAsOftenByKeysAsByWrongOptionsPass() {
        #expect(messages(Self.reasonBank(keyReasons: 0, wrongReasons: 0)).isEmpty)
        // Keys are option a in items 0 and 4 only: rotate so that reasons sit on keys and wrong options alike.
        let bank = (0..<6).map { index in
            Self.question(
                "r\(index)",
                .single,
                options: [
                    Self.text("Do it, because it is safe", "Làm, vì an toàn"), Self.text("Wait, since it is quick", "Chờ, vì nhanh"),
                    Self.text("Option three", "Phương án ba"),
                ],
                key: .single(["a", "b", "c"][index % 3])
            )
        }
        #expect(messages(bank).filter { $0.contains("reason") }.isEmpty)
    }

    @Test func wrongOptionsThatAloneGiveReasonsAreReported() {
        // Every item has a wrong option with "since" and no key with a reason: 6 of 18 wrong options, 0 keys.
        let bank = (0..<6).map { index in
            Self.question(
                "r\(index)",
                .single,
                options: [
                    Self.text("Option one", "Phương án một"), Self.text("Option two, since it is quick", "Phương án hai, vì nhanh"),
                    Self.text("Option three", "Phương án ba"), Self.text("Option four", "Phương án bốn"),
                ],
                key: .single(["a", "c", "d"][index % 3])
            )
        }
        let found = messages(bank).filter { $0.contains("reason") }
        #expect(found.count == 6)
        #expect(
            found.allSatisfy {
                $0.contains(
                    "a wrong option gives a reason (\"since\") and the key does not; in this pack 33% of wrong options give a reason and 0% of keys"
                )
            }
        )
    }

    @Test func keysThatAloneGiveReasonsAreReportedToo() {
        let bank = (0..<6).map { index in
            Self.question(
                "r\(index)",
                .single,
                options: [
                    Self.text("Option one", "Phương án một"), Self.text("Option two, because it is safe", "Phương án hai, vì an toàn"),
                    Self.text("Option three", "Phương án ba"),
                ],
                key: .single("b")
            )
        }
        let found = messages(bank).filter { $0.contains("reason") }
        #expect(found.count == 6)
        #expect(found.allSatisfy { $0.contains("the key gives a reason and no wrong option does") })
    }

    @Test func vietnameseReasonMarkersCount() {
        let bank = (0..<6).map { index in
            Self.question(
                "r\(index)",
                .single,
                options: [
                    Self.text("Option one", "Phương án một"), Self.text("Option two", "Phương án hai, bởi nó nhanh"),
                    Self.text("Option three", "Phương án ba"),
                ],
                key: .single(index % 2 == 0 ? "a" : "c")
            )
        }
        #expect(messages(bank).filter { $0.contains("reason (\"bởi\")") }.count == 6)
    }

    // MARK: Rule 5: all or none of the above

    @Test(arguments: [
        ("All of the above", "Cả ba phương án"), ("None of the above", "Không phương án"), ("Every option", "Tất cả các ý trên"),
        ("Every option", "Tất cả đều đúng"), ("No option", "Không ý nào đúng"), ("No option", "Cả ba ý đều sai"),
        ("No option", "Cả hai đều sai"),
    ])
    func allOrNoneOptionsAreReported(en: String, vi: String) {
        let item = Self.question(
            "aon",
            .single,
            options: [Self.text("Lock the phone", "Khóa máy"), Self.text("Lend the phone", "Cho mượn máy"), Self.text(en, vi)],
            key: .single("a")
        )
        #expect(messages(about: "aon", [item]).contains { $0.contains("option c says") }, "\(en) / \(vi)")
    }

    @Test func optionsThatMerelyMentionAllPass() {
        let item = Self.question(
            "fine",
            .single,
            options: [
                Self.text("Turn on updates for all apps", "Bật cập nhật cho tất cả ứng dụng"),
                Self.text("Overall, nothing", "Nhìn chung không có gì"),
                Self.text("Above the screen", "Phía trên màn hình"),
            ],
            key: .single("a")
        )
        #expect(messages(about: "fine", [item]).filter { $0.contains("says") }.isEmpty)
    }

    // MARK: Rule 6: easy prompts

    @Test func easyPromptsUpToTheLimitPass() {
        let en = Array(repeating: "word", count: 35).joined(separator: " ")
        let vi = Array(repeating: "chữ", count: 40).joined(separator: " ")
        let item = Self.question("easy", .trueFalse, difficulty: .easy, prompt: Self.text(en, vi), key: .trueFalse(true))
        #expect(messages([item]).isEmpty)
    }

    @Test func longEasyPromptsAreReportedPerLanguage() {
        let long = Array(repeating: "word", count: 36).joined(separator: " ")
        let english = Self.question("en", .trueFalse, difficulty: .easy, prompt: Self.text(long, "Ngắn."), key: .trueFalse(true))
        #expect(
            messages([english]) == [
                "question en: the prompt of an easy question has 36 English words (at most 35): shorten it, or make the question medium"
            ]
        )
        let syllables = Array(repeating: "chữ", count: 41).joined(separator: " ")
        let vietnamese = Self.question("vi", .trueFalse, difficulty: .easy, prompt: Self.text("Short.", syllables), key: .trueFalse(true))
        #expect(messages([vietnamese]).first?.contains("41 Vietnamese syllables (at most 40)") == true)
        // Punctuation standing alone is not a word, and medium prompts may be longer.
        let medium = Self.question("medium", .trueFalse, difficulty: .medium, prompt: Self.text(long, syllables), key: .trueFalse(true))
        #expect(messages([medium]).isEmpty)
        #expect(ItemWriting.wordCount("Bạn nhận tin nhắn – “mã OTP” là gì ?") == 8)
    }

    // MARK: Rule 7: options stored as the answer

    static let steps = [text("Open", "Mở"), text("Choose", "Chọn"), text("Install", "Cài")]

    @Test func orderingStoredInAnswerOrderIsReported() {
        let stored = Self.question("order", .ordering, options: Self.steps, key: .ordering(["a", "b", "c"]))
        #expect(
            messages([stored]) == [
                "question order: the options are stored in the answer's order: list them in another order (exports and printouts keep it)"
            ]
        )
        let mixed = Self.question("order", .ordering, options: Self.steps, key: .ordering(["b", "c", "a"]))
        #expect(messages([mixed]).isEmpty)
    }

    @Test func matchingOnTheDiagonalIsReported() {
        let left = [Self.text("Spam", "Tin rác"), Self.text("Danger", "Nguy hiểm")]
        let right = [Self.text("Report channel", "Kênh báo"), Self.text("Police", "Công an"), Self.text("Nobody", "Không ai")]
        let diagonal = Self.question("match", .matching, options: left, matches: right, key: .matching(["a": "m1", "b": "m2"]))
        #expect(messages([diagonal]).first?.contains("matched to the match in the same position") == true)
        let crossed = Self.question("match", .matching, options: left, matches: right, key: .matching(["a": "m2", "b": "m1"]))
        #expect(messages([crossed]).isEmpty)
    }

    @Test func multipleChoiceKeyedOnTheFirstOptionsIsReported() {
        let options = [Self.text("One", "Một"), Self.text("Two", "Hai"), Self.text("Three", "Ba"), Self.text("Four", "Bốn")]
        let first = Self.question("multi", .multiple, options: options, key: .multiple(["b", "a"]))
        #expect(messages([first]) == ["question multi: the keys are the first 2 options: mix them among the wrong ones"])
        let spread = Self.question("multi", .multiple, options: options, key: .multiple(["a", "c"]))
        #expect(messages([spread]).isEmpty)
    }

    // MARK: Through the reader: problems in a certification pack, warnings in a course pack

    /// The example pack's ordering item is stored in answer order and its multiple item keys the
    /// first two options: two findings.
    @Test func inACoursePackFindingsAreWarningsWithFileAndLine() throws {
        let result = PackReader.read(PackFixtures.example)
        #expect(result.issues.isEmpty)
        #expect(result.pack != nil)
        let text = try #require(PackFixtures.example.text("questions/example.yaml"))
        let orderingLine = try #require(lineOf("- id: ex-ordering", in: text))
        #expect(
            result.warnings.contains {
                $0.file == "questions/example.yaml" && $0.line == orderingLine && $0.message.hasPrefix("question ex-ordering: the options are stored")
            },
            "\(result.warnings)"
        )
        #expect(result.warnings.contains { $0.message.hasPrefix("question ex-multiple: the keys are the first 2 options") })
    }

    @Test func inACertificationPackFindingsAreProblems() throws {
        let result = PackReader.read(PackFixtures.certification())
        #expect(result.pack == nil)
        #expect(result.warnings.isEmpty)
        #expect(result.issues.contains { $0.message.hasPrefix("question ex-ordering: the options are stored") }, "\(result.issues)")
        #expect(result.issues.allSatisfy { $0.message.hasPrefix("question ") }, "only the item-writing rules fail: \(result.issues)")
    }

    func lineOf(_ needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }

    @Test func theWordingListsAreBilingualAndLowerCase() {
        for list in [ItemWritingWordings.cautiousOpeners, ItemWritingWordings.reasonMarkers, ItemWritingWordings.allOrNone] {
            #expect(list.allSatisfy { $0 == $0.lowercased() && $0 == $0.precomposedStringWithCanonicalMapping })
            #expect(list.contains { $0.unicodeScalars.allSatisfy(\.isASCII) }, "no English entry")
            #expect(list.contains { !$0.unicodeScalars.allSatisfy(\.isASCII) }, "no Vietnamese entry")
            #expect(Set(list).count == list.count, "an entry is listed twice")
        }
    }
}
