import { redact } from './redact.ts';
import type { RedactionKind } from './substitute.ts';

/**
 * What must never reach git: data shaped like a customer's contact, payment or access details. Names
 * are left to redaction alone: an SOP's own words ("this is ridiculous") read as an introduction too
 * often for a rule that blocks.
 */
const BLOCKING: Partial<Record<RedactionKind, string>> = {
  phone: 'a phone number',
  email: 'an email address',
  card: 'a card number',
  code: 'an access code',
  address: 'a street address',
  plate: 'a licence plate',
  dob: 'a date of birth',
  id: 'an identity or account number',
};

/** What in a text still looks personal (already redacted text holds only placeholders): a description per kind found. */
export function personalDataIn(text: string): string[] {
  const { found } = redact(text);
  return Object.entries(BLOCKING).flatMap(([kind, label]) => (found[kind as RedactionKind] > 0 ? [label] : []));
}
