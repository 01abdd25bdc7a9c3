-- Idempotency keys guard writes that create something (DESIGN.md, "Data principles").
-- A row is written in the same transaction as the write it guards, so a key exists exactly when
-- its write committed; a concurrent duplicate waits on the primary key until the first commits.
CREATE TABLE idempotency_keys (
    caller_id text NOT NULL,
    key text NOT NULL,
    request_hash bytea NOT NULL,
    response_status smallint,
    response_content_type text,
    response_location text,
    response_body bytea,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (caller_id, key)
);

-- Expired keys are purged in created_at order.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
