import Domain
import Testing

@Suite struct ReachReportTests {
    let users = ReachReport.InternetUsers(year: 2025, users: 79_800_000, source: "test", status: "published")

    @Test func rateAndGapAgainstTheTarget() {
        let report = ReachReport(
            asOf: "2025-12-31",
            year: 2025,
            counts: [.reached: 39_900_000, .learned: 20, .certified: 0],
            internetUsers: users,
            target: 0.8
        )
        #expect(report.rate == 0.5)
        #expect(report.gap == 63_840_000 - 39_900_000)
        #expect(report.people[.certified] == .some(0), "zeros are shown")
        #expect(!report.suppressed)
    }

    @Test func noFigureOrTargetMeansNoRateOrGap() {
        let noUsers = ReachReport(asOf: "2026-06-30", year: 2026, counts: [.reached: 1_000], internetUsers: nil, target: 0.8)
        #expect(noUsers.rate == nil && noUsers.gap == nil)
        let noTarget = ReachReport(asOf: "2022-12-31", year: 2022, counts: [.reached: 1_000], internetUsers: users, target: nil)
        #expect(noTarget.rate != nil && noTarget.gap == nil)
        let met = ReachReport(asOf: "2025-12-31", year: 2025, counts: [.reached: 70_000_000], internetUsers: users, target: 0.8)
        #expect(met.gap == 0)
    }

    /// A year without figures of its own uses the latest earlier ones and says so; a year before
    /// any figure has no rate at all.
    @Test func aYearWithoutFiguresCarriesTheLatestEarlierOnesForward() {
        let figures = YearFigures(
            internetUsers: [2024: ReachReport.InternetUsers(year: 2024, users: 78_440_000, source: "test", status: "published"), 2025: users],
            targets: [2024: 0.7, 2025: 0.8]
        )
        let own = ReachReport(asOf: "2025-12-31", year: 2025, counts: [.reached: 39_900_000], figures: figures)
        #expect(own.rate == 0.5 && own.target == 0.8 && !own.carriedForward)
        let carried = ReachReport(asOf: "2026-12-05", year: 2026, counts: [.reached: 39_900_000], figures: figures)
        #expect(carried.internetUsers?.year == 2025 && carried.targetYear == 2025 && carried.carriedForward)
        #expect(carried.rate == 0.5 && carried.gap == 63_840_000 - 39_900_000)
        let before = ReachReport(asOf: "2023-06-30", year: 2023, counts: [.reached: 1_000], figures: figures)
        #expect(before.internetUsers == nil && before.target == nil && before.rate == nil && !before.carriedForward, "never from a later year")
        var ownUsers = figures
        ownUsers.internetUsers[2026] = ReachReport.InternetUsers(year: 2026, users: 80_000_000, source: "test", status: "published")
        let targetOnly = ReachReport(asOf: "2026-12-05", year: 2026, counts: [.reached: 1_000], figures: ownUsers)
        #expect(
            targetOnly.internetUsers?.year == 2026 && targetOnly.targetYear == 2025 && targetOnly.carriedForward,
            "either figure carried is flagged"
        )
    }

    @Test func countsFromOneToNineAreWithheld() {
        let report = ReachReport(
            asOf: "2025-01-01",
            year: 2025,
            counts: [.reached: 12, .learned: 9, .completedCourse: 1],
            internetUsers: users,
            target: 0.8
        )
        #expect(report.people[.reached] == .some(12))
        #expect(report.people[.learned] == .some(nil))
        #expect(report.people[.completedCourse] == .some(nil))
        #expect(report.suppressed)
        let tiny = ReachReport(asOf: "2025-01-01", year: 2025, counts: [.reached: 3], internetUsers: users, target: 0.8)
        #expect(tiny.rate == nil && tiny.gap == nil, "a rate would give the withheld count away")
    }
}
