-- What the load generators need, read from the seeded data: answer-save targets (one per item of
-- the template attempts, with the answer already stored there as the body) and the pgbench
-- submit pool with each attempt's items as arrays, since a pgbench script cannot fold rows.
\set ON_ERROR_STOP on
CREATE TABLE bench.save_targets AS
SELECT row_number() OVER (ORDER BY t.n, i.position) AS n, t.learner_id, t.attempt_id, a.course_id,
       i.question_id, i.question_version, b.token, sha256(convert_to(b.token, 'UTF8')) AS token_hash, i.answer::text AS answer
FROM bench.templates t
JOIN bench.learners b USING (learner_id)
JOIN attempts a ON a.learner_id = t.learner_id AND a.attempt_id = t.attempt_id
JOIN attempt_items i ON i.learner_id = t.learner_id AND i.attempt_id = t.attempt_id;
ALTER TABLE bench.save_targets ADD PRIMARY KEY (n);

CREATE TABLE bench.pgbench_submit AS
SELECT p.n, p.learner_id, p.attempt_id, sha256(convert_to(b.token, 'UTF8')) AS token_hash,
       a.course_id, a.quiz_id, a.quiz_version, i.question_ids, i.question_versions, i.positions,
       i.earned, i.correct
FROM bench.submit_pool p
JOIN bench.learners b USING (learner_id)
JOIN attempts a ON a.learner_id = p.learner_id AND a.attempt_id = p.attempt_id,
LATERAL (
    SELECT array_agg(question_id ORDER BY position)::text AS question_ids,
           array_agg(question_version ORDER BY position)::text AS question_versions,
           array_agg(position ORDER BY position)::text AS positions,
           array_agg(0.0::float8)::text AS earned, array_agg(false)::text AS correct
    FROM attempt_items i WHERE i.learner_id = p.learner_id AND i.attempt_id = p.attempt_id
) AS i
WHERE p.pool = 'pgbench';
ALTER TABLE bench.pgbench_submit ADD PRIMARY KEY (n);
CREATE SEQUENCE bench.pgbench_submit_n;
ANALYZE bench.save_targets, bench.pgbench_submit;
