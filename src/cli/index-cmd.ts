import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { serializeKnowledge } from '../answer/index.ts';
import { createRuntime } from '../main.ts';
import { withProgress } from './progress.ts';

/** `sop index --out FILE`: the searchable knowledge of a folder as one JSON file. */
export function registerIndex(program: Command): void {
  program
    .command('index')
    .description('build the search index of the SOPs into one JSON file')
    .option('--sops <dir>', 'folder of SOPs')
    .option('--out <file>', 'where to write it', '.data/index.json')
    .action(async (opts: { sops?: string; out: string }) => {
      const runtime = createRuntime();
      const started = performance.now();
      const knowledge = await withProgress('indexing', (update) => runtime.loadKnowledge({ sopsDir: opts.sops, onProgress: update }));
      const json = JSON.stringify(serializeKnowledge(knowledge, new Date()));
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, json);
      const ms = Math.round(performance.now() - started);
      process.stdout.write(
        `indexed ${knowledge.docs.size} documents, ${knowledge.index.units.length} units with ${knowledge.index.embedder.id} in ${ms} ms -> ${opts.out} (${(json.length / 1024).toFixed(0)} KiB)\n`,
      );
    });
}
