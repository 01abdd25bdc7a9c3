import Domain
import Testing

@Suite struct ReachBreakdownTests {
    static let asOf = VietnamDay("2026-01-31")!

    static func row(_ breakdown: ReachBreakdown, _ values: String...) -> ReachBreakdown.Row? {
        breakdown.rows.first { $0.values == values }
    }

    @Test func countsFromOneToNineAreWithheldAndZerosShown() throws {
        let breakdown = ReachBreakdown(
            [
                (.reached, ["01"], 150), (.reached, ["48"], 5), (.reached, ["79"], 40), (.reached, ["92"], 3),
                (.learned, ["01"], 30), (.learned, ["79"], 12),
            ],
            dimensions: [.province],
            asOf: Self.asOf
        )
        #expect(breakdown.asOf == Self.asOf && breakdown.dimensions == [.province])
        #expect(breakdown.rows.map(\.values) == [["01"], ["48"], ["79"], ["92"]], "every value seen, sorted")
        let hanoi = try #require(Self.row(breakdown, "01"))
        #expect(hanoi.count(.reached) == 150 && hanoi.count(.learned) == 30)
        #expect(hanoi.count(.completedCourse) == 0 && hanoi.count(.certified) == 0, "zeros are shown")
        #expect(!hanoi.suppressed)
        let daNang = try #require(Self.row(breakdown, "48"))
        #expect(daNang.count(.reached) == nil)
        #expect(daNang.people[.reached] == .some(nil), "every level is listed, withheld ones as nil")
        #expect(daNang.count(.learned) == 0)
        #expect(daNang.suppressed)
        let hcmc = try #require(Self.row(breakdown, "79"))
        #expect(hcmc.count(.reached) == 40 && hcmc.count(.learned) == 12 && !hcmc.suppressed)
        #expect(Self.row(breakdown, "92")?.count(.reached) == nil && Self.row(breakdown, "92")?.suppressed == true)
        for row in breakdown.rows { #expect(Set(row.people.keys) == Set(ReachLevel.allCases)) }
    }

    @Test func theLimitIsTen() {
        let breakdown = ReachBreakdown(
            [(.reached, ["a"], 9), (.reached, ["b"], 10), (.reached, ["c"], 1), (.reached, ["d"], 0)],
            dimensions: [.province],
            asOf: Self.asOf
        )
        #expect(breakdown.rows.map { $0.count(.reached) } == [nil, 10, nil, 0])
        #expect(breakdown.rows.map(\.suppressed) == [true, false, true, false])
    }

    @Test func aLoneSmallCountTakesAnotherWithItBecauseTheTotalIsPublished() {
        let breakdown = ReachBreakdown(
            [(.reached, ["01"], 150), (.reached, ["48"], 5), (.reached, ["79"], 40)],
            dimensions: [.province],
            asOf: Self.asOf
        )
        let shown = breakdown.rows.map { $0.count(.reached) }
        #expect(shown[1] == nil)
        #expect(shown.filter { $0 == nil }.count >= 2, "otherwise 5 = national total - 150 - 40")
        #expect(shown.compactMap { $0 }.allSatisfy { [150, 40].contains($0) }, "shown counts are the real ones")
    }

    @Test func provinceInternetUsersGiveARateUnlessTheCountIsWithheld() throws {
        let breakdown = ReachBreakdown(
            [(.reached, ["01"], 150), (.reached, ["48"], 5), (.reached, ["79"], 40), (.reached, ["92"], 3), (.reached, ["31"], 0)],
            dimensions: [.province],
            asOf: Self.asOf,
            provinceUsers: ["01": (2026, 1_000), "48": (2026, 100), "79": (2025, 400), "31": (2026, 250)]
        )
        let hanoi = try #require(Self.row(breakdown, "01"))
        #expect(hanoi.internetUsers == 1_000 && hanoi.rate == 0.15)
        #expect(Self.row(breakdown, "79")?.rate == 0.1 && Self.row(breakdown, "79")?.internetUsersYear == 2025, "carried forward, with its year")
        #expect(Self.row(breakdown, "31")?.rate == 0, "nobody reached is a rate of zero")
        let daNang = try #require(Self.row(breakdown, "48"))
        #expect(daNang.internetUsers == 100)
        #expect(daNang.rate == nil, "a rate would give the withheld count away")
        let canTho = try #require(Self.row(breakdown, "92"))
        #expect(canTho.internetUsers == nil && canTho.rate == nil, "no figure loaded")
    }

    @Test func internetUsersAreForProvincesAlone() {
        let bySex = ReachBreakdown([(.reached, ["female"], 50)], dimensions: [.sex], asOf: Self.asOf, provinceUsers: ["female": (2026, 100)])
        #expect(bySex.rows.first?.internetUsers == nil && bySex.rows.first?.rate == nil)
        let byProvinceAndSex = ReachBreakdown(
            [(.reached, ["01", "female"], 50)],
            dimensions: [.province, .sex],
            asOf: Self.asOf,
            provinceUsers: ["01": (2026, 100)]
        )
        #expect(byProvinceAndSex.rows.allSatisfy { $0.internetUsers == nil && $0.rate == nil })
    }

    @Test func twoDimensionsListEveryCombinationOfTheValuesSeen() throws {
        let breakdown = ReachBreakdown(
            [
                (.reached, ["01", "female"], 100), (.reached, ["01", "male"], 50), (.reached, ["79", "other"], 20),
                (.learned, ["79", "female"], 12),
            ],
            dimensions: [.province, .sex],
            asOf: Self.asOf
        )
        #expect(
            breakdown.rows.map(\.values)
                == [["01", "female"], ["01", "male"], ["01", "other"], ["79", "female"], ["79", "male"], ["79", "other"]]
        )
        #expect(breakdown.rows.map { $0.count(.reached) } == [100, 50, 0, 0, 0, 20])
        #expect(breakdown.rows.map { $0.count(.learned) } == [0, 0, 0, 12, 0, 0])
        #expect(breakdown.rows.allSatisfy { !$0.suppressed })
    }

    @Test func twoDimensionsWithholdSoNoLineGivesACellAway() throws {
        let cells: [ReachBreakdown.Cell] = [
            (.reached, ["01", "female"], 100), (.reached, ["01", "male"], 5), (.reached, ["79", "female"], 60),
            (.reached, ["79", "male"], 70), (.reached, ["79", "other"], 0),
        ]
        let breakdown = ReachBreakdown(cells, dimensions: [.province, .sex], asOf: Self.asOf)
        let small = try #require(Self.row(breakdown, "01", "male"))
        #expect(small.count(.reached) == nil && small.suppressed)
        #expect(Self.row(breakdown, "01", "other")?.count(.reached) == 0)
        #expect(Self.row(breakdown, "79", "other")?.count(.reached) == 0)
        for cell in cells {
            if let shown = Self.row(breakdown, cell.values[0], cell.values[1])?.count(.reached) { #expect(shown == cell.people) }
        }
        for province in ["01", "79"] {
            #expect(breakdown.rows.filter { $0.values[0] == province && $0.count(.reached) == nil }.count != 1, "\(province)")
        }
        for sex in ["female", "male", "other"] {
            #expect(breakdown.rows.filter { $0.values[1] == sex && $0.count(.reached) == nil }.count != 1, "\(sex)")
        }
        for row in breakdown.rows { #expect(row.suppressed == (row.count(.reached) == nil)) }
    }

    @Test func exactShowsSmallCounts() {
        let cells: [ReachBreakdown.Cell] = [(.reached, ["01"], 150), (.reached, ["48"], 5), (.reached, ["79"], 40)]
        let breakdown = ReachBreakdown(cells, dimensions: [.province], asOf: Self.asOf, provinceUsers: ["48": (2026, 100)], exact: true)
        #expect(breakdown.rows.map { $0.count(.reached) } == [150, 5, 40])
        #expect(breakdown.rows.allSatisfy { !$0.suppressed })
        #expect(Self.row(breakdown, "48")?.rate == 0.05)
        #expect(Self.row(breakdown, "48")?.count(.certified) == 0)
    }

    @Test func exactStillWithholdsSmallCountsOfSensitiveGroups() throws {
        let breakdown = ReachBreakdown(
            [
                (.reached, ["ethnic-minority"], 3), (.reached, ["older-person"], 40), (.reached, ["person-with-disability"], 25),
                (.reached, ["student"], 4),
            ],
            dimensions: [.group],
            asOf: Self.asOf,
            exact: true
        )
        let minority = try #require(Self.row(breakdown, "ethnic-minority"))
        #expect(minority.count(.reached) == nil && minority.suppressed)
        #expect(Self.row(breakdown, "student")?.count(.reached) == 4)
        #expect(Self.row(breakdown, "student")?.suppressed == false)
        #expect(Self.row(breakdown, "older-person")?.count(.reached) == 40)
        #expect(Self.row(breakdown, "person-with-disability")?.count(.reached) == 25, "a sensitive group's large count is shown")
    }

    /// Every group that needs its own consent stays suppressed; the others are exact.
    @Test func everySensitiveGroupIsWithheldEvenWhenExact() {
        let cells: [ReachBreakdown.Cell] = LearnerGroup.allCases.map { (.reached, [$0.rawValue], 5) }
        let breakdown = ReachBreakdown(cells, dimensions: [.group], asOf: Self.asOf, exact: true)
        #expect(breakdown.rows.count == LearnerGroup.allCases.count)
        for group in LearnerGroup.allCases {
            let shown = Self.row(breakdown, group.rawValue)?.count(.reached)
            #expect(shown == (group.requiredConsent == nil ? 5 : nil), "\(group)")
        }
        #expect(LearnerGroup.allCases.contains { $0.requiredConsent != nil }, "the test covers a sensitive group")
    }

    @Test func exactWithholdsSensitiveGroupsInEitherPosition() {
        let groupSecond = ReachBreakdown(
            [(.reached, ["01", "ethnic-minority"], 2), (.reached, ["01", "student"], 3), (.reached, ["79", "student"], 40)],
            dimensions: [.province, .group],
            asOf: Self.asOf,
            exact: true
        )
        #expect(Self.row(groupSecond, "01", "ethnic-minority")?.count(.reached) == nil)
        #expect(Self.row(groupSecond, "01", "student")?.count(.reached) == 3)
        #expect(Self.row(groupSecond, "79", "student")?.count(.reached) == 40)

        let groupFirst = ReachBreakdown(
            [(.reached, ["person-with-disability", "female"], 2), (.reached, ["student", "female"], 3), (.reached, ["student", "male"], 30)],
            dimensions: [.group, .sex],
            asOf: Self.asOf,
            exact: true
        )
        #expect(Self.row(groupFirst, "person-with-disability", "female")?.count(.reached) == nil)
        #expect(Self.row(groupFirst, "person-with-disability", "female")?.suppressed == true)
        #expect(Self.row(groupFirst, "student", "female")?.count(.reached) == 3)
        #expect(Self.row(groupFirst, "student", "male")?.count(.reached) == 30)

        let notExact = ReachBreakdown(
            [(.reached, ["01", "ethnic-minority"], 2), (.reached, ["01", "student"], 3), (.reached, ["79", "student"], 40)],
            dimensions: [.province, .group],
            asOf: Self.asOf
        )
        #expect(Self.row(notExact, "01", "student")?.count(.reached) == nil, "without exact small counts are withheld")
    }

    @Test func noCellsNoRows() {
        #expect(ReachBreakdown([], dimensions: [.province], asOf: Self.asOf).rows.isEmpty)
        #expect(ReachBreakdown([], dimensions: [.province, .sex], asOf: Self.asOf).rows.isEmpty)
    }

    @Test func aSeriesAddsEachMonthsNewPeopleUpToEachMonthEnd() {
        let jan = VietnamDay("2026-01-31")!
        let feb = VietnamDay("2026-02-28")!
        let mar = VietnamDay("2026-03-31")!
        let series = ReachBreakdown.series(
            [(jan, .reached, ["01"], 100), (feb, .reached, ["01"], 20), (feb, .reached, ["79"], 30), (mar, .learned, ["79"], 11)],
            dimensions: [.province],
            monthEnds: [jan, feb, mar]
        )
        #expect(series.map(\.asOf) == [jan, feb, mar])
        #expect(series[0].rows.map(\.values) == [["01"]])
        #expect(series[0].rows.map { $0.count(.reached) } == [100])
        #expect(series[1].rows.map { $0.count(.reached) } == [120, 30])
        #expect(series[2].rows.map { $0.count(.reached) } == [120, 30])
        #expect(series[2].rows.map { $0.count(.learned) } == [0, 11])
    }
}
