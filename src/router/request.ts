import { MAX_MESSAGE_CHARS } from '../answer/index.ts';
import { InputError } from '../errors.ts';
import { normalizePhone } from '../openphone/phone.ts';
import type { AskRequest } from './types.ts';

/** The checked message and sticky key of a request; a bad field is an InputError naming it (HTTP 400). */
export function validateRequest(request: AskRequest): { message: string; stickyKey: string } {
  if (!request || typeof request !== 'object' || Array.isArray(request)) throw new InputError('the body must be a JSON object {message, stickyKey, route?, context?}');
  if (typeof request.message !== 'string' || !request.message.trim()) throw new InputError('message: required, the customer message to answer');
  const message = request.message.trim();
  if (message.length > MAX_MESSAGE_CHARS) throw new InputError(`message: ${message.length} characters; the limit is ${MAX_MESSAGE_CHARS}`);
  if (typeof request.stickyKey !== 'string' || !request.stickyKey.trim()) {
    throw new InputError("stickyKey: required, the customer's phone number or conversation id (it keeps each customer in one rollout bucket)");
  }
  if (request.route !== undefined && typeof request.route !== 'string') throw new InputError('route: must be a string');
  const context = request.context;
  if (context !== undefined) {
    if (typeof context !== 'object' || context === null || Array.isArray(context)) throw new InputError('context: must be an object {previousMessages?, conversationId?}');
    if (context.previousMessages !== undefined && !(Array.isArray(context.previousMessages) && context.previousMessages.every((m) => typeof m === 'string'))) {
      throw new InputError('context.previousMessages: must be an array of strings');
    }
    if (context.conversationId !== undefined && typeof context.conversationId !== 'string') throw new InputError('context.conversationId: must be a string');
  }
  return { message, stickyKey: stickyKeyOf(request.stickyKey) };
}

/** A phone number in any format is one customer: `(555) 123-4567` and `+15551234567` share a bucket. */
function stickyKeyOf(raw: string): string {
  const key = raw.trim();
  return /^[+\d\s().-]+$/.test(key) ? (normalizePhone(key) ?? key) : key;
}
