-- pgbench: the statements the server issues to submit a 30-item exam (POST
-- /v1/attempts/{attemptId}/submit) that fails, in its order and transactions:
--   AttemptService.submit, one transaction: AttemptStore.lockedAttempt(token:) (the token check,
--     the lock and the lateness read, one statement), then IdempotentWrite without a key and
--     AttemptGrading.close: AttemptStore.itemsWithContent (the items with the content hash of
--     each question and of the quiz, one statement: the content is decoded once per hash and
--     kept), AttemptStore.close (the items' grades and the attempt's close, one statement)
-- The first statement only takes the next unused attempt from Benchmarks/seed/targets.sql's
-- pool (each attempt closes once); the server has no such statement. The grades are precomputed
-- arrays where the server scores in Swift between the reads and the updates.
SELECT learner_id, attempt_id, token_hash, course_id, quiz_id, quiz_version, question_ids, question_versions, positions, earned, correct FROM bench.pgbench_submit WHERE n = (SELECT nextval('bench.pgbench_submit_n')) \gset
BEGIN;
SELECT a.learner_id, a.attempt_id, a.course_id, a.quiz_id, a.quiz_version, a.seed, a.started_at, a.deadline, a.closed_at, a.close_reason, a.score, a.passed FROM attempts a WHERE a.learner_id = :learner_id AND a.attempt_id = :attempt_id AND EXISTS (SELECT FROM auth_tokens t JOIN learners l ON l.learner_id = t.learner_id WHERE t.learner_id = :learner_id AND t.token_hash = :token_hash AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > now() AND l.erased_at IS NULL) FOR UPDATE OF a;
SELECT a.position, a.question_id, a.question_version, a.option_order, a.match_order, a.answer::text, a.earned, a.correct, encode(q.content_hash, 'hex'), (SELECT encode(z.content_hash, 'hex') FROM content_items z WHERE z.course_id = :course_id AND z.kind = 'quiz' AND z.item_id = :quiz_id AND z.item_version = :quiz_version) FROM attempt_items a LEFT JOIN content_items q ON q.course_id = :course_id AND q.kind = 'question' AND q.item_id = a.question_id AND q.item_version = a.question_version WHERE a.learner_id = :learner_id AND a.attempt_id = :attempt_id ORDER BY a.position;
WITH graded AS (UPDATE attempt_items i SET earned = r.earned, correct = r.correct FROM unnest(:positions::int[], :earned::float8[], :correct::bool[]) AS r(p, earned, correct) WHERE i.learner_id = :learner_id AND i.attempt_id = :attempt_id AND i.position = r.p) UPDATE attempts SET closed_at = now(), close_reason = 'submitted', score = 0.4, passed = false WHERE learner_id = :learner_id AND attempt_id = :attempt_id AND closed_at IS NULL;
COMMIT;
