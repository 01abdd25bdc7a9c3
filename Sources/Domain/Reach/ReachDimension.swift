import Foundation

/// What reach can be broken down by; a table has at most two of them.
public enum ReachDimension: String, Sendable, CaseIterable, Codable {
    case province, sex, ageBand, group, channel

    /// The day a grouped figure is taken: breakdowns are as of month ends, so a grouped `asOf`
    /// rounds down to the last month end on or before it; only national totals are daily.
    public static func monthEnd(onOrBefore day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        let (year, month, dayOfMonth) = (parts[0], parts[1], parts[2])
        if dayOfMonth == daysIn(year: year, month: month) { return day }
        let previous = month == 1 ? (year - 1, 12) : (year, month - 1)
        return String(format: "%04d-%02d-%02d", previous.0, previous.1, daysIn(year: previous.0, month: previous.1))
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
