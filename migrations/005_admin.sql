-- The admin dashboard: who judged a shadow comparison, and when.

ALTER TABLE sop_shadow_comparisons ADD COLUMN verdict_by text, ADD COLUMN verdict_at timestamptz;
COMMENT ON COLUMN sop_shadow_comparisons.verdict_by IS 'Who recorded the verdict (the dashboard session or a command)';
COMMENT ON COLUMN sop_shadow_comparisons.verdict_at IS 'When the verdict was recorded; a later verdict replaces it';
