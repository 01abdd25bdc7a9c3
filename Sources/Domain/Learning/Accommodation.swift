import Foundation

/// Extra time on timed quizzes and exams, granted to a person who needs it (a disability, low
/// literacy, age) by an administrator. The server's deadline applies it; the learner sees it before
/// starting.
public struct Accommodation: Sendable, Equatable {
    /// Why the extra time was granted: recorded and audited, never shown to anyone but the person
    /// and administrators.
    public enum Reason: String, Sendable, CaseIterable {
        case disability
        case lowLiteracy = "low-literacy"
        case age
        case other
    }

    /// The time limit as a share of the standard one, in percent. A few fixed steps rather than any
    /// number: the same need gets the same time whoever grants it.
    public static let timePercents = [125, 150, 200]

    public var timePercent: Int
    public var reason: Reason
    public var grantedAt: Date
    public var grantedBy: UUID

    public init(timePercent: Int, reason: Reason, grantedAt: Date, grantedBy: UUID) {
        self.timePercent = timePercent
        self.reason = reason
        self.grantedAt = grantedAt
        self.grantedBy = grantedBy
    }

    /// The time limit in minutes this accommodation gives for a standard one, rounded up to a whole
    /// minute: the deadline is set from this same figure, so what the learner is told is exact.
    public func timeLimitMinutes(_ standard: Int) -> Int {
        (standard * timePercent + 99) / 100
    }

    /// Reads what an administrator asked for (`timePercent`, `reason`) into `reader`, which
    /// collects every invalid field; nil when any is invalid.
    public static func read(_ reader: inout FormReader) -> (timePercent: Int, reason: Reason)? {
        let timePercent = reader.require(reader.integer("timePercent"), "timePercent")
        if let timePercent, !timePercents.contains(timePercent) {
            reader.fail(
                "timePercent",
                LocalizedText(
                    vi: "Thời gian phải là 125, 150 hoặc 200 phần trăm thời gian chuẩn.",
                    en: "The time must be 125, 150 or 200 percent of the standard time."
                )
            )
        }
        let text = reader.require(reader.string("reason"), "reason")
        let reason = text.flatMap(Reason.init(rawValue:))
        if text != nil, reason == nil {
            reader.fail(
                "reason",
                LocalizedText(
                    vi: "Lý do phải là disability, low-literacy, age hoặc other.",
                    en: "The reason must be disability, low-literacy, age or other."
                )
            )
        }
        guard let timePercent, timePercents.contains(timePercent), let reason else { return nil }
        return (timePercent, reason)
    }
}
