import { slug } from 'github-slugger';
import type { Heading, List, Root, RootContent } from 'mdast';
import { toString as plainText } from 'mdast-util-to-string';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { parseDocument, stringify as stringifyYaml } from 'yaml';
import { capitalise } from '../text/index.ts';
import { parseMarkdown } from './parse-document.ts';

/**
 * A piece of knowledge to write into an SOP: the situation (a title or heading), its fix and steps,
 * and how customers put it (a new SOP's first typical questions; the situation when there are none).
 */
export type KnowledgeEntry = { problem: string; solution: string; steps: string[]; questions?: string[] };

const toMarkdown = unified().use(remarkStringify, { bullet: '-', emphasis: '_', listItemIndent: 'one' });

/**
 * Adds an entry to an SOP: a heading with the problem, the solution and its steps, placed at the end
 * of the section `sectionSlug` (one level below it; beside it when it is already an H3) and bumping
 * `last_reviewed`. Positions come from the remark AST, and every other byte of the file is kept.
 */
export function addEntryToDocument(source: string, entry: KnowledgeEntry, options: { sectionSlug: string; today: string }): { content: string; slug: string } {
  const tree = parseMarkdown(source);
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading');
  const target = headings.find((h) => h.depth <= 3 && slug(plainText(h)) === options.sectionSlug);
  if (!target) throw new Error(`no section #${options.sectionSlug} to add the entry under`);
  const depth = Math.min(3, target.depth + 1) as 2 | 3;
  // The section ends where the next heading of its own level or above starts (or at the end).
  const after = tree.children.slice(tree.children.indexOf(target) + 1);
  const next = after.find((n): n is Heading => n.type === 'heading' && n.depth <= target.depth);
  const offset = next?.position?.start.offset ?? source.length;

  const taken = new Set(headings.map((h) => slug(plainText(h))));
  let title = entry.problem.trim().replace(/\s+/g, ' ');
  for (let n = 2; taken.has(slug(title)); n++) title = `${entry.problem.trim()} (${n})`;
  const block = renderEntry(title, depth, entry);

  const before = source.slice(0, offset);
  const rest = source.slice(offset);
  const lead = before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = rest.length > 0 ? '\n' : '';
  const content = bumpReviewed(`${before}${lead}${block}${trail}${rest}`, options.today);
  return { content, slug: slug(title) };
}

/** A new SOP in the route's folder when no document covers the problem: valid front matter, Reply and Steps. */
export function newDocument(route: string, entry: KnowledgeEntry, options: { owner: string; today: string }): { path: string; content: string } {
  const title = sentence(entry.problem).replace(/[.?!]+$/, '');
  const frontMatter = stringifyYaml({
    title,
    owner: options.owner,
    last_reviewed: options.today,
    tags: [route, 'from-conversations'],
    questions: entry.questions?.length ? entry.questions.map((q) => q.trim()) : [entry.problem.trim()],
  }).trimEnd();
  const body: RootContent[] = [
    { type: 'heading', depth: 1, children: [{ type: 'text', value: title }] },
    { type: 'heading', depth: 2, children: [{ type: 'text', value: 'Reply' }] },
    { type: 'paragraph', children: [{ type: 'text', value: closed(sentence(entry.solution)) }] },
  ];
  if (entry.steps.length) {
    body.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: 'Steps' }] }, stepsList(entry.steps));
  }
  return { path: `${route}/${slug(title) || 'untitled'}.md`, content: `---\n${frontMatter}\n---\n\n${toMarkdown.stringify({ type: 'root', children: body })}` };
}

/**
 * Appends typical questions to an SOP's front matter `questions:` (created when missing). The YAML
 * is edited as a document, so its comments, order and quoting stay, and the body is not touched.
 */
export function addQuestionsToDocument(source: string, questions: readonly string[]): string {
  const front = frontMatterOf(source);
  if (!front) throw new Error('the SOP has no front matter to add questions to');
  const doc = parseDocument(front.yaml);
  if (doc.errors.length) throw new Error(`the SOP's front matter is not valid YAML: ${doc.errors[0]!.message}`);
  const added = questions.map((q) => q.trim().replace(/\s+/g, ' '));
  if (doc.has('questions')) for (const question of added) doc.addIn(['questions'], question);
  else doc.set('questions', doc.createNode(added));
  const block = `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd()}\n---`;
  return source.slice(0, front.start) + block + source.slice(front.end);
}

/** Where the front matter block (`---` to `---`) lies in a file, and its YAML; null when there is none. */
function frontMatterOf(source: string): { start: number; end: number; yaml: string } | null {
  const node = parseMarkdown(source).children[0];
  if (node?.type !== 'yaml' || node.position?.start.offset === undefined || node.position.end.offset === undefined) return null;
  return { start: node.position.start.offset, end: node.position.end.offset, yaml: node.value };
}

function renderEntry(title: string, depth: 2 | 3, entry: KnowledgeEntry): string {
  const nodes: RootContent[] = [
    { type: 'heading', depth, children: [{ type: 'text', value: title }] },
    { type: 'paragraph', children: [{ type: 'text', value: closed(sentence(entry.solution)) }] },
  ];
  if (entry.steps.length) nodes.push(stepsList(entry.steps));
  return toMarkdown.stringify({ type: 'root', children: nodes } satisfies Root);
}

function stepsList(steps: string[]): List {
  return {
    type: 'list',
    ordered: true,
    start: 1,
    spread: false,
    children: steps.map((s) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: sentence(s) }] }] })),
  };
}

/** Sets `last_reviewed` in the front matter in place, leaving the rest of the file as it was. */
function bumpReviewed(source: string, today: string): string {
  const front = frontMatterOf(source);
  if (!front) return source;
  const { start, end } = front;
  const block = source.slice(start, end);
  const updated = /^last_reviewed:.*$/m.test(block)
    ? block.replace(/^last_reviewed:.*$/m, `last_reviewed: ${today}`)
    : block.replace(/\n---\s*$/, `\nlast_reviewed: ${today}\n---`);
  return source.slice(0, start) + updated + source.slice(end);
}

/** A sentence ends with punctuation. */
function closed(text: string): string {
  return /[.!?:)"']$/.test(text) ? text : `${text}.`;
}

function sentence(text: string): string {
  return capitalise(text.trim().replace(/\s+/g, ' '));
}
