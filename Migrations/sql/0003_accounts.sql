-- Learners: everyone who registers. Personal rows lead their primary key with learner_id
-- (DESIGN.md, "Data principles"). Erasure keeps the row as a tombstone with no personal data,
-- so what the person contributed to aggregates stays, anonymously.
CREATE TABLE learners (
    learner_id uuid PRIMARY KEY,
    display_name text,
    locale text NOT NULL CHECK (locale IN ('vi', 'en')),
    birth_year smallint,
    age_confirmed boolean NOT NULL DEFAULT false,
    province_code text REFERENCES provinces (code),
    sex text CHECK (sex IN ('female', 'male', 'other')),
    groups text[] NOT NULL DEFAULT '{}',
    roles text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['admin', 'statistician']),
    password_hash text,
    guardian_consent text NOT NULL DEFAULT 'not-required'
        CHECK (guardian_consent IN ('not-required', 'pending', 'confirmed')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    erased_at timestamptz
);

-- Sign-in identifiers and guardian contacts, unverified until confirmed with a code.
CREATE TABLE learner_contacts (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('sign-in', 'guardian')),
    kind text NOT NULL CHECK (kind IN ('email', 'phone')),
    value text NOT NULL,
    verified_at timestamptz,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, purpose, value)
);

-- One account per sign-in identifier. A claim left unverified for 7 days is released to whoever
-- claims it next (the application deletes the stale row in the claiming transaction).
CREATE UNIQUE INDEX learner_contacts_sign_in_value ON learner_contacts (value) WHERE purpose = 'sign-in';

-- Consent history: each grant or withdrawal with the version of the text the person saw.
-- consent_id orders records made in the same instant.
CREATE TABLE learner_consents (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    consent_id bigint GENERATED ALWAYS AS IDENTITY,
    purpose text NOT NULL,
    text_version text NOT NULL,
    granted boolean NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, consent_id)
);

-- Short codes sent to a contact: contact verification, guardian consent, password reset.
-- Stored only as hashes; a code allows a few wrong tries and expires.
CREATE TABLE verification_codes (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('contact', 'guardian', 'password-reset')),
    contact text NOT NULL,
    code_hash bytea NOT NULL,
    attempts smallint NOT NULL DEFAULT 0,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, purpose, contact)
);

-- Bearer tokens, stored only as SHA-256 hashes. A token names its learner, so finding it reads
-- one learner's rows. Refresh tokens rotate within a chain; reuse after the grace revokes it.
CREATE TABLE auth_tokens (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    token_hash bytea NOT NULL,
    kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
    chain_id uuid NOT NULL,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (learner_id, token_hash)
);
CREATE INDEX auth_tokens_chain ON auth_tokens (learner_id, chain_id);

-- Failed sign-ins and other throttled actions, per keyed hash of an account or an address.
-- Shared by every server instance; no personal data (the key is an HMAC).
CREATE TABLE auth_throttle (
    key bytea PRIMARY KEY,
    failures integer NOT NULL,
    window_started_at timestamptz NOT NULL,
    blocked_until timestamptz
);

-- Devices linked to a learner for the reach figures, by keyed hash of the front's device key.
CREATE TABLE learner_devices (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    device_hash bytea NOT NULL,
    linked_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, device_hash)
);

-- What administrators did, for accountability.
CREATE TABLE admin_audit (
    audit_id bigserial PRIMARY KEY,
    actor_id uuid NOT NULL,
    action text NOT NULL,
    target_id uuid,
    details jsonb NOT NULL DEFAULT '{}',
    recorded_at timestamptz NOT NULL
);
