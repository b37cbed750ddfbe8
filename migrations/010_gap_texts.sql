-- The gap report (`sop gaps`, the admin's Gaps page) groups the texts the SOP module could not answer
-- confidently. Shadowed requests keep theirs in sop_shadow_comparisons; a request in rollout that fell
-- below its route's threshold keeps it here, redacted. Confident answers keep no text.

ALTER TABLE sop_decisions ADD COLUMN message text;
COMMENT ON COLUMN sop_decisions.message IS 'The customer message, redacted, kept only when the SOP module answered below the threshold (a possible gap in the SOPs)';
CREATE INDEX idx_sop_decisions_gaps ON sop_decisions (created_at) WHERE message IS NOT NULL;

-- What a reviewer decided about a gap topic: "not ours" (out of scope) or "a new SOP is needed".
CREATE TABLE gap_marks (
  topic text PRIMARY KEY,
  mark text NOT NULL CHECK (mark IN ('out_of_scope', 'new_sop')),
  name text NOT NULL,
  texts integer NOT NULL,
  examples jsonb NOT NULL DEFAULT '[]'::jsonb,
  link text,
  marked_by text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE gap_marks IS 'A reviewer''s decision on a topic of the gap report (by its id, made from its words); a later decision replaces it';
COMMENT ON COLUMN gap_marks.link IS 'The proposal (branch or pull request) or issue the decision opened, if any';

-- The weekly gap digest posted to Slack: one row per ISO week, claimed by the replica that posts it.
CREATE TABLE gap_digests (
  week text PRIMARY KEY,
  posted_at timestamptz NOT NULL DEFAULT now(),
  topics jsonb NOT NULL DEFAULT '[]'::jsonb
);
COMMENT ON TABLE gap_digests IS 'Weeks whose gap digest was sent (week as 2026-W49), with the topics it named';
