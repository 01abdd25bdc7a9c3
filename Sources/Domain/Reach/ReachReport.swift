import Foundation

/// The reach indicator for one day, nationally (DESIGN.md, "Reach, precisely").
///
/// People reached by the end of the day ÷ internet users of that year, against that year's
/// target. A year without figures of its own uses the latest earlier ones, flagged as carried
/// forward; with none at all there is no rate or gap rather than a guess. Counts from 1 to 9 are
/// withheld.
public struct ReachReport: Sendable, Equatable {
    public static let methodologyVersion = "1"
    /// Counts from 1 to this are withheld; zeros are shown.
    public static let smallestShown = 10

    public struct InternetUsers: Sendable, Equatable {
        public var year: Int
        public var users: Int
        public var source: String
        public var status: String

        public init(year: Int, users: Int, source: String, status: String) {
            self.year = year
            self.users = users
            self.source = source
            self.status = status
        }
    }

    public var asOf: String
    public var year: Int
    /// People per level, nil where withheld.
    public var people: [ReachLevel: Int?]
    public var internetUsers: InternetUsers?
    public var target: Double?
    /// The year `target` was set for; before `year` when carried forward.
    public var targetYear: Int?
    public var rate: Double?
    /// People still to reach to meet the target (0 once it is met); nil without a figure or target.
    public var gap: Int?
    public var suppressed: Bool

    /// True when the internet users or the target are an earlier year's, because `year` has none
    /// of its own yet.
    public var carriedForward: Bool {
        internetUsers.map { $0.year != year } == true || targetYear.map { $0 != year } == true
    }

    /// The report for `year` with the figures that apply to it (`YearFigures`).
    public init(asOf: String, year: Int, counts: [ReachLevel: Int], figures: YearFigures, exact: Bool = false) {
        let target = figures.target(for: year)
        self.init(
            asOf: asOf,
            year: year,
            counts: counts,
            internetUsers: figures.internetUsers(for: year),
            target: target?.rate,
            targetYear: target?.year,
            exact: exact
        )
    }

    /// `exact` shows counts from 1 to 9 too: for administrators who asked, audit-logged by the
    /// caller. `targetYear` defaults to `year`.
    public init(
        asOf: String,
        year: Int,
        counts: [ReachLevel: Int],
        internetUsers: InternetUsers?,
        target: Double?,
        targetYear: Int? = nil,
        exact: Bool = false
    ) {
        self.asOf = asOf
        self.year = year
        self.internetUsers = internetUsers
        self.target = target
        self.targetYear = target == nil ? nil : targetYear ?? year
        var people: [ReachLevel: Int?] = [:]
        for level in ReachLevel.allCases {
            let count = counts[level] ?? 0
            people[level] = Self.isSmall(count) && !exact ? .some(nil) : .some(count)
        }
        self.people = people
        self.suppressed = !exact && counts.values.contains(where: Self.isSmall)
        let reached = counts[.reached] ?? 0
        if let internetUsers, exact || !Self.isSmall(reached) {
            rate = Double(reached) / Double(internetUsers.users)
            if let target {
                gap = max(0, Int((target * Double(internetUsers.users)).rounded(.up)) - reached)
            }
        }
    }

    public static func isSmall(_ count: Int) -> Bool {
        (1..<smallestShown).contains(count)
    }
}
