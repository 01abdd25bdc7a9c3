import Foundation

/// The time source for every rule that depends on "now".
///
/// Deadlines, retention windows and reach days take the time from here, never from the database's
/// `now()` or a bare `Date()`, so tests can fix it and every instance agrees on one rule.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public func now() -> Date { read() }

    public static let system = WallClock { Date() }

    public static func fixed(_ date: Date) -> WallClock {
        WallClock { date }
    }
}
