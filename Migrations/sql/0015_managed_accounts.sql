-- Managed accounts (issue 19, item 4): people without an email address or phone, created by a
-- manager into a class, who sign in with a generated sign-in name. The name is a sign-in
-- identifier like an email address, so sign-in, export and erasure treat it the same way.
ALTER TABLE learner_contacts DROP CONSTRAINT learner_contacts_kind_check;
ALTER TABLE learner_contacts ADD CONSTRAINT learner_contacts_kind_check CHECK (kind IN ('email', 'phone', 'sign-in-name'));

-- The printed card of a managed account: its one-time code, only as a keyed hash, until it is
-- used or replaced. The account belongs to the person; this row only says which class created
-- it (and so which managers may re-issue the card) and holds the current code.
CREATE TABLE managed_accounts (
    learner_id uuid PRIMARY KEY REFERENCES learners ON DELETE CASCADE,
    class_id uuid NOT NULL REFERENCES classes,
    created_by uuid NOT NULL,
    code_hash bytea,
    code_expires_at timestamptz,
    created_at timestamptz NOT NULL,
    first_signed_in_at timestamptz
);
CREATE INDEX managed_accounts_class ON managed_accounts (class_id);

-- How a guardian's consent was obtained for someone who may be under 16 (Decree 13/2023/ND-CP):
-- the guardian's contact, or a paper form's reference and date. Recorded by a manager and
-- audited in admin_audit; personal data of the person, so erased with them.
CREATE TABLE guardian_consent_records (
    learner_id uuid PRIMARY KEY REFERENCES learners ON DELETE CASCADE,
    guardian_contact text,
    form_reference text,
    form_date date,
    recorded_by uuid NOT NULL,
    recorded_at timestamptz NOT NULL,
    CHECK ((guardian_contact IS NOT NULL) <> (form_reference IS NOT NULL AND form_date IS NOT NULL))
);
