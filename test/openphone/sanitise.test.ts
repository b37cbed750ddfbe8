import { describe, expect, it } from 'vitest';
import { checkDepth, MAX_DEPTH, sanitiseJson } from '../../src/openphone/sanitise.ts';
import { InputError } from '../../src/errors.ts';

const sanitise = (text: string) => sanitiseJson(JSON.parse(text), text);

describe('sanitiseJson', () => {
  it('replaces NULs and lone surrogates in values and keys, counts them, and keeps pairs whole', () => {
    expect(sanitise('{"a\\u0000":["x\\ud800y","\\udc00","ok \\ud83d\\ude00",{"k":"\\u0000\\u0000"}],"n":1}')).toEqual({
      value: { 'a\ufffd': ['x\ufffdy', '\ufffd', 'ok 😀', { k: '\ufffd\ufffd' }], n: 1 },
      replaced: 5,
    });
  });

  it('keeps a "__proto__" key as a plain key', () => {
    const { value } = sanitise('{"__proto__":{"polluted":"\\u0000"}}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns the same value untouched when the text holds no suspect escape', () => {
    const json = JSON.parse('{"a":["b",{"c":"😀"}]}');
    expect(sanitiseJson(json, '{"a":["b",{"c":"😀"}]}')).toEqual({ value: json, replaced: 0 });
    expect(sanitiseJson(json, '{"a":["b",{"c":"😀"}]}').value).toBe(json);
  });
});

describe('checkDepth', () => {
  it(`lets ${MAX_DEPTH} levels through and refuses one more, naming the limit`, () => {
    expect(() => checkDepth(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`)).not.toThrow();
    expect(() => checkDepth(`${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`)).toThrow(
      new InputError(`invalid payload: the body nests deeper than ${MAX_DEPTH} levels`),
    );
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: `\\"${'['.repeat(1000)}` });
    expect(() => checkDepth(text, 2)).not.toThrow();
  });
});
