import Foundation

/// Self-declared sex, optional, used only in aggregate statistics.
public enum Sex: String, Sendable, CaseIterable, Codable {
    case female, male, other
}

/// Self-declared groups from a fixed list, optional, used only in aggregate statistics.
public enum LearnerGroup: String, Sendable, CaseIterable, Codable {
    case olderPerson = "older-person"
    case personWithDisability = "person-with-disability"
    case ethnicMinority = "ethnic-minority"
    case student
    case parentOrCarer = "parent-or-carer"
    case ruralResident = "rural-resident"

    /// Sensitive groups need their own explicit consent and are only published suppressed.
    public var requiredConsent: ConsentPurpose? {
        switch self {
        case .personWithDisability: .disabilityData
        case .ethnicMinority: .ethnicityData
        default: nil
        }
    }
}

/// What a person agrees to, each recorded separately with the version of the text they saw.
public enum ConsentPurpose: String, Sendable, CaseIterable, Codable {
    /// Required: the terms of use and privacy notice.
    case terms
    /// Optional: using the profile (province, sex, age band, groups) in aggregate statistics.
    case statistics
    /// Optional, required to declare the disability group.
    case disabilityData = "disability-data"
    /// Optional, required to declare the ethnic-minority group.
    case ethnicityData = "ethnicity-data"
    /// Optional: the managers of the classes the person joined may see the person's own progress.
    case organisation

    /// The version of each consent text that is in force; a client must send the one it showed.
    public var currentVersion: String { "2026-11" }
}

public struct ConsentGrant: Sendable, Equatable, Codable {
    public var purpose: ConsentPurpose
    public var version: String

    public init(purpose: ConsentPurpose, version: String) {
        self.purpose = purpose
        self.version = version
    }
}

/// Calendar days and years as Vietnam counts them. Vietnam keeps UTC+7 all year, so a fixed
/// offset is exact and needs no time-zone database.
public enum VietnamCalendar {
    public static let timeZone = TimeZone(secondsFromGMT: 7 * 3600)!

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    public static func year(of date: Date) -> Int {
        calendar.component(.year, from: date)
    }

    /// `HH:mm:ss` in Vietnam, to the second below.
    public static func timeOfDay(of date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
    }

    /// `yyyy-MM-dd` in Vietnam.
    public static func day(of date: Date) -> String {
        VietnamDay(of: date).text
    }

    /// Whether `text` is `YYYY-MM-DD` naming a real day.
    public static func isDay(_ text: String) -> Bool {
        VietnamDay(text) != nil
    }

    /// `day` (`YYYY-MM-DD`, a real day) moved by `days` days; Vietnam has no daylight saving.
    public static func day(_ day: String, plus days: Int) -> String {
        guard let start = VietnamDay(day) else { preconditionFailure("not a day: \(day)") }
        return start.plus(days: days).text
    }
}

/// Age rules that depend only on the birth year a person gives.
public enum AgeRule {
    /// With a birth year alone, anyone who could still be 15 this year counts as under 16, so a
    /// guardian's consent is asked whenever it might be needed.
    public static func mayBeUnder16(birthYear: Int, now: Date) -> Bool {
        VietnamCalendar.year(of: now) - birthYear <= 16
    }
}
