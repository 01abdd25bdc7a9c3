import Foundation

/// How far the reach roll-up goes: only periods no action can still be dated into.
///
/// An action is dated by the Vietnam day its request began, and written in a transaction that
/// lasts seconds, so a period is whole once some time has passed since its end: an hour for a
/// day, and two days for a month (kept from when months were the only roll-up; it changes
/// nothing, since the days of a month not yet whole are rolled as days).
public struct RollUpHorizon: Sendable, Equatable {
    /// The last month end rolled into monthly cells.
    public var monthEnd: VietnamDay
    /// The last day rolled, into daily cells after `monthEnd`.
    public var lastDay: VietnamDay

    /// The horizon during `day` (from an hour after its start): the day before it is whole.
    public init(on day: VietnamDay) {
        monthEnd = day.plus(days: -2).monthEndOnOrBefore
        lastDay = day.plus(days: -1)
    }

    /// The horizon at `now`.
    public init(at now: Date) {
        self.init(on: VietnamDay(of: now.addingTimeInterval(-Self.dayGrace)))
    }

    /// How long after a Vietnam day ends it counts as whole.
    public static let dayGrace: TimeInterval = 3600
}
