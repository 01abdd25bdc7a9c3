-- Addresses an account has signed in from (keyed hashes, never the addresses), so a sign-in from
-- a device or network the owner used before is not blocked by guesses made from elsewhere.
CREATE TABLE learner_sign_in_addresses (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    address_hash bytea NOT NULL,
    last_signed_in_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, address_hash)
);
