import Foundation

/// A yearly report of an organisation (with everything below it) or of a province, as sent to
/// the national authority (issue 19, item 7). The same value is served as JSON, CSV and a
/// printable page, and is what an issued report stores: once issued, none of its figures or
/// names is ever recomputed.
///
/// Figures per level (a person counts at every level up to their deepest, `Activity.level`):
/// - organisation: `active`, the members active at that level during the period while a member;
///   `firstTime`, the members who first reached it during the period while a member;
/// - province: `total`, the people registered in the province who reached it by the end of the
///   period, counted as the national figures are (first reach plus erased people's retained
///   counts, pre-2025 provinces under the unit they became); `firstTime`, those of them who
///   first reached it during the period.
///
/// The tables by class and by group are always suppressed (`Suppression.apply`, counts 1 to 9
/// withheld with whatever would give them away), whoever reads them: the same document is what
/// gets attached and sent. A province's headline counts from 1 to 9 are withheld as the national
/// ones are. There is no separate "session" entity: the classes held are the sessions.
public struct YearlyReport: Sendable, Equatable, Codable {
    /// Changes whenever what a figure means changes; an issued report keeps the one it had.
    public static let methodologyVersion = "2026-12"

    /// The groups reported on, in the order of the issue: older people, people with
    /// disabilities, ethnic minorities, students, parents.
    public static let groups: [LearnerGroup] = [.olderPerson, .personWithDisability, .ethnicMinority, .student, .parentOrCarer]

    public enum Scope: String, Sendable, Codable, Equatable {
        case organisation, province
    }

    public struct LevelFigures: Sendable, Equatable, Codable {
        public var level: ReachLevel
        public var active: Int?
        public var total: Int?
        public var firstTime: Int?

        public init(level: ReachLevel, active: Int? = nil, total: Int? = nil, firstTime: Int?) {
            self.level = level
            self.active = active
            self.total = total
            self.firstTime = firstTime
        }
    }

    public struct ClassRow: Sendable, Equatable, Codable {
        public var classID: String
        public var name: String
        public var organisationID: String
        public var startsOn: String
        public var endsOn: String
        /// nil when withheld.
        public var members: Int?
        public var levels: [LevelFigures]
        public var suppressed: Bool
    }

    public struct GroupRow: Sendable, Equatable, Codable {
        public var group: LearnerGroup
        public var levels: [LevelFigures]
        public var suppressed: Bool
    }

    /// Reports of people reached outside the platform, shown beside its figures, never added.
    public struct OutsideReports: Sendable, Equatable, Codable {
        public var reports: Int
        public var people: Int
        public var items: [OutsideItem]
    }

    public struct OutsideItem: Sendable, Equatable, Codable {
        public var organisation: String
        public var organisationID: String?
        public var provinceCode: String?
        public var periodStart: String
        public var periodEnd: String
        public var activity: String
        public var people: Int

        public init(
            organisation: String,
            organisationID: String?,
            provinceCode: String?,
            periodStart: String,
            periodEnd: String,
            activity: String,
            people: Int
        ) {
            self.organisation = organisation
            self.organisationID = organisationID
            self.provinceCode = provinceCode
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.activity = activity
            self.people = people
        }
    }

    public var scope: Scope
    public var scopeID: String
    public var name: LocalizedText
    public var period: ReportPeriod
    public var deadline: VietnamDay
    public var generatedAt: Date
    public var methodologyVersion: String
    public var reportID: UUID?
    public var issuedAt: Date?
    /// People with a membership of a class in scope during the period.
    public var members: Int
    public var levels: [LevelFigures]
    /// Classes in scope whose dates overlap the period: the sessions held.
    public var classesHeld: Int
    public var byClass: [ClassRow]
    public var byGroup: [GroupRow]
    public var outsideReports: OutsideReports
    /// Province only: the internet users of the province (the latest year on or before the
    /// period's, `internetUsersYear` says which) and the target rate (likewise).
    public var internetUsers: Int?
    public var internetUsersYear: Int?
    public var target: Double?
    public var targetYear: Int?
    /// Reached ÷ internet users; and target × users − reached. Absent when not known.
    public var rate: Double?
    public var gap: Int?
}

/// The raw counts a report is made from, as the store counts them.
public struct ReportCounts: Sendable, Equatable {
    /// Per-level counts in `ReachLevel.allCases` order.
    public struct Figures: Sendable, Equatable {
        public var members: Int
        public var active: [Int]
        public var firstTime: [Int]

        public init(members: Int = 0, active: [Int] = [0, 0, 0, 0], firstTime: [Int] = [0, 0, 0, 0]) {
            self.members = members
            self.active = active
            self.firstTime = firstTime
        }
    }

    public struct ClassInfo: Sendable, Equatable {
        public var id: String
        public var name: String
        public var organisationID: String
        public var startsOn: VietnamDay
        public var endsOn: VietnamDay

        public init(id: String, name: String, organisationID: String, startsOn: VietnamDay, endsOn: VietnamDay) {
            self.id = id
            self.name = name
            self.organisationID = organisationID
            self.startsOn = startsOn
            self.endsOn = endsOn
        }
    }

    /// Every class in scope, whatever its dates.
    public var classes: [ClassInfo]
    /// Members' figures per class id (classes with members in the period only).
    public var byClass: [String: Figures]
    /// Members' figures over distinct people: all of them under "", each group under its name.
    public var people: [String: Figures]
    /// Province only: per level, people by the end of the period and first reached in it,
    /// under "" for everyone and under each group's name.
    public var provinceTotal: [String: [Int]]
    public var provinceFirstTime: [String: [Int]]
    public var outside: [YearlyReport.OutsideItem]

    public init(
        classes: [ClassInfo] = [],
        byClass: [String: Figures] = [:],
        people: [String: Figures] = [:],
        provinceTotal: [String: [Int]] = [:],
        provinceFirstTime: [String: [Int]] = [:],
        outside: [YearlyReport.OutsideItem] = []
    ) {
        self.classes = classes
        self.byClass = byClass
        self.people = people
        self.provinceTotal = provinceTotal
        self.provinceFirstTime = provinceFirstTime
        self.outside = outside
    }
}

extension YearlyReport {
    /// The report from its counts: the rules of the tables (which classes are listed, which
    /// cells are withheld, rate and gap) are applied here and nowhere else.
    public init(
        scope: Scope,
        scopeID: String,
        name: LocalizedText,
        period: ReportPeriod,
        counts: ReportCounts,
        internetUsers: (year: Int, users: Int)? = nil,
        target: (year: Int, rate: Double)? = nil,
        generatedAt: Date
    ) {
        let levels = ReachLevel.allCases
        let isProvince = scope == .province
        self.scope = scope
        self.scopeID = scopeID
        self.name = name
        self.period = period
        self.deadline = period.deadline
        self.generatedAt = generatedAt
        self.methodologyVersion = Self.methodologyVersion
        self.reportID = nil
        self.issuedAt = nil
        let everyone = counts.people[""] ?? ReportCounts.Figures()
        self.members = everyone.members
        if isProvince {
            let total = counts.provinceTotal[""] ?? [0, 0, 0, 0]
            let first = counts.provinceFirstTime[""] ?? [0, 0, 0, 0]
            let shown = { (count: Int) in ReachReport.isSmall(count) ? nil : count }
            self.levels = levels.indices.map { LevelFigures(level: levels[$0], total: shown(total[$0]), firstTime: shown(first[$0])) }
        } else {
            self.levels = levels.indices.map { LevelFigures(level: levels[$0], active: everyone.active[$0], firstTime: everyone.firstTime[$0]) }
        }

        let overlapping = { (info: ReportCounts.ClassInfo) in info.startsOn <= period.to && info.endsOn >= period.from }
        self.classesHeld = counts.classes.filter(overlapping).count
        let listed = counts.classes.filter { overlapping($0) || counts.byClass[$0.id] != nil }
            .sorted { ($0.organisationID, $0.startsOn, $0.name, $0.id) < ($1.organisationID, $1.startsOn, $1.name, $1.id) }
        let classTable = Suppression.apply(
            listed.map { info in
                let figures = counts.byClass[info.id] ?? ReportCounts.Figures()
                return [figures.members] + figures.active + figures.firstTime
            }
        )
        self.byClass = zip(listed, classTable).map { info, cells in
            ClassRow(
                classID: info.id,
                name: info.name,
                organisationID: info.organisationID,
                startsOn: info.startsOn.text,
                endsOn: info.endsOn.text,
                members: cells[0],
                levels: levels.indices.map { LevelFigures(level: levels[$0], active: cells[1 + $0], firstTime: cells[5 + $0]) },
                suppressed: cells.contains(nil)
            )
        }

        // By group: the organisation's members active and first reaching each level; the
        // province's people by the end of the period and first reaching each level in it.
        let groupTable = Suppression.apply(
            Self.groups.map { group in
                if isProvince {
                    return (counts.provinceTotal[group.rawValue] ?? [0, 0, 0, 0]) + (counts.provinceFirstTime[group.rawValue] ?? [0, 0, 0, 0])
                }
                let figures = counts.people[group.rawValue] ?? ReportCounts.Figures()
                return figures.active + figures.firstTime
            }
        )
        self.byGroup = zip(Self.groups, groupTable).map { group, cells in
            GroupRow(
                group: group,
                levels: levels.indices.map {
                    isProvince
                        ? LevelFigures(level: levels[$0], total: cells[$0], firstTime: cells[4 + $0])
                        : LevelFigures(level: levels[$0], active: cells[$0], firstTime: cells[4 + $0])
                },
                suppressed: cells.contains(nil)
            )
        }

        let outside = counts.outside.sorted { ($0.periodStart, $0.organisation, $0.activity) < ($1.periodStart, $1.organisation, $1.activity) }
        self.outsideReports = OutsideReports(reports: outside.count, people: outside.reduce(0) { $0 + $1.people }, items: outside)

        self.internetUsers = isProvince ? internetUsers?.users : nil
        self.internetUsersYear = isProvince ? internetUsers?.year : nil
        self.target = isProvince ? target?.rate : nil
        self.targetYear = isProvince ? target?.year : nil
        let reached = counts.provinceTotal[""]?.first ?? 0
        // Like the national figures: no rate from a withheld count.
        if isProvince, let users = internetUsers?.users, users > 0, !ReachReport.isSmall(reached) {
            self.rate = Double(reached) / Double(users)
            self.gap = target.map { max(0, Int(($0.rate * Double(users)).rounded(.up)) - reached) }
        } else {
            self.rate = nil
            self.gap = nil
        }
    }
}
