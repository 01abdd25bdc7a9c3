-- Daily roll-ups for the days after the rolled months. A month is rolled only two days after it
-- ends, so without these a read at the start of a month counted every row of the month before
-- (a million rows at ten million learners). The hourly roll-up now also rolls each whole day
-- after the rolled months into cells like the monthly ones, and drops them once their month is
-- rolled (but the `sex` cut's, below): a read adds months, days, and the rows of the last day.
CREATE TABLE reach_rollup_days (
    cut text NOT NULL,
    day date NOT NULL,
    level text NOT NULL,
    v1 text NOT NULL,
    v2 text NOT NULL,
    people integer NOT NULL,
    PRIMARY KEY (cut, day, level, v1, v2)
);

-- The last day rolled into `reach_rollup_days`; never before `rolled_through`. Every cut's cells
-- cover exactly the days after `rolled_through` up to it, the `sex` cut's every day up to it.
ALTER TABLE reach_rollup_state ADD COLUMN days_rolled_through date NOT NULL DEFAULT '1999-12-31';
UPDATE reach_rollup_state SET days_rolled_through = rolled_through;

-- Every cut's cells summed over the rolled months and days: what a read for the last rolled day
-- or later (nearly every read) adds its few rows to, instead of summing a cell per month and day.
-- Rewritten with the state in the same transaction, so it always holds exactly the people through
-- `days_rolled_through`.
CREATE TABLE reach_rollup_totals (
    cut text NOT NULL,
    level text NOT NULL,
    v1 text NOT NULL,
    v2 text NOT NULL,
    people integer NOT NULL,
    PRIMARY KEY (cut, level, v1, v2)
);
INSERT INTO reach_rollup_totals (cut, level, v1, v2, people)
SELECT cut, level, v1, v2, sum(people) FROM reach_rollup_cells GROUP BY cut, level, v1, v2;

-- The `sex` cut keeps its day cells for every rolled day, months included: it sums to everyone,
-- so the national count on any day (the projection's window start, a past day asked for) reads
-- its month cells and then at most a month of day cells, never the rows. Written here for the
-- days already rolled, as the roll-up would have.
INSERT INTO reach_rollup_days (cut, day, level, v1, v2, people)
SELECT 'sex', vn_day, level, coalesce(sex, 'unknown'), '', sum(people)::int FROM (
    SELECT vn_day, level, sex, 1 AS people FROM first_reach
    UNION ALL
    SELECT vn_day, level, sex, people FROM reach_retained
) r
WHERE vn_day <= (SELECT rolled_through FROM reach_rollup_state)
GROUP BY vn_day, level, coalesce(sex, 'unknown');
