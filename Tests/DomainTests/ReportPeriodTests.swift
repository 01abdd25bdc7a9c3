import Domain
import Foundation
import Testing

@Suite struct ReportPeriodTests {
    let today = VietnamDay("2026-06-15")!

    func errors(_ from: String?, _ to: String?) -> [String] {
        if case .failure(let failure) = ReportPeriod.validate(from: from, to: to, today: today) { return failure.errors.map(\.pointer) }
        return []
    }

    @Test func theDefaultPeriodIsTheYearToDate() throws {
        let period = try ReportPeriod.validate(from: nil, to: nil, today: today).get()
        #expect(period == ReportPeriod(from: VietnamDay("2026-01-01")!, to: today))
        #expect(period == ReportPeriod.yearToDate(today: today))
        let lastYear = try ReportPeriod.validate(from: nil, to: "2025-12-31", today: today).get()
        #expect(lastYear.from == VietnamDay("2025-01-01")!, "without a start, the year the period ends in")
    }

    @Test func theDeadlineIsTheFifthOfDecemberOfTheYearThePeriodEndsIn() {
        #expect(ReportPeriod(from: VietnamDay("2026-01-01")!, to: today).deadline == VietnamDay("2026-12-05")!)
        #expect(ReportPeriod(from: VietnamDay("2025-12-10")!, to: VietnamDay("2026-02-01")!).deadline == VietnamDay("2026-12-05")!)
        #expect(ReportLabels.due(VietnamDay("2026-12-05")!).vi.hasPrefix("Hạn gửi: 5/12/2026"))
    }

    @Test func badPeriodsNameTheirField() {
        #expect(errors("2026-02-30", nil) == ["/query/from"])
        #expect(errors(nil, "2026-06-16") == ["/query/to"], "not in the future")
        #expect(errors("2026-05-02", "2026-05-01") == ["/query/from"], "from after to")
        #expect(errors("2025-06-14", "2026-06-15") == ["/query/to"], "367 days")
        #expect(errors("2025-06-15", "2026-06-15").isEmpty, "366 days, both ends counted")
        #expect(errors("2019-12-31", "2020-01-01") == ["/query/from"])
        #expect(errors("x", "y") == ["/query/to", "/query/from"])
    }

    @Test func smallCellsOfTheTablesAreWithheldWhoeverReads() {
        let info = ReportCounts.ClassInfo(
            id: "a",
            name: "A",
            organisationID: "o",
            startsOn: VietnamDay("2026-01-01")!,
            endsOn: VietnamDay("2026-01-31")!
        )
        let counts = ReportCounts(
            classes: [info],
            byClass: ["a": .init(members: 3, active: [3, 2, 0, 0], firstTime: [1, 0, 0, 0])],
            people: ["": .init(members: 3, active: [3, 2, 0, 0], firstTime: [1, 0, 0, 0])]
        )
        let report = YearlyReport(
            scope: .organisation,
            scopeID: "o",
            name: LocalizedText(vi: "O", en: "O"),
            period: ReportPeriod(from: VietnamDay("2026-01-01")!, to: today),
            counts: counts,
            generatedAt: Date(timeIntervalSince1970: 0)
        )
        #expect(report.members == 3 && report.levels[0].active == 3, "the organisation's own headline figures are exact")
        #expect(report.byClass.first?.members == nil && report.byClass.first?.suppressed == true)
        #expect(report.classesHeld == 1)
    }
}
