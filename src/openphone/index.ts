export { verifyWebhookSignature, signWebhook, type SignatureCheck } from './verify-signature.ts';
export { parseEvent, webhookEventSchemas, PROCESSED as PROCESSED_EVENT_TYPES, type ParsedEvent, type ConversationEntry } from './parse-event.ts';
export { createConversationStore, EXTRACT_JOB, type ConversationStore, type IngestResult } from './conversation-store.ts';
export { createWebhookHandler, type WebhookHandler, type WebhookOutcome } from './webhook-handler.ts';
