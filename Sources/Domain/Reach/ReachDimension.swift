import Foundation

/// What reach can be broken down by; a table has at most two of them.
public enum ReachDimension: String, Sendable, CaseIterable, Codable {
    case province, sex, ageBand, group, channel

    /// The day a grouped figure is taken: breakdowns are as of month ends, so a grouped `asOf`
    /// rounds down to the last month end on or before it; only national totals are daily.
    public static func monthEnd(onOrBefore day: String) -> String {
        VietnamDay(day)?.monthEndOnOrBefore.text ?? day
    }
}
