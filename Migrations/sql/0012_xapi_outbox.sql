-- xAPI statements waiting for the learning record store (docs/xapi-profile.md): queued in the
-- transaction of the event they record, only when a store is configured, with the body frozen as
-- sent. A row stays until the store accepts it (then it is deleted) or refuses it with a 4xx
-- (then it is set aside with the status and reason, and never sent again). Erasure deletes a
-- person's rows; nothing is queued for an erased person.
CREATE TABLE xapi_outbox (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    statement_id uuid NOT NULL,
    body text NOT NULL,
    queued_at timestamptz NOT NULL,
    -- When the row may next be claimed: a sender's claim moves it past its lease, a failed try
    -- past its back-off.
    next_attempt_at timestamptz NOT NULL,
    tries integer NOT NULL DEFAULT 0,
    last_error text,
    set_aside_at timestamptz,
    set_aside_status integer,
    set_aside_reason text,
    PRIMARY KEY (learner_id, statement_id)
);
CREATE INDEX xapi_outbox_due ON xapi_outbox (next_attempt_at) WHERE set_aside_at IS NULL;
