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
