import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Reach counts and the reference data they are judged against.
public enum ReachStore {
    /// People per level reached on or before `day` (`YYYY-MM-DD`, Vietnam): the first-reach rows
    /// plus what erased people left in the retained aggregate. Whole rolled months come from the
    /// roll-up's `sex` cut (one value per person, so its cells sum to everyone), the days after
    /// them from the rows.
    public static func counts(upTo day: String, on connection: PostgresConnection, logger: Logger) async throws -> [ReachLevel: Int] {
        let monthEnd = ReachDimension.monthEnd(onOrBefore: day)
        let rows = try await connection.run(
            """
            WITH bound AS (SELECT least(\(monthEnd)::date, rolled_through) AS day FROM reach_rollup_state)
            SELECT level, sum(people)::int FROM (
                SELECT level, sum(people) AS people FROM reach_rollup_cells
                WHERE cut = 'sex' AND month_end <= (SELECT day FROM bound) GROUP BY level
                UNION ALL
                SELECT level, count(*) FROM first_reach
                WHERE vn_day > (SELECT day FROM bound) AND vn_day <= \(day)::date GROUP BY level
                UNION ALL
                SELECT level, sum(people) FROM reach_retained
                WHERE vn_day > (SELECT day FROM bound) AND vn_day <= \(day)::date GROUP BY level
            ) counted GROUP BY level
            """,
            logger: logger
        )
        var counts: [ReachLevel: Int] = [:]
        for try await (level, people) in rows.decode((String, Int).self) {
            if let level = ReachLevel(rawValue: level) { counts[level] = people }
        }
        return counts
    }

    /// On erasure: the person's first-reach rows become anonymous counts, so no figure moves.
    public static func retain(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            WITH moved AS (DELETE FROM first_reach WHERE learner_id = \(learnerID)
                           RETURNING level, vn_day, province_code, sex, age_band, groups, channel)
            INSERT INTO reach_retained (level, vn_day, province_code, sex, age_band, groups, channel, people)
            SELECT level, vn_day, province_code, sex, age_band, groups, channel, 1 FROM moved
            """,
            logger: logger
        )
        // Memberships no longer name the person's first reach or its groups.
        try await MembershipReach.refresh([learnerID], on: connection, logger: logger)
    }
}

extension ReachStore {
    /// The SQL for each dimension's value; fixed text chosen from an enum, never from input.
    /// Provinces are mapped through the 2025 crosswalk so older rows count under today's units.
    static func expression(_ dimension: ReachDimension) -> String {
        switch dimension {
        case .province: "coalesce(w.to_code, r.province_code, 'unknown')"
        case .sex: "coalesce(r.sex, 'unknown')"
        case .ageBand: "r.age_band"
        case .group: "g.value"
        case .channel: "coalesce(r.channel, 'unknown')"
        }
    }

    /// People per level and combination of dimension values, reached on or before `day` (a
    /// month end): the rolled-up months plus the rows after them. A person in several groups
    /// counts once in each of them.
    public static func breakdown(
        _ dimensions: [ReachDimension],
        upTo day: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(level: ReachLevel, values: [String], people: Int)] {
        precondition((1...2).contains(dimensions.count))
        let ordered = cutOrder(dimensions)
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT level, v1, v2, sum(people)::int FROM (
                    SELECT level, v1, v2, people FROM reach_rollup_cells
                    WHERE cut = $1 AND month_end <= least($2::date, (SELECT rolled_through FROM reach_rollup_state))
                    UNION ALL
                    \(cells(ordered, after: "(SELECT rolled_through FROM reach_rollup_state)", through: "$2::date", monthly: false))
                ) t GROUP BY level, v1, v2
                """
        )
        query.binds.append(cut(ordered))
        query.binds.append(day)
        var result: [(ReachLevel, [String], Int)] = []
        for try await (level, first, second, people) in try await connection.run(query, logger: logger).decode((String, String, String, Int).self) {
            guard let level = ReachLevel(rawValue: level) else { continue }
            result.append((level, values(first, second, asked: dimensions), people))
        }
        return result
    }

    /// The dimensions in the fixed order their roll-up cut stores them.
    static func cutOrder(_ dimensions: [ReachDimension]) -> [ReachDimension] {
        dimensions.sorted { ReachDimension.allCases.firstIndex(of: $0)! < ReachDimension.allCases.firstIndex(of: $1)! }
    }

    /// A cell's `v1`, `v2` (in cut order) as the values of the dimensions in the order asked.
    static func values(_ first: String, _ second: String, asked dimensions: [ReachDimension]) -> [String] {
        dimensions.count == 1 ? [first] : cutOrder(dimensions) != dimensions ? [second, first] : [first, second]
    }

    /// Rolls up every whole month after the last one rolled, through `monthEnd`, for every cut
    /// and the course funnel; running it again changes nothing. Call it in a transaction: the
    /// state row's lock keeps two instances from rolling the same months. `rebuild` starts from
    /// scratch, for when past inputs changed (a backfill, a new crosswalk); without `monthEnd` it
    /// goes as far as the months already rolled.
    public static func rollUp(through monthEnd: String? = nil, rebuild: Bool = false, on connection: PostgresConnection, logger: Logger) async throws
    {
        let from =
            try await connection.run("SELECT rolled_through::text FROM reach_rollup_state FOR UPDATE", logger: logger)
            .collect().first?.decode(String.self) ?? "1999-12-31"
        let monthEnd = monthEnd ?? from
        if rebuild {
            try await connection.run("DELETE FROM reach_rollup_cells", logger: logger)
            try await connection.run("DELETE FROM funnel_rollup_cells", logger: logger)
        }
        let start = rebuild ? "1999-12-31" : from
        guard start < monthEnd else { return }
        for cut in cuts {
            var insert = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO reach_rollup_cells (cut, level, month_end, v1, v2, people)
                    SELECT $1, level, month_end, v1, v2, sum(people)::int FROM (
                        \(cells(cut, after: "$2::date", through: "$3::date", monthly: true))
                    ) t GROUP BY level, month_end, v1, v2
                    """
            )
            insert.binds.append(Self.cut(cut))
            insert.binds.append(start)
            insert.binds.append(monthEnd)
            try await connection.run(insert, logger: logger)
        }
        try await StatisticsStore.rollUpFunnel(after: start, through: monthEnd, on: connection, logger: logger)
        try await connection.run("UPDATE reach_rollup_state SET rolled_through = \(monthEnd)::date", logger: logger)
    }

    /// Every one- and two-dimension cut, dimensions in their fixed order.
    static let cuts: [[ReachDimension]] = {
        let all = ReachDimension.allCases
        return all.map { [$0] } + all.indices.flatMap { i in all.indices.filter { $0 > i }.map { [all[i], all[$0]] } }
    }()

    static func cut(_ dimensions: [ReachDimension]) -> String {
        dimensions.map(\.rawValue).joined(separator: ",")
    }

    /// One row per person (or retained count) and value combination reached after `after` and
    /// on or before `through` (SQL date expressions), with the month end when `monthly`.
    static func cells(_ dimensions: [ReachDimension], after: String, through: String, monthly: Bool) -> String {
        let month = monthly ? "(date_trunc('month', r.vn_day) + interval '1 month - 1 day')::date AS month_end, " : ""
        let second = dimensions.count == 2 ? expression(dimensions[1]) : "''"
        let groups = dimensions.contains(.group) ? "CROSS JOIN LATERAL unnest(r.groups) AS g(value)" : ""
        return """
            SELECT r.level, \(month)\(expression(dimensions[0])) AS v1, \(second) AS v2, r.people
            FROM (SELECT level, vn_day, province_code, sex, age_band, groups, channel, 1 AS people FROM first_reach
                  WHERE vn_day > \(after) AND vn_day <= \(through)
                  UNION ALL
                  SELECT level, vn_day, province_code, sex, age_band, groups, channel, people FROM reach_retained
                  WHERE vn_day > \(after) AND vn_day <= \(through)) r
            LEFT JOIN province_crosswalk w ON w.from_code = r.province_code
            \(groups)
            """
    }
}

extension ReachStore {
    /// Records a device's first awareness activity (later ones change nothing). A device already
    /// used to sign up or in arrives linked, so it never enters the anonymous series.
    public static func recordDevice(
        hash: ByteBuffer,
        activity: String,
        channel: String?,
        day: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.run(
            """
            INSERT INTO device_reach (device_hash, first_day, first_activity, channel, linked_day)
            SELECT \(hash), \(day)::date, \(activity), \(channel),
                   (SELECT min(linked_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date FROM learner_devices WHERE device_hash = \(hash))
            ON CONFLICT DO NOTHING
            """,
            logger: logger
        )
    }

    /// A device used to sign up or in leaves the anonymous series from `day`.
    public static func linkDevice(hash: ByteBuffer, day: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            "UPDATE device_reach SET linked_day = coalesce(linked_day, \(day)::date) WHERE device_hash = \(hash)",
            logger: logger
        )
    }

    /// Anonymous devices active on or before `day` and not linked to an account by then.
    public static func devices(upTo day: String, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.run(
            """
            SELECT count(*)::int FROM device_reach
            WHERE first_day <= \(day)::date AND (linked_day IS NULL OR linked_day > \(day)::date)
            """,
            logger: logger
        ).collect().first?.decode(Int.self) ?? 0
    }

    public static func recordOutsideReport(
        _ report: OutsideReport,
        id: UUID,
        actor: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.run(
            """
            INSERT INTO outside_reports (report_id, organisation, organisation_id, period_start, period_end, province_code, activity, people,
                                         evidence_url, recorded_at, recorded_by)
            VALUES (\(id), \(report.organisation), \(report.organisationID), \(report.periodStart)::date, \(report.periodEnd)::date,
                    \(report.province), \(report.activity), \(report.people), \(report.evidenceURL), \(now), \(actor))
            """,
            logger: logger
        )
    }

    /// Outside reports whose period ended in `year` on or before `day`: how many, and their sum.
    public static func outsideReports(
        year: Int,
        upTo day: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (reports: Int, people: Int) {
        let row = try await connection.run(
            """
            SELECT count(*)::int, coalesce(sum(people), 0)::int FROM outside_reports
            WHERE period_end <= \(day)::date AND extract(year FROM period_end) = \(year)
            """,
            logger: logger
        ).collect().first
        return try row?.decode((Int, Int).self) ?? (0, 0)
    }
}
