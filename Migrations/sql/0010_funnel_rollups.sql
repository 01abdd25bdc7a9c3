-- Monthly roll-ups for the course funnel: per course and stage, people whose first day at that
-- stage fell in the month. The funnel sums the months up to its day and adds the people whose
-- first day came after the last rolled month, so it is exact and does not read every activity.
-- Rolled and rebuilt together with the reach roll-ups, under the same state row.
CREATE TABLE funnel_rollup_cells (
    course_id text NOT NULL,
    stage text NOT NULL CHECK (stage IN ('enrolled', 'learned', 'completed', 'certified')),
    month_end date NOT NULL,
    people integer NOT NULL,
    PRIMARY KEY (course_id, stage, month_end)
);

-- The funnel reads the activity after the last rolled month by day.
CREATE INDEX learner_activity_vn_day ON learner_activity (vn_day);

-- Months rolled before this migration have no funnel cells: start the roll-ups again, so the next
-- roll-up (hourly, or `safeskills reach roll-up`) fills both. Figures stay exact meanwhile, as
-- reads count the rows after the last rolled month.
DELETE FROM reach_rollup_cells;
UPDATE reach_rollup_state SET rolled_through = '1999-12-31';
