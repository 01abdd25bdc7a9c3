import Domain
import Foundation
import Testing

@Suite struct VietnamCalendarTests {
    @Test(arguments: ["2024-02-29", "2025-12-31", "2026-01-01"])
    func realDaysAreDays(text: String) {
        #expect(VietnamCalendar.isDay(text))
    }

    @Test(arguments: ["2025-02-29", "2026-02-30", "2025-13-01", "2025-00-10", "2025-1-01", "25-01-01", "2025-01-01T00:00", ""])
    func otherTextIsNot(text: String) {
        #expect(!VietnamCalendar.isDay(text))
    }

    @Test func movingByDaysCrossesMonthsYearsAndLeapDays() {
        #expect(VietnamCalendar.day("2025-02-27", plus: 2) == "2025-03-01")
        #expect(VietnamCalendar.day("2024-02-28", plus: 1) == "2024-02-29")
        #expect(VietnamCalendar.day("2026-01-01", plus: -1) == "2025-12-31")
        #expect(VietnamCalendar.day("2025-12-15", plus: -90) == "2025-09-16")
    }

    @Test func aDayStartsAtMidnightInVietnam() {
        // 2025-03-01 00:00 in Vietnam is 2025-02-28 17:00 UTC.
        let midnight = Date(timeIntervalSince1970: 1_740_762_000)
        #expect(VietnamCalendar.day(of: midnight) == "2025-03-01")
        #expect(VietnamCalendar.day(of: midnight.addingTimeInterval(-1)) == "2025-02-28")
    }

    @Test func theTimeOfDayIsVietnamsToTheSecondBelow() {
        // 2025-02-28 17:00 UTC is midnight in Vietnam; half a second before it is still 23:59:59.
        let midnight = Date(timeIntervalSince1970: 1_740_762_000)
        #expect(VietnamCalendar.timeOfDay(of: midnight) == "00:00:00")
        #expect(VietnamCalendar.timeOfDay(of: midnight.addingTimeInterval(-0.5)) == "23:59:59")
        #expect(VietnamCalendar.timeOfDay(of: midnight.addingTimeInterval(14 * 3600 + 2 * 60 + 10)) == "14:02:10")
    }
}
