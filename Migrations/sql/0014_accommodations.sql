-- Extra time on timed quizzes and exams for a person who needs it (issue 19, item 6). One row a
-- person; granting again replaces it. Who granted or withdrew it, and why, is in admin_audit.
CREATE TABLE learner_accommodations (
    learner_id uuid PRIMARY KEY REFERENCES learners ON DELETE CASCADE,
    time_percent integer NOT NULL CHECK (time_percent IN (125, 150, 200)),
    reason text NOT NULL CHECK (reason IN ('disability', 'low-literacy', 'age', 'other')),
    granted_by uuid NOT NULL,
    granted_at timestamptz NOT NULL
);
