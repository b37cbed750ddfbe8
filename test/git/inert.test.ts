import { describe, expect, it } from 'vitest';
import { fenced, inertLine } from '../../src/git/index.ts';

describe('inertLine (titles, commit subjects, table cells)', () => {
  it.each([
    ['Fixes #1 the screen froze', 'Fixes #\u200d1 the screen froze'],
    ['cc @org/team and @dana', 'cc @\u200dorg/team and @\u200ddana'],
    ['look ![x](https://tracker.example/p.gif) here', 'look x https://tracker.example/p.gif here'],
    ['<!-- hidden --> visible <script>alert(1)</script>', 'visible alert 1'],
    ['## LGTM approved', 'LGTM approved'],
    ['line one\nline two\r\n\tthree', 'line one line two three'],
    ['a | b `code` **bold**', 'a b code bold'],
  ])('%j becomes %j', (text, expected) => {
    expect(inertLine(text)).toBe(expected);
  });

  it('cuts on a word with an ellipsis', () => {
    expect(inertLine('the projector in bay three is showing a blue screen again', 30)).toBe('the projector in bay three…');
  });
});

describe('fenced (quoted customer text in a body)', () => {
  it('puts the text in a block no backtick run inside it can close, with references and mentions unlinked', () => {
    const text = 'Fixes #12, ping @ops\n```\n## LGTM approved\n<!--';
    expect(fenced(text)).toBe('````text\nFixes #\u200d12, ping @\u200dops\n```\n## LGTM approved\n<!--\n````');
  });

  it('uses three backticks when the text holds none, and the info string given', () => {
    expect(fenced('+ added line', 'diff')).toBe('```diff\n+ added line\n```');
  });
});
