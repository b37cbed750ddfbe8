import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { loadGlossary } from './glossary.ts';
import { parseDocument } from './parse-document.ts';
import { parseRouteInstructions, defaultInstructions } from './route-instructions.ts';
import type { Corpus, Message, RouteInstructions, SopDoc } from './types.ts';

export const INSTRUCTIONS_FILE = 'system_instructions.md';

type Options = {
  /** Lint mode: every document must carry valid SOP front matter and every route its instructions. */
  strict?: boolean;
};

/**
 * Reads every route folder of markdown under `root`: `<route>/**\/*.md` are documents,
 * `<route>/system_instructions.md` the route's instructions, `glossary.yaml` the glossary; other files at
 * the root and READMEs are skipped.
 */
export function loadCorpus(root: string, options: Options = {}): Corpus {
  const strict = options.strict ?? true;
  const docs: SopDoc[] = [];
  const routes = new Map<string, RouteInstructions>();
  const messages: Message[] = [];
  const instructionFiles = new Set<string>();
  const stat = statSync(root, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new InputError(`folder of SOPs not found: ${root}`);
  for (const file of listMarkdown(root)) {
    const path = relative(root, file).split(sep).join('/');
    if (!path.includes('/') || /(^|\/)readme\.md$/i.test(path)) continue;
    const source = readFileSync(file, 'utf8');
    const route = path.slice(0, path.indexOf('/'));
    if (path === `${route}/${INSTRUCTIONS_FILE}`) {
      instructionFiles.add(route);
      const parsed = parseRouteInstructions(path, route, source);
      messages.push(...parsed.messages);
      if (parsed.instructions) routes.set(route, parsed.instructions);
      continue;
    }
    const parsed = parseDocument(path, source, { strict });
    docs.push(parsed.doc);
    messages.push(...parsed.messages);
  }
  for (const route of new Set(docs.map((d) => d.route))) {
    if (routes.has(route)) continue;
    if (strict && !instructionFiles.has(route))
      messages.push({
        file: `${route}/${INSTRUCTIONS_FILE}`,
        line: 1,
        column: 1,
        severity: 'error',
        rule: 'route-instructions',
        message: `route "${route}" has no ${INSTRUCTIONS_FILE}: add one with its tone and rules`,
      });
    routes.set(route, defaultInstructions(route));
  }
  const glossary = loadGlossary(root);
  messages.push(...glossary.messages);
  return { root, docs, routes, glossary: glossary.glossary, messages };
}

/** Every markdown file under a folder, in name order, skipping dot folders and node_modules. */
export function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listMarkdown(full));
    else if (entry.isFile() && entry.name.endsWith('.md')) out.push(full);
  }
  return out;
}
