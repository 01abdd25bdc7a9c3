import Domain
import Testing

@Suite struct ReachReportTests {
    let users = ReachReport.InternetUsers(year: 2025, users: 79_800_000, source: "test", status: "published")

    @Test func rateAndGapAgainstTheTarget() {
        let report = ReachReport(asOf: "2025-12-31", year: 2025, counts: [.reached: 39_900_000, .learned: 20, .certified: 0], internetUsers: users, target: 0.8)
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

    @Test func countsFromOneToNineAreWithheld() {
        let report = ReachReport(asOf: "2025-01-01", year: 2025, counts: [.reached: 12, .learned: 9, .completedCourse: 1], internetUsers: users, target: 0.8)
        #expect(report.people[.reached] == .some(12))
        #expect(report.people[.learned] == .some(nil))
        #expect(report.people[.completedCourse] == .some(nil))
        #expect(report.suppressed)
        let tiny = ReachReport(asOf: "2025-01-01", year: 2025, counts: [.reached: 3], internetUsers: users, target: 0.8)
        #expect(tiny.rate == nil && tiny.gap == nil, "a rate would give the withheld count away")
    }
}

@Suite struct SuppressionTests {
    @Test func smallCellsAndWhatWouldRevealThemAreWithheld() {
        let result = Suppression.apply([[120, 3, 45], [0, 80, 17]])
        #expect(result[0][1] == nil, "3 is small")
        #expect(result[0][2] == nil, "the smallest other cell of its row hides it")
        #expect(result[1][1] == nil && result[1][2] == nil, "and so on for the columns touched")
        #expect(result[1][0] == 0, "zeros are shown")
        #expect(result[0][0] == 120)
    }

    /// Property: in every table, cells from 1 to 9 are withheld, shown cells keep their value, and
    /// no row or column of two or more cells has exactly one withheld cell.
    @Test func noWithheldCellCanBeDerivedFromALineTotal() {
        var random = SeededRandom(seed: 9)
        for _ in 0..<2_000 {
            let rows = Int.random(in: 1...6, using: &random)
            let columns = Int.random(in: 1...6, using: &random)
            let table = (0..<rows).map { _ in (0..<columns).map { _ in [0, 0, Int.random(in: 1...9, using: &random), Int.random(in: 10...500, using: &random)].randomElement(using: &random)! } }
            let result = Suppression.apply(table)
            for r in 0..<rows {
                for c in 0..<columns {
                    if (1...9).contains(table[r][c]) { #expect(result[r][c] == nil) }
                    if let shown = result[r][c] { #expect(shown == table[r][c]) }
                }
            }
            let lines = (0..<rows).map { r in (0..<columns).map { result[r][$0] } } + (0..<columns).map { c in (0..<rows).map { result[$0][c] } }
            for line in lines where line.count >= 2 {
                #expect(line.filter { $0 == nil }.count != 1, "a single withheld cell in \(line) from \(table)")
            }
        }
    }
}

@Suite struct ReachDimensionTests {
    @Test(arguments: [("2026-03-31", "2026-03-31"), ("2026-03-30", "2026-02-28"), ("2024-03-01", "2024-02-29"), ("2026-01-15", "2025-12-31")])
    func groupedFiguresAreTakenAtTheLastMonthEnd(day: String, expected: String) {
        #expect(ReachDimension.monthEnd(onOrBefore: day) == expected)
    }
}
