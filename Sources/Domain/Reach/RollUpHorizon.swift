import Foundation

/// How far the reach roll-up goes: only periods no action can still be dated into.
///
/// An action is dated by the moment its request began (`reached_at`, and the Vietnam day of it),
/// and written in a transaction that ends within the request timeout, seconds, so a span is whole
/// once some time has passed since its end: ten minutes for an hour of the current day, an hour
/// for a day, and two days for a month (kept from when months were the only roll-up; it changes
/// nothing, since the days of a month not yet whole are rolled as days).
public struct RollUpHorizon: Sendable, Equatable {
    /// The last month end rolled into monthly cells.
    public var monthEnd: VietnamDay
    /// The last day rolled, into daily cells after `monthEnd`.
    public var lastDay: VietnamDay
    /// Rows after `lastDay` reached before this hour are rolled into the hour cells. On the hour,
    /// since that is all an erased person's rows keep.
    public var rowsBefore: Date

    /// The horizon at `now`.
    public init(at now: Date) {
        let day = VietnamDay(of: now.addingTimeInterval(-Self.dayGrace))
        monthEnd = day.plus(days: -2).monthEndOnOrBefore
        lastDay = day.plus(days: -1)
        let settled = now.addingTimeInterval(-Self.rowGrace).timeIntervalSince1970
        rowsBefore = Date(timeIntervalSince1970: (settled / 3600).rounded(.down) * 3600)
    }

    /// The horizon as the hourly roll-up leaves `day` at its worst: its last run an hour before
    /// the day ends rolls its rows until 22:00, so a read at the end of the day still counts
    /// those of its last two hours one by one.
    public init(on day: VietnamDay) {
        self.init(at: day.plus(days: 1).start.addingTimeInterval(-Self.runInterval))
    }

    /// How long after a Vietnam day ends it counts as whole.
    public static let dayGrace: TimeInterval = 3600
    /// How long after a moment no action can still be written with it: far above the request
    /// timeout (seconds), which ends every transaction that writes reach.
    public static let rowGrace: TimeInterval = 600
    /// How often the server rolls up.
    public static let runInterval: TimeInterval = 3600
}
