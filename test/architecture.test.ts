import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/**
 * The layers of `src/`, lowest first: a module may import its own folder and the layers below its
 * own, never its own layer's other folders or a layer above. Shared pieces go down into a leaf
 * (`text/`, `privacy/`), not sideways into a feature folder.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'logger', 'deadline', 'dependency-timing', 'numbers'],
  ['text', 'privacy', 'config', 'db'],
  ['sops'],
  ['search'],
  ['answer'],
  ['assistant', 'git', 'openphone'],
  ['router', 'extraction'],
  ['metrics', 'escalation'],
  ['evals', 'gaps'],
  ['deploy'],
  ['http'],
  ['runtime'],
  ['main'],
  ['cli'],
];

/** `src/router/router.ts` → `router`, `src/main.ts` → `main`; null outside `src/`. */
function unitOf(file: string): string | null {
  const path = relative(SRC, file);
  if (path.startsWith('..')) return null;
  return path.split(/[\\/]/)[0]!.replace(/\.ts$/, '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of `src/` (static, `export … from` and `import()`), read by TypeScript's own scanner. */
function imports(): { from: string; to: string; file: string }[] {
  return sourceFiles(SRC).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.filter((i) => i.fileName.startsWith('.'))
      .flatMap((i) => {
        const from = unitOf(file);
        const to = unitOf(resolve(dirname(file), i.fileName));
        return from && to && from !== to ? [{ from, to, file: `src/${relative(SRC, file)} imports ${i.fileName}` }] : [];
      }),
  );
}

describe('the import graph of src/', () => {
  const layerOf = new Map(LAYERS.flatMap((units, layer) => units.map((unit) => [unit, layer] as const)));
  const edges = imports();

  it('places every folder and top-level file of src/ in a layer', () => {
    const units = [...new Set(sourceFiles(SRC).map((f) => unitOf(f)!))].sort();
    expect(units.filter((u) => !layerOf.has(u))).toEqual([]);
  });

  it('points down only: no import of a folder of the same layer or of a layer above', () => {
    const upward = edges
      .filter((e) => layerOf.get(e.to)! >= layerOf.get(e.from)!)
      .map((e) => `${e.file} (${e.from} may import only ${LAYERS.slice(0, layerOf.get(e.from)).flat().join(', ')})`);
    expect(upward).toEqual([]);
  });

  it('sees the imports it judges: static, re-exported and dynamic', () => {
    expect(edges.some((e) => e.from === 'router' && e.to === 'answer')).toBe(true);
    expect(edges.some((e) => e.from === 'answer' && e.to === 'errors' && e.file.startsWith('src/answer/index.ts'))).toBe(true);
    expect(edges.some((e) => e.from === 'runtime' && e.to === 'http' && e.file.startsWith('src/runtime/modules.ts'))).toBe(true);
  });
});
