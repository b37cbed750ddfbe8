-- A local proposal merged from the dashboard or `sop proposals merge`: the commit it became on the base.

ALTER TABLE proposals ADD COLUMN merge_commit text;
COMMENT ON COLUMN proposals.merge_commit IS 'The base branch''s commit after a local merge (git show it); null until merged, and for GitHub pull requests';
