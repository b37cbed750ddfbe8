import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '../sops/index.ts';
import { redact, type RedactionKind } from './redact/index.ts';

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
};

/** What in a text still looks personal (already redacted text holds only placeholders): a description per kind found. */
export function personalDataIn(text: string): string[] {
  const { found } = redact(text);
  return Object.entries(BLOCKING).flatMap(([kind, label]) => (found[kind as RedactionKind] > 0 ? [label] : []));
}

/** `sop lint`'s personal-data rule: every line of the SOP files (front matter included) that holds any. */
export function lintPersonalData(root: string, files: readonly string[]): Message[] {
  return files.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const kinds = personalDataIn(line);
        return kinds.length
          ? [{ file, line: i + 1, column: 1, severity: 'error' as const, rule: 'personal-data', message: `the line holds what looks like ${kinds.join(' and ')}: SOPs stay in git history for good, so write it without (a placeholder or the general rule)` }]
          : [];
      }),
  );
}
