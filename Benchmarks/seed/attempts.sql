-- Run after the API has started a certification exam for each of the first learners. It
-- 1. answers every item of those attempts in the shape its question type takes (AnswerShape
--    accepts each), as a learner who reached the end of the exam would have;
-- 2. copies them into pools of further open attempts for submits to close, :per_pool in each of
--    the pools 'http' (closed loop), 'open' (open loop) and 'pgbench'. A copy keeps its
--    template's learner, items, question versions and option order, so grading a copy is grading
--    an attempt the API started; only the attempt id is new.
\set ON_ERROR_STOP on
CREATE TABLE bench.templates AS
SELECT row_number() OVER (ORDER BY b.n) AS n, a.learner_id, a.attempt_id
FROM attempts a JOIN bench.learners b USING (learner_id)
WHERE a.closed_at IS NULL;

UPDATE attempt_items i SET answered_at = now(), answer = CASE q.body->>'type'
        WHEN 'ordering' THEN jsonb_build_object('order', to_jsonb(i.option_order))
        WHEN 'matching' THEN jsonb_build_object('pairs',
            (SELECT jsonb_object_agg(o, m) FROM unnest(i.option_order, i.match_order) AS t(o, m) WHERE o IS NOT NULL AND m IS NOT NULL))
        WHEN 'shortText' THEN jsonb_build_object('text', 'mật khẩu mạnh')
        ELSE jsonb_build_object('optionIds', jsonb_build_array(i.option_order[1]))
    END
FROM bench.templates t, attempts a, content_items q
WHERE i.learner_id = t.learner_id AND i.attempt_id = t.attempt_id
  AND a.learner_id = t.learner_id AND a.attempt_id = t.attempt_id
  AND q.course_id = a.course_id AND q.kind = 'question' AND q.item_id = i.question_id AND q.item_version = i.question_version;

CREATE TABLE bench.submit_pool AS
SELECT pool, g.k AS n, t.learner_id, t.attempt_id AS template_id, gen_random_uuid() AS attempt_id
FROM unnest(ARRAY['http', 'open', 'pgbench']) AS pool, generate_series(1, :per_pool) AS g(k)
JOIN bench.templates t ON t.n = 1 + (g.k - 1) % (SELECT count(*) FROM bench.templates);
ALTER TABLE bench.submit_pool ADD PRIMARY KEY (pool, n);

INSERT INTO attempts (learner_id, attempt_id, course_id, quiz_id, quiz_version, seed, started_at, deadline)
SELECT p.learner_id, p.attempt_id, a.course_id, a.quiz_id, a.quiz_version, a.seed, a.started_at, a.deadline
FROM bench.submit_pool p JOIN attempts a ON a.learner_id = p.learner_id AND a.attempt_id = p.template_id;

INSERT INTO attempt_items (learner_id, attempt_id, position, question_id, question_version, option_order, match_order, answer, answered_at)
SELECT p.learner_id, p.attempt_id, i.position, i.question_id, i.question_version, i.option_order, i.match_order, i.answer, i.answered_at
FROM bench.submit_pool p JOIN attempt_items i ON i.learner_id = p.learner_id AND i.attempt_id = p.template_id;

ANALYZE;
