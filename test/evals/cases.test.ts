import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCases } from '../../src/evals/index.ts';

const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'sop-cases-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

describe('readCases', () => {
  it("reads the repository's eval cases: at least 200, 30 out of scope, every route", () => {
    const cases = readCases('evals');
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(cases.filter((c) => c.expected_source === null && c.route === null).length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.route))).toEqual(new Set(['booking', 'brand', 'emergency', 'tech', null]));
    expect(cases.every((c) => typeof c.assistant_response === 'string')).toBe(true);
  });

  it('reads every .jsonl file of a folder in name order, and names both places of a reused id', () => {
    const dir = folder({
      'b.jsonl': '{"id":"b1","query":"q","expected_source":null}\n',
      'a.jsonl': '{"id":"a1","query":"q","expected_source":"x.md"}\n\n',
      'notes.txt': 'ignored',
    });
    expect(readCases(dir).map((c) => c.id)).toEqual(['a1', 'b1']);
    const twice = folder({ 'a.jsonl': '{"id":"x","query":"q","expected_source":null}\n', 'b.jsonl': '\n{"id":"x","query":"q","expected_source":null}\n' });
    expect(() => readCases(twice)).toThrow(`${join(twice, 'b.jsonl')}:2: id x is already used at ${join(twice, 'a.jsonl')}:1`);
  });

  it.each([
    ['not json', /:1: not valid JSON/],
    ['{"id":"a","query":"q"}', /:1: field expected_source: /],
    ['{"id":"a","query":"q","expected_source":null,"must_include":"x"}', /:1: field must_include: /],
    ['{"id":"a","query":"q","expected_source":null,"route":""}', /:1: field route: /],
  ])('names the file, line and field of %j', (line, error) => {
    expect(() => readCases(join(folder({ 'c.jsonl': `${line}\n` }), 'c.jsonl'))).toThrow(error);
  });

  it.each([
    [
      'a misspelt optional field, with the field it was meant to be',
      '{"id":"a","query":"q","expected_source":null,"must_inclde":["x"]}',
      'unknown field "must_inclde": did you mean "must_include"?',
    ],
    [
      'a misspelt required field, reported as unknown rather than as missing',
      '{"id":"a","query":"q","expected_sorce":"x.md"}',
      'unknown field "expected_sorce": did you mean "expected_source"?',
    ],
    [
      'every unknown field of the line',
      '{"id":"a","query":"q","expected_source":null,"Tags":["x"],"colour":"red"}',
      'unknown field "Tags": did you mean "tags"?; unknown field "colour" (expected id, route, query, reply, assistant_response, provenance, expected_source, must_include, tags)',
    ],
  ])('an unknown field is an error naming the file, line and key: %s', (_, line, error) => {
    const file = join(folder({ 'c.jsonl': `{"id":"ok","query":"q","expected_source":null}\n${line}\n` }), 'c.jsonl');
    expect(() => readCases(file)).toThrow(`${file}:2: ${error}`);
  });

  it('says what it expected when nothing is there', () => {
    expect(() => readCases('/no/such/place')).toThrow('cases not found: /no/such/place (a JSONL file, or a folder of them such as evals/)');
    expect(() => readCases(folder({}))).toThrow(/^no \*\.jsonl case files in /);
  });
});
