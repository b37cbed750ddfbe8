import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { slug } from 'github-slugger';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { checkStructure } from './lint-structure.ts';
import { loadCorpus } from './load-corpus.ts';
import { isQuestionsSection, parseMarkdown } from './parse-document.ts';
import type { Corpus, Message, SopDoc } from './types.ts';

const PLACEHOLDERS: { pattern: RegExp; name: string }[] = [
  { pattern: /\bTODO\b/, name: 'TODO' },
  { pattern: /\bTBD\b/, name: 'TBD' },
  { pattern: /\bFIXME\b/, name: 'FIXME' },
  { pattern: /\[\s*to be (completed|written|added|confirmed)\s*\]/i, name: '[To be completed]' },
  { pattern: /\blorem ipsum\b/i, name: 'lorem ipsum' },
];
const STALE_DAYS = 180;
const DAY_MS = 86_400_000;

export type LintResult = { corpus: Corpus; messages: Message[]; errors: number; warnings: number };

/**
 * Lints a folder of SOPs: front matter, duplicate ids, empty sections, placeholders,
 * broken relative links, raw HTML, structure (bold section names, skipped heading levels,
 * unclosed code fences, an H1 other than the title), stale reviews.
 * @param now the clock, for the stale-review rule
 */
export function lintSops(root: string, now: Date): LintResult {
  const corpus = loadCorpus(root, { strict: true });
  const messages = [...corpus.messages];
  const seen = new Map<string, string>();
  for (const doc of corpus.docs) {
    const file = doc.path;
    const source = readFileSync(join(root, file), 'utf8');
    messages.push(...findPlaceholders(file, source));
    if (doc.sections.length === 0) messages.push(at(file, 1, 'error', 'empty-section', 'the document has no content: write the procedure under ## headings'));
    doc.sections.forEach((section, i) => {
      const earlier = seen.get(section.id);
      if (earlier)
        messages.push(at(file, section.line, 'error', 'duplicate-id', `duplicate section id ${section.id} (also at ${earlier}): rename one heading`));
      else seen.set(section.id, `${file}:${section.line}`);
      const next = doc.sections[i + 1];
      const hasChildren = next !== undefined && next.depth > section.depth;
      if (!section.text && !hasChildren)
        messages.push(at(file, section.line, 'error', 'empty-section', `section "${section.heading}" is empty: write its content or remove the heading`));
    });
    messages.push(...checkLinks(root, doc, corpus));
    const tree = parseMarkdown(source);
    messages.push(...findRawHtml(file, tree));
    messages.push(...checkStructure(file, source, tree, doc.title));
    messages.push(...checkSectionQuestions(doc, source));
    if (doc.meta) {
      const age = Math.floor((now.getTime() - Date.parse(doc.meta.last_reviewed)) / DAY_MS);
      if (age > STALE_DAYS)
        messages.push(
          at(
            file,
            lineOfKey(source, 'last_reviewed'),
            'warning',
            'stale-review',
            `last_reviewed ${doc.meta.last_reviewed} is ${age} days old (over ${STALE_DAYS}): review the SOP and update the date`,
          ),
        );
      if (age < -1)
        messages.push(at(file, lineOfKey(source, 'last_reviewed'), 'error', 'front-matter', `last_reviewed ${doc.meta.last_reviewed} is in the future`));
    }
  }
  for (const route of corpus.routes.keys()) {
    const path = join(root, route, 'system_instructions.md');
    if (existsSync(path)) messages.push(...findPlaceholders(`${route}/system_instructions.md`, readFileSync(path, 'utf8')));
  }
  messages.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const errors = messages.filter((m) => m.severity === 'error').length;
  return { corpus, messages, errors, warnings: messages.length - errors };
}

/** `file:line:col severity message (rule)`, as compilers print. */
export function formatMessage(m: Message, root = ''): string {
  const file = root ? join(root, m.file) : m.file;
  return `${file}:${m.line}:${m.column} ${m.severity} ${m.message} (${m.rule})`;
}

/** Raw HTML in an SOP: sent to customers as literal text, and live markup in a pull request (`<!--` hides the rest of a diff). */
function findRawHtml(file: string, tree: Root): Message[] {
  const messages: Message[] = [];
  visit(tree, 'html', (node) => {
    const start = node.position?.start;
    messages.push(
      at(
        file,
        start?.line ?? 1,
        'error',
        'raw-html',
        'raw HTML: write it in markdown (HTML reaches customers as text and hides content in pull requests)',
        start?.column ?? 1,
      ),
    );
  });
  return messages;
}

function at(file: string, line: number, severity: Message['severity'], rule: string, message: string, column = 1): Message {
  return { file, line, column, severity, rule, message };
}

function findPlaceholders(file: string, source: string): Message[] {
  const out: Message[] = [];
  source.split('\n').forEach((text, i) => {
    for (const { pattern, name } of PLACEHOLDERS) {
      const match = pattern.exec(text);
      if (match) out.push(at(file, i + 1, 'error', 'placeholder', `placeholder text "${name}": write the real content`, match.index + 1));
    }
  });
  return out;
}

function checkLinks(root: string, doc: SopDoc, corpus: Corpus): Message[] {
  const out: Message[] = [];
  for (const link of doc.links) {
    const [rawTarget = '', rawFragment] = link.url.split('#');
    let target: string;
    let fragment: string | undefined;
    try {
      target = decodeURIComponent(rawTarget);
      fragment = rawFragment === undefined ? undefined : decodeURIComponent(rawFragment);
    } catch {
      out.push(at(doc.path, link.line, 'error', 'broken-link', `link to ${link.url}: malformed %-escape in the address`, link.column));
      continue;
    }
    const resolved = target
      ? normalize(join(dirname(doc.path), target))
          .split('\\')
          .join('/')
      : doc.path;
    if (target && !existsSync(join(root, resolved))) {
      out.push(at(doc.path, link.line, 'error', 'broken-link', `link to ${link.url}: no such file`, link.column));
      continue;
    }
    const linked = corpus.docs.find((d) => d.path === resolved);
    if (fragment && linked && !linked.sections.some((s) => s.id === `${linked.path}#${slug(fragment)}`)) {
      out.push(at(doc.path, link.line, 'error', 'broken-link', `link to ${link.url}: ${linked.path} has no heading #${fragment}`, link.column));
    }
  }
  return out;
}

/** Every `section_questions` key names a heading of the document, and not one whose text is never a reply. */
function checkSectionQuestions(doc: SopDoc, source: string): Message[] {
  const headings = doc.sections.filter((s) => s.depth > 1 && !isQuestionsSection(s)).map((s) => s.heading);
  const lines = source.split('\n');
  return Object.keys(doc.meta?.section_questions ?? {}).flatMap((heading) => {
    if (headings.includes(heading)) return [];
    const line = lines.findIndex((l) => l.trim().replace(/^['"]|['"]?:$/g, '') === heading) + 1 || lineOfKey(source, 'section_questions');
    return [
      at(doc.path, line, 'error', 'section-questions', `section_questions "${heading}" names no heading of this document (headings: ${headings.join(', ')})`),
    ];
  });
}

function lineOfKey(source: string, key: string): number {
  const index = source.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return index >= 0 ? index + 1 : 1;
}
