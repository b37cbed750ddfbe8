-- A proposal's entry as first written (situation, customer wording, fix, steps): a later conversation
-- about the same problem adds its wording to the questions instead of rewriting the entry without them.

ALTER TABLE proposals ADD COLUMN entry jsonb;
COMMENT ON COLUMN proposals.entry IS 'The knowledge entry the proposal writes: {problem, solution, steps, questions}; null for proposals opened before it was kept';
