import Domain
import Foundation
import Logging
import PostgresNIO

/// The reach of each class membership, kept on the membership's own row (migration 0018), so a
/// yearly report reads one small row per membership instead of joining every membership to the
/// activity log and first reach (a million memberships: 17.7 s before, see Benchmarks/README.md).
///
/// Per level (`ReachLevel.allCases` order): `active_<level>`, the Vietnam days with activity at
/// that level or deeper while a member, and `first_<level>`, the Vietnam day of the level's first
/// reach when that fell inside the membership; `reach_groups`, the groups of the person's first
/// reach; `other_memberships`, whether the person is in other classes. The membership counts from
/// `joined_at` (included) to `left_at` (excluded), to the instant, as the report has always counted.
///
/// Every statement that writes activity, first reach or a membership keeps these in its own
/// transaction: `LearningStore.record` adds the day it writes, and a join, a leave, a new managed
/// account, erasure and the reach backfill recount the person's memberships with `refresh`.
public enum MembershipReach {
    /// The column suffix of a level: `completed-course` is `completed_course`.
    static func column(_ level: ReachLevel) -> String {
        level.rawValue.replacingOccurrences(of: "-", with: "_")
    }

    /// The SQL depth (1 to 4, `ReachLevel.allCases` order) of an activity kind in `column`;
    /// written from `Activity.level`, so Swift and SQL cannot disagree.
    static func depth(of column: String) -> String {
        let cases = Activity.allCases.map { activity in
            "WHEN '\(activity.rawValue)' THEN \(ReachLevel.allCases.firstIndex(of: activity.level)! + 1)"
        }
        return "CASE \(column) \(cases.joined(separator: " ")) ELSE 0 END"
    }

    /// Whether a membership `m` held at the instant `at` (an SQL expression).
    static func holds(at instant: String) -> String {
        "m.joined_at <= \(instant) AND (m.left_at IS NULL OR m.left_at > \(instant))"
    }

    /// Recounts, from the raw rows, the reach of every membership of `learnerIDs` (of everyone
    /// when nil, as migration 0018 did): for steps that change a membership's interval or the
    /// person's first reach other than by recording an action, which are rare and touch a person.
    public static func refresh(_ learnerIDs: [UUID]?, on connection: PostgresConnection, logger: Logger) async throws {
        let levels = ReachLevel.allCases.enumerated()
        let set = levels.map { index, level in
            "active_\(column(level)) = s.a\(index + 1), first_\(column(level)) = s.f\(index + 1)"
        }.joined(separator: ", ")
        let active = levels.map { index, _ in
            "coalesce(a.a\(index + 1), '{}') AS a\(index + 1), f.f\(index + 1)"
        }.joined(separator: ", ")
        let days = levels.map { index, _ in
            "range_agg(daterange(x.vn_day, x.vn_day, '[]')) FILTER (WHERE x.depth >= \(index + 1)) AS a\(index + 1)"
        }.joined(separator: ", ")
        let firsts = levels.map { index, level in
            "min(r.vn_day) FILTER (WHERE r.level = '\(level.rawValue)' AND r.inside) AS f\(index + 1)"
        }.joined(separator: ", ")
        try await connection.run(
            """
            UPDATE class_memberships m
            SET \(unescaped: set), reach_groups = s.groups, other_memberships = s.others
            FROM (
                SELECT k.learner_id, k.class_id, \(unescaped: active), f.groups,
                       count(*) OVER (PARTITION BY k.learner_id) > 1 AS others
                FROM class_memberships k
                LEFT JOIN LATERAL (
                    SELECT \(unescaped: days)
                    FROM (SELECT vn_day, \(unescaped: depth(of: "kind")) AS depth FROM learner_activity
                          WHERE learner_id = k.learner_id AND occurred_at >= k.joined_at
                            AND (k.left_at IS NULL OR occurred_at < k.left_at)) x
                ) a ON true
                LEFT JOIN LATERAL (
                    SELECT \(unescaped: firsts), min(r.groups) FILTER (WHERE r.level = 'reached') AS groups
                    FROM (SELECT level, vn_day, groups,
                                 reached_at >= k.joined_at AND (k.left_at IS NULL OR reached_at < k.left_at) AS inside
                          FROM first_reach WHERE learner_id = k.learner_id) r
                ) f ON true
                WHERE \(learnerIDs)::uuid[] IS NULL OR k.learner_id = ANY(\(learnerIDs)::uuid[])
            ) s
            WHERE m.learner_id = s.learner_id AND m.class_id = s.class_id
            """,
            logger: logger
        )
    }

    /// The `UPDATE` that `LearningStore.record` runs after its inserts, as one statement with
    /// them: the memberships of `$learner` held at `$now` gain `$day` at the activity's level
    /// (`depth`, 1 to 4 in `ReachLevel.allCases` order) and every level below, and the first
    /// reaches just written (`firsts`, a CTE of the inserted `level, groups`) when held; the
    /// person's first groups go to every membership. Rows that would not change are left alone,
    /// so repeated actions on one day write nothing more.
    static func recordUpdate(depth: String, learner: String, now: String, day: String) -> String {
        let held = holds(at: now)
        let oneDay = "datemultirange(daterange(\(day), \(day), '[]'))"
        let levels = ReachLevel.allCases.enumerated()
        let active = levels.map { index, level in
            let name = "active_\(column(level))"
            return "\(name) = CASE WHEN \(held) AND \(depth) >= \(index + 1) THEN m.\(name) + \(oneDay) ELSE m.\(name) END"
        }
        let first = ReachLevel.allCases.map { level in
            let name = "first_\(column(level))"
            return "\(name) = CASE WHEN \(held) AND EXISTS (SELECT FROM firsts WHERE level = '\(level.rawValue)') THEN \(day) ELSE m.\(name) END"
        }
        let deepest = levels.map { index, level in "WHEN \(index + 1) THEN m.active_\(column(level))" }.joined(separator: " ")
        return """
            UPDATE class_memberships m
            SET \((active + first).joined(separator: ", ")),
                reach_groups = coalesce((SELECT groups FROM firsts WHERE level = 'reached'), m.reach_groups)
            WHERE m.learner_id = \(learner)
              AND ((\(held) AND NOT (CASE \(depth) \(deepest) END) @> \(day)) OR EXISTS (SELECT FROM firsts))
            """
    }
}
