// The redaction of a long conversation for `npm run bench -- redaction`: a conversation is redacted
// turn by turn with the names found anywhere in it, so its cost must grow with its turns alone.
import { median } from '../src/evals/index.ts';
import { redactedTurns } from '../src/extraction/index.ts';
import { redact, warmRedaction } from '../src/privacy/index.ts';
import type { ConversationEntry } from '../src/openphone/index.ts';
import type { BenchRow } from './report.ts';

const COMMAND = 'npm run bench -- redaction';
const SYLLABLES = ['ka', 'ri', 'mo', 'sa', 'le', 'na', 'to', 'vi', 'da', 'pe', 'lu', 'zo'];

/** A made-up first name per number: three syllables, capitalised. */
const nameOf = (i: number) => {
  let s = '';
  for (let k = i, j = 0; j < 3; j++, k = Math.floor(k / SYLLABLES.length)) s += SYLLABLES[k % SYLLABLES.length];
  return s[0]!.toUpperCase() + s.slice(1);
};

/** `turns` texts, each customer turn introducing itself with one of `names` names, each staff turn thanking it. */
function conversation(turns: number, names: number): ConversationEntry[] {
  return Array.from({ length: turns }, (_, i) => {
    const incoming = i % 2 === 0;
    const name = nameOf(i % names);
    return {
      id: `m${i}`,
      kind: 'message',
      direction: incoming ? 'incoming' : 'outgoing',
      from: incoming ? '+15551230000' : '+15550009999',
      to: incoming ? '+15550009999' : '+15551230000',
      text: incoming ? `hi this is ${name}, the screen froze again in bay ${i % 7}` : `thanks ${name}, try restarting the sim`,
      at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    };
  });
}

export async function benchRedaction(): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const results: Record<string, number> = {};
  warmRedaction(); // the name lexicon, which a service loads when it starts
  for (const names of [5, 1_000]) {
    const times: string[] = [];
    for (const turns of [200, 1_000, 3_000]) {
      const messages = conversation(turns, names);
      const t = performance.now();
      await redactedTurns({ phone_number: '+15551230000', customer_name: null, messages });
      const ms = performance.now() - t;
      results[`${turns} turns, ${names} names`] = Math.round(ms);
      times.push(`${Math.round(ms)} ms`);
    }
    rows.push({
      figure: `redacting a conversation of 200 / 1,000 / 3,000 turns, names from a pool of ${names}`,
      value: times.join(' / '),
      target: '3,000 turns under 1 s',
      command: COMMAND,
    });
  }
  const message = Array.from(
    { length: 20 },
    (_, i) => `Hi ${nameOf(i)}, bay ${i % 7} at 7:30pm, call 555-123-${String(4000 + i)}, door code 48${i % 10}9, 12 Main St. Thanks, Mike`,
  )
    .join('\n')
    .slice(0, 2000);
  for (let i = 0; i < 50; i++) redact(message);
  const middle = median(
    Array.from({ length: 200 }, () => {
      const t = performance.now();
      redact(message);
      return performance.now() - t;
    }),
  );
  results['2,000-character message, median ms'] = Number(middle.toFixed(3));
  rows.push({
    figure: 'redacting a 2,000-character message dense with personal data (median of 200)',
    value: `${middle.toFixed(2)} ms`,
    target: 'a few ms',
    command: COMMAND,
  });
  return { rows, results };
}
