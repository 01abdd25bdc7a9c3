import Domain
import Testing

@Suite struct OutsideReportTests {
    static let today = VietnamDay("2026-02-10")!

    static let valid: [String: FormValue] = [
        "organisation": .string("  Hội Liên hiệp Phụ nữ  "),
        "periodStart": .string("2026-01-01"),
        "periodEnd": .string("2026-01-31"),
        "province": .string("01"),
        "activity": .string("Workshop on scams"),
        "people": .integer(120),
        "evidenceUrl": .string("https://example.org/report.pdf"),
    ]

    static func with(_ changes: [String: FormValue?]) -> [String: FormValue] {
        var values = valid
        for (key, value) in changes { values[key] = value }
        return values
    }

    static func pointers(_ values: [String: FormValue], today: VietnamDay = today) -> [String] {
        OutsideReport.read(values, today: today).errors.map(\.pointer).sorted()
    }

    @Test func aValidReportIsReadTrimmed() throws {
        let (report, errors) = OutsideReport.read(Self.valid, today: Self.today)
        #expect(errors.isEmpty)
        let read = try #require(report)
        #expect(
            read
                == OutsideReport(
                    organisation: "Hội Liên hiệp Phụ nữ",
                    periodStart: "2026-01-01",
                    periodEnd: "2026-01-31",
                    province: "01",
                    activity: "Workshop on scams",
                    people: 120,
                    evidenceURL: "https://example.org/report.pdf"
                )
        )
    }

    @Test func provinceAndEvidenceAreOptional() throws {
        let (report, errors) = OutsideReport.read(Self.with(["province": nil, "evidenceUrl": .null]), today: Self.today)
        #expect(errors.isEmpty)
        let read = try #require(report)
        #expect(read.province == nil && read.evidenceURL == nil)
        #expect(OutsideReport.read(Self.with(["province": .string("   ")]), today: Self.today).report?.province == nil, "blank is absent")
    }

    @Test func aWholeNumberSentAsANumberIsAccepted() {
        #expect(OutsideReport.read(Self.with(["people": .number(120)]), today: Self.today).report?.people == 120)
        #expect(Self.pointers(Self.with(["people": .number(12.5)])) == ["/people"])
    }

    @Test func everyWrongFieldIsReportedAtOnce() {
        let values: [String: FormValue] = [
            "organisation": .integer(5),
            "periodStart": .string("2026-1-01"),
            "periodEnd": .string("tomorrow"),
            "province": .bool(true),
            "activity": .string("   "),
            "people": .string("many"),
            "evidenceUrl": .string("http://example.org"),
        ]
        let (report, errors) = OutsideReport.read(values, today: Self.today)
        #expect(report == nil)
        #expect(
            errors.map(\.pointer).sorted()
                == ["/activity", "/evidenceUrl", "/organisation", "/people", "/periodEnd", "/periodStart", "/province"]
        )
        #expect(errors.first { $0.pointer == "/periodStart" }?.message == .notADay)
        #expect(errors.first { $0.pointer == "/periodEnd" }?.message == .notADay)
    }

    @Test func anEmptyFormNamesEveryRequiredField() {
        let (report, errors) = OutsideReport.read([:], today: Self.today)
        #expect(report == nil)
        #expect(errors.map(\.pointer).sorted() == ["/activity", "/organisation", "/people", "/periodEnd", "/periodStart"])
    }

    @Test func aPeriodCannotEndBeforeItStarts() {
        let errors = OutsideReport.read(Self.with(["periodStart": .string("2026-01-31"), "periodEnd": .string("2026-01-30")]), today: Self.today)
            .errors
        #expect(errors.map(\.pointer) == ["/periodEnd"])
        #expect(errors.first?.message.en == "The period ends before it starts.")
        #expect(Self.pointers(Self.with(["periodStart": .string("2026-01-31"), "periodEnd": .string("2026-01-31")])).isEmpty, "one day is a period")
    }

    @Test func aPeriodCannotEndAfterToday() {
        let errors = OutsideReport.read(Self.with(["periodEnd": .string("2026-02-11")]), today: Self.today).errors
        #expect(errors.map(\.pointer) == ["/periodEnd"])
        #expect(errors.first?.message == .dayNotYet)
        #expect(Self.pointers(Self.with(["periodEnd": .string("2026-02-10")])).isEmpty, "ending today is fine")
        let both = OutsideReport.read(Self.with(["periodStart": .string("2026-03-05"), "periodEnd": .string("2026-03-01")]), today: Self.today)
        #expect(both.errors.map(\.pointer) == ["/periodEnd", "/periodEnd"], "ending before the start and after today")
    }

    @Test func aPeriodDayMustExist() {
        #expect(Self.pointers(Self.with(["periodStart": .string("2025-02-29")])) == ["/periodStart"])
        #expect(Self.pointers(Self.with(["periodEnd": .string("2026-01-32")])) == ["/periodEnd"])
    }

    @Test(arguments: [0, -1, 10_000_001, Int.max])
    func peopleOutOfRangeAreRefused(people: Int) {
        let errors = OutsideReport.read(Self.with(["people": .integer(people)]), today: Self.today).errors
        #expect(errors.map(\.pointer) == ["/people"])
    }

    @Test(arguments: [1, 10_000_000])
    func peopleAtTheLimitsAreAccepted(people: Int) {
        #expect(OutsideReport.read(Self.with(["people": .integer(people)]), today: Self.today).report?.people == people)
    }

    @Test(arguments: ["http://example.org/x", "ftp://example.org/x", "example.org/x", "javascript:alert(1)", " http://x"])
    func evidenceMustBeHTTPS(url: String) {
        #expect(Self.pointers(Self.with(["evidenceUrl": .string(url)])) == ["/evidenceUrl"])
    }

    @Test func evidenceSchemeIsCaseInsensitiveAndTheLinkAtMost500Characters() {
        #expect(Self.pointers(Self.with(["evidenceUrl": .string("HTTPS://Example.org/x")])).isEmpty)
        let prefix = "https://example.org/"
        let longest = prefix + String(repeating: "a", count: 500 - prefix.count)
        #expect(Self.pointers(Self.with(["evidenceUrl": .string(longest)])).isEmpty)
        #expect(Self.pointers(Self.with(["evidenceUrl": .string(longest + "a")])) == ["/evidenceUrl"])
    }

    @Test func organisationAndActivityAreAtMost200Characters() {
        let longest = String(repeating: "ạ", count: 200)
        #expect(Self.pointers(Self.with(["organisation": .string(longest), "activity": .string(longest)])).isEmpty)
        #expect(
            Self.pointers(Self.with(["organisation": .string(longest + "a"), "activity": .string(longest + "b")]))
                == ["/activity", "/organisation"]
        )
    }

    @Test func theProvinceIsJudgedOnThePeriodsEnd() {
        #expect(OutsideReport.provinceDay(Self.valid, today: Self.today).text == "2026-01-31")
        #expect(OutsideReport.provinceDay(Self.with(["periodEnd": .string("soon")]), today: Self.today) == Self.today)
        #expect(OutsideReport.provinceDay([:], today: Self.today) == Self.today)
    }
}
