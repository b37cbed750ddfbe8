-- Webhook ingest as one function call: a batch of events, in the order they arrived, each
-- deduplicated, filed under its conversation and (a transcript) queued for extraction, in the
-- caller's one transaction: one round trip and one WAL flush for the whole batch. The lock keys
-- ('call:<id>', 'conversation:<phone>') are the ones single-event ingest took before, so replicas of
-- either version serialise on the same keys.
--
-- events: [{eventId, type, objectId, payload, kind: message|call|transcript|summary|other,
--           conversationId, customerPhone, callId, entry: {..., at}}]
-- Returns, in the same order, [{outcome: stored|duplicate|ignored, conversationId}].
-- Any error fails the whole batch; the caller then ingests its events one by one.
CREATE FUNCTION sop_ingest(events jsonb, window_ms double precision, job_kind text, queued_at timestamptz)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
  e jsonb;
  v_kind text;
  v_at timestamptz;
  v_conv uuid;
  v_call text;
  v_event text;
  v_type text;
  v_object text;
  v_provider_conv text;
  v_phone text;
  results jsonb := '[]'::jsonb;
BEGIN
  FOR e IN SELECT value FROM jsonb_array_elements(events) WITH ORDINALITY AS x (value, n) ORDER BY n LOOP
    -- Plain values, not expressions over `e`: a statement's plan then uses the indexes.
    v_kind := e->>'kind';
    v_event := e->>'eventId';
    v_type := e->>'type';
    v_object := e->>'objectId';
    IF v_kind = 'other' THEN
      INSERT INTO webhook_events (event_id, type, object_id, payload, status)
      VALUES (v_event, v_type, v_object, e->'payload', 'ignored')
      ON CONFLICT DO NOTHING;
      results := results || jsonb_build_array(jsonb_build_object('outcome', CASE WHEN FOUND THEN 'ignored' ELSE 'duplicate' END));
      CONTINUE;
    END IF;

    -- The event, or the same message or call under another event id, seen before (in this batch too).
    -- Two lookups, not one with OR: PL/pgSQL keeps a generic plan per statement, and for the OR form
    -- that plan, made while the table was small, scanned the whole table at every event ever after.
    IF EXISTS (SELECT 1 FROM webhook_events w WHERE w.provider = 'openphone' AND w.event_id = v_event)
       OR EXISTS (SELECT 1 FROM webhook_events w WHERE w.provider = 'openphone' AND w.type = v_type AND w.object_id = v_object) THEN
      results := results || jsonb_build_array(jsonb_build_object('outcome', 'duplicate'));
      CONTINUE;
    END IF;

    v_at := (e->'entry'->>'at')::timestamptz;
    v_call := e->>'callId';
    v_provider_conv := e->>'conversationId';
    v_phone := e->>'customerPhone';
    v_conv := NULL;

    IF v_call IS NOT NULL THEN
      -- One lock for a call, its transcript and its summary, so they never open two conversations.
      PERFORM pg_advisory_xact_lock(hashtext('call:' || v_call));
      SELECT c.conversation_id INTO v_conv FROM openphone_calls c WHERE c.call_id = v_call;
    END IF;

    IF v_kind IN ('transcript', 'summary') THEN
      -- Under its call's conversation; a placeholder conversation until the call itself arrives.
      IF v_conv IS NULL THEN
        INSERT INTO openphone_conversations (phone_number, last_message_at, created_at) VALUES (NULL, v_at, v_at) RETURNING id INTO v_conv;
        INSERT INTO openphone_calls (call_id, conversation_id) VALUES (v_call, v_conv);
      ELSE
        UPDATE openphone_conversations SET last_message_at = greatest(last_message_at, v_at), processed = false WHERE id = v_conv;
      END IF;
      IF v_kind = 'transcript' THEN
        INSERT INTO jobs (kind, key, payload, run_at, max_attempts, created_at, updated_at)
        VALUES (job_kind, v_conv::text, jsonb_build_object('conversationId', v_conv), queued_at, 5, queued_at, queued_at)
        ON CONFLICT (kind, key) WHERE key IS NOT NULL AND state IN ('queued', 'running') DO NOTHING;
      END IF;
    ELSIF v_conv IS NOT NULL THEN
      -- A call whose placeholder an early transcript opened: it learns its customer and OpenPhone conversation.
      UPDATE openphone_conversations o SET last_message_at = greatest(o.last_message_at, v_at), processed = false,
        phone_number = coalesce(o.phone_number, v_phone),
        openphone_conversation_id = CASE WHEN o.openphone_conversation_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM openphone_conversations p WHERE p.openphone_conversation_id = v_provider_conv)
          THEN v_provider_conv ELSE o.openphone_conversation_id END
      WHERE o.id = v_conv;
    ELSE
      IF v_provider_conv IS NOT NULL THEN
        INSERT INTO openphone_conversations (openphone_conversation_id, phone_number, last_message_at, created_at)
        VALUES (v_provider_conv, v_phone, v_at, v_at)
        ON CONFLICT (openphone_conversation_id) WHERE openphone_conversation_id IS NOT NULL
        DO UPDATE SET last_message_at = greatest(openphone_conversations.last_message_at, EXCLUDED.last_message_at),
          phone_number = coalesce(openphone_conversations.phone_number, EXCLUDED.phone_number),
          processed = false
        RETURNING id INTO v_conv;
      ELSE
        -- Writers for one customer take turns, so two first texts at once do not open two conversations.
        PERFORM pg_advisory_xact_lock(hashtext('conversation:' || coalesce(v_phone, '')));
        SELECT o.id INTO v_conv FROM openphone_conversations o
        WHERE o.phone_number = v_phone AND o.last_message_at > v_at - window_ms * interval '1 millisecond'
        ORDER BY o.last_message_at DESC LIMIT 1;
        IF v_conv IS NULL THEN
          INSERT INTO openphone_conversations (phone_number, last_message_at, created_at) VALUES (v_phone, v_at, v_at) RETURNING id INTO v_conv;
        ELSE
          UPDATE openphone_conversations SET last_message_at = greatest(last_message_at, v_at), processed = false WHERE id = v_conv;
        END IF;
      END IF;
      IF v_call IS NOT NULL THEN
        INSERT INTO openphone_calls (call_id, conversation_id) VALUES (v_call, v_conv) ON CONFLICT (call_id) DO NOTHING;
      END IF;
    END IF;

    -- An entry is a row of its own: no append rewrites what the conversation holds already.
    INSERT INTO openphone_conversation_entries (conversation_id, entry) VALUES (v_conv, e->'entry');
    -- A concurrent duplicate that passed the check above fails here on the unique index, and with it the batch.
    INSERT INTO webhook_events (event_id, type, object_id, payload, status, conversation_id)
    VALUES (v_event, v_type, v_object, e->'payload', 'stored', v_conv);
    results := results || jsonb_build_array(jsonb_build_object('outcome', 'stored', 'conversationId', v_conv));
  END LOOP;
  RETURN results;
END
$$;
COMMENT ON FUNCTION sop_ingest(jsonb, double precision, text, timestamptz) IS 'Stores a batch of parsed webhook events in order (dedupe, file, queue extraction): one call per group commit';
