import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Reach counts and the reference data they are judged against.
public enum ReachStore {
    /// People per level reached on or before `day` (Vietnam): the first-reach rows plus what
    /// erased people left in the retained aggregate (`CountsUpTo`).
    public static func counts(upTo day: VietnamDay, on connection: PostgresConnection, logger: Logger) async throws -> [ReachLevel: Int] {
        var counts: [ReachLevel: Int] = [:]
        for try await (level, people) in try await connection.run(CountsUpTo(day: day), logger: logger) {
            if let level = ReachLevel(rawValue: level) { counts[level] = people }
        }
        return counts
    }

    // Every reach read runs the statements below, most of them twice: prepared once per
    // connection, they skip PostgreSQL's parsing and planning, which cost more than running them.

    /// For the last rolled day or later, the totals of the `sex` cut (one value per person, so
    /// its cells sum to everyone) plus the rows after them, of which those reached before
    /// `hours_before` come from the hour cells when the day reaches that far; for an earlier day,
    /// the rolled months through its month end plus the `sex` cut's day cells after them, which
    /// are kept for every rolled day for this. Planned once for any day: the rows' bounds come
    /// from the state row.
    struct CountsUpTo: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "reach.countsUpTo"
        static let sql = """
            WITH \(ReachStore.rolledState(day: "$1::date")),
            bound AS (SELECT least($2, rolled_through) AS months, days, latest, hours, rows_from FROM state)
            SELECT level, sum(people)::int FROM (
                SELECT level, sum(people) AS people FROM reach_rollup_totals
                WHERE cut = 'sex' AND (SELECT latest FROM bound) GROUP BY level
                UNION ALL
                SELECT level, sum(people) FROM reach_rollup_hours
                WHERE cut = 'sex' AND (SELECT hours FROM bound) GROUP BY level
                UNION ALL
                SELECT level, sum(people) FROM reach_rollup_cells
                WHERE cut = 'sex' AND NOT (SELECT latest FROM bound) AND month_end <= (SELECT months FROM bound) GROUP BY level
                UNION ALL
                SELECT level, sum(people) FROM reach_rollup_days
                WHERE cut = 'sex' AND NOT (SELECT latest FROM bound) AND day > (SELECT months FROM bound) AND day <= $1
                GROUP BY level
                UNION ALL
                SELECT level, count(*) FROM first_reach
                WHERE vn_day > (SELECT days FROM bound) AND vn_day <= $1 AND reached_at >= (SELECT rows_from FROM bound)
                GROUP BY level
                UNION ALL
                SELECT level, sum(people) FROM reach_retained
                WHERE vn_day > (SELECT days FROM bound) AND vn_day <= $1 AND coalesce(reached_hour, 'infinity') >= (SELECT rows_from FROM bound)
                GROUP BY level
            ) counted GROUP BY level
            """
        static let bindingDataTypes: [PostgresDataType] = [.date, .date]
        typealias Row = (String, Int)
        var day: VietnamDay

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(SQLDate(day))
            bindings.append(SQLDate(day.monthEndOnOrBefore))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (String, Int) { try row.decode((String, Int).self) }
    }

    /// On erasure: the person's first-reach rows become anonymous counts, so no figure moves.
    /// They keep the hour they were reached in, which is all the hour cells need.
    public static func retain(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            WITH moved AS (DELETE FROM first_reach WHERE learner_id = \(learnerID)
                           RETURNING level, reached_at, vn_day, province_code, sex, age_band, groups, channel)
            INSERT INTO reach_retained (level, reached_hour, vn_day, province_code, sex, age_band, groups, channel, people)
            SELECT level, date_trunc('hour', reached_at, 'UTC'), vn_day, province_code, sex, age_band, groups, channel, 1 FROM moved
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
    /// month end): the rolled-up months, days and hours plus the rows after them. A person in
    /// several groups counts once in each of them.
    public static func breakdown(
        _ dimensions: [ReachDimension],
        upTo day: VietnamDay,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(level: ReachLevel, values: [String], people: Int)] {
        precondition((1...2).contains(dimensions.count))
        var result: [(ReachLevel, [String], Int)] = []
        for try await (level, first, second, people) in try await connection.run(Breakdown(cut: cutOrder(dimensions), day: day), logger: logger) {
            guard let level = ReachLevel(rawValue: level) else { continue }
            result.append((level, values(first, second, asked: dimensions), people))
        }
        return result
    }

    /// Every grouped read runs it: one statement for every cut, prepared once per connection,
    /// so PostgreSQL neither parses nor plans it again (which cost more than running it). The
    /// cut's dimensions are parameters, chosen from the rows by `chosen`.
    struct Breakdown: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "reach.breakdown"
        static let sql = """
            WITH \(ReachStore.rolledBounds(monthEnd: "$2::date"))
            SELECT level, v1, v2, sum(people)::int FROM (
                SELECT level, v1, v2, people FROM reach_rollup_totals
                WHERE cut = $1 AND (SELECT latest FROM bound)
                UNION ALL
                SELECT level, v1, v2, people FROM reach_rollup_hours
                WHERE cut = $1 AND (SELECT hours FROM bound)
                UNION ALL
                SELECT level, v1, v2, people FROM reach_rollup_cells
                WHERE cut = $1 AND NOT (SELECT latest FROM bound) AND month_end <= (SELECT months FROM bound)
                UNION ALL
                SELECT level, v1, v2, people FROM reach_rollup_days
                WHERE cut = $1 AND NOT (SELECT latest FROM bound) AND day > (SELECT rolled FROM bound) AND day <= (SELECT days FROM bound)
                UNION ALL
                \(ReachStore.rows(
                    v1: ReachStore.chosen("$3"),
                    v2: ReachStore.chosen("$4"),
                    groups: "CROSS JOIN LATERAL unnest(CASE WHEN 'group' IN ($3, $4) THEN r.groups ELSE ARRAY[NULL::text] END) AS g(value)",
                    after: "(SELECT rows_after FROM bound)",
                    through: "$2::date",
                    reachedFrom: "(SELECT rows_from FROM bound)"
                ))
            ) t GROUP BY level, v1, v2
            """
        static let bindingDataTypes: [PostgresDataType] = [.text, .date, .text, .text]
        typealias Row = (String, String, String, Int)
        /// The dimensions in cut order.
        var cut: [ReachDimension]
        var day: VietnamDay

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(ReachStore.cut(cut))
            bindings.append(SQLDate(day))
            bindings.append(cut[0].rawValue)
            bindings.append(cut.count == 2 ? cut[1].rawValue : "")
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The SQL for the value of the dimension an SQL text expression names (a `ReachDimension`'s
    /// raw value), `''` for none.
    static func chosen(_ dimension: String) -> String {
        let cases = ReachDimension.allCases.map { "WHEN '\($0.rawValue)' THEN \(expression($0))" }.joined(separator: " ")
        return "CASE \(dimension) \(cases) ELSE '' END"
    }

    /// A `state` CTE for a figure reached on or before `day` (an SQL date expression): the state
    /// row, the last rolled day the figure reaches (`days`), whether the figure is for the last
    /// rolled day or later (`latest`: it adds the totals of everything rolled), whether it
    /// reaches the day of `hours_before` with hour cells still written after the last rolled day
    /// (`hours`: it adds them), and from when it counts rows one by one (`rows_from`:
    /// `hours_before` when it adds the hour cells).
    static func rolledState(day: String) -> String {
        """
        state AS (SELECT rolled_through, days_rolled_through, least(\(day), days_rolled_through) AS days, latest, hours,
                         CASE WHEN hours THEN hours_before ELSE '-infinity' END AS rows_from
                  FROM (SELECT rolled_through, days_rolled_through, hours_before, \(day) >= days_rolled_through AS latest,
                               coalesce(\(day) >= days_rolled_through AND hours_after = days_rolled_through
                                        AND \(day) >= (hours_before AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, false) AS hours
                        FROM reach_rollup_state) s)
        """
    }

    /// A `bound` CTE for a breakdown at `monthEnd` (an SQL date expression), after
    /// `rolledState`. A figure for the last rolled day or later is the totals of everything
    /// rolled, the hour cells when it reaches them, and the rows after; an earlier one sums the
    /// rolled months through it (`months`), the rolled days after them (those after `rolled`
    /// through `days`) and the rows after those. `rows_after` is the day after which rows are
    /// counted. Day cells are read only after the rolled months, never from the stored state
    /// alone: the `sex` cut keeps them for every day, and a node still on the binary before day
    /// roll-ups may roll a month without dropping its day cells (it never touches the totals,
    /// which stay exact through their day).
    static func rolledBounds(monthEnd: String) -> String {
        """
        \(rolledState(day: monthEnd)),
        bound AS (SELECT least(\(monthEnd), rolled_through) AS months, rolled_through AS rolled, days, latest, hours, rows_from,
                         CASE WHEN latest THEN days_rolled_through
                              WHEN days > rolled_through THEN days
                              ELSE least(\(monthEnd), rolled_through) END AS rows_after
                  FROM state)
        """
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
    /// and the course funnel, then every whole day after the rolled months through `lastDay`,
    /// and sums them into the totals; with `rowsBefore` (on the hour), it then rewrites the hour
    /// cells: the rows after the last rolled day reached before then. Running it again changes
    /// nothing. Call it in a transaction: the state row's lock keeps two instances from rolling
    /// the same months. `rebuild` starts from scratch, for when past inputs changed (a backfill,
    /// a new crosswalk); without `monthEnd` or `lastDay` it goes as far as the months or days
    /// already rolled, and without `rowsBefore` it drops the hour cells if anything changed.
    public static func rollUp(
        through monthEnd: String? = nil,
        daysThrough lastDay: String? = nil,
        rowsBefore: Date? = nil,
        rebuild: Bool = false,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let state = try await connection.run(
            "SELECT rolled_through::text, days_rolled_through::text FROM reach_rollup_state FOR UPDATE",
            logger: logger
        ).collect().first?.decode((String, String).self)
        let (from, daysFrom) = state ?? ("1999-12-31", "1999-12-31")
        let monthEnd = monthEnd ?? from
        let lastDay = lastDay ?? daysFrom
        if rebuild {
            try await connection.run("DELETE FROM reach_rollup_cells", logger: logger)
            try await connection.run("DELETE FROM funnel_rollup_cells", logger: logger)
            try await connection.run("DELETE FROM reach_rollup_days", logger: logger)
        }
        let start = rebuild ? "1999-12-31" : from
        if start < monthEnd {
            try await insertCells(
                into: "reach_rollup_cells (cut, level, month_end, v1, v2, people)",
                after: start,
                through: monthEnd,
                period: .month,
                on: connection,
                logger: logger
            )
            try await StatisticsStore.rollUpFunnel(after: start, through: monthEnd, on: connection, logger: logger)
        }
        let months = max(start, monthEnd)
        let days = max(months, lastDay, rebuild ? months : daysFrom)
        // Days already in a rolled month are read from it now, but for the `sex` cut's, which
        // the national count of any day reads; the rest keep their cells.
        try await connection.run("DELETE FROM reach_rollup_days WHERE day <= \(months)::date AND cut <> 'sex'", logger: logger)
        let others = rebuild ? months : max(months, daysFrom)
        if others < days {
            try await insertCells(
                into: "reach_rollup_days (cut, level, day, v1, v2, people)",
                cuts: cuts.filter { $0 != [.sex] },
                after: others,
                through: days,
                period: .day,
                on: connection,
                logger: logger
            )
        }
        let sexFrom = rebuild ? "1999-12-31" : daysFrom
        if sexFrom < days {
            try await insertCells(
                into: "reach_rollup_days (cut, level, day, v1, v2, people)",
                cuts: [[.sex]],
                after: sexFrom,
                through: days,
                period: .day,
                on: connection,
                logger: logger
            )
        }
        let changed = rebuild || months != from || days != daysFrom
        // Most hourly runs find no new whole day: the totals stay.
        if changed {
            try await connection.run(
                "UPDATE reach_rollup_state SET rolled_through = \(months)::date, days_rolled_through = \(days)::date",
                logger: logger
            )
            try await connection.run("DELETE FROM reach_rollup_totals", logger: logger)
            try await connection.run(
                """
                INSERT INTO reach_rollup_totals (cut, level, v1, v2, people)
                SELECT cut, level, v1, v2, sum(people) FROM (
                    SELECT cut, level, v1, v2, people FROM reach_rollup_cells
                    UNION ALL
                    SELECT cut, level, v1, v2, people FROM reach_rollup_days WHERE day > \(months)::date
                ) rolled GROUP BY cut, level, v1, v2
                """,
                logger: logger
            )
        }
        if let rowsBefore {
            try await rollUpHours(after: days, before: rowsBefore, on: connection, logger: logger)
        } else if changed {
            // Cells of rows now in a rolled day, or counted before a rebuild: read the rows.
            try await connection.run("DELETE FROM reach_rollup_hours", logger: logger)
            try await connection.run("UPDATE reach_rollup_state SET hours_after = NULL, hours_before = NULL", logger: logger)
        }
    }

    /// Rolls up as far as `horizon` goes: its months, days and hours.
    public static func rollUp(to horizon: RollUpHorizon, rebuild: Bool, on connection: PostgresConnection, logger: Logger) async throws {
        try await rollUp(
            through: horizon.monthEnd.text,
            daysThrough: horizon.lastDay.text,
            rowsBefore: horizon.rowsBefore,
            rebuild: rebuild,
            on: connection,
            logger: logger
        )
    }

    /// Rewrites the hour cells: every cut's people per level and values for the rows after the
    /// day `after` reached before `before`, which is on the hour, as retained rows keep only that.
    static func rollUpHours(after: String, before: Date, on connection: PostgresConnection, logger: Logger) async throws {
        precondition(before.timeIntervalSince1970.truncatingRemainder(dividingBy: 3600) == 0, "hour cells end on the hour")
        try await connection.run("DELETE FROM reach_rollup_hours", logger: logger)
        try await insertCells(
            into: "reach_rollup_hours (cut, level, v1, v2, people)",
            after: after,
            through: VietnamDay(of: before).text,
            period: nil,
            reachedBefore: before,
            on: connection,
            logger: logger
        )
        try await connection.run(
            "UPDATE reach_rollup_state SET hours_after = \(after)::date, hours_before = \(before)",
            logger: logger
        )
    }

    /// One statement per cut of `cuts`: people per level, period (if any) and values for the
    /// rows after `after` through `through` (days, `YYYY-MM-DD`), and reached before
    /// `reachedBefore` if given.
    static func insertCells(
        into table: String,
        cuts: [[ReachDimension]] = cuts,
        after: String,
        through: String,
        period: Period?,
        reachedBefore: Date? = nil,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let periodColumn = period == nil ? "" : "period, "
        for cut in cuts {
            var insert = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table)
                    SELECT $1, level, \(periodColumn)v1, v2, sum(people)::int FROM (
                        \(cells(cut, after: "$2::date", through: "$3::date", period: period, reachedBefore: reachedBefore == nil ? nil : "$4::timestamptz"))
                    ) t GROUP BY level, \(periodColumn)v1, v2
                    """
            )
            insert.binds.append(Self.cut(cut))
            insert.binds.append(after)
            insert.binds.append(through)
            if let reachedBefore { insert.binds.append(reachedBefore) }
            try await connection.run(insert, logger: logger)
        }
    }

    /// Every one- and two-dimension cut, dimensions in their fixed order.
    static let cuts: [[ReachDimension]] = {
        let all = ReachDimension.allCases
        return all.map { [$0] } + all.indices.flatMap { i in all.indices.filter { $0 > i }.map { [all[i], all[$0]] } }
    }()

    static func cut(_ dimensions: [ReachDimension]) -> String {
        dimensions.map(\.rawValue).joined(separator: ",")
    }

    /// The span a roll-up cell counts.
    enum Period {
        case month, day

        /// The SQL for the last day of the period of a row's `vn_day`.
        var end: String {
            switch self {
            case .month: "(date_trunc('month', r.vn_day) + interval '1 month - 1 day')::date"
            case .day: "r.vn_day"
            }
        }
    }

    /// One row per person (or retained count) and value combination of `dimensions` reached
    /// after `after` and on or before `through` (SQL date expressions), as `rows` selects them.
    static func cells(
        _ dimensions: [ReachDimension],
        after: String,
        through: String,
        period: Period? = nil,
        reachedBefore: String? = nil
    ) -> String {
        rows(
            v1: expression(dimensions[0]),
            v2: dimensions.count == 2 ? expression(dimensions[1]) : "''",
            groups: dimensions.contains(.group) ? "CROSS JOIN LATERAL unnest(r.groups) AS g(value)" : "",
            after: after,
            through: through,
            period: period,
            reachedBefore: reachedBefore
        )
    }

    /// One row per person (or retained count) and values `v1`, `v2` (SQL over the row `r`, the
    /// crosswalk `w` and a group `g` from the `groups` join) reached after `after` and on or
    /// before `through` (SQL date expressions), with the end of its `period` as `period` when
    /// one is given, and only those reached from `reachedFrom` or before `reachedBefore` (SQL
    /// timestamptz expressions on the hour) when given. Retained rows keep only the hour; those
    /// retained before it was kept have none: never rolled into hour cells, always counted as rows.
    static func rows(
        v1: String,
        v2: String,
        groups: String,
        after: String,
        through: String,
        period: Period? = nil,
        reachedFrom: String? = nil,
        reachedBefore: String? = nil
    ) -> String {
        let end = period.map { "\($0.end) AS period, " } ?? ""
        let reached = (reachedFrom.map { " AND reached_at >= \($0)" } ?? "") + (reachedBefore.map { " AND reached_at < \($0)" } ?? "")
        let retained =
            (reachedFrom.map { " AND coalesce(reached_hour, 'infinity') >= \($0)" } ?? "")
            + (reachedBefore.map { " AND reached_hour < \($0)" } ?? "")
        return """
            SELECT r.level, \(end)\(v1) AS v1, \(v2) AS v2, r.people
            FROM (SELECT level, vn_day, province_code, sex, age_band, groups, channel, 1 AS people FROM first_reach
                  WHERE vn_day > \(after) AND vn_day <= \(through)\(reached)
                  UNION ALL
                  SELECT level, vn_day, province_code, sex, age_band, groups, channel, people FROM reach_retained
                  WHERE vn_day > \(after) AND vn_day <= \(through)\(retained)) r
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
    public static func devices(upTo day: VietnamDay, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        for try await count in try await connection.run(DevicesUpTo(day: day), logger: logger) { return count }
        return 0
    }

    struct DevicesUpTo: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "reach.devicesUpTo"
        static let sql = "SELECT count(*)::int FROM device_reach WHERE first_day <= $1 AND (linked_day IS NULL OR linked_day > $1)"
        static let bindingDataTypes: [PostgresDataType] = [.date]
        typealias Row = Int
        var day: VietnamDay

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(SQLDate(day))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
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

    /// Outside reports whose period ended in `day`'s year on or before it: how many, and their sum.
    public static func outsideReports(
        upTo day: VietnamDay,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (reports: Int, people: Int) {
        for try await figures in try await connection.run(OutsideReportsUpTo(day: day), logger: logger) { return figures }
        return (0, 0)
    }

    struct OutsideReportsUpTo: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "reach.outsideReportsUpTo"
        static let sql = """
            SELECT count(*)::int, coalesce(sum(people), 0)::int FROM outside_reports
            WHERE period_end <= $1 AND period_end >= $2
            """
        static let bindingDataTypes: [PostgresDataType] = [.date, .date]
        typealias Row = (Int, Int)
        var day: VietnamDay

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(SQLDate(day))
            bindings.append(SQLDate(.firstDay(of: day.year)))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (Int, Int) { try row.decode((Int, Int).self) }
    }
}
