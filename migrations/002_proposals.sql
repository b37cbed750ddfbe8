-- Proposals: knowledge on its way into sops/ as a branch or pull request, one per problem and target.

CREATE TABLE proposals (
  key text PRIMARY KEY,
  host text NOT NULL CHECK (host IN ('local', 'github')),
  route text NOT NULL,
  title text NOT NULL,
  problem text NOT NULL,
  solution text NOT NULL,
  path text NOT NULL,
  sop_section text,
  branch text NOT NULL,
  number integer,
  url text,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'merged', 'rejected')),
  conversation_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE proposals IS 'One open branch or pull request per piece of knowledge (same problem, same target SOP)';
COMMENT ON COLUMN proposals.key IS 'Stable key of the knowledge: the branch is knowledge/<key>, so a retried job never opens a second proposal';
COMMENT ON COLUMN proposals.problem IS 'The problem as the proposal states it (redacted); later conversations about it only add support';
COMMENT ON COLUMN proposals.path IS 'The SOP file the proposal changes or creates';
COMMENT ON COLUMN proposals.conversation_ids IS 'Every conversation that supports the proposal';
COMMENT ON COLUMN proposals.state IS 'open, merged or rejected: only a human changes it from open';

ALTER TABLE extracted_knowledge ADD COLUMN proposal_key text REFERENCES proposals (key) ON DELETE SET NULL;
COMMENT ON COLUMN extracted_knowledge.proposal_key IS 'The proposal the item went into, when its status is proposed';
