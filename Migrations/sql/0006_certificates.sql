-- Every key that ever signed a credential, so credentials signed before a rotation still verify.
CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    public_key bytea NOT NULL,
    created_at timestamptz NOT NULL
);

-- Each certificate's bit in the revocation status list.
CREATE SEQUENCE certificate_status_index MINVALUE 0 START WITH 0;

-- Certificates, signed once at issuance; the stored credential is what is served. Erasing the
-- holder removes the name and the credential and revokes the certificate; the row stays so the
-- certificate keeps answering "revoked".
CREATE TABLE certificates (
    learner_id uuid NOT NULL REFERENCES learners,
    certificate_id text NOT NULL,
    program_id text NOT NULL,
    attempt_id uuid NOT NULL,
    holder_id uuid NOT NULL,
    display_name text,
    competency_results jsonb NOT NULL,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    status_index integer NOT NULL UNIQUE,
    kid text NOT NULL REFERENCES signing_keys,
    credential_jwt text,
    previous_certificate_id text,
    revoked_at timestamptz,
    revocation_reason text,
    PRIMARY KEY (learner_id, certificate_id)
);
CREATE UNIQUE INDEX certificates_certificate_id ON certificates (certificate_id);
-- At most one certificate per attempt, however often grading is retried.
CREATE UNIQUE INDEX certificates_attempt ON certificates (learner_id, attempt_id);
