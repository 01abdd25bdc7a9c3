import Foundation

/// Who may sit a certification exam, and when.
public enum CertificationRules {
    public struct Standing: Sendable, Equatable {
        public var attemptsLeft: Int
        /// When the oldest attempt in the window leaves it, if none is left now.
        public var nextAttemptAt: Date?
    }

    /// Attempts allowed in any rolling window of `windowDays`, counted by start time.
    public static func standing(programme: Programme, attemptStarts: [Date], now: Date) -> Standing {
        let window = TimeInterval(programme.windowDays * 24 * 3600)
        let recent = attemptStarts.filter { now.timeIntervalSince($0) < window }.sorted()
        let left = max(0, programme.attemptsPerWindow - recent.count)
        guard left == 0 else { return Standing(attemptsLeft: left, nextAttemptAt: nil) }
        // The window frees up when enough attempts have left it to allow one more.
        let freeing = recent[recent.count - programme.attemptsPerWindow]
        return Standing(attemptsLeft: 0, nextAttemptAt: freeing.addingTimeInterval(window))
    }
}
