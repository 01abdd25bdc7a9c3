import Domain
import Foundation
import Logging
import PostgresNIO

extension ReachStore {
    /// Writes the first-reach rows missing for recorded activity (insert if absent) and returns
    /// how many were missing per level. Call it in a transaction, followed by a roll-up rebuild
    /// when anything was written: past months change.
    ///
    /// The actions write these rows themselves, so a gap means rows lost to a bug or a restore.
    /// Each missing level is dated by the earliest activity that earns it; the dimensions are the
    /// learner's as they stand now (the day's own are not recorded elsewhere) and the age band is
    /// the one of that day's year. Erased people are skipped: their reach is already in the
    /// retained aggregate.
    ///
    /// It then recounts every membership's reach (`MembershipReach.refresh`) from the rows, the
    /// written ones included; that also repairs memberships touched by a binary from before
    /// migration 0018 during a rolling upgrade.
    public static func backfill(on connection: PostgresConnection, logger: Logger) async throws -> [ReachLevel: Int] {
        let earns = Activity.allCases.map { activity in
            "WHEN '\(activity.rawValue)' THEN ARRAY[\(activity.level.withLowerLevels.map { "'\($0.rawValue)'" }.joined(separator: ","))]"
        }.joined(separator: " ")
        let bounds = AgeBand.lowerBounds
        let bands = AgeBand.allCases.map(\.rawValue)
        var query = PostgresQuery(
            unsafeSQL: """
                WITH earliest AS (
                    SELECT DISTINCT ON (a.learner_id, e.level) a.learner_id, e.level, a.occurred_at, a.vn_day, a.channel
                    FROM learner_activity a CROSS JOIN LATERAL unnest(CASE a.kind \(earns) END) AS e(level)
                    ORDER BY a.learner_id, e.level, a.occurred_at, a.activity_id
                ), written AS (
                    INSERT INTO first_reach (learner_id, level, reached_at, vn_day, province_code, sex, age_band, groups, channel)
                    SELECT l.learner_id, e.level, e.occurred_at, e.vn_day, l.province_code, l.sex,
                           CASE WHEN l.birth_year IS NULL THEN ($1::text[])[8]
                                ELSE ($1::text[])[1 + (SELECT count(*) FROM unnest($2::int[]) b
                                                       WHERE extract(year FROM e.vn_day)::int - l.birth_year >= b)::int] END,
                           l.groups, e.channel
                    FROM earliest e JOIN learners l ON l.learner_id = e.learner_id AND l.erased_at IS NULL
                    ON CONFLICT (learner_id, level) DO NOTHING
                    RETURNING level
                )
                SELECT level, count(*)::int FROM written GROUP BY level
                """
        )
        query.binds.append(bands)
        query.binds.append(bounds)
        var written: [ReachLevel: Int] = [:]
        for try await (level, count) in try await connection.run(query, logger: logger).decode((String, Int).self) {
            if let level = ReachLevel(rawValue: level) { written[level] = count }
        }
        try await MembershipReach.refresh(nil, on: connection, logger: logger)
        return written
    }
}
