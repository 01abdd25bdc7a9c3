-- Course and certification content (Courses/README.md), versioned. These are small reference
-- tables; learners' rows point at (course_id, kind, item_id, item_version).

-- One row per pack: its kind and the version learners see now.
CREATE TABLE courses (
    course_id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('course', 'certification')),
    live_version integer NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Every imported version, with the hash of all its files (an identical import changes nothing)
-- and its manifest: titles, lesson order, quizzes and rules, without lesson bodies or questions.
CREATE TABLE course_versions (
    course_id text NOT NULL REFERENCES courses,
    version integer NOT NULL,
    content_hash bytea NOT NULL,
    pack_version text NOT NULL,
    manifest jsonb NOT NULL,
    imported_at timestamptz NOT NULL,
    imported_by uuid,
    PRIMARY KEY (course_id, version)
);

-- Lessons, quizzes and questions, each versioned on its own: an item that did not change keeps
-- its version, so progress and attempts that point at it stay valid. Never deleted.
CREATE TABLE content_items (
    course_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('lesson', 'quiz', 'question')),
    item_id text NOT NULL,
    item_version integer NOT NULL,
    content_hash bytea NOT NULL,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (course_id, kind, item_id, item_version)
);

-- Which item versions make up each course version; an item missing from a version is retired.
CREATE TABLE course_version_items (
    course_id text NOT NULL,
    version integer NOT NULL,
    kind text NOT NULL,
    item_id text NOT NULL,
    item_version integer NOT NULL,
    position integer NOT NULL,
    PRIMARY KEY (course_id, version, kind, item_id),
    FOREIGN KEY (course_id, version) REFERENCES course_versions,
    FOREIGN KEY (course_id, kind, item_id, item_version) REFERENCES content_items
);

-- Images, by content hash; a version's manifest names the hash of each of its assets.
CREATE TABLE course_assets (
    course_id text NOT NULL,
    name text NOT NULL,
    content_hash bytea NOT NULL,
    content_type text NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (course_id, name, content_hash)
);

-- Every import attempt's report, dry runs and refused packs included.
CREATE TABLE pack_imports (
    import_id uuid PRIMARY KEY,
    course_id text,
    dry_run boolean NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('created', 'updated', 'unchanged', 'invalid')),
    report jsonb NOT NULL,
    imported_at timestamptz NOT NULL,
    imported_by uuid
);
