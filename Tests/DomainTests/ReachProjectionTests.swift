import Domain
import Testing

@Suite struct ReachProjectionTests {
    @Test func theGapClosesAtTheRecentPace() throws {
        // 9,000 people in 90 days is 100 a day; 1,050 still to reach takes 11 days.
        let projection = try #require(ReachProjection(asOf: "2025-12-25", year: 2025, reached: 20_000, reachedAtWindowStart: 11_000, gap: 1_050))
        #expect(projection.pacePerDay == 100)
        #expect(projection.expectedOn == "2026-01-05")
        #expect(!projection.onTrack, "after the year's end")
        #expect(!projection.met)
    }

    @Test func onTrackWhenTheDayFallsWithinTheYear() throws {
        let projection = try #require(ReachProjection(asOf: "2025-02-27", year: 2025, reached: 900, reachedAtWindowStart: 0, gap: 20))
        #expect(projection.expectedOn == "2025-03-01", "2 days later, across the end of February")
        #expect(projection.onTrack)
    }

    @Test func metNoPaceAndNoGap() throws {
        let met = try #require(ReachProjection(asOf: "2025-06-01", year: 2025, reached: 500, reachedAtWindowStart: 400, gap: 0))
        #expect(met.met && met.onTrack && met.expectedOn == nil)
        let stalled = try #require(ReachProjection(asOf: "2025-06-01", year: 2025, reached: 500, reachedAtWindowStart: 500, gap: 10))
        #expect(stalled.pacePerDay == 0 && stalled.expectedOn == nil && !stalled.onTrack)
        let glacial = try #require(ReachProjection(asOf: "2025-06-01", year: 2025, reached: 501, reachedAtWindowStart: 500, gap: 100_000_000))
        #expect(glacial.expectedOn == nil, "more than a century away")
        #expect(ReachProjection(asOf: "2025-06-01", year: 2025, reached: 500, reachedAtWindowStart: 0, gap: nil) == nil)
    }

    @Test(arguments: [1, 5, 9])
    func aWithheldCountAtTheWindowStartGivesNoPace(start: Int) {
        #expect(ReachProjection(asOf: "2025-06-01", year: 2025, reached: 500, reachedAtWindowStart: start, gap: 10) == nil)
    }
}
