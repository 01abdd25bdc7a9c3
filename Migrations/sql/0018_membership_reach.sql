-- Each class membership keeps its own reach while it lasts (issue 19, item 7: a province report
-- over a million memberships in under a second). A report then reads one row per membership
-- instead of joining every membership to the activity log and first reach.
--
-- Kept by the same statements that write activity, first reach and memberships, in their own
-- transactions (MembershipReach in Persistence); backfilled here from the raw rows, the way
-- MembershipReach.refresh recounts them. Membership boundaries are exact to the instant (an action
-- counts when joined_at <= occurred_at < left_at); a report's period then cuts by Vietnam day, so
-- any period gives exactly the figures a recount from the raw rows gives.
--
-- active_<level>: the Vietnam days with activity at that level or deeper while a member.
-- first_<level>: the Vietnam day the person first reached the level, when that fell inside the
--   membership (NULL otherwise, and once the person is erased).
-- reach_groups: the groups of the person's first reach ('reached' row), for the group table.
-- other_memberships: whether the person has other memberships, so a report counts a person once
--   without grouping a million memberships by person (only these few are grouped).
ALTER TABLE class_memberships
    ADD COLUMN active_reached datemultirange NOT NULL DEFAULT '{}',
    ADD COLUMN active_learned datemultirange NOT NULL DEFAULT '{}',
    ADD COLUMN active_completed_course datemultirange NOT NULL DEFAULT '{}',
    ADD COLUMN active_certified datemultirange NOT NULL DEFAULT '{}',
    ADD COLUMN first_reached date,
    ADD COLUMN first_learned date,
    ADD COLUMN first_completed_course date,
    ADD COLUMN first_certified date,
    ADD COLUMN reach_groups text[],
    ADD COLUMN other_memberships boolean NOT NULL DEFAULT false;

UPDATE class_memberships m
SET active_reached = s.a1, active_learned = s.a2, active_completed_course = s.a3, active_certified = s.a4,
    first_reached = s.f1, first_learned = s.f2, first_completed_course = s.f3, first_certified = s.f4,
    reach_groups = s.groups, other_memberships = s.others
FROM (
    SELECT k.learner_id, k.class_id,
           coalesce(a.a1, '{}') AS a1, coalesce(a.a2, '{}') AS a2, coalesce(a.a3, '{}') AS a3, coalesce(a.a4, '{}') AS a4,
           f.f1, f.f2, f.f3, f.f4, f.groups,
           count(*) OVER (PARTITION BY k.learner_id) > 1 AS others
    FROM class_memberships k
    LEFT JOIN LATERAL (
        SELECT range_agg(daterange(x.vn_day, x.vn_day, '[]')) FILTER (WHERE x.depth >= 1) AS a1,
               range_agg(daterange(x.vn_day, x.vn_day, '[]')) FILTER (WHERE x.depth >= 2) AS a2,
               range_agg(daterange(x.vn_day, x.vn_day, '[]')) FILTER (WHERE x.depth >= 3) AS a3,
               range_agg(daterange(x.vn_day, x.vn_day, '[]')) FILTER (WHERE x.depth >= 4) AS a4
        FROM (SELECT vn_day, CASE kind WHEN 'enrolled' THEN 1 WHEN 'opened-lesson' THEN 1 WHEN 'started-quiz' THEN 1
                                       WHEN 'completed-lesson' THEN 2 WHEN 'completed-course' THEN 3 WHEN 'certified' THEN 4
                                       ELSE 0 END AS depth
              FROM learner_activity
              WHERE learner_id = k.learner_id AND occurred_at >= k.joined_at AND (k.left_at IS NULL OR occurred_at < k.left_at)) x
    ) a ON true
    LEFT JOIN LATERAL (
        SELECT min(r.vn_day) FILTER (WHERE r.level = 'reached' AND r.inside) AS f1,
               min(r.vn_day) FILTER (WHERE r.level = 'learned' AND r.inside) AS f2,
               min(r.vn_day) FILTER (WHERE r.level = 'completed-course' AND r.inside) AS f3,
               min(r.vn_day) FILTER (WHERE r.level = 'certified' AND r.inside) AS f4,
               min(r.groups) FILTER (WHERE r.level = 'reached') AS groups
        FROM (SELECT level, vn_day, groups, reached_at >= k.joined_at AND (k.left_at IS NULL OR reached_at < k.left_at) AS inside
              FROM first_reach WHERE learner_id = k.learner_id) r
    ) f ON true
) s
WHERE m.learner_id = s.learner_id AND m.class_id = s.class_id;
