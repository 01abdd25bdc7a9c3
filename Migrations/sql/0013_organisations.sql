-- Organisations form a tree: the national programme or a ministry at the top, then province
-- departments, agencies, schools, enterprises and associations. `path` holds the ids from the top
-- down to the organisation itself, so "this one and everything below it" is one indexed test
-- (path @> ARRAY[id]) without a recursive query. A parent is never changed, so paths stay true.
CREATE TABLE organisations (
    organisation_id text PRIMARY KEY,
    parent_id text REFERENCES organisations,
    kind text NOT NULL CHECK (kind IN ('national-programme', 'ministry', 'province-department', 'agency', 'school',
                                       'enterprise', 'association')),
    name_vi text NOT NULL,
    name_en text NOT NULL,
    province_code text REFERENCES provinces (code),
    path text[] NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX organisations_path ON organisations USING gin (path);

-- Organisation managers: a person manages an organisation and everything below it. Assigned by
-- administrators, audited in admin_audit.
CREATE TABLE organisation_managers (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    organisation_id text NOT NULL REFERENCES organisations,
    assigned_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, organisation_id)
);

-- Classes (cohorts) of an organisation. The join code is kept as text because managers show it
-- to the room; NULL once revoked. seats_taken counts every membership the class ever gave and is
-- bumped under the class's own row lock (DESIGN.md, "Data principles"): a seat is not given back
-- when someone leaves, so a leaked code admits at most `capacity` people, ever.
CREATE TABLE classes (
    class_id uuid PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisations,
    name text NOT NULL,
    course_ids text[] NOT NULL,
    program_id text,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    facilitator text,
    capacity integer NOT NULL CHECK (capacity > 0),
    seats_taken integer NOT NULL DEFAULT 0 CHECK (seats_taken <= capacity),
    join_code text,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX classes_join_code ON classes (join_code) WHERE join_code IS NOT NULL;
CREATE INDEX classes_organisation ON classes (organisation_id);

-- Who belongs to a class: a personal row, led by learner_id.
CREATE TABLE class_memberships (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    class_id uuid NOT NULL REFERENCES classes,
    joined_at timestamptz NOT NULL,
    left_at timestamptz,
    PRIMARY KEY (learner_id, class_id)
);
CREATE INDEX class_memberships_class ON class_memberships (class_id);

-- Every read of a person's progress by a manager: who read whose, when, and what.
CREATE TABLE progress_reads (
    read_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reader_id uuid NOT NULL,
    learner_id uuid NOT NULL,
    class_id uuid NOT NULL,
    what text NOT NULL,
    read_at timestamptz NOT NULL
);
CREATE INDEX progress_reads_learner ON progress_reads (learner_id);
