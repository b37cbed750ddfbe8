-- A conversation's entries as rows of their own: appending one is an INSERT, the same at the
-- thousandth entry as at the first, instead of rewriting the whole jsonb array each time.

CREATE TABLE openphone_conversation_entries (
  id bigserial PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES openphone_conversations (id) ON DELETE CASCADE,
  entry jsonb NOT NULL
);
COMMENT ON TABLE openphone_conversation_entries IS 'One entry of a conversation, in the order it arrived (by id): {id, kind: message|call|transcript|summary, direction, from, to, text, at}';
CREATE INDEX idx_openphone_conversation_entries_conversation ON openphone_conversation_entries (conversation_id, id);

INSERT INTO openphone_conversation_entries (conversation_id, entry)
SELECT c.id, e.value
FROM openphone_conversations c CROSS JOIN LATERAL jsonb_array_elements(c.messages) WITH ORDINALITY AS e (value, n)
ORDER BY c.created_at, c.id, e.n;

ALTER TABLE openphone_conversations DROP COLUMN messages;

-- Readers keep a conversation with its `messages` array, built when read.
CREATE VIEW openphone_conversations_with_messages AS
SELECT c.*,
  coalesce((SELECT jsonb_agg(e.entry ORDER BY e.id) FROM openphone_conversation_entries e WHERE e.conversation_id = c.id), '[]'::jsonb) AS messages
FROM openphone_conversations c;
COMMENT ON VIEW openphone_conversations_with_messages IS 'Each conversation with its entries as one ordered jsonb array, as the conversations table held them before 008';
