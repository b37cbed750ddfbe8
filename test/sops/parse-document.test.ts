/**
 * Golden tests for the SOP parser.
 *
 * Each folder under `test/fixtures/parse/<case>/` holds:
 * - `input.md`: the markdown source;
 * - `options.json` (optional): `{ "route": "tech", "strict": false }`; the document is parsed as
 *   `parseDocument('<route>/<case>.md', source, { strict })` (route defaults to `tech`);
 * - `expected.json`: the `{ doc, messages }` the parser returns, as JSON.
 *
 * By default the tests compare. To rewrite `expected.json` on purpose after a deliberate parser change:
 *
 *     UPDATE_FIXTURES=1 npx vitest run test/sops/parse-document.test.ts
 *
 * and review the diff. The per-case assertions below run in both modes, so a regenerated fixture
 * that loses what a case is about still fails.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/sops/parse-document.ts';
import type { Message, SopDoc } from '../../src/sops/types.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/parse/', import.meta.url));
const UPDATE = process.env.UPDATE_FIXTURES === '1';

type CaseOptions = { route?: string; strict?: boolean };
type Parsed = { doc: SopDoc; messages: Message[] };

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function readCase(name: string): { path: string; source: string; options: CaseOptions } {
  const dir = join(FIXTURES, name);
  const optionsFile = join(dir, 'options.json');
  const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as CaseOptions) : {};
  return { path: `${options.route ?? 'tech'}/${name}.md`, source: readFileSync(join(dir, 'input.md'), 'utf8'), options };
}

/** Parses a fixture and round-trips the result through JSON, exactly as `expected.json` stores it. */
function parseCase(name: string): Parsed {
  const { path, source, options } = readCase(name);
  const result = options.strict === undefined ? parseDocument(path, source) : parseDocument(path, source, { strict: options.strict });
  return JSON.parse(JSON.stringify(result)) as Parsed;
}

/** The 1-based line of `source` that starts with `prefix`. */
function lineStarting(source: string, prefix: string): number {
  const index = source.split('\n').findIndex((line) => line.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${JSON.stringify(prefix)}`);
  return index + 1;
}

describe('parseDocument golden fixtures', () => {
  it('has the expected fixture cases', () => {
    expect(cases).toEqual(expect.arrayContaining(['benchmark-doc', 'full-sop', 'missing-front-matter', 'wrong-type-field']));
  });

  it.each(cases)('%s matches expected.json', (name) => {
    const actual = parseCase(name);
    const expectedFile = join(FIXTURES, name, 'expected.json');
    if (UPDATE) {
      writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    if (!existsSync(expectedFile)) {
      throw new Error(`${expectedFile} is missing: run UPDATE_FIXTURES=1 npx vitest run test/sops/parse-document.test.ts and review it`);
    }
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});

describe('parseDocument fixture cases', () => {
  it('full SOP: front matter, intro, H2 sections, an H3 under Steps and relative links', () => {
    const { source } = readCase('full-sop');
    const { doc, messages } = parseCase('full-sop');
    expect(messages).toEqual([]);
    expect(doc.path).toBe('tech/full-sop.md');
    expect(doc.route).toBe('tech');
    expect(doc.title).toBe('Projector shows no signal');
    expect(doc.meta).toEqual({
      title: 'Projector shows no signal',
      owner: 'tech-support',
      last_reviewed: '2026-11-20',
      tags: ['projector', 'screen', 'hdmi'],
      questions: ['the big screen says no signal', 'projector is just blue'],
      escalate: 'Staff power-cycle the projector remotely if the steps do not help.',
    });
    expect(doc.questions).toEqual(['the big screen says no signal', 'projector is just blue']);

    expect(doc.sections.map((s) => [s.id, s.depth, s.line])).toEqual([
      ['tech/full-sop.md#projector-shows-no-signal', 1, lineStarting(source, 'Use this when')],
      ['tech/full-sop.md#reply', 2, lineStarting(source, '## Reply')],
      ['tech/full-sop.md#steps', 2, lineStarting(source, '## Steps')],
      ['tech/full-sop.md#if-the-screen-shows-a-windows-update', 3, lineStarting(source, '### If the screen')],
      ['tech/full-sop.md#escalate', 2, lineStarting(source, '## Escalate')],
    ]);
    const byHeading = new Map(doc.sections.map((s) => [s.heading, s]));
    expect(byHeading.get('Reply')?.text).toBe(
      'Sorry about that! Press the Input button on the projector remote once and wait ten seconds for the picture to come back.',
    );
    expect(byHeading.get('Steps')?.steps).toEqual([
      'Find the projector remote on the bay table.',
      'Press Input once and wait ten seconds.',
      'If the side TVs are also off, follow side-tvs-off.md instead.',
    ]);
    expect(byHeading.get('If the screen shows a Windows update')?.headingPath).toEqual([
      'Projector shows no signal',
      'Steps',
      'If the screen shows a Windows update',
    ]);

    const stepsLine = lineStarting(source, '3. If the side TVs');
    const h3BodyLine = lineStarting(source, 'Leave the PC alone');
    expect(doc.links).toEqual([
      { url: 'side-tvs-off.md', line: stepsLine, column: source.split('\n')[stepsLine - 1]!.indexOf('[') + 1 },
      { url: 'windows-update-screen.md#steps', line: h3BodyLine, column: source.split('\n')[h3BodyLine - 1]!.indexOf('[') + 1 },
    ]);
  });

  it('benchmark-style doc (strict: false): title only, questions from the "Typical customer questions" list', () => {
    const { doc, messages } = parseCase('benchmark-doc');
    expect(messages).toEqual([]);
    expect(doc.route).toBe('bench');
    expect(doc.meta).toBeNull();
    expect(doc.title).toBe('Opening hours');
    expect(doc.questions).toEqual(['what time do you open', 'are you open on sundays?', 'can i book at 11pm']);
    expect(doc.sections.map((s) => s.heading)).toEqual(['Opening hours', 'Typical customer questions', 'Answer']);
  });

  it('benchmark-style doc parsed strictly reports the missing SOP fields', () => {
    const { path, source } = readCase('benchmark-doc');
    const { doc, messages } = parseDocument(path, source);
    expect(doc.questions).toEqual(['what time do you open', 'are you open on sundays?', 'can i book at 11pm']);
    expect(messages.map((m) => [m.rule, m.message.split(':')[0]])).toEqual([
      ['front-matter', 'owner'],
      ['front-matter', 'last_reviewed'],
    ]);
  });

  it('front matter with a wrong type: the message names the field and its line', () => {
    const { source } = readCase('wrong-type-field');
    const { doc, messages } = parseCase('wrong-type-field');
    const line = lineStarting(source, 'tags:');
    expect(line).toBe(5);
    expect(messages).toEqual([
      {
        file: 'booking/wrong-type-field.md',
        line,
        column: 1,
        severity: 'error',
        rule: 'front-matter',
        message: 'tags: Invalid input: expected array, received string',
      },
    ]);
    expect(doc.meta).toBeNull();
    // The title is still read loosely so the document stays usable.
    expect(doc.title).toBe('Card declined');
  });

  it('missing front matter: an error at line 1, title taken from the H1', () => {
    const { doc, messages } = parseCase('missing-front-matter');
    expect(messages).toEqual([
      {
        file: 'emergency/missing-front-matter.md',
        line: 1,
        column: 1,
        severity: 'error',
        rule: 'front-matter',
        message: 'missing front matter: start the file with a --- block (title, owner, last_reviewed, tags)',
      },
    ]);
    expect(doc.meta).toBeNull();
    expect(doc.title).toBe('Locked out after hours');
    expect(doc.sections.map((s) => s.id)).toEqual(['emergency/missing-front-matter.md#locked-out-after-hours', 'emergency/missing-front-matter.md#reply']);
  });
});
