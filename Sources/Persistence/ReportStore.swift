import Domain
import Foundation
import Logging
import PostgresNIO

/// The counts of yearly reports (issue 19, item 7) and the reports once issued.
///
/// A report reads in one REPEATABLE READ, read-only transaction (`snapshot`), with a fixed number
/// of grouped statements whatever the number of classes or people: the classes in scope, the
/// members' figures (per class and per person, one statement over the memberships, which carry
/// their own reach: `MembershipReach`), and for a province the roll-up cells plus the rows after
/// them, as the national figures are counted.
public enum ReportStore {
    /// What a report counts over: an organisation with everything below it, or the organisations
    /// of a province (`organisations.province_code`) and the people registered in it.
    public enum Scope: Sendable, Equatable {
        case subtree(String)
        case province(String)

        var subtree: String? {
            if case .subtree(let id) = self { id } else { nil }
        }
        var province: String? {
            if case .province(let code) = self { code } else { nil }
        }
    }

    /// Makes the caller's transaction one consistent, read-only view: call it first.
    public static func snapshot(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
        // A report hashes every membership of its scope once: memory for that rather than disk,
        // and no JIT compilation, which costs more than it saves on a statement run once.
        try await connection.run("SET LOCAL work_mem = '128MB'", logger: logger)
        try await connection.run("SET LOCAL jit = off", logger: logger)
        // The period's bounds are folded into constants only in a plan made for their values;
        // a generic plan (PostgreSQL's choice after five runs of a prepared statement) would
        // compute them again on every row.
        try await connection.run("SET LOCAL plan_cache_mode = force_custom_plan", logger: logger)
    }

    /// Classes of the scope: an organisation's subtree, or the organisations of a province.
    static let scopeOrganisations = "(o.path @> ARRAY[$1::text] OR o.province_code = $2::text)"

    /// Members' figures. A membership counts when its interval (joined, left) meets the period
    /// [$3, $4), the Vietnam days $5 to $6; a member is active at a level when they had activity
    /// at that level or deeper on a day inside both, and reached a level for the first time when
    /// its first reach fell inside both. Each membership carries its own reach (`MembershipReach`:
    /// the days with activity at each level while a member, the day of each first reach while a
    /// member), so no activity or first-reach row is read.
    ///
    /// One row per class ('class'), then over distinct people for everyone ('' key) and per group
    /// at first reach ('people'): a person in two classes counts once there. The memberships are
    /// counted per class and groups (`scoped`, a few thousand groups that PostgreSQL aggregates
    /// in parallel workers); only people with other memberships are merged person by person
    /// (`shared`). Keying every membership by class, person, groups and levels at once made a
    /// million-row hash table and took twice as long (Benchmarks/province-report).
    struct MemberFigures: PostgresPreparedStatement {
        static let name = "reports.memberFigures.3"
        static let sql = """
            WITH scoped AS MATERIALIZED (
                SELECT m.class_id, m.reach_groups AS groups, m.other_memberships AS others, count(*) AS n,
                       \(levels.enumerated().map { "count(*) FILTER (WHERE \($1)) AS c\($0)" }.joined(separator: ", "))
                FROM class_memberships m
                WHERE \(inScope)
                GROUP BY 1, 2, 3
            ), shared AS (
                SELECT max(m.reach_groups) AS groups, 1 AS n,
                       \(levels.enumerated().map { "max(CASE WHEN \($1) THEN 1 ELSE 0 END) AS c\($0)" }.joined(separator: ", "))
                FROM class_memberships m
                WHERE m.other_memberships AND \(inScope)
                GROUP BY m.learner_id
            ), people AS (
                SELECT groups, n, \(columns) FROM scoped WHERE NOT others
                UNION ALL
                SELECT groups, n, \(columns) FROM shared
            )
            SELECT 'class', class_id::text, \(sums) FROM scoped GROUP BY class_id
            UNION ALL
            SELECT 'people', g.value, \(sums)
            FROM people CROSS JOIN LATERAL unnest(ARRAY[''] || coalesce(people.groups, '{}'::text[])) AS g(value)
            GROUP BY g.value
            """
        /// Memberships of the scope's classes held during the period.
        static let inScope = """
            m.class_id IN (SELECT c.class_id FROM classes c JOIN organisations o ON o.organisation_id = c.organisation_id
                               WHERE \(scopeOrganisations))
              AND m.joined_at < $4::timestamptz AND (m.left_at IS NULL OR m.left_at > $3::timestamptz)
            """
        /// Per level (`ReachLevel.allCases` order), active on a day of the period, then per level,
        /// first reached on a day of the period. The days are `date` parameters (`SQLDate`), so
        /// the range is a constant of the plan.
        static let levels =
            ReachLevel.allCases.map { "m.active_\(MembershipReach.column($0)) && daterange($5::date, $6::date, '[]')" }
            + ReachLevel.allCases.map { "m.first_\(MembershipReach.column($0)) BETWEEN $5::date AND $6::date" }
        static let columns = levels.indices.map { "c\($0)" }.joined(separator: ", ")
        /// Members, then the count for each of `levels`.
        static let sums = (["n"] + levels.indices.map { "c\($0)" }).map { "sum(\($0))::int" }.joined(separator: ", ")
        typealias Row = (kind: String, key: String, figures: ReportCounts.Figures)
        var scope: Scope
        var start: Date
        var end: Date
        var from: VietnamDay
        var to: VietnamDay

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(scope.subtree)
            bindings.append(scope.province)
            bindings.append(start)
            bindings.append(end)
            bindings.append(SQLDate(from))
            bindings.append(SQLDate(to))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            let cells = row.makeRandomAccess()
            let numbers = try (2...10).map { try cells[$0].decode(Int.self) }
            return (
                try cells[0].decode(String.self), try cells[1].decode(String.self),
                ReportCounts.Figures(members: numbers[0], active: Array(numbers[1...4]), firstTime: Array(numbers[5...8]))
            )
        }
    }

    /// A province's people per level and group ('' for everyone) reached by the end of two days,
    /// counted as the national figures are (`ReachStore.counts`, `breakdown`): the roll-up cells
    /// of the `province` and `province,group` cuts through the last month end rolled, then the
    /// first-reach and retained rows after it, pre-2025 provinces under the unit they became.
    /// Only the rows that count are read: those after each bound up to its day (a year-to-date
    /// report read every row of the year, 2.35 million in the province benchmark).
    struct ProvinceFigures: PostgresPreparedStatement {
        static let name = "reports.provinceFigures.3"
        static let sql = """
            WITH bound AS (SELECT least($3::date, rolled_through) AS a, least($5::date, rolled_through) AS b FROM reach_rollup_state)
            SELECT level, grp, sum(at_a)::int, sum(at_b)::int FROM (
                SELECT c.level, CASE WHEN c.cut = 'province' THEN '' ELSE c.v2 END AS grp,
                       CASE WHEN c.month_end <= bound.a THEN c.people ELSE 0 END AS at_a, c.people AS at_b
                FROM reach_rollup_cells c, bound
                WHERE c.cut IN ('province', 'province,group') AND c.v1 = $1::text AND c.month_end <= bound.b
                UNION ALL
                SELECT r.level, g.value,
                       CASE WHEN r.vn_day > bound.a AND r.vn_day <= $2::date THEN r.people ELSE 0 END,
                       CASE WHEN r.vn_day > bound.b THEN r.people ELSE 0 END
                FROM bound, (
                    SELECT level, vn_day, province_code, groups, 1 AS people FROM first_reach
                    WHERE (vn_day > (SELECT a FROM bound) AND vn_day <= $2::date) OR (vn_day > (SELECT b FROM bound) AND vn_day <= $4::date)
                    UNION ALL
                    SELECT level, vn_day, province_code, groups, people FROM reach_retained
                    WHERE (vn_day > (SELECT a FROM bound) AND vn_day <= $2::date) OR (vn_day > (SELECT b FROM bound) AND vn_day <= $4::date)
                ) r
                LEFT JOIN province_crosswalk w ON w.from_code = r.province_code
                CROSS JOIN LATERAL unnest(ARRAY[''] || r.groups) AS g(value)
                WHERE coalesce(w.to_code, r.province_code, 'unknown') = $1::text
            ) t GROUP BY level, grp
            """
        typealias Row = (level: String, group: String, before: Int, byEnd: Int)
        var province: String
        var dayBefore: VietnamDay
        var lastDay: VietnamDay

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(province)
            bindings.append(SQLDate(dayBefore))
            bindings.append(SQLDate(dayBefore.monthEndOnOrBefore))
            bindings.append(SQLDate(lastDay))
            bindings.append(SQLDate(lastDay.monthEndOnOrBefore))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            try row.decode((String, String, Int, Int).self)
        }
    }

    /// Every count a report of `scope` over `period` is made from.
    public static func counts(
        _ scope: Scope,
        period: ReportPeriod,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> ReportCounts {
        var counts = ReportCounts()
        for try await (id, name, organisation, starts, ends) in try await connection.run(
            """
            SELECT c.class_id::text, c.name, c.organisation_id, c.starts_on::text, c.ends_on::text
            FROM classes c JOIN organisations o ON o.organisation_id = c.organisation_id
            WHERE o.path @> ARRAY[\(scope.subtree)::text] OR o.province_code = \(scope.province)::text
            """,
            logger: logger
        ).decode((String, String, String, String, String).self) {
            guard let startsOn = VietnamDay(starts), let endsOn = VietnamDay(ends) else { continue }
            counts.classes.append(.init(id: id, name: name, organisationID: organisation, startsOn: startsOn, endsOn: endsOn))
        }
        let members = MemberFigures(
            scope: scope,
            start: period.from.start,
            end: period.to.plus(days: 1).start,
            from: period.from,
            to: period.to
        )
        for try await row in try await connection.run(members, logger: logger) {
            if row.kind == "class" { counts.byClass[row.key] = row.figures } else { counts.people[row.key] = row.figures }
        }
        if let province = scope.province {
            let figures = ProvinceFigures(province: province, dayBefore: period.from.plus(days: -1), lastDay: period.to)
            for try await row in try await connection.run(figures, logger: logger) {
                guard let index = ReachLevel(rawValue: row.level).flatMap(ReachLevel.allCases.firstIndex) else { continue }
                counts.provinceTotal[row.group, default: [0, 0, 0, 0]][index] += row.byEnd
                counts.provinceFirstTime[row.group, default: [0, 0, 0, 0]][index] += row.byEnd - row.before
            }
        }
        for try await (organisation, organisationID, provinceCode, start, end, activity, people) in try await connection.run(
            """
            SELECT organisation, organisation_id, province_code, period_start::text, period_end::text, activity, people FROM outside_reports
            WHERE period_start <= \(period.to.text)::date AND period_end >= \(period.from.text)::date
              AND (organisation_id IN (SELECT organisation_id FROM organisations WHERE path @> ARRAY[\(scope.subtree)::text])
                   OR province_code = \(scope.province)::text
                   OR province_code IN (SELECT from_code FROM province_crosswalk WHERE to_code = \(scope.province)::text))
            """,
            logger: logger
        ).decode((String, String?, String?, String, String, String, Int).self) {
            counts.outside.append(
                .init(
                    organisation: organisation,
                    organisationID: organisationID,
                    provinceCode: provinceCode,
                    periodStart: start,
                    periodEnd: end,
                    activity: activity,
                    people: people
                )
            )
        }
        return counts
    }

    /// The province's name, nil when there is no such province.
    public static func provinceName(_ code: String, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        try await connection.run("SELECT name FROM provinces WHERE code = \(code)", logger: logger).collect().first?.decode(String.self)
    }

    /// Whether someone managing `managed` (each with everything below it) runs the province's
    /// department: manages a province department of that province or one of its ancestors.
    public static func managesProvince(
        _ code: String,
        managed: [String],
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        try await connection.run(
            """
            SELECT EXISTS (SELECT FROM organisations
                           WHERE province_code = \(code) AND kind = 'province-department' AND path && \(managed)::text[])
            """,
            logger: logger
        ).collect().first?.decode(Bool.self) ?? false
    }

    /// Stores an issued report, audited in the same transaction.
    public static func issue(
        _ report: YearlyReport,
        document: String,
        by actorID: UUID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard let reportID = report.reportID, let issuedAt = report.issuedAt else { preconditionFailure("an issued report has an id") }
        try await connection.run(
            """
            INSERT INTO issued_reports (report_id, scope, scope_id, period_start, period_end, methodology_version, document, issued_at, issued_by)
            VALUES (\(reportID), \(report.scope.rawValue), \(report.scopeID), \(report.period.from.text)::date, \(report.period.to.text)::date,
                    \(report.methodologyVersion), \(document)::jsonb, \(issuedAt), \(actorID))
            """,
            logger: logger
        )
        try await AdminAudit.record(
            "issue-report",
            actorID: actorID,
            targetID: reportID,
            details: ["scope": report.scope.rawValue, "scopeId": report.scopeID],
            now: issuedAt,
            on: connection,
            logger: logger
        )
    }

    /// An issued report's scope and its document as stored.
    public static func issued(
        _ reportID: UUID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (scope: String, scopeID: String, document: String)? {
        try await connection.run(
            "SELECT scope, scope_id, document::text FROM issued_reports WHERE report_id = \(reportID)",
            logger: logger
        ).collect().first?.decode((String, String, String).self)
    }
}
