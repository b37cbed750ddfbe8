/** A line of an SOP as it is and as a contradiction proposal would have it. */
export type ChangedLine = { before: string; after: string };

/**
 * An SOP with the figure it gives ("24 hours") replaced by the one staff gave ("48 hours") in every
 * body line that states it, front matter left alone; null when no body line states it. Only that
 * figure changes: every other byte of the file stays.
 */
export function replaceFigure(source: string, sopText: string, staffText: string): { content: string; lines: ChangedLine[] } | null {
  const figure = new RegExp(`(?<![\\p{L}\\p{N}$])${literal(sopText)}(?![\\p{L}\\p{N}])`, 'giu');
  const lines = source.split('\n');
  const bodyStart = frontMatterEnd(lines);
  const changed: ChangedLine[] = [];
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i]!;
    if (!figure.test(line)) continue;
    figure.lastIndex = 0;
    const after = line.replace(figure, staffText);
    changed.push({ before: line, after });
    lines[i] = after;
  }
  return changed.length ? { content: lines.join('\n'), lines: changed } : null;
}

/** The index of the first line after the front matter (`---` … `---`), 0 when there is none. */
function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0] !== '---') return 0;
  const end = lines.indexOf('---', 1);
  return end < 0 ? 0 : end + 1;
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
