import { readFileSync } from 'node:fs';
import { jsonLines, jsonlFiles, normaliseQuestion } from '../text/index.ts';
import { InputError } from '../errors.ts';
import { AssistantUnavailableError, type Assistant } from './types.ts';

/**
 * Replays the old Assistant's recorded replies: the `assistant_response` of the eval cases in every
 * `*.jsonl` file of `dir`, looked up by normalised question. Loaded once; a malformed line throws here.
 */
export function createRecordedAssistant(options: { dir: string }): Assistant {
  const recordings = loadRecordings(options.dir);
  return {
    name: 'recorded',
    ask: async (request) => {
      const response = recordings.get(normaliseQuestion(request.message));
      if (response === undefined) throw new AssistantUnavailableError('no_recording', 'no recording for this question');
      return { response, usage: null };
    },
  };
}

/** Normalised question → reply. Files are read in name order and the first recording of a question wins. */
function loadRecordings(dir: string): Map<string, string> {
  const recordings = new Map<string, string>();
  for (const file of listCaseFiles(dir)) {
    for (const { value, at } of jsonLines(readFileSync(file, 'utf8'), file)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new InputError(`${at}: expected a JSON object with query and assistant_response`);
      const { query, assistant_response: response } = value as Record<string, unknown>;
      if (typeof response !== 'string' || !response.trim()) continue;
      if (typeof query !== 'string') throw new InputError(`${at}: has an assistant_response but no query string`);
      const key = normaliseQuestion(query);
      if (key && !recordings.has(key)) recordings.set(key, response.trim());
    }
  }
  return recordings;
}

function listCaseFiles(dir: string): string[] {
  try {
    return jsonlFiles(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw new InputError(
      `recordings folder ${dir} ${code === 'ENOENT' ? 'does not exist' : 'is not a folder'}: the recorded assistant replays the assistant_response of the eval cases in evals/*.jsonl; point EVALS_DIR at that folder, or choose another assistant (ASSISTANT=responses or http)`,
    );
  }
}
