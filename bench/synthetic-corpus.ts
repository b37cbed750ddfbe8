import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeded, words } from '../src/search/index.ts';

/**
 * Writes a synthetic corpus of `sections` H2 sections (4 per document, 6 questions each, 4 routes)
 * drawn from the vocabulary of the real SOPs, and returns its folder and sample queries.
 */
export function writeSyntheticCorpus(sopsDir: string, sections: number, seed = 7): { dir: string; queries: string[] } {
  const vocabulary = [
    ...new Set(
      readdirSync(sopsDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.md'))
        .flatMap((f) => words(readFileSync(join(sopsDir, f), 'utf8'))),
    ),
  ].filter((w) => w.length > 2 && !/\d/.test(w));
  const rand = seeded(seed);
  const pick = () => vocabulary[Math.floor(rand() * vocabulary.length)]!;
  const phrase = (n: number) => Array.from({ length: n }, pick).join(' ');
  const dir = mkdtempSync(join(tmpdir(), 'sop-bench-'));
  const routes = ['alpha', 'beta', 'gamma', 'delta'];
  const queries: string[] = [];
  const docs = Math.ceil(sections / 4);
  for (const r of routes) mkdirSync(join(dir, r));
  for (let d = 0; d < docs; d++) {
    const route = routes[d % routes.length]!;
    const questions = Array.from({ length: 6 }, () => phrase(4 + Math.floor(rand() * 6)));
    if (d % 5 === 0) queries.push(questions[0]!, phrase(6));
    const body = Array.from({ length: 4 }, (_, s) => `## ${phrase(3)} ${s}\n\n${phrase(25)}.\n\n1. ${phrase(8)}\n2. ${phrase(8)}\n`).join('\n');
    writeFileSync(
      join(dir, route, `doc-${d}.md`),
      `---\ntitle: ${phrase(3)}\nowner: bench\nlast_reviewed: 2026-11-01\ntags: [bench]\nquestions:\n${questions.map((q) => `  - ${q}`).join('\n')}\n---\n\n# Doc ${d}\n\n${body}`,
    );
  }
  return { dir, queries };
}
