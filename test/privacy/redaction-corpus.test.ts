import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, parseCorpus, redact, scoreCorpus } from '../../src/privacy/index.ts';

/**
 * Redaction measured on labelled customer texts and call turns (test/fixtures/redaction, each file
 * written independently of the redactor): how many personal items leak, per kind, and how many
 * look-alikes (bay numbers, prices, error codes) are removed wrongly. `sop redact --check` prints
 * the same figures.
 */
const DIR = join(import.meta.dirname, '..', 'fixtures', 'redaction');
const files = readdirSync(DIR).filter((f) => f.endsWith('.jsonl'));
const lines = files.flatMap((f) => parseCorpus(readFileSync(join(DIR, f), 'utf8'), f));
const score = scoreCorpus(lines, (t) => redact(t).text);

describe('redaction on the labelled corpora', () => {
  // Identity and account numbers came later: heldout-13 labels them.
  const labelled = KINDS.filter((k) => k !== 'id');
  it('holds at least 200 lines with every kind labelled', () => {
    expect(lines.length).toBeGreaterThanOrEqual(200);
    for (const kind of labelled) expect(score.byKind[kind].items, kind).toBeGreaterThanOrEqual(30);
  });

  it('leaks at most 5% of personal items, and at most 10% of any kind', () => {
    expect(score.total.rate).toBeLessThanOrEqual(0.05);
    for (const kind of labelled) expect(score.byKind[kind].rate, kind).toBeLessThanOrEqual(0.1);
  });

  it('keeps at least 99% of the look-alikes', () => {
    expect(score.keep.rate).toBeLessThanOrEqual(0.01);
  });
});

/**
 * Later labelled sets, each written independently of the redactor and of each other, in folders of
 * their own. Each was first measured untouched (its held-out figure), then used to improve the rules;
 * the bars guard what they measure now. `sop redact --check test/fixtures/redaction/<folder>/*.jsonl`.
 *
 * | folder | first measured | bar (leaked / look-alikes lost) |
 * |---|---|---|
 * | newest | 14.9% leaked | 10% / 4% |
 * | latest | 11.8% leaked | 5% / 3% |
 * | heldout-2 | 13.0% leaked (10.6% after the rules latest led to) | 6% / 6% |
 * | heldout-3 | 9.2% leaked, 11 of 229 look-alikes lost (14.8% before the rules latest and heldout-2 led to) | 10% / 6% |
 * | heldout-4 | 8.5% leaked, 4 of 337 look-alikes lost | 6% / 2% |
 * | heldout-5 | 7.5% leaked, 22 of 272 look-alikes lost (a brand and venue names of its own) | 6% / 10% |
 * | heldout-6 | 11.2% leaked (10.1% after the rules heldout-5 led to), 17 of 226 look-alikes lost | 8% / 9% |
 * | heldout-7 | 15.2% leaked (14.3% after the rules heldout-6 led to), 48 of 459 look-alikes lost (written to hold the hardest forms) | 8% / 11% |
 * | heldout-8 | 5.1% leaked (5.1% after the rules heldout-6 and heldout-7 led to), 26 of 433 look-alikes lost | 3% / 7% |
 * | heldout-9 | 6.0% leaked (5.4% after the rules heldout-6, -7 and -8 led to), 33 of 486 look-alikes lost | 6% / 7% |
 * | heldout-10 | 4.7% leaked, 24 of 361 look-alikes lost | 3% / 7% |
 * | heldout-11 | 8.2% leaked (9.2% before the rules heldout-10 led to), 30 of 360 look-alikes lost | 5% / 5% |
 * | heldout-12 | 3.3% leaked (3.3% before the rules heldout-10 and -11 led to), 25 of 419 look-alikes lost | 3% / 6% |
 * | heldout-13 | 11.8% leaked (11.1% after the rules heldout-7 and -11 led to; identity and account numbers, a kind of its own, counted as codes), 63 of 367 look-alikes lost | 8% / 8% |
 * | heldout-14 | 10.7% leaked (ids counted as codes), 62 of 560 look-alikes lost; 9.6% and 41 lost with the rules heldout-13 led to | 7% / 8% |
 * | heldout-15 | 13.8% leaked (ids counted as codes), 39 of 555 look-alikes lost; 12.5% with the rules heldout-14 led to | 11% / 8% |
 * | heldout-16 | 12.7% leaked (ids counted as codes), 35 of 547 look-alikes lost; 9.9% and 34 lost with the rules heldout-14 and -15 led to; 7.4% and 18 lost with the rules it led to | 8% / 5% |
 * | heldout-17 | 11.9% leaked, 20 of 381 look-alikes lost; 11.6% and 16 lost with the rules heldout-16 led to | 10% / 5% |
 * | heldout-18 | 7.0% leaked, 10 of 494 look-alikes lost, with the rules heldout-17 led to | 4% / 3% |
 * | heldout-19 | 9.3% leaked, 15 of 449 look-alikes lost, with the rules heldout-18 led to | 6% / 4% |
 * | heldout-20 | 11.3% leaked, 28 of 375 look-alikes lost, with the rules heldout-18 led to; 9.3% with those heldout-19 led to | 7% / 8% |
 * | heldout-21 | 18.5% leaked, 18 of 331 look-alikes lost, with the rules heldout-19 led to, and with those heldout-20 led to | 16% / 6% |
 * | heldout-22 | 11.5% leaked, 7 of 377 look-alikes lost, with the rules before heldout-19; 9.3% with those heldout-20 led to, and with those heldout-21 led to; not yet used for rules | 10% / 3% |
 *
 * Membership and loyalty numbers the sets before heldout-13 kept are labelled personal since the rule changed.
 */
const LATER_SETS: [folder: string, leaked: number, lost: number][] = [
  ['newest', 0.1, 0.04],
  ['latest', 0.05, 0.03],
  ['heldout-2', 0.06, 0.06],
  ['heldout-3', 0.1, 0.06],
  ['heldout-4', 0.06, 0.02],
  ['heldout-5', 0.06, 0.1],
  ['heldout-6', 0.08, 0.09],
  ['heldout-7', 0.08, 0.11],
  ['heldout-8', 0.03, 0.07],
  ['heldout-9', 0.06, 0.07],
  ['heldout-10', 0.03, 0.07],
  ['heldout-11', 0.05, 0.05],
  ['heldout-12', 0.03, 0.06],
  ['heldout-13', 0.08, 0.08],
  ['heldout-14', 0.07, 0.08],
  ['heldout-15', 0.11, 0.08],
  ['heldout-16', 0.08, 0.05],
  ['heldout-17', 0.1, 0.05],
  ['heldout-18', 0.04, 0.03],
  ['heldout-19', 0.06, 0.04],
  ['heldout-20', 0.07, 0.08],
  ['heldout-21', 0.1, 0.06],
  ['heldout-22', 0.04, 0.03],
  ['heldout-23', 0.07, 0.05],
  ['heldout-24', 0.09, 0.03],
  ['heldout-25', 0.07, 0.05],
  ['heldout-26', 0.15, 0.03],
  ['heldout-27', 0.08, 0.04],
  ['heldout-28', 0.07, 0.04],
  ['heldout-29', 0.07, 0.05],
  ['heldout-30', 0.07, 0.1],
  ['heldout-31', 0.15, 0.07],
  ['heldout-32', 0.05, 0.05],
  ['heldout-33', 0.13, 0.07],
  ['heldout-34', 0.06, 0.06],
  ['heldout-35', 0.09, 0.06],
  ['heldout-36', 0.05, 0.05],
  ['heldout-37', 0.1, 0.07],
  ['heldout-38', 0.04, 0.07],
  ['heldout-39', 0.13, 0.06],
  ['heldout-40', 0.06, 0.07],
  ['heldout-41', 0.18, 0.1],
];

describe.each(LATER_SETS)('redaction on the labelled texts in %s', (folder, leaked, lost) => {
  const dir = join(DIR, folder);
  const score = scoreCorpus(
    readdirSync(dir).flatMap((f) => parseCorpus(readFileSync(join(dir, f), 'utf8'), f)),
    (t) => redact(t).text,
  );

  it(`leaks at most ${leaked * 100}% of personal items and loses at most ${lost * 100}% of the look-alikes`, () => {
    expect(score.total.items).toBeGreaterThanOrEqual(200);
    expect(score.total.rate).toBeLessThanOrEqual(leaked);
    expect(score.keep.rate).toBeLessThanOrEqual(lost);
  });
});

describe('the corpus scorer', () => {
  it('counts an item as leaked when one of its tokens survives beyond the rest of its line', () => {
    const [line] = parseCorpus(
      '{"text": "call Dana at 902 555 0142 in bay 5", "items": [{"kind": "name", "text": "Dana"}, {"kind": "phone", "text": "902 555 0142"}], "keep": ["bay 5"]}',
      't',
    );
    const leaky = scoreCorpus([line!], () => 'call [name] at 902 555 [phone] in bay 5');
    expect(leaky.byKind.phone).toEqual({ items: 1, leaked: 1, rate: 1 });
    expect(leaky.byKind.name).toEqual({ items: 1, leaked: 0, rate: 0 });
    expect(scoreCorpus([line!], () => 'call [name] at [phone] in bay [code]').losses).toEqual([
      { line: 1, keep: 'bay 5', output: 'call [name] at [phone] in bay [code]' },
    ]);
  });

  it('does not count a title left beside a removed name as a leak', () => {
    const [line] = parseCorpus('{"text": "Hi Dr. Okafor, your bay is ready", "items": [{"kind": "name", "text": "Dr. Okafor"}]}', 't');
    expect(scoreCorpus([line!], () => 'Hi Dr. [name], your bay is ready').byKind.name).toEqual({ items: 1, leaked: 0, rate: 0 });
    expect(scoreCorpus([line!], () => 'Hi Dr. Okafor, your bay is ready').byKind.name).toEqual({ items: 1, leaked: 1, rate: 1 });
  });

  it('names the file and line of a malformed case', () => {
    expect(() => parseCorpus('{"text": "hi", "items": [{"kind": "name", "text": "Sam"}]}', 'c.jsonl')).toThrow('c.jsonl:1: item "Sam" is not in the text');
    expect(() => parseCorpus('{nope', 'c.jsonl')).toThrow(/^c\.jsonl:1: not JSON/);
  });
});
