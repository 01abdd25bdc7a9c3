import Domain
import Foundation
import Logging
import PostgresNIO

extension ReachStore {
    /// People first reached per day and level from `from` through `through` (both Vietnam days,
    /// inclusive), retained counts included; days nobody was reached are absent.
    public static func dailyIncrements(
        from: String,
        through: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(day: String, level: ReachLevel, people: Int)] {
        let rows = try await connection.run(
            """
            SELECT vn_day::text, level, sum(people)::int FROM (
                SELECT vn_day, level, count(*) AS people FROM first_reach
                WHERE vn_day >= \(from)::date AND vn_day <= \(through)::date GROUP BY vn_day, level
                UNION ALL
                SELECT vn_day, level, sum(people) FROM reach_retained
                WHERE vn_day >= \(from)::date AND vn_day <= \(through)::date GROUP BY vn_day, level
            ) t GROUP BY vn_day, level ORDER BY vn_day
            """,
            logger: logger
        )
        var result: [(String, ReachLevel, Int)] = []
        for try await (day, level, people) in rows.decode((String, String, Int).self) {
            if let level = ReachLevel(rawValue: level) { result.append((day, level, people)) }
        }
        return result
    }

    /// People first reached per month, level and combination of dimension values, for every
    /// month ending on or before `monthEnd`: the rolled-up months plus the rows after them, in
    /// one query. Summing a combination's months up to a month end gives its breakdown cell.
    public static func monthlyBreakdown(
        _ dimensions: [ReachDimension],
        through monthEnd: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [(monthEnd: String, level: ReachLevel, values: [String], people: Int)] {
        precondition((1...2).contains(dimensions.count))
        let ordered = cutOrder(dimensions)
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT month_end::text, level, v1, v2, sum(people)::int FROM (
                    SELECT level, month_end, v1, v2, people FROM reach_rollup_cells
                    WHERE cut = $1 AND month_end <= least($2::date, (SELECT rolled_through FROM reach_rollup_state))
                    UNION ALL
                    \(cells(ordered, after: "(SELECT rolled_through FROM reach_rollup_state)", through: "$2::date", period: .month))
                ) t GROUP BY month_end, level, v1, v2 ORDER BY month_end
                """
        )
        query.binds.append(cut(ordered))
        query.binds.append(monthEnd)
        var result: [(String, ReachLevel, [String], Int)] = []
        for try await (month, level, first, second, people) in try await connection.run(query, logger: logger)
            .decode((String, String, String, String, Int).self)
        {
            guard let level = ReachLevel(rawValue: level) else { continue }
            result.append((month, level, values(first, second, asked: dimensions), people))
        }
        return result
    }

    /// National internet users and targets for every year up to `through`: the earlier years too,
    /// since a year without figures of its own carries the latest earlier ones forward.
    public static func yearFigures(through: Int, on connection: PostgresConnection, logger: Logger) async throws -> YearFigures {
        var users: [Int: ReachReport.InternetUsers] = [:]
        var targets: [Int: Double] = [:]
        for try await row in try await connection.run(YearFiguresThrough(year: through), logger: logger) {
            if let count = row.users, let source = row.source, let status = row.status {
                users[row.year] = ReachReport.InternetUsers(year: row.year, users: count, source: source, status: status)
            }
            if let rate = row.target { targets[row.year] = rate }
        }
        return YearFigures(internetUsers: users, targets: targets)
    }

    /// Both in one statement, prepared once per connection: every reach read runs it.
    struct YearFiguresThrough: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "reach.yearFiguresThrough"
        static let sql = """
            SELECT year, users, source, status, NULL::float8 FROM internet_users WHERE scope = 'national' AND year <= $1
            UNION ALL
            SELECT year, NULL, NULL, NULL, target_rate::float8 FROM reach_targets WHERE target_rate IS NOT NULL AND year <= $1
            """
        static let bindingDataTypes: [PostgresDataType] = [.int8]
        typealias Row = (year: Int, users: Int?, source: String?, status: String?, target: Double?)
        var year: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(year)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            let (year, users, source, status, target) = try row.decode((Int, Int?, String?, String?, Double?).self)
            return (year, users, source, status, target)
        }
    }
}

extension ReachStore {
    /// Internet users per province code: the latest figure loaded up to `year`, with its year.
    public static func provinceInternetUsers(
        year: Int,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [String: (year: Int, users: Int)] {
        var users: [String: (year: Int, users: Int)] = [:]
        for try await (scope, figureYear, count) in try await connection.run(ProvinceUsersThrough(year: year), logger: logger) {
            users[scope] = (figureYear, count)
        }
        return users
    }

    /// Prepared once per connection: every reach read by province runs it.
    struct ProvinceUsersThrough: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "reach.provinceUsersThrough"
        static let sql = """
            SELECT DISTINCT ON (scope) scope, year, users FROM internet_users
            WHERE year <= $1 AND scope <> 'national' ORDER BY scope, year DESC
            """
        static let bindingDataTypes: [PostgresDataType] = [.int8]
        typealias Row = (String, Int, Int)
        var year: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(year)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> (String, Int, Int) { try row.decode((String, Int, Int).self) }
    }
}
