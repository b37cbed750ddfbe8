import type { SerializedKnowledge } from '../answer/index.ts';
// A dependency-free helper; extraction/'s public face would load the whole pipeline.
import { lineDiff } from '../text/index.ts';
import { INSTRUCTIONS_FILE, type RouteInstructions, type Section, type SopDoc } from '../sops/index.ts';

export type Change = 'added' | 'removed' | 'changed';
/** One value that differs; `null` on the side that has none. */
export type FieldChange = { field: string; before: unknown; after: unknown };
/** `diff`: the changed lines of the section's text (unified style, `...` between hunks), when its text changed. */
export type SectionChange = { id: string; heading: string; change: Change; diff: string | null };
/** A SOP document or a route's instructions; for a changed one, which front-matter fields and sections changed. */
export type FileChange = { path: string; change: Change; frontMatter: FieldChange[]; sections: SectionChange[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** What a section answers with; its line moves whenever a section above it grows, which changes no answer. */
const content = (s: Section) => ({ heading: s.heading, headingPath: s.headingPath, depth: s.depth, text: s.text, steps: s.steps });

/** Fields of an object that differ, by key, in key order. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => !same(before[k], after[k])).map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

function diffSections(before: Section[], after: Section[]): SectionChange[] {
  const was = new Map(before.map((s) => [s.id, s]));
  const now = new Map(after.map((s) => [s.id, s]));
  const changes: SectionChange[] = [];
  for (const s of before) if (!now.has(s.id)) changes.push({ id: s.id, heading: s.heading, change: 'removed', diff: null });
  for (const s of after) {
    const old = was.get(s.id);
    if (!old) changes.push({ id: s.id, heading: s.heading, change: 'added', diff: null });
    else if (!same(content(old), content(s)))
      changes.push({ id: s.id, heading: s.heading, change: 'changed', diff: old.text === s.text ? null : lineDiff(old.text, s.text, 1) });
  }
  return changes;
}

function diffDoc(before: SopDoc, after: SopDoc): FileChange | null {
  if (same(before, after)) return null;
  return {
    path: after.path,
    change: 'changed',
    frontMatter: diffFields(before.meta ?? {}, after.meta ?? {}),
    sections: diffSections(before.sections, after.sections),
  };
}

/** The instructions' front-matter keys, as written in `system_instructions.md`; the body is the prompt. */
const INSTRUCTION_FIELDS: Record<Exclude<keyof RouteInstructions, 'route' | 'prompt'>, string> = {
  title: 'title',
  description: 'description',
  opening: 'opening',
  closing: 'closing',
  noAnswer: 'no_answer',
  escalation: 'escalation',
  alwaysEscalate: 'always_escalate',
  priorityTerms: 'priority_terms',
  humanOnly: 'human_only',
};

function diffInstructions(before: RouteInstructions, after: RouteInstructions): FileChange | null {
  if (same(before, after)) return null;
  const path = `${after.route}/${INSTRUCTIONS_FILE}`;
  const fields = (r: RouteInstructions) =>
    Object.fromEntries(Object.entries(INSTRUCTION_FIELDS).map(([key, name]) => [name, r[key as keyof typeof INSTRUCTION_FIELDS]]));
  const body: SectionChange[] =
    before.prompt === after.prompt ? [] : [{ id: `${path}#body`, heading: '(body)', change: 'changed', diff: lineDiff(before.prompt, after.prompt, 1) }];
  return { path, change: 'changed', frontMatter: diffFields(fields(before), fields(after)), sections: body };
}

/** Pairs items of two lists by key: each one only before, only after, or changed (by `compare`). */
function diffByKey<T>(before: readonly T[], after: readonly T[], key: (t: T) => string, compare: (a: T, b: T) => FileChange | null): FileChange[] {
  const was = new Map(before.map((t) => [key(t), t]));
  const now = new Map(after.map((t) => [key(t), t]));
  const bare = (path: string, change: Change): FileChange => ({ path, change, frontMatter: [], sections: [] });
  const changes: FileChange[] = [];
  for (const k of was.keys()) if (!now.has(k)) changes.push(bare(k, 'removed'));
  for (const [k, t] of now) {
    const old = was.get(k);
    const change = old ? compare(old, t) : bare(k, 'added');
    if (change) changes.push(change);
  }
  return changes;
}

/**
 * The SOP files two versions differ in: documents and routes' instructions added, removed or
 * changed, and for a changed one the front-matter fields and sections that changed. Without a
 * `before` (nothing deployed yet) every file is added.
 */
export function diffSops(before: SerializedKnowledge | null, after: SerializedKnowledge): FileChange[] {
  const docs = diffByKey(before?.docs ?? [], after.docs, (d) => d.path, diffDoc);
  const instructions = diffByKey(before?.routes ?? [], after.routes, (r) => `${r.route}/${INSTRUCTIONS_FILE}`, diffInstructions);
  return [...docs, ...instructions].sort((a, b) => a.path.localeCompare(b.path));
}
