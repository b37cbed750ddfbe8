import { slug } from 'github-slugger';
import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parseYaml, sopMetaSchema, validateMeta, type ParsedYaml } from './front-matter.ts';
import type { Message, Section, SopDoc, SopMeta } from './types.ts';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Parses markdown into its mdast tree (front matter as a `yaml` node). */
export function parseMarkdown(source: string): Root {
  return processor.parse(source);
}

/** Reads the YAML front matter node of a tree, with file positions. */
export function readFrontMatter(tree: Root, file: string): ParsedYaml | null {
  const node = tree.children[0];
  if (node?.type !== 'yaml') return null;
  return parseYaml(file, node.value, (node.position?.start.line ?? 1) + 1);
}

/**
 * A section that lists typical customer phrasings ("## Typical customer questions"): its items are
 * indexed as the document's questions and never sent to a customer as an answer.
 */
/** The headings answers are read from: the reply to send, the steps, and when to hand over to staff. */
export const REPLY_HEADING = /^(reply|what to (text|say|send))\b/i;
export const STEPS_HEADING = /^(steps|what to do|fix)\b/i;
export const ESCALATE_HEADING = /^escalat/i;

/** Whether a heading's text names a section something reads by its heading (answers, or the typical questions). */
export function isReadSectionName(name: string): boolean {
  return [REPLY_HEADING, STEPS_HEADING, ESCALATE_HEADING, /questions$/i].some((pattern) => pattern.test(name));
}

export function isQuestionsSection(section: Pick<Section, 'heading' | 'depth'>): boolean {
  return section.depth > 1 && /questions/i.test(section.heading);
}

type Options = {
  /** Validate front matter as an SOP (lint); when false any front matter with a `title` is read. */
  strict?: boolean;
};

/**
 * Parses one markdown document into sections cut at H1 intro, H2 and H3 headings.
 * @param path the document's path relative to the corpus root (`route/file.md`)
 */
export function parseDocument(path: string, source: string, options: Options = {}): { doc: SopDoc; messages: Message[] } {
  const tree = parseMarkdown(source);
  const route = path.includes('/') ? path.slice(0, path.indexOf('/')) : '';
  const messages: Message[] = [];
  const fm = readFrontMatter(tree, path);
  let meta: SopMeta | null = null;
  let looseTitle: string | undefined;
  if (fm) {
    messages.push(...fm.messages);
    const checked = validateMeta(sopMetaSchema, fm, path);
    meta = checked.value;
    if (options.strict !== false) messages.push(...checked.messages);
    const data = fm.data as { title?: unknown };
    if (typeof data.title === 'string') looseTitle = data.title;
  } else if (options.strict !== false) {
    messages.push({
      file: path,
      line: 1,
      column: 1,
      severity: 'error',
      rule: 'front-matter',
      message: 'missing front matter: start the file with a --- block (title, owner, last_reviewed, tags)',
    });
  }

  const h1 = tree.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
  const title = meta?.title ?? looseTitle ?? (h1 ? mdastText(h1) : path.replace(/^.*\//, '').replace(/\.md$/, ''));
  const sections = cutSections(tree, path, route, title);
  // Outside lint, a document with an otherwise invalid front matter keeps its questions.
  const looseQuestions = (fm?.data as { questions?: unknown } | undefined)?.questions;
  const questions = meta?.questions ?? (Array.isArray(looseQuestions) ? looseQuestions.filter((q): q is string => typeof q === 'string') : []);
  for (const s of sections) if (isQuestionsSection(s)) questions.push(...s.steps);

  const links: SopDoc['links'] = [];
  visit(tree, (node) => {
    if ((node.type === 'link' || node.type === 'definition') && isRelative(node.url)) {
      links.push({ url: node.url, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
    }
  });
  return { doc: { path, route, title, meta, questions, sections, links }, messages };
}

function isRelative(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && url !== '';
}

function cutSections(tree: Root, path: string, route: string, title: string): Section[] {
  const sections: Section[] = [];
  let parent: string | null = null;
  let current: { heading: Heading | null; blocks: RootContent[] } = { heading: null, blocks: [] };
  const flush = () => {
    const { heading, blocks } = current;
    const depth = heading?.depth ?? 1;
    const name = heading ? mdastText(heading) : title;
    if (!heading && blocks.length === 0) return;
    if (depth === 2) parent = name;
    const headingPath = depth === 1 ? [title] : depth === 2 || !parent ? [title, name] : [title, parent, name];
    sections.push({
      id: `${path}#${slug(name)}`,
      doc: path,
      route,
      heading: name,
      headingPath,
      depth,
      text: blocks
        .map((b) => plainText(b))
        .filter(Boolean)
        .join('\n'),
      steps: blocks.flatMap((b) => (b.type === 'list' ? b.children.map((item) => plainText(item)) : [])),
      line: heading?.position?.start.line ?? blocks[0]?.position?.start.line ?? 1,
    });
  };
  for (const node of tree.children) {
    if (node.type === 'yaml') continue;
    if (node.type === 'heading' && node.depth === 1) {
      flush();
      current = { heading: null, blocks: [] };
      continue;
    }
    if (node.type === 'heading' && node.depth <= 3) {
      flush();
      current = { heading: node, blocks: [] };
      continue;
    }
    current.blocks.push(node);
  }
  flush();
  return sections;
}

/** Plain text of a block; list items and paragraphs on their own lines. */
function plainText(node: Nodes): string {
  if (node.type === 'list') return node.children.map((item) => plainText(item)).join('\n');
  if (node.type === 'listItem' || node.type === 'blockquote')
    return node.children
      .map((c) => plainText(c))
      .join(' ')
      .trim();
  return mdastText(node).replace(/\s+/g, ' ').trim();
}
