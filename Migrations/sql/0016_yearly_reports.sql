-- Yearly reports of organisations and provinces (issue 19, item 7).

-- An outside report may name the organisation it came from, so the organisation's yearly report
-- can list it beside the platform's figures (never added to them).
ALTER TABLE outside_reports ADD COLUMN organisation_id text REFERENCES organisations;
CREATE INDEX outside_reports_organisation ON outside_reports (organisation_id) WHERE organisation_id IS NOT NULL;

-- A report once issued: the whole document as sent (figures, names, methodology version), read
-- back as stored, so later reference data, roll-up rebuilds or activity never change it.
CREATE TABLE issued_reports (
    report_id uuid PRIMARY KEY,
    scope text NOT NULL CHECK (scope IN ('organisation', 'province')),
    scope_id text NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL CHECK (period_end >= period_start),
    methodology_version text NOT NULL,
    document jsonb NOT NULL,
    issued_at timestamptz NOT NULL,
    issued_by uuid NOT NULL
);
CREATE INDEX issued_reports_scope ON issued_reports (scope, scope_id, issued_at);
