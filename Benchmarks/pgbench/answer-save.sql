-- pgbench: the statements the server issues for one answer save (PUT
-- /v1/attempts/{attemptId}/answers/{itemId}), in its order, on one connection and outside a
-- transaction as it runs them:
--   AttemptStore.AnswerTargetForToken      (AttemptService.saveAnswer: the caller's token, the
--                                           attempt, the item and the question hash; the access
--                                           policy leaves the token to it)
--   AttemptStore.WriteAnswer               (the write, committed before the call answers, so the
--                                           save is acknowledged only once it is durable)
-- (the question itself is decoded once per content hash and kept, so it costs no statement).
-- The first statement only picks a random target seeded by Benchmarks/seed/targets.sql; the
-- server has no such statement, so this baseline pays one primary-key read more than the server.
\set n random(1, :targets)
SELECT learner_id, attempt_id, question_id, token_hash, answer FROM bench.save_targets WHERE n = :n \gset
SELECT a.learner_id, a.attempt_id, a.course_id, a.quiz_id, a.quiz_version, a.seed, a.started_at, a.deadline, a.closed_at, a.close_reason, a.score, a.passed, i.question_version, i.option_order, i.match_order, encode(q.content_hash, 'hex') FROM attempts a JOIN attempt_items i ON i.learner_id = a.learner_id AND i.attempt_id = a.attempt_id AND i.question_id = :question_id JOIN content_items q ON q.course_id = a.course_id AND q.kind = 'question' AND q.item_id = i.question_id AND q.item_version = i.question_version WHERE a.learner_id = :learner_id AND a.attempt_id = :attempt_id AND EXISTS (SELECT FROM auth_tokens t JOIN learners l ON l.learner_id = t.learner_id WHERE t.learner_id = :learner_id AND t.token_hash = :token_hash AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > now() AND l.erased_at IS NULL);
CALL save_answer(:learner_id, :attempt_id, :question_id, now(), :answer::jsonb, NULL);
