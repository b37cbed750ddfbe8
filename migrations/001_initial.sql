-- The service's tables. Plain SQL that runs on PostgreSQL 13+ and PGlite alike.

-- Every webhook delivery that passed its signature check, stored before it is acknowledged.
CREATE TABLE webhook_events (
  id bigserial PRIMARY KEY,
  provider text NOT NULL DEFAULT 'openphone',
  event_id text NOT NULL,
  type text NOT NULL,
  object_id text,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL,
  conversation_id uuid,
  status text NOT NULL DEFAULT 'stored' CHECK (status IN ('stored', 'ignored'))
);
COMMENT ON TABLE webhook_events IS 'Verified webhook deliveries, one row per event, written before the 2xx answer';
COMMENT ON COLUMN webhook_events.event_id IS 'The provider''s event id (or the webhook-id header): a redelivery with the same id is a duplicate';
COMMENT ON COLUMN webhook_events.type IS 'Event type, e.g. message.received, call.transcript.completed';
COMMENT ON COLUMN webhook_events.object_id IS 'Id of the message or call the event is about; the same message delivered under a new event id is a duplicate too';
COMMENT ON COLUMN webhook_events.payload IS 'The event JSON as received';
COMMENT ON COLUMN webhook_events.conversation_id IS 'The conversation the event was filed under, when it carries conversation content';
COMMENT ON COLUMN webhook_events.status IS 'stored: filed into a conversation; ignored: a type this service keeps but does not process';
CREATE UNIQUE INDEX webhook_events_event_id ON webhook_events (provider, event_id);
CREATE UNIQUE INDEX webhook_events_object ON webhook_events (provider, type, object_id) WHERE object_id IS NOT NULL;

-- A customer's exchange with the support line: texts, and calls with their transcripts and summaries.
CREATE TABLE openphone_conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  phone_number text,
  customer_name text,
  employee_name text,
  messages jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed boolean NOT NULL DEFAULT false,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  openphone_conversation_id text,
  last_message_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 70);
COMMENT ON TABLE openphone_conversations IS 'Conversations with customers, joined by OpenPhone conversationId or by phone number within a time window';
COMMENT ON COLUMN openphone_conversations.phone_number IS 'The customer''s number in E.164 (+15551234567)';
COMMENT ON COLUMN openphone_conversations.customer_name IS 'The customer''s name when the provider sends one';
COMMENT ON COLUMN openphone_conversations.employee_name IS 'The staff member who answered, when known';
COMMENT ON COLUMN openphone_conversations.messages IS 'Ordered entries: {id, kind: message|call|transcript|summary, direction, from, to, text, at}';
COMMENT ON COLUMN openphone_conversations.processed IS 'True once knowledge extraction has run on the conversation';
COMMENT ON COLUMN openphone_conversations.metadata IS 'Provider ids (phoneNumberId, userIds, callIds) and ingestion details';
COMMENT ON COLUMN openphone_conversations.openphone_conversation_id IS 'OpenPhone''s conversationId, when the events carry one';
COMMENT ON COLUMN openphone_conversations.last_message_at IS 'Time of the newest entry: quiet conversations become ready for extraction';
CREATE UNIQUE INDEX openphone_conversations_provider_id ON openphone_conversations (openphone_conversation_id) WHERE openphone_conversation_id IS NOT NULL;
-- last_message_at changes with every message and is deliberately in no index, so appending a
-- message is a HOT update (fillfactor leaves the room) that touches no index.
CREATE INDEX idx_openphone_conversations_phone_number ON openphone_conversations (phone_number);
CREATE INDEX idx_openphone_conversations_created_at ON openphone_conversations (created_at DESC);
CREATE INDEX idx_openphone_conversations_unprocessed ON openphone_conversations (created_at) WHERE NOT processed;

-- Which conversation a call belongs to, so its transcript and summary find it.
CREATE TABLE openphone_calls (
  call_id text PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES openphone_conversations (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE openphone_calls IS 'OpenPhone call id -> conversation, for transcripts and summaries that carry only the call id';

-- Knowledge extracted from conversations, on its way to a pull request against sops/.
CREATE TABLE extracted_knowledge (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid REFERENCES openphone_conversations (id) ON DELETE SET NULL,
  route text,
  problem text NOT NULL,
  solution text NOT NULL,
  confidence real,
  evidence text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'duplicate', 'contradiction', 'proposed', 'merged', 'rejected')),
  sop_section text,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE extracted_knowledge IS 'Problem/solution items found in conversations (redacted), with their review status';
COMMENT ON COLUMN extracted_knowledge.evidence IS 'A redacted quote from the conversation that supports the item';
COMMENT ON COLUMN extracted_knowledge.status IS 'new, duplicate (of sop_section), contradiction (with sop_section), proposed (a PR is open), merged, rejected';
COMMENT ON COLUMN extracted_knowledge.sop_section IS 'The SOP section the item duplicates, contradicts or extends';
CREATE INDEX idx_extracted_knowledge_status ON extracted_knowledge (status, created_at DESC);
CREATE INDEX idx_extracted_knowledge_conversation ON extracted_knowledge (conversation_id);

-- Shadow mode: the SOP module's answer beside the old Assistant's, for the same question.
CREATE TABLE sop_shadow_comparisons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  route text,
  query text NOT NULL,
  assistant_response text,
  sop_response text,
  assistant_latency_ms real,
  sop_latency_ms real,
  sop_confidence real,
  sop_sources jsonb NOT NULL DEFAULT '[]'::jsonb,
  similarity real,
  sop_error text,
  verdict text CHECK (verdict IN ('better', 'same', 'worse')),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE sop_shadow_comparisons IS 'One row per shadowed request: both answers, both latencies, the SOP confidence and sources';
COMMENT ON COLUMN sop_shadow_comparisons.query IS 'The customer message, redacted';
COMMENT ON COLUMN sop_shadow_comparisons.similarity IS 'Semantic similarity of the two answers, 0..1';
COMMENT ON COLUMN sop_shadow_comparisons.verdict IS 'A reviewer''s judgement of the SOP answer against the Assistant''s';
CREATE INDEX idx_sop_shadow_comparisons_created_at ON sop_shadow_comparisons (created_at DESC);
CREATE INDEX idx_sop_shadow_comparisons_route ON sop_shadow_comparisons (route, created_at DESC);

-- Daily aggregates of the router's decisions.
CREATE TABLE sop_metrics (
  date date NOT NULL,
  route text NOT NULL,
  total integer NOT NULL DEFAULT 0,
  sop_used integer NOT NULL DEFAULT 0,
  assistant_used integer NOT NULL DEFAULT 0,
  fallbacks integer NOT NULL DEFAULT 0,
  escalations integer NOT NULL DEFAULT 0,
  avg_confidence real,
  sop_avg_latency_ms real,
  sop_p95_latency_ms real,
  assistant_avg_latency_ms real,
  assistant_p95_latency_ms real,
  sop_tokens bigint NOT NULL DEFAULT 0,
  assistant_tokens bigint NOT NULL DEFAULT 0,
  sop_cost_usd numeric(12, 4) NOT NULL DEFAULT 0,
  assistant_cost_usd numeric(12, 4) NOT NULL DEFAULT 0,
  PRIMARY KEY (date, route)
);
COMMENT ON TABLE sop_metrics IS 'Per day and route: traffic split, fallbacks, escalations, confidence, latency, tokens and cost of each side';

-- The job queue: several workers share it with SELECT ... FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  key text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
COMMENT ON TABLE jobs IS 'Background work (extraction...), claimed with FOR UPDATE SKIP LOCKED';
COMMENT ON COLUMN jobs.key IS 'Deduplication key: at most one queued or running job per (kind, key)';
COMMENT ON COLUMN jobs.state IS 'queued (waiting for run_at), running (claimed until locked_until), done, dead (out of attempts)';
COMMENT ON COLUMN jobs.locked_until IS 'Visibility timeout: a running job past it is claimed again (its worker died)';
COMMENT ON COLUMN jobs.last_error IS 'The error of the last failed attempt';
CREATE UNIQUE INDEX jobs_live_key ON jobs (kind, key) WHERE key IS NOT NULL AND state IN ('queued', 'running');
CREATE INDEX jobs_ready ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE state = 'running';
