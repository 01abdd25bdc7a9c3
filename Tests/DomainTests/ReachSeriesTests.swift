import Domain
import Testing

@Suite struct ReachSeriesTests {
    static func day(_ text: String) -> VietnamDay {
        guard let day = VietnamDay(text) else { preconditionFailure("bad test day \(text)") }
        return day
    }

    static func users(_ year: Int, _ users: Int) -> ReachReport.InternetUsers {
        ReachReport.InternetUsers(year: year, users: users, source: "test", status: "published")
    }

    @Test func pointsAddEachDaysIncrementsToTheStartCounts() {
        let points = ReachSeries.points(
            from: Self.day("2026-02-27"),
            through: Self.day("2026-03-02"),
            start: [.reached: 100, .learned: 20],
            increments: [
                (Self.day("2026-02-27"), .reached, 3),
                (Self.day("2026-02-28"), .reached, 5), (Self.day("2026-02-28"), .learned, 2),
                (Self.day("2026-03-02"), .reached, 7), (Self.day("2026-03-02"), .certified, 10),
            ],
            figures: YearFigures(internetUsers: [2026: Self.users(2026, 1_000)], targets: [2026: 0.5])
        )
        #expect(points.map(\.asOf) == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"], "one point a day, across the month end")
        #expect(points.map { $0.people[.reached] ?? nil } == [103, 108, 108, 115])
        #expect(points.map { $0.people[.learned] ?? nil } == [20, 22, 22, 22])
        #expect(points.map { $0.people[.completedCourse] ?? nil } == [0, 0, 0, 0])
        #expect(points.map { $0.people[.certified] ?? nil } == [0, 0, 0, 10])
        #expect(points.map(\.rate) == [0.103, 0.108, 0.108, 0.115])
        #expect(points.allSatisfy { $0.year == 2026 && $0.target == 0.5 && $0.internetUsers?.users == 1_000 })
    }

    @Test func severalIncrementsOfOneDayAndLevelAddUp() {
        let points = ReachSeries.points(
            from: Self.day("2026-01-01"),
            through: Self.day("2026-01-01"),
            start: [:],
            increments: [(Self.day("2026-01-01"), .reached, 6), (Self.day("2026-01-01"), .reached, 6)],
            figures: YearFigures(internetUsers: [:], targets: [:])
        )
        #expect(points.count == 1)
        #expect(points.first?.people[.reached] == .some(12))
    }

    @Test func eachPointUsesItsOwnYearsFigures() {
        let points = ReachSeries.points(
            from: Self.day("2025-12-30"),
            through: Self.day("2026-01-02"),
            start: [.reached: 500],
            increments: [],
            figures: YearFigures(internetUsers: [2025: Self.users(2025, 1_000)], targets: [2025: 0.5, 2026: 0.6])
        )
        #expect(points.map(\.year) == [2025, 2025, 2026, 2026])
        #expect(points.map(\.rate) == [0.5, 0.5, 0.5, 0.5], "no figure for 2026 yet: 2025's is carried forward")
        #expect(points.map(\.carriedForward) == [false, false, true, true])
        #expect(points.map { $0.internetUsers?.year } == [2025, 2025, 2025, 2025])
        #expect(points.map(\.target) == [0.5, 0.5, 0.6, 0.6], "2026 has a target of its own")
        #expect(points.map(\.targetYear) == [2025, 2025, 2026, 2026])
        #expect(points.map { $0.people[.reached] ?? nil } == [500, 500, 500, 500])
    }

    @Test func smallCountsInAPointAreWithheld() {
        let points = ReachSeries.points(
            from: Self.day("2026-01-01"),
            through: Self.day("2026-01-02"),
            start: [.reached: 4],
            increments: [(Self.day("2026-01-02"), .reached, 6)],
            figures: YearFigures(internetUsers: [2026: Self.users(2026, 1_000)], targets: [:])
        )
        #expect(points.map { $0.people[.reached] ?? nil } == [nil, 10])
        #expect(points.map(\.suppressed) == [true, false])
        #expect(points.map(\.rate) == [nil, 0.01])
    }

    @Test func incrementsAfterTheLastDayAreLeftOut() {
        let points = ReachSeries.points(
            from: Self.day("2026-01-01"),
            through: Self.day("2026-01-02"),
            start: [.reached: 100],
            increments: [(Self.day("2026-01-02"), .reached, 10), (Self.day("2026-01-03"), .reached, 50)],
            figures: YearFigures(internetUsers: [:], targets: [:])
        )
        #expect(points.map { $0.people[.reached] ?? nil } == [100, 110])
    }

    @Test func anEmptyRangeHasNoPoints() {
        let points = ReachSeries.points(
            from: Self.day("2026-01-02"),
            through: Self.day("2026-01-01"),
            start: [.reached: 100],
            increments: [],
            figures: YearFigures(internetUsers: [:], targets: [:])
        )
        #expect(points.isEmpty)
    }

    @Test func aLeapYearHas366Points() {
        let points = ReachSeries.points(
            from: Self.day("2024-01-01"),
            through: Self.day("2024-12-31"),
            start: [:],
            increments: [],
            figures: YearFigures(internetUsers: [:], targets: [:])
        )
        #expect(points.count == 366)
        #expect(points.contains { $0.asOf == "2024-02-29" })
        #expect(Set(points.map(\.asOf)).count == 366)
    }

    @Test func monthEndRatesAddUpEachMonthsPeopleInOrder() {
        let rates = ReachSeries.monthEndRates(
            [
                (Self.day("2026-01-31"), 100), (Self.day("2026-03-31"), 50), (Self.day("2026-01-31"), 20), (Self.day("2025-12-31"), 30),
            ],
            figures: YearFigures(internetUsers: [2025: Self.users(2025, 1_000), 2026: Self.users(2026, 2_000)], targets: [2025: 0.5, 2026: 0.6])
        )
        #expect(rates.map(\.day.text) == ["2025-12-31", "2026-01-31", "2026-03-31"], "only month ends with people, oldest first")
        #expect(rates.map(\.rate) == [0.03, 0.075, 0.1], "reach is counted since the start, over each year's users")
        #expect(rates.map(\.target) == [0.5, 0.6, 0.6])
    }

    @Test func monthEndRatesWithoutAFigureOrWithAWithheldCount() {
        let rates = ReachSeries.monthEndRates(
            [(Self.day("2026-01-31"), 4), (Self.day("2026-02-28"), 20), (Self.day("2027-01-31"), 26)],
            figures: YearFigures(internetUsers: [2026: Self.users(2026, 2_000)], targets: [2026: 0.6, 2027: 0.7])
        )
        #expect(rates.map(\.rate) == [nil, 0.012, 0.025], "4 people is withheld, and 2027 carries 2026's figure forward")
        #expect(rates.map(\.target) == [0.6, 0.6, 0.7])
        #expect(ReachSeries.monthEndRates([], figures: YearFigures()).isEmpty)
    }
}
