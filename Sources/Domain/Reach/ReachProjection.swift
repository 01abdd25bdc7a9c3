import Foundation

/// When the year's target would be met if people kept being reached at the pace of the last
/// `windowDays` days: a straight line, stated as such, not a forecast of campaigns to come.
public struct ReachProjection: Sendable, Equatable {
    public static let windowDays = 90
    public static let method = "linear: people first reached in the last 90 days ÷ 90, carried forward from the day"

    /// People first reached per day over the window.
    public var pacePerDay: Double
    /// Whether the target is already met.
    public var met: Bool
    /// The day the gap would close at that pace; nil when met, when nobody was reached in the
    /// window, or when it would take more than a century.
    public var expectedOn: String?
    /// Whether that day falls within the year (or the target is met).
    public var onTrack: Bool

    /// Nil when there is no gap to project (no target or internet-users figure) or when the count
    /// at the window's start is withheld: the pace would give it away.
    public init?(asOf: String, year: Int, reached: Int, reachedAtWindowStart: Int, gap: Int?) {
        guard let gap, !ReachReport.isSmall(reached), !ReachReport.isSmall(reachedAtWindowStart) else { return nil }
        pacePerDay = Double(max(0, reached - reachedAtWindowStart)) / Double(Self.windowDays)
        met = gap == 0
        if met || pacePerDay == 0 {
            expectedOn = nil
        } else {
            let days = (Double(gap) / pacePerDay).rounded(.up)
            expectedOn = days <= 36_500 ? VietnamCalendar.day(asOf, plus: Int(days)) : nil
        }
        onTrack = met || expectedOn.map { $0 <= String(format: "%04d-12-31", year) } ?? false
    }
}
