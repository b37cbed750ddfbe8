import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGlossary } from '../../src/sops/glossary.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const folder = (glossary?: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'sop-glossary-'));
  dirs.push(dir);
  if (glossary !== undefined) writeFileSync(join(dir, 'glossary.yaml'), glossary);
  return dir;
};

describe('sops/glossary.yaml', () => {
  it('maps each SOP word to the words customers use, lower-cased as matching reads them', () => {
    expect(loadGlossary(folder('projector: [Big Screen, main screen]\nsimulator: [sim]\n'))).toEqual({
      glossary: { projector: ['big screen', 'main screen'], simulator: ['sim'] },
      messages: [],
    });
  });

  it('is empty without the file', () => {
    expect(loadGlossary(folder())).toEqual({ glossary: {}, messages: [] });
  });

  it('names the line of a word listed twice, or listed under its own key, and keeps the rest', () => {
    const { glossary, messages } = loadGlossary(folder('projector:\n  - big screen\n  - projector\ntv:\n  - telly\n  - Big Screen\n'));
    expect(glossary).toEqual({ projector: ['big screen'], tv: ['telly'] });
    expect(messages.map((m) => [m.line, m.severity, m.rule])).toEqual([
      [3, 'error', 'glossary'],
      [6, 'error', 'glossary'],
    ]);
    expect(messages[1]!.message).toContain('"Big Screen" under "tv" is already');
  });

  it('reports a list that is not one, naming the field', () => {
    const { messages } = loadGlossary(folder('projector: big screen\n'));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.severity).toBe('error');
  });
});
