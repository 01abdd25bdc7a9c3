import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// The figures a report shows, as read back from its JSON, for comparing with a recount.
struct ReportFigures: Decodable, Equatable {
    struct Level: Decodable, Equatable {
        var level: String
        var active: Int?
        var total: Int?
        var firstTime: Int?
    }
    struct ClassRow: Decodable, Equatable {
        var classId: String
        var members: Int?
        var levels: [Level]
        var suppressed: Bool
    }
    struct GroupRow: Decodable, Equatable {
        var group: String
        var levels: [Level]
        var suppressed: Bool
    }
    struct Outside: Decodable, Equatable {
        var reports: Int
        var people: Int
    }
    var from: String
    var to: String
    var deadline: String
    var members: Int
    var levels: [Level]
    var classesHeld: Int
    var byClass: [ClassRow]
    var byGroup: [GroupRow]
    var outsideReports: Outside
    var internetUsers: Int?
    var target: Double?
    var rate: Double?
    var gap: Int?

    init(_ report: YearlyReport) {
        let level = { (figures: YearlyReport.LevelFigures) in
            Level(level: figures.level.rawValue, active: figures.active, total: figures.total, firstTime: figures.firstTime)
        }
        from = report.period.from.text
        to = report.period.to.text
        deadline = report.deadline.text
        members = report.members
        levels = report.levels.map(level)
        classesHeld = report.classesHeld
        byClass = report.byClass.map { ClassRow(classId: $0.classID, members: $0.members, levels: $0.levels.map(level), suppressed: $0.suppressed) }
        byGroup = report.byGroup.map { GroupRow(group: $0.group.rawValue, levels: $0.levels.map(level), suppressed: $0.suppressed) }
        outsideReports = Outside(reports: report.outsideReports.reports, people: report.outsideReports.people)
        internetUsers = report.internetUsers
        target = report.target
        rate = report.rate
        gap = report.gap
    }
}

/// Yearly reports (issue 19, item 7): every figure of an organisation's and a province's report
/// equals a brute-force recount from the raw rows, read back by SQL and counted in Swift.
@Suite struct ReportRecountTests {
    /// 2026-06-15 12:00 in Vietnam.
    static let now = Date(timeIntervalSince1970: 1_781_499_600)

    struct Membership {
        var learner: UUID
        var classID: UUID
        var joined: Date
        var left: Date?
    }

    /// A seeded step, applied in time order.
    enum Step {
        case join(UUID, UUID)
        case leave(UUID, UUID)
        case act(UUID, Activity)
    }

    struct Raw {
        var organisations: [(id: String, path: [String], province: String?)] = []
        var classes: [(id: UUID, organisation: String, name: String, startsOn: String, endsOn: String)] = []
        var memberships: [Membership] = []
        var activity: [(learner: UUID, kind: String, at: Date)] = []
        var firstReach: [(learner: UUID, level: String, at: Date, day: String, province: String?, groups: [String])] = []
        var retained: [(level: String, day: String, province: String?, groups: [String], people: Int)] = []
        var crosswalk: [String: String] = [:]
        var outside: [(organisationID: String?, province: String?, start: String, end: String, people: Int)] = []
    }

    static func read(_ url: String) async throws -> Raw {
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withConnection { connection in
                let logger = database.logger
                var raw = Raw()
                for try await row in try await connection.query("SELECT organisation_id, path, province_code FROM organisations", logger: logger)
                    .decode((String, [String], String?).self)
                {
                    raw.organisations.append(row)
                }
                for try await row in try await connection.query(
                    "SELECT class_id, organisation_id, name, starts_on::text, ends_on::text FROM classes",
                    logger: logger
                ).decode((UUID, String, String, String, String).self) {
                    raw.classes.append(row)
                }
                for try await (learner, classID, joined, left) in try await connection.query(
                    "SELECT learner_id, class_id, joined_at, left_at FROM class_memberships",
                    logger: logger
                ).decode((UUID, UUID, Date, Date?).self) {
                    raw.memberships.append(Membership(learner: learner, classID: classID, joined: joined, left: left))
                }
                for try await row in try await connection.query("SELECT learner_id, kind, occurred_at FROM learner_activity", logger: logger)
                    .decode((UUID, String, Date).self)
                {
                    raw.activity.append(row)
                }
                for try await row in try await connection.query(
                    "SELECT learner_id, level, reached_at, vn_day::text, province_code, groups FROM first_reach",
                    logger: logger
                ).decode((UUID, String, Date, String, String?, [String]).self) {
                    raw.firstReach.append(row)
                }
                for try await row in try await connection.query(
                    "SELECT level, vn_day::text, province_code, groups, people FROM reach_retained",
                    logger: logger
                ).decode((String, String, String?, [String], Int).self) {
                    raw.retained.append(row)
                }
                for try await (from, to) in try await connection.query("SELECT from_code, to_code FROM province_crosswalk", logger: logger)
                    .decode((String, String).self)
                {
                    raw.crosswalk[from] = to
                }
                for try await row in try await connection.query(
                    "SELECT organisation_id, province_code, period_start::text, period_end::text, people FROM outside_reports",
                    logger: logger
                ).decode((String?, String?, String, String, Int).self) {
                    raw.outside.append(row)
                }
                return raw
            }
        }
    }

    /// The members' figures of the classes `inScope`, counted one membership at a time.
    static func memberCounts(
        _ raw: Raw,
        classes inScope: Set<UUID>,
        period: ReportPeriod
    ) -> (byClass: [String: ReportCounts.Figures], people: [String: ReportCounts.Figures]) {
        let start = period.from.start
        let end = period.to.plus(days: 1).start
        let levels = ReachLevel.allCases.map(\.rawValue)
        var depth: [UUID: [UUID: Int]] = [:]
        var firsts: [UUID: [UUID: Set<String>]] = [:]
        for membership in raw.memberships where inScope.contains(membership.classID) {
            guard membership.joined < end, membership.left.map({ $0 > start }) ?? true else { continue }
            let from = max(membership.joined, start)
            let to = min(membership.left ?? .distantFuture, end)
            var deepest = 0
            for activity in raw.activity where activity.learner == membership.learner && activity.at >= from && activity.at < to {
                let level = Activity(rawValue: activity.kind)!.level
                deepest = max(deepest, ReachLevel.allCases.firstIndex(of: level)! + 1)
            }
            depth[membership.classID, default: [:]][membership.learner] = deepest
            firsts[membership.classID, default: [:]][membership.learner] = Set(
                raw.firstReach.filter { $0.learner == membership.learner && $0.at >= from && $0.at < to }.map(\.level)
            )
        }
        func figures(_ people: [(depth: Int, firsts: Set<String>)]) -> ReportCounts.Figures {
            ReportCounts.Figures(
                members: people.count,
                active: (1...4).map { level in people.filter { $0.depth >= level }.count },
                firstTime: levels.map { level in people.filter { $0.firsts.contains(level) }.count }
            )
        }
        var byClass: [String: ReportCounts.Figures] = [:]
        var perPerson: [UUID: (depth: Int, firsts: Set<String>)] = [:]
        for (classID, learners) in depth {
            byClass[classID.uuidString.lowercased()] = figures(learners.map { ($0.value, firsts[classID]![$0.key]!) })
            for (learner, deepest) in learners {
                let earlier = perPerson[learner] ?? (0, [])
                perPerson[learner] = (max(earlier.depth, deepest), earlier.firsts.union(firsts[classID]![learner]!))
            }
        }
        var people: [String: ReportCounts.Figures] = [:]
        if !perPerson.isEmpty { people[""] = figures(Array(perPerson.values)) }
        for group in YearlyReport.groups {
            let members = perPerson.filter { learner, _ in
                raw.firstReach.contains { $0.learner == learner && $0.level == "reached" && $0.groups.contains(group.rawValue) }
            }
            if !members.isEmpty { people[group.rawValue] = figures(Array(members.values)) }
        }
        return (byClass, people)
    }

    static func classInfo(_ raw: Raw, _ ids: Set<UUID>) -> [ReportCounts.ClassInfo] {
        raw.classes.filter { ids.contains($0.id) }.map {
            ReportCounts.ClassInfo(
                id: $0.id.uuidString.lowercased(),
                name: $0.name,
                organisationID: $0.organisation,
                startsOn: VietnamDay($0.startsOn)!,
                endsOn: VietnamDay($0.endsOn)!
            )
        }
    }

    static func organisationReport(_ raw: Raw, root: String, period: ReportPeriod) -> YearlyReport {
        let subtree = Set(raw.organisations.filter { $0.path.contains(root) }.map(\.id))
        let classes = Set(raw.classes.filter { subtree.contains($0.organisation) }.map(\.id))
        let (byClass, people) = memberCounts(raw, classes: classes, period: period)
        let outside = raw.outside.filter { item in
            item.organisationID.map(subtree.contains) == true && item.start <= period.to.text && item.end >= period.from.text
        }
        let counts = ReportCounts(
            classes: classInfo(raw, classes),
            byClass: byClass,
            people: people,
            outside: outside.map {
                .init(
                    organisation: "",
                    organisationID: nil,
                    provinceCode: nil,
                    periodStart: $0.start,
                    periodEnd: $0.end,
                    activity: "",
                    people: $0.people
                )
            }
        )
        return YearlyReport(
            scope: .organisation,
            scopeID: root,
            name: LocalizedText(vi: "", en: ""),
            period: period,
            counts: counts,
            generatedAt: now
        )
    }

    static func provinceReport(
        _ raw: Raw,
        code: String,
        period: ReportPeriod,
        users: (year: Int, users: Int)?,
        target: (year: Int, rate: Double)?
    ) -> YearlyReport {
        let organisations = Set(raw.organisations.filter { $0.province == code }.map(\.id))
        let classes = Set(raw.classes.filter { organisations.contains($0.organisation) }.map(\.id))
        let (byClass, people) = memberCounts(raw, classes: classes, period: period)
        // Every person reached in the province, with the people each row stands for.
        let inProvince = { (province: String?) in (province.flatMap { raw.crosswalk[$0] } ?? province ?? "unknown") == code }
        let rows =
            raw.firstReach.filter { inProvince($0.province) }.map { (level: $0.level, day: $0.day, groups: $0.groups, people: 1) }
            + raw.retained.filter { inProvince($0.province) }.map { (level: $0.level, day: $0.day, groups: $0.groups, people: $0.people) }
        var total: [String: [Int]] = [:]
        var first: [String: [Int]] = [:]
        for key in [""] + YearlyReport.groups.map(\.rawValue) {
            let counted = rows.filter { key.isEmpty || $0.groups.contains(key) }
            total[key] = ReachLevel.allCases.map { level in
                counted.filter { $0.level == level.rawValue && $0.day <= period.to.text }.reduce(0) { $0 + $1.people }
            }
            first[key] = ReachLevel.allCases.map { level in
                counted.filter { $0.level == level.rawValue && $0.day <= period.to.text && $0.day >= period.from.text }.reduce(0) { $0 + $1.people }
            }
        }
        let outside = raw.outside.filter { item in
            item.province.map(inProvince) == true && item.start <= period.to.text && item.end >= period.from.text
        }
        let counts = ReportCounts(
            classes: classInfo(raw, classes),
            byClass: byClass,
            people: people,
            provinceTotal: total,
            provinceFirstTime: first,
            outside: outside.map {
                .init(
                    organisation: "",
                    organisationID: nil,
                    provinceCode: nil,
                    periodStart: $0.start,
                    periodEnd: $0.end,
                    activity: "",
                    people: $0.people
                )
            }
        )
        return YearlyReport(
            scope: .province,
            scopeID: code,
            name: LocalizedText(vi: "", en: ""),
            period: period,
            counts: counts,
            internetUsers: users,
            target: target,
            generatedAt: now
        )
    }

    /// Builds a tree with classes, people joining, leaving and coming back at various times,
    /// activity inside and outside their memberships and the period, erased people and outside
    /// reports. Joins, leaves and actions go through the stores' own steps in time order, as the
    /// server writes them, so the reach each membership keeps (`MembershipReach`) is the one those
    /// steps keep; the recount reads only the raw rows.
    static func seed(_ client: some TestClientProtocol, url: String) async throws -> Session {
        let admin = try await registerAdmin(client, url: url)
        try await OrganisationFixtures.createTree(client, admin: admin)
        var random = SeededRandom(seed: 19_07)
        let day = 86_400.0
        // 2025-11-01 00:00 in Vietnam.
        let origin = Date(timeIntervalSince1970: 1_761_930_000)
        let classes: [(UUID, String, String, String)] = [
            (UUID(), "truong-ha-noi", "2026-02-01", "2026-03-15"),
            (UUID(), "truong-ha-noi", "2026-04-01", "2026-06-30"),
            (UUID(), "so-ha-noi", "2025-11-01", "2025-12-31"),
            (UUID(), "truong-hue", "2026-03-10", "2026-05-10"),
            (UUID(), "so-hue", "2026-06-01", "2026-06-30"),
            (UUID(), "national", "2026-01-05", "2026-12-31"),
        ]
        let provinces: [String?] = ["ha-noi", "ha-noi", "hue", "quang-nam-pre2025", "da-nang", nil]
        let groups = LearnerGroup.allCases.map(\.rawValue)
        var learners: [(UUID, String?, [String])] = []
        for _ in 0..<80 {
            let chosen = groups.filter { _ in Int.random(in: 0..<3, using: &random) == 0 }
            learners.append((UUID(), provinces.randomElement(using: &random)!, chosen))
        }
        var memberships: [Membership] = []
        for (learner, _, _) in learners {
            for classIndex in classes.indices.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)) {
                let joined = origin.addingTimeInterval(Double(Int.random(in: 0...(220 * 86_400), using: &random)))
                let left =
                    Bool.random(using: &random)
                    ? min(joined.addingTimeInterval(Double(Int.random(in: 3_600...(90 * 86_400), using: &random))), now) : nil
                memberships.append(Membership(learner: learner, classID: classes[classIndex].0, joined: joined, left: left))
                // Some come back later: their membership then runs from the second join.
                if let left, Int.random(in: 0..<3, using: &random) == 0 {
                    let back = left.addingTimeInterval(Double(Int.random(in: 3_600...(30 * 86_400), using: &random)))
                    if back < now { memberships.append(Membership(learner: learner, classID: classes[classIndex].0, joined: back, left: nil)) }
                }
            }
        }
        var events: [(UUID, Activity, Date)] = []
        for (learner, _, _) in learners {
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                events.append(
                    (
                        learner, Activity.allCases.randomElement(using: &random)!,
                        origin.addingTimeInterval(Double(Int.random(in: 0...(226 * 86_400), using: &random)))
                    )
                )
            }
        }
        events.sort { $0.2 < $1.2 }
        let erased = Set(learners.map(\.0).filter { _ in Int.random(in: 0..<6, using: &random) == 0 })
        let (seededLearners, seededEvents, seededMemberships) = (learners, events, memberships)
        _ = day
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withTransaction { connection in
                let logger = database.logger
                for (id, organisation, starts, ends) in classes {
                    try await connection.query(
                        """
                        INSERT INTO classes (class_id, organisation_id, name, course_ids, starts_on, ends_on, capacity, join_code, created_at)
                        VALUES (\(id), \(organisation), \("Lớp " + starts), '{example-course}', \(starts)::date, \(ends)::date, 100, \(id.uuidString), now())
                        """,
                        logger: logger
                    )
                }
                for (id, province, groups) in seededLearners {
                    try await connection.query(
                        """
                        INSERT INTO learners (learner_id, display_name, locale, province_code, groups, birth_year, created_at, updated_at)
                        VALUES (\(id), 'x', 'vi', \(province), \(groups), 1960, now(), now())
                        """,
                        logger: logger
                    )
                }
                // Joins, leaves and actions in the order they happened.
                var steps: [(Date, Step)] = seededEvents.map { ($0.2, .act($0.0, $0.1)) }
                for membership in seededMemberships {
                    steps.append((membership.joined, .join(membership.learner, membership.classID)))
                    if let left = membership.left { steps.append((left, .leave(membership.learner, membership.classID))) }
                }
                for (at, step) in steps.sorted(by: { $0.0 < $1.0 }) {
                    switch step {
                    case .join(let learner, let classID):
                        let outcome = try await ClassStore.join(code: classID.uuidString, learnerID: learner, now: at, on: connection, logger: logger)
                        #expect(outcome == .joined(classID: classID, joinedAt: at))
                    case .leave(let learner, let classID):
                        #expect(try await ClassStore.leave(learnerID: learner, classID: classID, now: at, on: connection, logger: logger))
                    case .act(let learner, let activity):
                        try await LearningStore.record(
                            activity,
                            learnerID: learner,
                            courseID: "c",
                            now: at,
                            channel: "web",
                            on: connection,
                            logger: logger
                        )
                    }
                }
                for learner in erased { try await ReachStore.retain(learnerID: learner, on: connection, logger: logger) }
                try await connection.query(
                    """
                    INSERT INTO outside_reports (report_id, organisation, organisation_id, period_start, period_end, province_code, activity, people, recorded_at, recorded_by)
                    VALUES (\(UUID()), 'Trường Hà Nội', 'truong-ha-noi', '2026-03-01', '2026-03-02', 'ha-noi', 'hội thảo', 120, now(), \(UUID())),
                           (\(UUID()), 'Hội phụ nữ', NULL, '2026-05-20', '2026-06-05', 'quang-nam-pre2025', 'tập huấn', 45, now(), \(UUID())),
                           (\(UUID()), 'Sở Hà Nội', 'so-ha-noi', '2025-10-01', '2025-10-02', 'ha-noi', 'hội thảo', 300, now(), \(UUID()))
                    """,
                    logger: logger
                )
                try await connection.query(
                    "INSERT INTO internet_users (year, scope, users, source, status) VALUES (2026, 'ha-noi', 40, 'test', 'test')",
                    logger: logger
                )
            }
        }
        return admin
    }

    /// Every membership's kept reach, as text.
    static func membershipReach(_ url: String) async throws -> [String] {
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withConnection { connection in
                try await connection.query(
                    """
                    SELECT concat_ws('|', learner_id, class_id, active_reached, active_learned, active_completed_course, active_certified,
                                     first_reached, first_learned, first_completed_course, first_certified, reach_groups, other_memberships)
                    FROM class_memberships ORDER BY learner_id, class_id
                    """,
                    logger: database.logger
                ).collect().map { try $0.decode(String.self) }
            }
        }
    }

    @Test func everyFigureOfBothReportsEqualsABruteForceRecount() async throws {
        try await withTestApp(clock: .fixed(Self.now)) { client, url in
            let admin = try await Self.seed(client, url: url)
            // What the steps kept on each membership is what a recount from the raw rows (the
            // backfill of migration 0018 and `reach backfill`) writes.
            let kept = try await Self.membershipReach(url)
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await MembershipReach.refresh(nil, on: connection, logger: database.logger)
                }
            }
            #expect(kept.count > 50)
            #expect(try await Self.membershipReach(url) == kept)
            let periods: [(String?, String?)] = [("2026-03-01", "2026-05-31"), (nil, nil), ("2025-12-15", "2026-06-15")]
            // Once counting every row, then with months rolled up and the days after them counted live.
            for rolledThrough in [nil, "2026-03-31"] as [String?] {
                if let rolledThrough {
                    try await TestDatabase.withDatabase(url: url) { database in
                        try await database.withTransaction { connection in
                            try await ReachStore.rollUp(through: rolledThrough, on: connection, logger: database.logger)
                        }
                    }
                }
                let raw = try await Self.read(url)
                for (from, to) in periods {
                    let query = [from.map { "from=\($0)" }, to.map { "to=\($0)" }].compactMap { $0 }.joined(separator: "&")
                    let period = ReportPeriod(
                        from: VietnamDay(from ?? "2026-01-01")!,
                        to: VietnamDay(to ?? "2026-06-15")!
                    )
                    for root in ["national", "so-ha-noi", "truong-ha-noi", "so-hue"] {
                        let response = try await client.execute(
                            uri: "/v1/organisations/\(root)/report?\(query)",
                            method: .get,
                            headers: bearer(admin.accessToken)
                        )
                        #expect(response.status == .ok, "\(String(buffer: response.body))")
                        let expected = ReportFigures(Self.organisationReport(raw, root: root, period: period))
                        if root == "national" {
                            #expect(expected.members > 10 && expected.levels.allSatisfy { ($0.active ?? 0) > 0 }, "the data exercises the figures")
                        }
                        #expect(
                            try decode(ReportFigures.self, response) == expected,
                            "organisation \(root), \(query), rolled \(rolledThrough ?? "-")"
                        )
                    }
                    for code in ["ha-noi", "da-nang", "hue"] {
                        let response = try await client.execute(
                            uri: "/v1/provinces/\(code)/report?\(query)",
                            method: .get,
                            headers: bearer(admin.accessToken)
                        )
                        #expect(response.status == .ok, "\(String(buffer: response.body))")
                        let expected = ReportFigures(
                            Self.provinceReport(raw, code: code, period: period, users: code == "ha-noi" ? (2026, 40) : nil, target: (2025, 0.8))
                        )
                        if code == "ha-noi" { #expect(expected.levels.first?.total != nil && !expected.byClass.isEmpty) }
                        #expect(try decode(ReportFigures.self, response) == expected, "province \(code), \(query), rolled \(rolledThrough ?? "-")")
                    }
                }
            }
        }
    }
}
