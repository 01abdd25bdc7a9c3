import Foundation

/// How the outbox treats a learning record store's answers: what is sent, what is set aside,
/// what waits, and for how long.
public enum StatementDelivery {
    public enum Outcome: Sendable, Equatable {
        /// Stored (or already stored: the store drops a duplicate id).
        case accepted
        /// Refused for what it is (malformed, or a different statement under the same id):
        /// set aside, never sent again, so it cannot block the rest.
        case refused
        /// The store is down, overloaded or not accepting us (credentials, address): every
        /// statement is kept and tried again after a back-off.
        case retryLater
    }

    /// 2xx is accepted. A 4xx refuses the statements, except the ones that say something about
    /// the store or our access to it rather than about the statements (401, 403, 404, 407, 408,
    /// 429): those, 5xx and anything else are tried again later.
    public static func outcome(status: Int) -> Outcome {
        switch status {
        case 200..<300: .accepted
        case 401, 403, 404, 407, 408, 429: .retryLater
        case 400..<500: .refused
        default: .retryLater
        }
    }

    /// How long to wait after the `tries`-th failed try: 10 s, doubling each time, at most an
    /// hour, so a store that is down for a day is asked about once an hour.
    public static func backOff(afterTries tries: Int) -> TimeInterval {
        let exponent = min(max(tries, 1) - 1, 20)
        return min(10 * pow(2, Double(exponent)), 3600)
    }

    /// How long a node may hold statements it claimed before another node may send them: longer
    /// than a request to the store may take, so two nodes never send one statement at once.
    public static let lease: TimeInterval = 120
}
