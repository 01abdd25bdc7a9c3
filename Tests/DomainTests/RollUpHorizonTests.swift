import Domain
import Foundation
import Testing

@Suite struct RollUpHorizonTests {
    static func day(_ text: String) -> VietnamDay {
        guard let day = VietnamDay(text) else { preconditionFailure("bad test day \(text)") }
        return day
    }

    @Test func aMonthIsWholeTwoDaysAfterItsEndAndADayTheDayAfter() {
        let first = RollUpHorizon(on: Self.day("2026-01-01"))
        #expect(first.monthEnd == Self.day("2025-11-30"), "December is not whole on the 1st")
        #expect(first.lastDay == Self.day("2025-12-31"))
        let second = RollUpHorizon(on: Self.day("2026-01-02"))
        #expect(second.monthEnd == Self.day("2025-12-31"))
        #expect(second.lastDay == Self.day("2026-01-01"))
        let leap = RollUpHorizon(on: Self.day("2024-03-01"))
        #expect(leap.monthEnd == Self.day("2024-01-31") && leap.lastDay == Self.day("2024-02-29"))
    }

    @Test func aDayCountsAsWholeOnlyAnHourAfterVietnamMidnight() {
        // 2026-01-02 00:00 in Vietnam is 2026-01-01 17:00 UTC.
        let midnight = Date(timeIntervalSince1970: 1_767_286_800)
        #expect(RollUpHorizon(at: midnight.addingTimeInterval(3599)).lastDay == Self.day("2025-12-31"))
        #expect(RollUpHorizon(at: midnight.addingTimeInterval(3600)).lastDay == Self.day("2026-01-01"))
        #expect(RollUpHorizon(at: midnight.addingTimeInterval(3599)).monthEnd == Self.day("2025-11-30"))
        #expect(RollUpHorizon(at: midnight.addingTimeInterval(3600)).monthEnd == Self.day("2025-12-31"))
    }

    @Test func rowsAreRolledUntilTheLastHourEndedTenMinutesBeforeARun() {
        // 2026-01-02 00:00 in Vietnam is 2026-01-01 17:00 UTC.
        let midnight = Date(timeIntervalSince1970: 1_767_286_800)
        #expect(RollUpHorizon(at: midnight.addingTimeInterval(600)).rowsBefore == midnight)
        #expect(RollUpHorizon(at: midnight.addingTimeInterval(599)).rowsBefore == midnight.addingTimeInterval(-3600))
        #expect(RollUpHorizon(at: midnight.addingTimeInterval(4199)).rowsBefore == midnight, "00:59:59 ends at midnight too")
        let replayed = RollUpHorizon(on: Self.day("2026-01-01"))
        #expect(replayed.rowsBefore == midnight.addingTimeInterval(-7200), "the day's last run at 23:00 rolls its rows until 22:00")
        #expect(VietnamDay(of: replayed.rowsBefore) == Self.day("2026-01-01"))
        #expect(replayed.lastDay == Self.day("2025-12-31"), "the day itself is not whole until an hour after it ends")
    }
}
