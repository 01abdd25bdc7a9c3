-- Reach reference data and the anonymous aggregate that erased people's reach moves into.
-- Defaults from shared/reference/; administrators will replace rows from CSV.

-- Internet users by year, nationally (scope 'national') or per province code.
CREATE TABLE internet_users (
    year integer NOT NULL,
    scope text NOT NULL,
    users bigint NOT NULL CHECK (users > 0),
    share_of_population numeric,
    as_of text,
    source text NOT NULL,
    status text NOT NULL,
    PRIMARY KEY (year, scope)
);

INSERT INTO internet_users (year, scope, users, share_of_population, as_of, source, status) VALUES
    (2022, 'national', 72100000, 0.732, '2022-01', 'DataReportal / Kepios, Digital 2022 Vietnam', 'published'),
    (2023, 'national', 77930000, 0.791, '2023-01', 'DataReportal / Kepios, Digital 2023 Vietnam', 'published'),
    (2024, 'national', 78440000, 0.791, '2024-01', 'DataReportal / Kepios, Digital 2024 Vietnam', 'published'),
    (2025, 'national', 79800000, 0.788, '2025-01', 'DataReportal / Kepios, Digital 2025 Vietnam', 'unverified - check before publishing');

-- The reach indicator's target per year (share of internet users); a year without one shows no gap.
CREATE TABLE reach_targets (
    year integer PRIMARY KEY,
    target_rate numeric CHECK (target_rate > 0 AND target_rate <= 1),
    note text,
    source text NOT NULL
);

INSERT INTO reach_targets (year, target_rate, note, source) VALUES
    (2022, NULL, 'result below 20%', 'Decision 566/QD-BTTTT (2023-04-06), section II, indicator 2'),
    (2023, 0.50, NULL, 'Decision 566/QD-BTTTT (2023-04-06), section II, indicator 2'),
    (2024, 0.70, NULL, 'Decision 566/QD-BTTTT (2023-04-06), section II, indicator 2'),
    (2025, 0.80, NULL, 'Decision 566/QD-BTTTT (2023-04-06), section II, indicator 2');

-- What erased people contributed to reach, with no identity: published figures never go down
-- because someone exercised their rights.
CREATE TABLE reach_retained (
    level text NOT NULL,
    vn_day date NOT NULL,
    province_code text,
    sex text,
    age_band text NOT NULL,
    groups text[] NOT NULL,
    channel text,
    people integer NOT NULL CHECK (people > 0)
);
CREATE INDEX reach_retained_level_day ON reach_retained (level, vn_day);
CREATE INDEX first_reach_level_day ON first_reach (level, vn_day);
