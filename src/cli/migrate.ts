import type { Command } from 'commander';
import { createRuntime } from '../main.ts';
import { jsonOption, writeJson } from './options.ts';

/** `sop migrate`: apply pending migrations to the configured database. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at `sop serve` start)')
    .addOption(jsonOption('the applied migrations'))
    .action(async (opts: { json?: boolean }) => {
      const runtime = createRuntime();
      const db = await runtime.openDatabase();
      const { rows } = await db.query<{ version: string; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      await db.close();
      if (opts.json) writeJson({ migrations: rows.map((r) => ({ version: r.version, name: r.name })) });
      else process.stdout.write(`${rows.length} migration(s) applied: ${rows.map((r) => r.name).join(', ')}\n`);
    });
}
