import Foundation

/// When repeated attempts start to wait, and for how long.
///
/// Up to `freeAttempts` failures in a window cost nothing; each one after that doubles the wait,
/// from `firstDelay` up to `maximumDelay`. Nothing locks an account for good: the window ends and
/// the count starts again.
public struct ThrottlePolicy: Sendable, Equatable {
    public var freeAttempts: Int
    public var window: TimeInterval
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(freeAttempts: Int, window: TimeInterval, firstDelay: TimeInterval, maximumDelay: TimeInterval) {
        self.freeAttempts = freeAttempts
        self.window = window
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
    }

    /// How long to wait after the `failures`th failure in the window.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures > freeAttempts else { return 0 }
        let doublings = min(failures - freeAttempts - 1, 30)
        return min(maximumDelay, firstDelay * pow(2, Double(doublings)))
    }

    /// The whole seconds a client is told to wait (`Retry-After`) for a block lasting `until`:
    /// at least one, so a block ending within the second is not answered "retry now".
    public static func retryAfterSeconds(until: Date, now: Date) -> Int {
        max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }

    /// Sign-in failures for one account from one address (one guesser): 5 free, then 1 s, 2 s,
    /// 4 s ... up to 15 minutes.
    public static let signInPerAccountAndAddress = ThrottlePolicy(freeAttempts: 5, window: 3600, firstDelay: 1, maximumDelay: 900)
    /// Sign-in failures per account from anywhere: room for a forgetful owner on several devices;
    /// past it, only devices and addresses the account signed in from before get through.
    public static let signInPerAccount = ThrottlePolicy(freeAttempts: 10, window: 3600, firstDelay: 1, maximumDelay: 900)
    /// Sign-in failures per address: more room, since many people can share one address.
    public static let signInPerAddress = ThrottlePolicy(freeAttempts: 50, window: 3600, firstDelay: 1, maximumDelay: 900)
    /// Anonymous device events: plenty for a real front, little for a script inflating the series.
    public static let deviceEventsPerDevice = ThrottlePolicy(freeAttempts: 60, window: 3600, firstDelay: 60, maximumDelay: 3600)
    public static let deviceEventsPerAddress = ThrottlePolicy(freeAttempts: 600, window: 3600, firstDelay: 60, maximumDelay: 3600)
    /// Registrations, reset requests and codes sent, per address or account: ten an hour. Every
    /// attempt counts, and the tenth starts the wait, so the eleventh is refused.
    public static let sensitiveActions = ThrottlePolicy(freeAttempts: 9, window: 3600, firstDelay: 30, maximumDelay: 3600)
}
