-- Hour cells for the rows after the rolled days. Days are rolled an hour after they end, so a
-- read counted every row of its own day: about 21,000 at ten million learners, 30 ms. The hourly
-- roll-up now also rolls the rows after the last rolled day reached before the last whole hour
-- that ended at least ten minutes before it runs, into cells of every cut rewritten each run: a
-- read adds totals, these, and at most about two hours of rows.
CREATE TABLE reach_rollup_hours (
    cut text NOT NULL,
    level text NOT NULL,
    v1 text NOT NULL,
    v2 text NOT NULL,
    people integer NOT NULL,
    PRIMARY KEY (cut, level, v1, v2)
);

-- The hour cells hold the rows after `hours_after` reached before `hours_before`. A read uses them
-- only while `hours_after` is the last rolled day: a node still on the previous binary may roll a
-- day into the totals without rewriting them, and they would then count that day twice.
ALTER TABLE reach_rollup_state ADD COLUMN hours_after date;
ALTER TABLE reach_rollup_state ADD COLUMN hours_before timestamptz;

-- The hour in which an erased person reached a level, so their rows stay on the same side of
-- `hours_before`, which is always on the hour; no finer, so the moment cannot be matched to
-- anything else kept with a time. Rows retained before this have none and are always counted one
-- by one.
ALTER TABLE reach_retained ADD COLUMN reached_hour timestamptz;

-- A read finds the rows of its days reached since `hours_before` within the index, without
-- visiting the rows rolled into the hour cells; `level` is there for the national count.
CREATE INDEX first_reach_day_time ON first_reach (vn_day, reached_at) INCLUDE (level);
DROP INDEX first_reach_vn_day;
