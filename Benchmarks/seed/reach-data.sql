-- Generated reach data for the statistics benchmark: :learners people first reached between
-- 2023-01-01 and :last_day (evenly), most of whom went on to learn, some to complete a course and a
-- few to be certified (up to nine days later), spread over today's and pre-2025 provinces, sexes,
-- age bands, groups and channels. Times are Vietnam's, as the server writes them: `vn_day` is the
-- day of `reached_at` there.
-- Run: psql -v learners=100000 [-v last_day=2026-01-01] -f Benchmarks/seed/reach-data.sql DATABASE_URL
-- (on a migrated database; the last day is 2025-12-31 unless given)
\set ON_ERROR_STOP on
\if :{?last_day}
\else
\set last_day 2025-12-31
\endif
BEGIN;
CREATE TEMP TABLE codes AS SELECT array_agg(code ORDER BY code) AS all_codes FROM provinces;
INSERT INTO first_reach (learner_id, level, reached_at, vn_day, province_code, sex, age_band, groups, channel)
SELECT p.id, l.level, (p.day + l.lag) AT TIME ZONE 'Asia/Ho_Chi_Minh', (p.day + l.lag)::date, p.province, p.sex, p.band, p.groups, p.channel
FROM (
    SELECT gen_random_uuid() AS id,
           timestamp '2023-01-01' + (random() * (date :'last_day' - date '2023-01-01' + 1)) * interval '1 day' AS day,
           c.all_codes[1 + floor(random() * cardinality(c.all_codes))::int] AS province,
           (ARRAY['female', 'male', 'other', NULL])[1 + floor(random() * 4)::int] AS sex,
           (ARRAY['under-15', '15-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown'])[1 + floor(random() * 8)::int] AS band,
           CASE WHEN random() < 0.1 THEN ARRAY['older-person'] ELSE '{}'::text[] END AS groups,
           (ARRAY['web', 'android', 'ios', NULL])[1 + floor(random() * 4)::int] AS channel,
           random() AS depth
    FROM generate_series(1, :learners), codes c
) p
CROSS JOIN LATERAL (VALUES ('reached', interval '0'), ('learned', interval '1 day'),
                           ('completed-course', interval '5 days'), ('certified', interval '9 days')) AS l(level, lag)
WHERE l.level = 'reached' OR (l.level = 'learned' AND p.depth < 0.8)
   OR (l.level = 'completed-course' AND p.depth < 0.4) OR (l.level = 'certified' AND p.depth < 0.15)
-- In the order people reach each level, as the server writes them: a day's rows lie together on
-- disk, as in a real table, not scattered over all of it.
ORDER BY p.day + l.lag;
COMMIT;
-- As autovacuum leaves an insert-only table, so a read scans the index alone.
VACUUM ANALYZE first_reach;
