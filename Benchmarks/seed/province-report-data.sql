-- Generated data for the province report benchmark (Benchmarks/province-report): a province
-- department of Hà Nội with :organisations schools below it, two classes each, and :learners
-- people registered in Hà Nội, each a member of one class since a day of 2026, with their
-- activity and first-reach rows (most learned, some completed a course, a few certified).
-- Run: psql -v organisations=1000 -v learners=1000000 -f Benchmarks/seed/province-report-data.sql DATABASE_URL
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO organisations (organisation_id, parent_id, kind, name_vi, name_en, province_code, path, created_at)
VALUES ('bench-national', NULL, 'national-programme', 'Chương trình quốc gia', 'National programme', NULL, ARRAY['bench-national'], now()),
       ('bench-so', 'bench-national', 'province-department', 'Sở Hà Nội', 'Ha Noi department', 'ha-noi',
        ARRAY['bench-national', 'bench-so'], now());
INSERT INTO organisations (organisation_id, parent_id, kind, name_vi, name_en, province_code, path, created_at)
SELECT 'bench-school-' || i, 'bench-so', 'school', 'Trường ' || i, 'School ' || i, 'ha-noi',
       ARRAY['bench-national', 'bench-so', 'bench-school-' || i], now()
FROM generate_series(1, :organisations - 1) AS i;
CREATE TEMP TABLE bench_classes AS
SELECT row_number() OVER () - 1 AS n, gen_random_uuid() AS class_id, o.organisation_id, k
FROM organisations o CROSS JOIN generate_series(0, 1) AS k WHERE o.organisation_id LIKE 'bench-school-%' OR o.organisation_id = 'bench-so';
INSERT INTO classes (class_id, organisation_id, name, course_ids, starts_on, ends_on, capacity, created_at)
SELECT class_id, organisation_id, 'Lớp ' || n, '{example-course}', date '2026-01-05' + (k * 150), date '2026-05-31' + (k * 180), 100000, now()
FROM bench_classes;
CREATE TEMP TABLE people AS
SELECT gen_random_uuid() AS id, i,
       timestamptz '2026-01-05 08:00+07' + (random() * 320) * interval '1 day' AS joined,
       CASE WHEN random() < 0.15 THEN ARRAY['older-person'] WHEN random() < 0.2 THEN ARRAY['student'] ELSE '{}'::text[] END AS groups,
       random() AS depth
FROM generate_series(1, :learners) AS i;
INSERT INTO learners (learner_id, display_name, locale, province_code, groups, birth_year, created_at, updated_at)
SELECT id, NULL, 'vi', 'ha-noi', groups, 1980, joined, joined FROM people;
INSERT INTO class_memberships (learner_id, class_id, joined_at, left_at)
SELECT p.id, c.class_id, p.joined, CASE WHEN p.depth > 0.9 THEN p.joined + interval '20 days' END
FROM people p JOIN bench_classes c ON c.n = p.i % (SELECT count(*) FROM bench_classes);
CREATE TEMP TABLE steps AS
SELECT p.id, p.groups, l.level, l.kind, p.joined + l.lag AS at
FROM people p
CROSS JOIN LATERAL (VALUES ('reached', 'enrolled', interval '1 hour'), ('learned', 'completed-lesson', interval '2 days'),
                           ('completed-course', 'completed-course', interval '6 days'), ('certified', 'certified', interval '10 days'))
     AS l(level, kind, lag)
WHERE l.level = 'reached' OR (l.level = 'learned' AND p.depth < 0.8)
   OR (l.level = 'completed-course' AND p.depth < 0.4) OR (l.level = 'certified' AND p.depth < 0.15);
INSERT INTO learner_activity (learner_id, kind, course_id, occurred_at, vn_day, channel)
SELECT id, kind, 'example-course', at, (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'web' FROM steps;
INSERT INTO first_reach (learner_id, level, reached_at, vn_day, province_code, sex, age_band, groups, channel)
SELECT id, level, at, (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'ha-noi', NULL, '45-54', groups, 'web' FROM steps;
COMMIT;
ANALYZE;
