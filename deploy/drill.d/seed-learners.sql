-- The drill's learners, seeded straight into the database (as Benchmarks/seed/learners.sql does):
-- :learners people, each with a verified sign-in email (drill-N@example.org), the password hash the
-- server made for the drill's administrator (:'hash_email'), the certificate's prerequisite course
-- completed, and one access token stored as TokenStore stores it: SHA-256 of the opaque token,
-- which is base64url of the learner's UUID followed by 32 random bytes (BearerToken.make).
-- drill.learners keeps the tokens in the clear for the load client; it is not part of the schema.
\set ON_ERROR_STOP on
-- :email_prefix (default drill-) lets a later drill on the same database seed learners of its own.
\if :{?email_prefix}
\else
\set email_prefix drill-
\endif
CREATE SCHEMA drill;
CREATE TABLE drill.learners (n integer PRIMARY KEY, learner_id uuid NOT NULL UNIQUE, email text NOT NULL, token text NOT NULL);

INSERT INTO drill.learners (n, learner_id, email, token)
SELECT n, id, :'email_prefix' || n || '@example.org',
       translate(encode(uuid_send(id) || sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'base64'), '+/', '-_')
FROM (SELECT n, gen_random_uuid() AS id FROM generate_series(1, :learners) AS n) AS g;

INSERT INTO learners (learner_id, display_name, locale, birth_year, province_code, sex, password_hash, created_at, updated_at)
SELECT b.learner_id, 'Học viên ' || b.n, CASE WHEN b.n % 5 = 0 THEN 'en' ELSE 'vi' END, 1945 + b.n % 65,
       p.codes[1 + b.n % array_length(p.codes, 1)], (ARRAY['female', 'male', 'other'])[1 + b.n % 3],
       (SELECT password_hash FROM learners l JOIN learner_contacts c USING (learner_id) WHERE c.value = :'hash_email'),
       now() - interval '30 days', now() - interval '30 days'
FROM drill.learners b, (SELECT array_agg(code ORDER BY code) AS codes FROM provinces WHERE valid_to IS NULL) AS p;

INSERT INTO learner_contacts (learner_id, purpose, kind, value, verified_at, created_at)
SELECT learner_id, 'sign-in', 'email', email, now() - interval '30 days', now() - interval '30 days' FROM drill.learners;

INSERT INTO auth_tokens (learner_id, token_hash, kind, chain_id, issued_at, expires_at)
SELECT learner_id, sha256(convert_to(token, 'UTF8')), 'access', gen_random_uuid(), now(), now() + interval '2 days' FROM drill.learners;

INSERT INTO enrollments (learner_id, course_id, enrolled_at, completed_at)
SELECT learner_id, 'basic-cyber-safety', now() - interval '20 days', now() - interval '10 days' FROM drill.learners;

ANALYZE;
