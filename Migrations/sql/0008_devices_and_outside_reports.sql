-- Anonymous awareness activity from fronts, by keyed hash of a pseudonymous device key: a separate
-- series beside people reached, never added to it. A device linked to an account when someone
-- signs up or in with its key leaves the series from that day.
CREATE TABLE device_reach (
    device_hash bytea PRIMARY KEY,
    first_day date NOT NULL,
    first_activity text NOT NULL,
    channel text,
    linked_day date
);
CREATE INDEX device_reach_first_day ON device_reach (first_day);

-- Counts reported by events, campaigns and partner platforms: no identities, shown beside
-- platform reach with their own sum, an upper bound since people may be counted twice.
CREATE TABLE outside_reports (
    report_id uuid PRIMARY KEY,
    organisation text NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL CHECK (period_end >= period_start),
    province_code text REFERENCES provinces (code),
    activity text NOT NULL,
    people integer NOT NULL CHECK (people > 0),
    evidence_url text,
    recorded_at timestamptz NOT NULL,
    recorded_by uuid NOT NULL
);
CREATE INDEX outside_reports_period_end ON outside_reports (period_end);
