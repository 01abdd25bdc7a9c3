-- Seeds the fault suite's learners straight into its private database (much faster than the
-- API): :learners learners, each with the certification exam's prerequisite course completed
-- and one access token valid for a day, plus one administrator (roles admin and statistician)
-- whose token reads statistics and imports packs. Tokens are stored as TokenStore stores them:
-- SHA-256 of the opaque token, which is base64url of the learner's UUID followed by 32 random
-- bytes (BearerToken.make), as in Benchmarks/seed/learners.sql.
-- faults.learners keeps the tokens in the clear for the load generator; it is not part of the schema.
\set ON_ERROR_STOP on
BEGIN;
CREATE SCHEMA faults;
CREATE TABLE faults.learners (n integer PRIMARY KEY, learner_id uuid NOT NULL UNIQUE, token text NOT NULL, admin boolean NOT NULL);

INSERT INTO faults.learners (n, learner_id, token, admin)
SELECT n, id,
       translate(encode(uuid_send(id) || sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'base64'), '+/', '-_'),
       n = 0
FROM (SELECT n, gen_random_uuid() AS id FROM generate_series(0, :learners) AS n) AS g;

INSERT INTO learners (learner_id, display_name, locale, birth_year, province_code, sex, roles, created_at, updated_at)
SELECT f.learner_id, CASE WHEN f.admin THEN 'Fault suite admin' ELSE 'Học viên ' || f.n END,
       CASE WHEN f.n % 5 = 0 THEN 'en' ELSE 'vi' END, 1945 + f.n % 65,
       p.codes[1 + f.n % array_length(p.codes, 1)], (ARRAY['female', 'male', 'other'])[1 + f.n % 3],
       CASE WHEN f.admin THEN ARRAY['admin', 'statistician'] ELSE '{}'::text[] END,
       now() - interval '30 days', now() - interval '30 days'
FROM faults.learners f, (SELECT array_agg(code ORDER BY code) AS codes FROM provinces WHERE valid_to IS NULL) AS p;

INSERT INTO learner_contacts (learner_id, purpose, kind, value, verified_at, created_at)
SELECT learner_id, 'sign-in', 'email', 'fault-' || n || '@example.org', now() - interval '30 days', now() - interval '30 days'
FROM faults.learners;

INSERT INTO auth_tokens (learner_id, token_hash, kind, chain_id, issued_at, expires_at)
SELECT learner_id, sha256(convert_to(token, 'UTF8')), 'access', gen_random_uuid(), now(), now() + interval '2 days' FROM faults.learners;

INSERT INTO enrollments (learner_id, course_id, enrolled_at, completed_at)
SELECT learner_id, 'basic-cyber-safety', now() - interval '20 days', now() - interval '10 days' FROM faults.learners WHERE NOT admin;
COMMIT;
ANALYZE;
