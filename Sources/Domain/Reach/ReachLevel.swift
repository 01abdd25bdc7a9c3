import Foundation

/// The levels of reach (DESIGN.md, "Reach, precisely"); a person counts at every level up to
/// their deepest.
public enum ReachLevel: String, Sendable, CaseIterable, Codable {
    case reached
    case learned
    case completedCourse = "completed-course"
    case certified

    /// This level and every level below it, deepest last.
    public var withLowerLevels: [ReachLevel] {
        Array(Self.allCases.prefix { $0 != self }) + [self]
    }
}

/// A qualifying action: each writes one activity row and the first-reach rows it earns.
public enum Activity: String, Sendable, CaseIterable, Codable {
    case enrolled
    case openedLesson = "opened-lesson"
    case completedLesson = "completed-lesson"
    case startedQuiz = "started-quiz"
    case completedCourse = "completed-course"
    case certified

    public var level: ReachLevel {
        switch self {
        case .enrolled, .openedLesson, .startedQuiz: .reached
        case .completedLesson: .learned
        case .completedCourse: .completedCourse
        case .certified: .certified
        }
    }
}

/// Age bands at first reach. With only a birth year, the age is the one reached in that
/// calendar year in Vietnam.
public enum AgeBand: String, Sendable, CaseIterable, Codable {
    case under15 = "under-15"
    case from15To24 = "15-24"
    case from25To34 = "25-34"
    case from35To44 = "35-44"
    case from45To54 = "45-54"
    case from55To64 = "55-64"
    case from65 = "65+"
    case unknown

    public static func of(birthYear: Int?, on date: Date) -> AgeBand {
        guard let birthYear else { return .unknown }
        return of(age: VietnamCalendar.year(of: date) - birthYear)
    }

    public static func of(age: Int) -> AgeBand {
        switch age {
        case ..<15: .under15
        case 15...24: .from15To24
        case 25...34: .from25To34
        case 35...44: .from35To44
        case 45...54: .from45To54
        case 55...64: .from55To64
        default: .from65
        }
    }

    /// The lower bound of each band after the first, in order: the SQL that writes first-reach
    /// rows uses these, so Swift and SQL cannot disagree (a test checks them against `of(age:)`).
    public static let lowerBounds = [15, 25, 35, 45, 55, 65]
}
