import Domain
import Foundation
import Logging
import PostgresNIO

/// Reach counts and the reference data they are judged against.
public enum ReachStore {
    /// People per level reached on or before `day` (`YYYY-MM-DD`, Vietnam): the first-reach rows
    /// plus what erased people left in the retained aggregate.
    public static func counts(upTo day: String, on connection: PostgresConnection, logger: Logger) async throws -> [ReachLevel: Int] {
        let rows = try await connection.query(
            """
            SELECT level, sum(people)::int FROM (
                SELECT level, count(*) AS people FROM first_reach WHERE vn_day <= \(day)::date GROUP BY level
                UNION ALL
                SELECT level, sum(people) FROM reach_retained WHERE vn_day <= \(day)::date GROUP BY level
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

    public static func internetUsers(year: Int, on connection: PostgresConnection, logger: Logger) async throws -> ReachReport.InternetUsers? {
        let rows = try await connection.query(
            "SELECT users, source, status FROM internet_users WHERE year = \(year) AND scope = 'national'", logger: logger
        )
        for try await (users, source, status) in rows.decode((Int, String, String).self) {
            return ReachReport.InternetUsers(year: year, users: users, source: source, status: status)
        }
        return nil
    }

    public static func target(year: Int, on connection: PostgresConnection, logger: Logger) async throws -> Double? {
        let rows = try await connection.query("SELECT target_rate::float8 FROM reach_targets WHERE year = \(year)", logger: logger)
        for try await rate in rows.decode(Double?.self) { return rate }
        return nil
    }

    /// On erasure: the person's first-reach rows become anonymous counts, so no figure moves.
    public static func retain(learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            WITH moved AS (DELETE FROM first_reach WHERE learner_id = \(learnerID)
                           RETURNING level, vn_day, province_code, sex, age_band, groups, channel)
            INSERT INTO reach_retained (level, vn_day, province_code, sex, age_band, groups, channel, people)
            SELECT level, vn_day, province_code, sex, age_band, groups, channel, 1 FROM moved
            """,
            logger: logger
        )
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

    /// People per level and combination of dimension values, reached on or before `day`.
    /// A person in several groups counts once in each of them.
    public static func breakdown(
        _ dimensions: [ReachDimension], upTo day: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> [(level: ReachLevel, values: [String], people: Int)] {
        precondition((1...2).contains(dimensions.count))
        let columns = dimensions.enumerated().map { index, dimension in "\(expression(dimension)) AS d\(index + 1)" }.joined(separator: ", ")
        let groups = dimensions.contains(.group) ? "CROSS JOIN LATERAL unnest(r.groups) AS g(value)" : ""
        let second = dimensions.count == 2 ? "d2" : "''"
        var query = PostgresQuery(unsafeSQL: """
            SELECT level, d1, \(second), sum(people)::int FROM (
                SELECT r.level, \(columns), r.people
                FROM (SELECT level, vn_day, province_code, sex, age_band, groups, channel, 1 AS people FROM first_reach
                      UNION ALL
                      SELECT level, vn_day, province_code, sex, age_band, groups, channel, people FROM reach_retained) r
                LEFT JOIN province_crosswalk w ON w.from_code = r.province_code
                \(groups)
                WHERE r.vn_day <= $1::date
            ) t GROUP BY level, d1\(dimensions.count == 2 ? ", d2" : "")
            """)
        query.binds.append(day)
        var result: [(ReachLevel, [String], Int)] = []
        for try await (level, first, secondValue, people) in try await connection.query(query, logger: logger).decode((String, String, String, Int).self) {
            guard let level = ReachLevel(rawValue: level) else { continue }
            result.append((level, dimensions.count == 2 ? [first, secondValue] : [first], people))
        }
        return result
    }
}
