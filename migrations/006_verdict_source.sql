-- A reviewer who judges the SOP answer worse can say which SOP should have answered, or that none should.

ALTER TABLE sop_shadow_comparisons ADD COLUMN verdict_source text;
COMMENT ON COLUMN sop_shadow_comparisons.verdict_source IS 'With verdict worse: the SOP document (path under sops/) that should have answered, or none when no SOP covers the text; null when the reviewer did not say';
