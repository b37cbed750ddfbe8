import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { createRuntime } from '../main.ts';

/** `sop extract --conversation ID | --pending`: extract knowledge now, as the worker's job does. */
export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract knowledge from a conversation (or every unprocessed one) into proposals')
    .option('--conversation <id>', 'one conversation, by id')
    .option('--pending', 'every conversation not extracted yet')
    .action(async (opts: { conversation?: string; pending?: boolean }) => {
      if (!opts.conversation === !opts.pending) throw new InputError('pass either --conversation ID or --pending');
      const tools = await createRuntime().openKnowledgeTools();
      try {
        const ids = opts.conversation
          ? [opts.conversation]
          : (await tools.db.query<{ id: string }>('SELECT id FROM openphone_conversations WHERE NOT processed ORDER BY last_message_at')).rows.map((r) => r.id);
        for (const id of ids) await tools.extract(id);
        const { rows } = await tools.db.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM extracted_knowledge WHERE conversation_id = ANY($1::uuid[]) GROUP BY status ORDER BY status',
          [ids],
        );
        process.stdout.write(`${ids.length} conversation(s) extracted: ${rows.map((r) => `${r.n} ${r.status}`).join(', ') || 'no knowledge found'}\n`);
        // Why each conversation that yielded nothing did: a reviewer reads it before writing the SOP by hand.
        const { rows: empty } = await tools.db.query<{ id: string; why: string }>(
          `SELECT id, metadata->>'extraction' AS why FROM openphone_conversations WHERE id = ANY($1::uuid[]) AND metadata ? 'extraction' ORDER BY last_message_at`,
          [ids],
        );
        for (const r of empty) process.stdout.write(`  ${r.id}: nothing found: ${r.why}\n`);
      } finally {
        await tools.close();
      }
    });
}
