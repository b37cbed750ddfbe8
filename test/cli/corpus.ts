/**
 * A small benchmark-style corpus for `sop bench-retrieval` and `sop calibrate`: one route folder
 * (`help/`) of plain markdown documents, each with a title and a "## Typical customer questions" list,
 * no front matter beyond the title and no `system_instructions.md` (neutral route instructions).
 */

const doc = (title: string, intro: string, questions: string[], answer: string): string =>
  [
    '---',
    `title: ${title}`,
    '---',
    '',
    `# ${title}`,
    '',
    intro,
    '',
    '## Typical customer questions',
    ...questions.map((q) => `- ${q}`),
    '',
    '## Answer',
    answer,
    '',
  ].join('\n');

export const HELP_DOCS = {
  'help/opening-hours.md': doc(
    'Opening hours',
    'Bays are open 6am to midnight every day, booked by the hour.',
    ['what time do you open', 'are you open on sundays?', 'can i book at 11pm', 'when do you close tonight'],
    'We are open 6am to midnight, seven days a week.',
  ),
  'help/parking.md': doc(
    'Parking',
    'Free parking is behind the building; street parking is metered until 6pm.',
    ['where do i park', 'is parking free', 'is there a car park nearby', 'can i leave my car overnight'],
    'Park for free in the lot behind the building. Street spots are metered until 6pm.',
  ),
  'help/gift-cards.md': doc(
    'Gift cards',
    'Gift cards are sold online in any amount and never expire.',
    ['do you sell gift cards', 'how do i redeem a voucher', 'does my gift card expire', 'can i buy a gift certificate for my dad'],
    'Buy gift cards on our website; enter the code at checkout to redeem it. They never expire.',
  ),
  'help/lost-property.md': doc(
    'Lost property',
    'Items left in a bay are kept in the lost property box for 30 days.',
    ['i left my glove in the bay', 'has anyone found my phone', 'i forgot my clubs yesterday', 'where is lost and found'],
    'We keep anything left behind for 30 days; tell us your bay and time and we will check the box.',
  ),
} as const satisfies Record<string, string>;

export type BenchCase = { id: string; query: string; expected_source: string | null };

/** Four in-scope cases worded close to the documents, one out of scope. */
export const HELP_CASES: BenchCase[] = [
  { id: 'hours', query: 'what time do you open on saturday', expected_source: 'help/opening-hours.md' },
  { id: 'parking', query: 'where can I park my car', expected_source: 'help/parking.md' },
  { id: 'gift', query: 'how do I use a gift card', expected_source: 'help/gift-cards.md' },
  { id: 'lost', query: 'I left my phone in the bay', expected_source: 'help/lost-property.md' },
  { id: 'masters', query: 'who won the masters this year', expected_source: null },
];

/** JSONL, one case per line (a blank line in the middle, which readers must skip). */
export function casesJsonl(cases: readonly BenchCase[]): string {
  const lines = cases.map((c) => JSON.stringify(c));
  if (lines.length > 2) lines.splice(2, 0, '');
  return `${lines.join('\n')}\n`;
}

/** Questions none of HELP_DOCS answers, in the `--out-of-scope` file format (comments skipped). */
export const OUT_OF_SCOPE = [
  '# questions no document answers',
  'who won the masters this year',
  "what's the weather tomorrow",
  '',
  'can you recommend a restaurant nearby',
  '',
].join('\n');
export const OUT_OF_SCOPE_COUNT = 3;
