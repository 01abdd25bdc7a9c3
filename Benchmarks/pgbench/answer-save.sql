-- pgbench: the statements the server issues for one answer save (PUT
-- /v1/attempts/{attemptId}/answers/{itemId}), in its order, each in autocommit as it runs them:
--   TokenStore.authenticate            (AuthenticationMiddleware)
--   AttemptStore.attempt               (APIHandlers.saveAnswer, no lock)
--   AttemptStore.items
--   ContentStore.questions(versions:)  (the one item's question)
--   AttemptStore.saveAnswer
-- The first statement only picks a random target seeded by Benchmarks/seed/targets.sql; the
-- server has no such statement, so this baseline pays one primary-key read more than the server.
\set n random(1, :targets)
SELECT learner_id, attempt_id, course_id, question_id, question_version, token_hash, answer FROM bench.save_targets WHERE n = :n \gset
SELECT l.roles, t.chain_id, l.guardian_consent = 'pending' FROM auth_tokens t JOIN learners l ON l.learner_id = t.learner_id WHERE t.learner_id = :learner_id AND t.token_hash = :token_hash AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > now() AND l.erased_at IS NULL;
SELECT learner_id, attempt_id, course_id, quiz_id, quiz_version, seed, started_at, deadline, closed_at, close_reason, score, passed FROM attempts WHERE learner_id = :learner_id AND attempt_id = :attempt_id;
SELECT position, question_id, question_version, option_order, match_order, answer::text, earned, correct FROM attempt_items WHERE learner_id = :learner_id AND attempt_id = :attempt_id ORDER BY position;
SELECT i.item_id, i.body::text FROM content_items i JOIN unnest(ARRAY[:question_id]::text[], ARRAY[:question_version]::int[]) AS w(id, version) ON i.item_id = w.id AND i.item_version = w.version WHERE i.course_id = :course_id AND i.kind = 'question';
UPDATE attempt_items i SET answer = :answer::jsonb, answered_at = now() FROM attempts a WHERE i.learner_id = :learner_id AND i.attempt_id = :attempt_id AND i.question_id = :question_id AND a.learner_id = i.learner_id AND a.attempt_id = i.attempt_id AND a.closed_at IS NULL AND (a.deadline IS NULL OR a.deadline >= now()) RETURNING 1;
