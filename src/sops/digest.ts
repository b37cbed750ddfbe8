import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { GLOSSARY_FILE } from './glossary.ts';
import { listMarkdown } from './load-corpus.ts';

/**
 * A digest of what answers are fitted on: every markdown file of the route folders of a folder of SOPs and its glossary,
 * by path relative to the folder, plus any further named texts (the out-of-scope questions). Line
 * endings are normalised, so a checkout with CRLF digests alike.
 */
export function digestOfSops(root: string, extra: Record<string, string> = {}): string {
  const hash = createHash('sha256');
  // Markdown at the root (a README) is not a SOP: only the route folders' files count.
  const entries: [string, string][] = listMarkdown(root)
    .map((file): [string, string] => [relative(root, file).split(sep).join('/'), file])
    .filter(([name]) => name.includes('/'))
    .map(([name, file]) => [name, readFileSync(file, 'utf8')]);
  try {
    entries.push([GLOSSARY_FILE, readFileSync(join(root, GLOSSARY_FILE), 'utf8')]);
  } catch {
    // no glossary
  }
  entries.push(...Object.entries(extra));
  for (const [name, text] of entries.sort((a, b) => a[0].localeCompare(b[0]))) hash.update(`${name}\0${text.replace(/\r\n/g, '\n')}\0`);
  return `sha256:${hash.digest('hex')}`;
}
