-- The router: one row per answered request, and the link from a shadow comparison to its decision.

CREATE TABLE sop_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  route text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('off', 'shadow', 'rollout')),
  answered_by text NOT NULL CHECK (answered_by IN ('sop', 'assistant', 'escalation')),
  reason text NOT NULL,
  kill_switch boolean NOT NULL DEFAULT false,
  bucket smallint,
  percentage smallint NOT NULL,
  threshold real NOT NULL,
  fallback boolean NOT NULL DEFAULT false,
  escalated boolean NOT NULL DEFAULT false,
  sop_confidence real,
  sop_latency_ms real,
  assistant_latency_ms real,
  latency_ms real NOT NULL,
  sop_tokens integer NOT NULL DEFAULT 0,
  assistant_tokens integer NOT NULL DEFAULT 0,
  sop_cost_usd numeric(12, 6) NOT NULL DEFAULT 0,
  assistant_cost_usd numeric(12, 6) NOT NULL DEFAULT 0,
  sop_error text,
  assistant_error text,
  config_version text NOT NULL,
  conversation_id text
);
COMMENT ON TABLE sop_decisions IS 'One row per /api/ask request: which side answered and why, both latencies, tokens and cost';
COMMENT ON COLUMN sop_decisions.reason IS 'Why this side answered: kill_switch, mode_off, shadow, outside_rollout, confident, low_confidence, sop_failed, assistant_unavailable, human_required';
COMMENT ON COLUMN sop_decisions.bucket IS 'The customer''s sticky bucket 1..100 (rollout mode only); the key itself is not stored';
COMMENT ON COLUMN sop_decisions.fallback IS 'The customer was in the SOP share but the Assistant answered (low confidence or a SOP failure)';
COMMENT ON COLUMN sop_decisions.assistant_latency_ms IS 'Null when the Assistant was not called';
COMMENT ON COLUMN sop_decisions.latency_ms IS 'Time to the reply the customer got';
CREATE INDEX idx_sop_decisions_created_at ON sop_decisions (created_at);

ALTER TABLE sop_shadow_comparisons ADD COLUMN decision_id uuid;
CREATE INDEX idx_sop_shadow_comparisons_decision ON sop_shadow_comparisons (decision_id);

-- Calls made to the Assistant (shadow calls included): what the saving against its baseline is measured by.
ALTER TABLE sop_metrics ADD COLUMN assistant_calls integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN sop_metrics.assistant_calls IS 'Requests for which the Assistant was called, whoever answered';
-- Per-request costs are fractions of a cent: keep six decimals in the daily sums too.
ALTER TABLE sop_metrics ALTER COLUMN sop_cost_usd TYPE numeric(12, 6), ALTER COLUMN assistant_cost_usd TYPE numeric(12, 6);
