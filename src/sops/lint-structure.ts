import type { Code, Heading, Root } from 'mdast';
import { toString as plainText } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { isReadSectionName } from './parse-document.ts';
import type { Message } from './types.ts';

/**
 * Structural mistakes that make a document parse into other sections than its writer sees: a section
 * name in bold instead of a heading, a skipped heading level, a code fence never closed, an H1 that is
 * not the front matter title.
 * @param title the document's title (its front matter `title`)
 */
export function checkStructure(file: string, source: string, tree: Root, title: string): Message[] {
  return [
    ...findBoldHeadings(file, source, tree),
    ...findSkippedLevels(file, tree),
    ...findUnclosedFences(file, source, tree),
    ...checkTitle(file, tree, title),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
}

function at(file: string, line: number, column: number, rule: string, message: string): Message {
  return { file, line, column, severity: 'error', rule, message };
}

/** A top-level paragraph that opens with a bold section name alone on its line (`**Reply**`, `**Steps:**`). */
function findBoldHeadings(file: string, source: string, tree: Root): Message[] {
  const out: Message[] = [];
  for (const node of tree.children) {
    if (node.type !== 'paragraph') continue;
    const strong = node.children[0];
    const start = strong?.position?.start;
    const end = strong?.position?.end;
    if (strong?.type !== 'strong' || !start || !end || start.offset === undefined || end.offset === undefined) continue;
    const name = plainText(strong).trim().replace(/:$/, '').trim();
    const restOfLine = source.slice(end.offset).split('\n', 1)[0]!.trim();
    if (!isReadSectionName(name) || (restOfLine !== '' && restOfLine !== ':')) continue;
    const written = source.slice(start.offset, end.offset);
    out.push(
      at(file, start.line, start.column, 'bold-heading', `"${written}" is bold text, not a heading, so there is no ${name} section: write "## ${name}"`),
    );
  }
  return out;
}

/** A heading more than one level below the one before it (the front matter title counts as level 1). */
function findSkippedLevels(file: string, tree: Root): Message[] {
  const out: Message[] = [];
  let previous = 1;
  for (const node of tree.children) {
    if (node.type !== 'heading') continue;
    if (node.depth > previous + 1) {
      const wanted = '#'.repeat(previous + 1);
      out.push(
        at(
          file,
          line(node),
          1,
          'heading-level',
          `heading level skipped: "${'#'.repeat(node.depth)} ${plainText(node)}" follows a level-${previous} heading: write it as "${wanted} ${plainText(node)}" (sections are cut at ## and ###)`,
        ),
      );
    }
    previous = node.depth;
  }
  return out;
}

/**
 * A fenced code block whose closing fence is missing: remark runs it to the end of its container (the
 * document, at top level), so every heading after it becomes code and its sections vanish.
 */
function findUnclosedFences(file: string, source: string, tree: Root): Message[] {
  const out: Message[] = [];
  visit(tree, 'code', (node: Code) => {
    const { start, end } = node.position ?? {};
    if (start?.offset === undefined || end?.offset === undefined) return;
    const lines = source.slice(start.offset, end.offset).split('\n');
    const fence = /^[ \t]*(`{3,}|~{3,})/.exec(lines[0] ?? '')?.[1];
    if (!fence) return; // an indented code block has no fence to close
    const last = (lines.at(-1) ?? '').replace(/^[ \t>]*/, '');
    const closing = new RegExp(`^${fence[0]}{${fence.length},}\\s*$`);
    if (lines.length > 1 && closing.test(last)) return;
    const swallowed = lines
      .slice(1)
      .map((l) => l.replace(/^[ \t>]*/, ''))
      .filter((l) => /^#{1,6}\s/.test(l));
    const headings = swallowed.length ? ` (swallowing ${swallowed.slice(0, 3).join(', ')}${swallowed.length > 3 ? ', ...' : ''})` : '';
    const lastLine = end.column === 1 ? end.line - 1 : end.line; // an end at column 1 is just past the last line's newline
    out.push(
      at(
        file,
        start.line,
        start.column,
        'unclosed-fence',
        `code fence ${fence} is never closed, so everything after it to line ${lastLine} is read as code${headings}: close it with ${fence}`,
      ),
    );
  });
  return out;
}

/** Every H1 repeats the front matter title: the title is what search and answers show, the H1 what editors read. */
function checkTitle(file: string, tree: Root, title: string): Message[] {
  const normal = (s: string) => s.replace(/\s+/g, ' ').trim();
  return tree.children
    .filter((n): n is Heading => n.type === 'heading' && n.depth === 1 && normal(plainText(n)) !== normal(title))
    .map((h) =>
      at(
        file,
        line(h),
        1,
        'title-mismatch',
        `H1 "${plainText(h)}" differs from the front matter title "${title}": make them the same (the title is what search and answers use)`,
      ),
    );
}

function line(node: Heading): number {
  return node.position?.start.line ?? 1;
}
