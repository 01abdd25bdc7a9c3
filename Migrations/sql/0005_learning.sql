-- Learning: enrollments, lesson progress, attempts, and the activity that reach is counted from.
-- Every table belongs to a learner and leads its primary key with learner_id.

CREATE TABLE enrollments (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    course_id text NOT NULL REFERENCES courses,
    enrolled_at timestamptz NOT NULL,
    -- Set once, by the pack's completion rule; a later version that adds lessons never clears it.
    completed_at timestamptz,
    PRIMARY KEY (learner_id, course_id)
);

-- Progress follows lesson ids, so it survives new versions of a pack.
CREATE TABLE lesson_progress (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    course_id text NOT NULL,
    lesson_id text NOT NULL,
    opened_at timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (learner_id, course_id, lesson_id)
);

-- One row per qualifying action, written in the action's transaction: the source reach is built from.
CREATE TABLE learner_activity (
    learner_id uuid NOT NULL,
    activity_id bigint GENERATED ALWAYS AS IDENTITY,
    kind text NOT NULL CHECK (kind IN ('enrolled', 'opened-lesson', 'completed-lesson', 'started-quiz', 'completed-course', 'certified')),
    course_id text NOT NULL,
    occurred_at timestamptz NOT NULL,
    vn_day date NOT NULL,
    channel text,
    PRIMARY KEY (learner_id, activity_id)
);

-- The first Vietnam day a learner reached each level, with the dimensions of that day. Written
-- once (insert if absent) and never moved; roll-ups count from these rows.
CREATE TABLE first_reach (
    learner_id uuid NOT NULL,
    level text NOT NULL CHECK (level IN ('reached', 'learned', 'completed-course', 'certified')),
    reached_at timestamptz NOT NULL,
    vn_day date NOT NULL,
    province_code text,
    sex text,
    age_band text NOT NULL,
    groups text[] NOT NULL,
    channel text,
    PRIMARY KEY (learner_id, level)
);

-- An attempt records exactly what it showed: the quiz version, and per item the question
-- version and option order, so it is graded against those whatever the pack later becomes.
CREATE TABLE attempts (
    learner_id uuid NOT NULL REFERENCES learners ON DELETE CASCADE,
    attempt_id uuid NOT NULL,
    course_id text NOT NULL,
    quiz_id text NOT NULL,
    quiz_version integer NOT NULL,
    seed bigint NOT NULL,
    started_at timestamptz NOT NULL,
    deadline timestamptz,
    closed_at timestamptz,
    close_reason text CHECK (close_reason IN ('submitted', 'expired')),
    score double precision,
    passed boolean,
    PRIMARY KEY (learner_id, attempt_id)
);
CREATE UNIQUE INDEX attempts_attempt_id ON attempts (attempt_id);
-- Open attempts past their deadline, for the job that closes them.
CREATE INDEX attempts_open_deadline ON attempts (deadline) WHERE closed_at IS NULL;

CREATE TABLE attempt_items (
    learner_id uuid NOT NULL,
    attempt_id uuid NOT NULL,
    position integer NOT NULL,
    question_id text NOT NULL,
    question_version integer NOT NULL,
    option_order text[] NOT NULL,
    match_order text[] NOT NULL,
    answer jsonb,
    answered_at timestamptz,
    earned double precision,
    correct boolean,
    PRIMARY KEY (learner_id, attempt_id, position),
    FOREIGN KEY (learner_id, attempt_id) REFERENCES attempts ON DELETE CASCADE
);
