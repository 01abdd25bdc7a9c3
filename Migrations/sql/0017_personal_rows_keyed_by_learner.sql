-- Every table holding a person's rows leads its primary key with learner_id (DESIGN.md, "Data
-- principles"): a person's rows are found, exported and erased by one index, and the table can
-- later be distributed by learner_id (docs/capacity.md). The record of managers' reads of a
-- person's progress was keyed by its own number alone.
ALTER TABLE progress_reads DROP CONSTRAINT progress_reads_pkey;
ALTER TABLE progress_reads ADD PRIMARY KEY (learner_id, read_id);
DROP INDEX progress_reads_learner;
