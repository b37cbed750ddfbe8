-- An extracted item whose proposal still looked personal after redaction is kept, blocked, with the reason.

ALTER TABLE extracted_knowledge DROP CONSTRAINT extracted_knowledge_status_check;
ALTER TABLE extracted_knowledge ADD CONSTRAINT extracted_knowledge_status_check CHECK (status IN ('new', 'duplicate', 'contradiction', 'proposed', 'blocked', 'merged', 'rejected'));
COMMENT ON COLUMN extracted_knowledge.status IS 'new, duplicate (of sop_section), contradiction (with sop_section), proposed (a PR is open), blocked (its proposal still looked personal: metadata.reason says what), merged, rejected';
