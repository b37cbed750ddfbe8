-- The gap report (`sop gaps`, the admin's Gaps page) groups the texts the SOP module could not answer
-- confidently. Shadowed requests keep theirs in sop_shadow_comparisons; a request in rollout that fell
-- below its route's threshold keeps it here, redacted. Confident answers keep no text.

ALTER TABLE sop_decisions ADD COLUMN message text;
COMMENT ON COLUMN sop_decisions.message IS 'The customer message, redacted, kept only when the SOP module answered below the threshold (a possible gap in the SOPs)';
CREATE INDEX idx_sop_decisions_gaps ON sop_decisions (created_at) WHERE message IS NOT NULL;
