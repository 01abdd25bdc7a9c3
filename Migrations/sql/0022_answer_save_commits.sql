-- An answer save writes and commits in one round trip: `AttemptStore.WriteAnswer` calls this
-- procedure, whose COMMIT runs before the call answers. A save is acknowledged only once it is
-- durable, and PostgresNIO hands back a plain statement's result before the implicit
-- transaction around it commits, so the save used to take three round trips (BEGIN, its
-- statement, COMMIT). Now it takes two: the token-checked read
-- (`AttemptStore.AnswerTargetForToken`), then this. A commit that fails (a deferred check, a
-- crash) fails the call.
--
-- The attempt is held `FOR KEY SHARE` while the answer is written, so a save that meets a grading
-- submit (which holds it `FOR UPDATE`) waits for it and then finds the attempt closed. The
-- answer is written only while the attempt is open and before its deadline
-- (`AttemptRules.acceptsAnswers`); `written` says whether it was. The caller has checked the
-- token and the answer's shape in the read before.
--
-- CALL it outside a transaction: a procedure may not commit inside one.
CREATE PROCEDURE save_answer(
    learner uuid,
    attempt uuid,
    item text,
    at_time timestamptz,
    given jsonb,
    INOUT written boolean DEFAULT NULL
) LANGUAGE plpgsql AS $$
BEGIN
    WITH target AS (
        SELECT a.closed_at, a.deadline FROM attempts a
        WHERE a.learner_id = learner AND a.attempt_id = attempt
        FOR KEY SHARE
    )
    UPDATE attempt_items i SET answer = given, answered_at = at_time
    FROM target
    WHERE i.learner_id = learner AND i.attempt_id = attempt AND i.question_id = item
      AND target.closed_at IS NULL AND (target.deadline IS NULL OR target.deadline >= at_time);
    written := FOUND;
    COMMIT;
END
$$;
