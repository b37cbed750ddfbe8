import { KINDS, type RedactionKind } from './substitute.ts';

/**
 * How well a redactor does on a labelled corpus: one line per case, the personal items it must
 * remove (by kind) and the look-alikes it must keep. An item leaks when one of its tokens survives
 * more often than it appears in the rest of the line; a kept string is lost when one of its tokens
 * survives less often than in the input without its items. Connector words ("at", "dot", "street") and
 * titles ("Dr.", "Ms.") are not evidence.
 */
export type LabelledLine = { text: string; items: { kind: RedactionKind; text: string }[]; keep?: string[] };
export type KindScore = { items: number; leaked: number; rate: number };
export type CorpusScore = {
  lines: number;
  byKind: Record<RedactionKind, KindScore>;
  total: KindScore;
  keep: { strings: number; lost: number; rate: number };
  leaks: { line: number; kind: RedactionKind; item: string; output: string }[];
  losses: { line: number; keep: string; output: string }[];
};

const CONNECTORS = new Set(
  (
    'at dot com ca net org co uk io fr the a of de la le du des del and or is my in on to st street rd road ave avenue av blvd boulevard boul ' +
    'rue apt apartment unit suite ste flat box po p o post office west east north south ouest est nord sud w e n s ' +
    'exp expires underscore dash hyphen period ext extension x pound hash star number no then ' +
    // A title or a particle left beside [name] ("Dr. [name]", "[name] binti [name]") says nothing about who it is.
    'dr mr mrs ms mx miss prof sir madam bin binti bint ibn van von der den al el ' +
    'herr frau mme mlle monsieur madame señor señora sr sra srta doña cik encik puan tuan bey hanım'
  ).split(' '),
);

/** The evidence an item leaves in a text: its lower-case letter and digit tokens, connectors aside. */
function tokensOf(s: string): string[] {
  return (
    s
      .toLowerCase()
      .normalize('NFC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((t) => !CONNECTORS.has(t) && (t.length >= 2 || /\d/.test(t)));
}

function countIn(tokens: readonly string[], token: string): number {
  let n = 0;
  for (const t of tokens) if (t === token) n++;
  return n;
}

export function parseCorpus(jsonl: string, source: string): LabelledLine[] {
  return jsonl.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${source}:${i + 1}: not JSON (${(error as Error).message})`);
    }
    const v = value as LabelledLine;
    if (typeof v?.text !== 'string' || !Array.isArray(v.items))
      throw new Error(`${source}:${i + 1}: expected {"text": "…", "items": [{"kind", "text"}], "keep": ["…"]}`);
    for (const item of v.items) {
      if (!KINDS.includes(item.kind)) throw new Error(`${source}:${i + 1}: unknown kind "${item.kind}" (one of ${KINDS.join(', ')})`);
      if (!v.text.includes(item.text)) throw new Error(`${source}:${i + 1}: item "${item.text}" is not in the text`);
    }
    return [v];
  });
}

export function scoreCorpus(lines: readonly LabelledLine[], redactText: (text: string) => string): CorpusScore {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { items: 0, leaked: 0, rate: 0 }])) as Record<RedactionKind, KindScore>;
  const leaks: CorpusScore['leaks'] = [];
  const losses: CorpusScore['losses'] = [];
  let keepStrings = 0;
  lines.forEach((line, i) => {
    const output = redactText(line.text);
    const out = tokensOf(output);
    for (const item of line.items) {
      const at = line.text.indexOf(item.text);
      const rest = tokensOf(`${line.text.slice(0, at)} ${line.text.slice(at + item.text.length)}`);
      const leaked = tokensOf(item.text).some((t) => countIn(out, t) > countIn(rest, t));
      byKind[item.kind].items++;
      if (leaked) {
        byKind[item.kind].leaked++;
        leaks.push({ line: i + 1, kind: item.kind, item: item.text, output });
      }
    }
    let withoutItems = line.text;
    for (const item of line.items) withoutItems = withoutItems.replace(item.text, ' ');
    const input = tokensOf(withoutItems);
    for (const keep of line.keep ?? []) {
      keepStrings++;
      if (tokensOf(keep).some((t) => countIn(out, t) < countIn(input, t))) losses.push({ line: i + 1, keep, output });
    }
  });
  const rate = (leaked: number, items: number): number => (items ? leaked / items : 0);
  for (const s of Object.values(byKind)) s.rate = rate(s.leaked, s.items);
  const items = Object.values(byKind).reduce((n, s) => n + s.items, 0);
  return {
    lines: lines.length,
    byKind,
    total: { items, leaked: leaks.length, rate: rate(leaks.length, items) },
    keep: { strings: keepStrings, lost: losses.length, rate: rate(losses.length, keepStrings) },
    leaks,
    losses,
  };
}
