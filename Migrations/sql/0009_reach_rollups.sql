-- Monthly roll-ups for breakdowns: for every one- or two-dimension cut (dimensions in a fixed
-- order), people per level, month and values, counted from first reach plus the retained
-- aggregate with provinces already crosswalked. A breakdown sums the cells up to its month end
-- and adds the rows after the last rolled month, so it is exact and its cost does not grow with
-- the number of learners. Rebuilt from scratch whenever the inputs to past months change.
CREATE TABLE reach_rollup_cells (
    cut text NOT NULL,
    level text NOT NULL,
    month_end date NOT NULL,
    v1 text NOT NULL,
    v2 text NOT NULL,
    people integer NOT NULL,
    PRIMARY KEY (cut, level, month_end, v1, v2)
);

-- The last month end rolled up; one row.
CREATE TABLE reach_rollup_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    rolled_through date NOT NULL
);
INSERT INTO reach_rollup_state (rolled_through) VALUES ('1999-12-31');

-- Day first, with the level, so counting the days after the rolled months reads only the index;
-- it replaces the index by level and day, which nothing reads any more.
CREATE INDEX first_reach_vn_day ON first_reach (vn_day, level);
DROP INDEX first_reach_level_day;
CREATE INDEX reach_retained_vn_day ON reach_retained (vn_day);
