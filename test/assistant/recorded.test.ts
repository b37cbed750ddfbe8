import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssistantUnavailableError, createRecordedAssistant } from '../../src/assistant/index.ts';
import { normaliseQuestion } from '../../src/text/index.ts';
import { InputError } from '../../src/errors.ts';

const jsonl = (...lines: unknown[]) => `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`;

describe('normaliseQuestion', () => {
  it.each([
    ['Is the  bay FROZEN?!', 'is the bay frozen'],
    ['I can’t hear anything', 'i cant hear anything'],
    ["I can't hear anything", 'i cant hear anything'],
    ['I cant hear anything', 'i cant hear anything'],
    ['“Wi-Fi” password, please…', 'wi fi password please'],
    ['ＷＩＦＩ　password？', 'wifi password'],
    ['  door\tcode\n\n not working ', 'door code not working'],
    ['Café hours: 9am–5pm', 'café hours 9am 5pm'],
    ['?!', ''],
  ])('%j → %j', (text, expected) => {
    expect(normaliseQuestion(text)).toBe(expected);
  });
});

describe('createRecordedAssistant', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'sop-recorded-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays the recorded reply of a question asked differently, with no usage', async () => {
    writeFileSync(
      join(dir, 'tech.jsonl'),
      jsonl(
        { id: 'tech-1', query: 'is the bay frozen', expected_source: 'tech/frozen.md', assistant_response: 'Press reset on the TrackMan unit.' },
        { id: 'tech-2', query: "I can't hear anything", assistant_response: 'Check the volume on the bay PC.' },
      ),
    );
    const assistant = createRecordedAssistant({ dir });
    expect(assistant.name).toBe('recorded');
    await expect(assistant.ask({ message: 'Is the  bay FROZEN?!', route: 'tech' })).resolves.toEqual({
      response: 'Press reset on the TrackMan unit.',
      usage: null,
    });
    await expect(assistant.ask({ message: 'I can’t hear anything', route: null })).resolves.toEqual({
      response: 'Check the volume on the bay PC.',
      usage: null,
    });
  });

  it('reads every *.jsonl file in name order, the first recording of a question winning, and skips cases without a reply', async () => {
    writeFileSync(
      join(dir, 'b.jsonl'),
      jsonl({ query: 'wifi password', assistant_response: 'from b' }, { query: 'door code', assistant_response: 'door from b' }),
    );
    writeFileSync(
      join(dir, 'a.jsonl'),
      jsonl(
        { query: 'Wifi password?', assistant_response: 'from a' },
        '',
        { query: 'parking', expected_source: null },
        { query: 'hours', assistant_response: null },
      ),
    );
    writeFileSync(join(dir, 'notes.json'), jsonl({ query: 'hours', assistant_response: 'not a case file' }));
    mkdirSync(join(dir, 'nested.jsonl'));
    const assistant = createRecordedAssistant({ dir });
    await expect(assistant.ask({ message: 'wifi password', route: null })).resolves.toMatchObject({ response: 'from a' });
    await expect(assistant.ask({ message: 'door code', route: null })).resolves.toMatchObject({ response: 'door from b' });
    for (const message of ['parking', 'hours']) {
      await expect(assistant.ask({ message, route: null })).rejects.toMatchObject({ reason: 'no_recording' });
    }
  });

  it('answers no_recording for a question it has no recording of', async () => {
    writeFileSync(join(dir, 'cases.jsonl'), jsonl({ query: 'is the bay frozen', assistant_response: 'Press reset.' }));
    const error = await createRecordedAssistant({ dir })
      .ask({ message: 'is the bay on fire', route: 'emergency' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssistantUnavailableError);
    expect(error).toMatchObject({ reason: 'no_recording', message: 'no recording for this question' });
  });

  it.each([
    ['{"query": "hours", "assistant_response": ', /not valid JSON/],
    ['["hours", "9 to 5"]', /expected a JSON object with query and assistant_response/],
    ['{"assistant_response": "9 to 5"}', /has an assistant_response but no query string/],
  ])('fails at creation on line 3 %j, naming file and line', (bad, message) => {
    const file = join(dir, 'cases.jsonl');
    writeFileSync(
      file,
      jsonl({ query: 'wifi', assistant_response: 'clubos-guest' }, { query: 'door', assistant_response: 'Use the code in your booking.' }, bad),
    );
    const create = () => createRecordedAssistant({ dir });
    expect(create).toThrow(InputError);
    expect(create).toThrow(`${file}:3: `);
    expect(create).toThrow(message);
  });

  it('fails at creation when the folder does not exist, saying where recordings come from', () => {
    const missing = join(dir, 'evals');
    const create = () => createRecordedAssistant({ dir: missing });
    expect(create).toThrow(InputError);
    expect(create).toThrow(`recordings folder ${missing} does not exist`);
    expect(create).toThrow(/assistant_response of the eval cases in evals\/\*\.jsonl/);
  });
});
