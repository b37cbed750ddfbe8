import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addEntryToDocument, addQuestionsToDocument, lintSops, newDocument, type KnowledgeEntry } from '../../src/sops/index.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/edits');
const NOW = new Date('2026-11-25T12:00:00Z');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Lints one document in a throwaway corpus with a valid route instructions file. */
function lintAlone(path: string, content: string) {
  const root = mkdtempSync(join(tmpdir(), 'sop-edit-'));
  temps.push(root);
  const route = path.split('/')[0]!;
  mkdirSync(join(root, route), { recursive: true });
  writeFileSync(join(root, route, 'system_instructions.md'), readFileSync(join('sops', 'tech', 'system_instructions.md'), 'utf8'));
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  return lintSops(root, NOW);
}

describe('addEntryToDocument (golden files)', () => {
  const cases = readdirSync(FIXTURES);
  it.each(cases)('%s', (name) => {
    const dir = join(FIXTURES, name);
    const input = readFileSync(join(dir, 'input.md'), 'utf8');
    const { entry, sectionSlug, today } = JSON.parse(readFileSync(join(dir, 'entry.json'), 'utf8')) as {
      entry: KnowledgeEntry;
      sectionSlug: string;
      today: string;
    };
    const { content } = addEntryToDocument(input, entry, { sectionSlug, today });
    const expectedFile = join(dir, 'expected.md');
    if (process.env.UPDATE_FIXTURES || !existsSync(expectedFile)) {
      if (!process.env.UPDATE_FIXTURES) throw new Error(`${expectedFile} is missing: run with UPDATE_FIXTURES=1 to write it, then review it`);
      writeFileSync(expectedFile, content);
    }
    expect(content).toBe(readFileSync(expectedFile, 'utf8'));
    expect(lintAlone(`tech/${name}.md`, content).errors).toBe(0);
  });

  it('changes no other byte: removing the added lines and the date gives the input back', () => {
    const input = readFileSync(join(FIXTURES, 'under-steps', 'input.md'), 'utf8');
    const { content } = addEntryToDocument(
      input,
      { problem: 'A new problem', solution: 'the fix', steps: ['one', 'two'] },
      { sectionSlug: 'steps', today: '2026-11-25' },
    );
    const restored = content
      .replace('last_reviewed: 2026-11-25', 'last_reviewed: 2026-09-30')
      .replace('### A new problem\n\nThe fix.\n\n1. One\n2. Two\n\n', '');
    expect(restored).toBe(input);
  });

  it('names a section it cannot find', () => {
    expect(() =>
      addEntryToDocument('# T\n\n## Reply\ntext\n', { problem: 'p', solution: 's', steps: [] }, { sectionSlug: 'nope', today: '2026-11-25' }),
    ).toThrow('no section #nope to add the entry under');
  });
});

describe('newDocument', () => {
  it('writes a new SOP in the route folder that passes lint', () => {
    const doc = newDocument(
      'tech',
      {
        problem: 'the putting mat is torn',
        solution: 'use the other end of the mat and text us the bay number',
        steps: ['move to the far end of the mat', 'text the bay number'],
      },
      { owner: 'tech-support', today: '2026-11-25' },
    );
    expect(doc.path).toBe('tech/the-putting-mat-is-torn.md');
    expect(doc.content).toContain('## Reply\n\nUse the other end of the mat and text us the bay number.\n');
    expect(doc.content).toContain('1. Move to the far end of the mat');
    const result = lintAlone(doc.path, doc.content);
    expect(result.messages).toEqual([]);
    expect(result.corpus.docs[0]!.questions).toEqual(['the putting mat is torn']);
  });
});

describe('addQuestionsToDocument', () => {
  it('appends to the questions, keeping comments and the body', () => {
    const source = '---\ntitle: Lockers\nquestions:\n  - do you have lockers # asked most\n---\n\n# Lockers\n\nBy the door.\n';
    expect(addQuestionsToDocument(source, ['can  i rent a locker '])).toBe(
      '---\ntitle: Lockers\nquestions:\n  - do you have lockers # asked most\n  - can i rent a locker\n---\n\n# Lockers\n\nBy the door.\n',
    );
  });

  it('starts the list when the front matter has none', () => {
    expect(addQuestionsToDocument('---\ntitle: Lost property\n---\n\n# Lost property\n', ['i left my glove', 'where is lost and found'])).toBe(
      '---\ntitle: Lost property\nquestions:\n  - i left my glove\n  - where is lost and found\n---\n\n# Lost property\n',
    );
  });
});
