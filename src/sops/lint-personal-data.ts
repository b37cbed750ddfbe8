import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { personalDataIn } from '../privacy/index.ts';
import type { Message } from './types.ts';

/** `sop lint`'s personal-data rule: every line of the SOP files (front matter included) that holds any. */
export function lintPersonalData(root: string, files: readonly string[]): Message[] {
  return files.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const kinds = personalDataIn(line);
        return kinds.length
          ? [
              {
                file,
                line: i + 1,
                column: 1,
                severity: 'error' as const,
                rule: 'personal-data',
                message: `the line holds what looks like ${kinds.join(' and ')}: SOPs stay in git history for good, so write it without (a placeholder or the general rule)`,
              },
            ]
          : [];
      }),
  );
}
