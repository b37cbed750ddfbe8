/**
 * `lintSops` on temporary SOP folders, one case per rule, plus the repository's own `sops/`
 * and the `sop lint` CLI. Files are written line by line (`lines(...)`) so the expected line
 * numbers can be counted from the array indexes; comments give the line of the interesting ones.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatMessage, lintSops } from '../../src/sops/lint.ts';
import { lintPersonalData } from '../../src/sops/index.ts';
import type { Message } from '../../src/sops/types.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The lint clock for every temp-folder case. */
const NOW = new Date('2026-11-25T12:00:00Z');

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

const INSTRUCTIONS = lines(
  '---', //                                              1
  'title: Tech support instructions', //                 2
  'owner: tech-support', //                              3
  'last_reviewed: 2026-11-01', //                        4
  'description: Simulator problems in a bay.', //        5
  'opening: "Sorry about that!"', //                     6
  `closing: "Text back if that doesn't sort it."`, //    7
  `no_answer: "I'm not sure about that one."`, //        8
  `escalation: "I've flagged this for our team."`, //   9
  'always_escalate: false', //                          10
  '---', //                                             11
  'Be friendly and brief; answer only from the SOPs.', // 12
);

/** A valid SOP: front matter on lines 1-6 (its title the body's H1, as the house style wants), the body starts on line 7. */
function sop(
  body: string[],
  frontMatter: string[] = [
    `title: ${body.find((l) => l.startsWith('# '))?.slice(2) ?? 'Frozen screen'}`,
    'owner: tech-support',
    'last_reviewed: 2026-11-01',
    'tags: [trackman]',
  ],
): string {
  return lines('---', ...frontMatter, '---', ...body);
}

const FROZEN_FRONT_MATTER = ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-11-01', 'tags: [trackman]'];

const FROZEN_BODY = [
  '', //                                                  7
  '# Frozen screen', //                                   8
  '', //                                                  9
  'Use this when the TrackMan picture is stuck.', //     10
  '', //                                                 11
  '## Reply', //                                         12
  'Close TrackMan with Alt+F4 and open it again.', //    13
  '', //                                                 14
  '## Steps', //                                         15
  '1. Press Alt+F4.', //                                 16
  '2. Double-click the TrackMan icon.', //               17
];

/** The clean folder every case starts from: one route with its instructions and one valid SOP. */
const BASE: Record<string, string> = {
  'tech/system_instructions.md': INSTRUCTIONS,
  'tech/frozen-screen.md': sop(FROZEN_BODY),
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes BASE plus `files` (a `null` value deletes a BASE file) into a fresh temp folder. */
function sopFolder(files: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sop-lint-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries({ ...BASE, ...files })) {
    if (content === null) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function msg(file: string, line: number, column: number, severity: Message['severity'], rule: string, message: string): Message {
  return { file, line, column, severity, rule, message };
}

const FROZEN = 'tech/frozen-screen.md';
const placeholder = (name: string) => `placeholder text "${name}": write the real content`;

type Case = { name: string; files: Record<string, string | null>; expected: Message[] };

const cases: Case[] = [
  {
    name: 'section_questions naming a heading the document does not have',
    files: {
      [FROZEN]: sop(FROZEN_BODY, [
        'title: Frozen screen',
        'owner: tech-support',
        'last_reviewed: 2026-11-01',
        'tags: [trackman]',
        'section_questions:',
        '  Steps:',
        '    - what do i press',
        '  If the mouse is dead:',
        '    - mouse does nothing',
      ]),
    },
    expected: [
      msg(FROZEN, 9, 1, 'error', 'section-questions', 'section_questions "If the mouse is dead" names no heading of this document (headings: Reply, Steps)'),
    ],
  },
  {
    name: 'a glossary word listed twice',
    files: { 'glossary.yaml': lines('projector:', '  - big screen', 'tv:', '  - big screen') },
    expected: [
      msg(
        'glossary.yaml',
        4,
        1,
        'error',
        'glossary',
        '"big screen" under "tv" is already "big screen" under "projector" (a key or listed under another): list each word once',
      ),
    ],
  },
  {
    name: 'missing front matter',
    files: { 'tech/wifi.md': lines('# Wi-Fi', '', 'The network name and password are on the sign in your bay.') },
    expected: [msg('tech/wifi.md', 1, 1, 'error', 'front-matter', 'missing front matter: start the file with a --- block (title, owner, last_reviewed, tags)')],
  },
  {
    name: 'invalid field: last_reviewed is not a date',
    files: { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: yesterday', 'tags: [trackman]']) },
    expected: [msg(FROZEN, 4, 1, 'error', 'front-matter', 'last_reviewed: must be a date like 2026-11-20, got "yesterday"')],
  },
  {
    name: 'invalid field: tags is not a list',
    files: { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-11-01', 'tags: trackman']) },
    expected: [msg(FROZEN, 5, 1, 'error', 'front-matter', 'tags: Invalid input: expected array, received string')],
  },
  {
    name: 'invalid field: a question is not a string',
    files: {
      [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-11-01', 'questions:', '  - screen is stuck', '  - 42']),
    },
    expected: [msg(FROZEN, 7, 1, 'error', 'front-matter', 'questions.1: Invalid input: expected string, received number')],
  },
  {
    name: 'duplicate section ids (two ## Steps in one file)',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '## Steps', '1. Restart the round.']) }, // second ## Steps on line 19
    expected: [msg(FROZEN, 19, 1, 'error', 'duplicate-id', `duplicate section id ${FROZEN}#steps (also at ${FROZEN}:15): rename one heading`)],
  },
  {
    name: 'empty section',
    files: { [FROZEN]: sop(['', '# Frozen screen', '', 'Intro.', '', '## Reply', '', '## Steps', '1. Press Alt+F4.']) }, // ## Reply on line 12
    expected: [msg(FROZEN, 12, 1, 'error', 'empty-section', 'section "Reply" is empty: write its content or remove the heading')],
  },
  {
    name: 'empty section: a trailing heading with nothing under it',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '## Escalate']) }, // line 19
    expected: [msg(FROZEN, 19, 1, 'error', 'empty-section', 'section "Escalate" is empty: write its content or remove the heading')],
  },
  {
    name: 'a heading with only sub-headings is NOT empty',
    files: {
      [FROZEN]: sop([
        '',
        '# Frozen screen',
        '',
        'Intro.',
        '',
        '## Steps',
        '',
        '### If the picture is stuck',
        'Press Alt+F4.',
        '',
        '### If it says not responding',
        'Choose Close the program.',
      ]),
    },
    expected: [],
  },
  {
    name: 'empty document (front matter and a title only)',
    files: { 'tech/blank.md': sop(['', '# Blank']) },
    expected: [msg('tech/blank.md', 1, 1, 'error', 'empty-section', 'the document has no content: write the procedure under ## headings')],
  },
  {
    name: 'placeholder: TODO',
    files: { [FROZEN]: sop([...FROZEN_BODY, '3. TODO add the relaunch shortcut.']) }, // line 18, column 4
    expected: [msg(FROZEN, 18, 4, 'error', 'placeholder', placeholder('TODO'))],
  },
  {
    name: 'placeholder: TBD',
    files: { [FROZEN]: sop([...FROZEN_BODY, '3. Wait TBD minutes.']) }, // line 18, column 9
    expected: [msg(FROZEN, 18, 9, 'error', 'placeholder', placeholder('TBD'))],
  },
  {
    name: 'placeholder: FIXME',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', 'FIXME']) }, // line 19, column 1
    expected: [msg(FROZEN, 19, 1, 'error', 'placeholder', placeholder('FIXME'))],
  },
  {
    name: 'placeholder: [To be completed]',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '## Escalate', 'Staff will [To be completed].']) }, // line 20, column 12
    expected: [msg(FROZEN, 20, 12, 'error', 'placeholder', placeholder('[To be completed]'))],
  },
  {
    name: 'placeholder: [to be confirmed] (case-insensitive variant)',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '## Escalate', '[ to be confirmed ]']) }, // line 20, column 1
    expected: [msg(FROZEN, 20, 1, 'error', 'placeholder', placeholder('[To be completed]'))],
  },
  {
    name: 'placeholder: lorem ipsum',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '## Escalate', 'Staff: Lorem ipsum dolor sit amet.']) }, // line 20, column 8
    expected: [msg(FROZEN, 20, 8, 'error', 'placeholder', placeholder('lorem ipsum'))],
  },
  {
    name: 'placeholder: two on one line are both reported, in column order',
    files: { [FROZEN]: sop([...FROZEN_BODY, '3. TBD, then TODO.']) }, // line 18
    expected: [msg(FROZEN, 18, 4, 'error', 'placeholder', placeholder('TBD')), msg(FROZEN, 18, 14, 'error', 'placeholder', placeholder('TODO'))],
  },
  {
    name: 'placeholder in system_instructions.md',
    files: { 'tech/system_instructions.md': INSTRUCTIONS.replace('Be friendly', 'TODO Be friendly') }, // line 12, column 1
    expected: [msg('tech/system_instructions.md', 12, 1, 'error', 'placeholder', placeholder('TODO'))],
  },
  {
    name: 'broken relative link',
    files: { [FROZEN]: sop([...FROZEN_BODY, '3. Still stuck? See [the Wi-Fi SOP](wifi.md).']) }, // line 18, link at column 21
    expected: [msg(FROZEN, 18, 21, 'error', 'broken-link', 'link to wifi.md: no such file')],
  },
  {
    name: 'broken link reference definition',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '[wifi]: ../booking/wifi.md']) }, // line 19
    expected: [msg(FROZEN, 19, 1, 'error', 'broken-link', 'link to ../booking/wifi.md: no such file')],
  },
  {
    name: 'link to a missing #heading in another document',
    files: {
      [FROZEN]: sop([...FROZEN_BODY, '3. Then follow [no sound](no-sound.md#restart-the-pc).']), // line 18, column 16
      'tech/no-sound.md': sop(['', '# No sound', '', 'The bay speakers are silent.', '', '## Steps', '1. Turn the volume knob up.']),
    },
    expected: [msg(FROZEN, 18, 16, 'error', 'broken-link', 'link to no-sound.md#restart-the-pc: tech/no-sound.md has no heading #restart-the-pc')],
  },
  {
    name: 'link to a missing #heading in the same document',
    files: { [FROZEN]: sop([...FROZEN_BODY, '3. Then see [below](#escalate).']) }, // line 18, column 13
    expected: [msg(FROZEN, 18, 13, 'error', 'broken-link', `link to #escalate: ${FROZEN} has no heading #escalate`)],
  },
  {
    name: 'valid links: existing files, headings, other routes and absolute URLs',
    files: {
      [FROZEN]: sop([
        ...FROZEN_BODY,
        '3. See [the reply](#reply), [no sound](no-sound.md#steps), [no sound](./no-sound.md), [wifi](../booking/wifi.md#reply),',
        '   [TrackMan](https://trackman.com), [email](mailto:help@example.com) and [Steps](#Steps).',
      ]),
      'tech/no-sound.md': sop(['', '# No sound', '', 'The bay speakers are silent.', '', '## Steps', '1. Turn the volume knob up.']),
      'booking/system_instructions.md': INSTRUCTIONS,
      'booking/wifi.md': sop(['', '# Wi-Fi', '', 'Intro.', '', '## Reply', 'It is on the sign in your bay.']),
    },
    expected: [],
  },
  {
    name: 'stale review (warning only)',
    files: { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-05-01', 'tags: [trackman]']) },
    expected: [msg(FROZEN, 4, 1, 'warning', 'stale-review', 'last_reviewed 2026-05-01 is 208 days old (over 180): review the SOP and update the date')],
  },
  {
    name: 'reviewed exactly 180 days ago is not stale',
    files: { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-05-29', 'tags: [trackman]']) },
    expected: [],
  },
  {
    name: 'future review date',
    files: { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-11-27', 'tags: [trackman]']) },
    expected: [msg(FROZEN, 4, 1, 'error', 'front-matter', 'last_reviewed 2026-11-27 is in the future')],
  },
  {
    name: 'a review date of tomorrow is tolerated (time zones)',
    files: { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-11-26', 'tags: [trackman]']) },
    expected: [],
  },
  {
    name: 'raw HTML in the body',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', 'Press <b>Alt+F4</b>.', '', '<!-- the rest is hidden -->']) },
    expected: [
      msg(
        FROZEN,
        FROZEN_BODY.length + 8,
        7,
        'error',
        'raw-html',
        'raw HTML: write it in markdown (HTML reaches customers as text and hides content in pull requests)',
      ),
      msg(
        FROZEN,
        FROZEN_BODY.length + 8,
        16,
        'error',
        'raw-html',
        'raw HTML: write it in markdown (HTML reaches customers as text and hides content in pull requests)',
      ),
      msg(
        FROZEN,
        FROZEN_BODY.length + 10,
        1,
        'error',
        'raw-html',
        'raw HTML: write it in markdown (HTML reaches customers as text and hides content in pull requests)',
      ),
    ],
  },
  {
    name: 'bold-heading: **Reply** written instead of ## Reply',
    files: { [FROZEN]: sop(['', '# Frozen screen', '', 'Intro.', '', '**Reply**', 'Close TrackMan with Alt+F4.', '', '## Steps', '1. Press Alt+F4.']) }, // line 12
    expected: [msg(FROZEN, 12, 1, 'error', 'bold-heading', '"**Reply**" is bold text, not a heading, so there is no Reply section: write "## Reply"')],
  },
  {
    name: 'bold-heading: a bold section name with a colon, in its own paragraph or with __',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '**Escalate:**', '', 'Staff reset the PC.', '', '__Typical customer questions__:', '- screen stuck']) }, // lines 19 and 23
    expected: [
      msg(FROZEN, 19, 1, 'error', 'bold-heading', '"**Escalate:**" is bold text, not a heading, so there is no Escalate section: write "## Escalate"'),
      msg(
        FROZEN,
        23,
        1,
        'error',
        'bold-heading',
        '"__Typical customer questions__" is bold text, not a heading, so there is no Typical customer questions section: write "## Typical customer questions"',
      ),
    ],
  },
  {
    name: 'bold-heading: bold that is not a lone section name is prose',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '**Reply** within five minutes.', '', '**Important**', 'Never unplug the PC.', '', 'Then **Steps** again.']) },
    expected: [],
  },
  {
    name: 'heading-level: #### straight under ##',
    files: { [FROZEN]: sop([...FROZEN_BODY, '', '#### If it is still stuck', 'Restart the PC.']) }, // line 19
    expected: [
      msg(
        FROZEN,
        19,
        1,
        'error',
        'heading-level',
        'heading level skipped: "#### If it is still stuck" follows a level-2 heading: write it as "### If it is still stuck" (sections are cut at ## and ###)',
      ),
    ],
  },
  {
    name: 'heading-level: ### as the first heading of a document without an H1 (the title is level 1)',
    files: {
      [FROZEN]: sop([
        '',
        'Intro.',
        '',
        '### Reply',
        'Close TrackMan with Alt+F4.',
        '',
        '## Steps',
        '1. Press Alt+F4.',
        '',
        '### If it says not responding',
        '#### Then',
        'Choose Close the program.',
      ]),
    }, // line 10
    expected: [
      msg(
        FROZEN,
        10,
        1,
        'error',
        'heading-level',
        'heading level skipped: "### Reply" follows a level-1 heading: write it as "## Reply" (sections are cut at ## and ###)',
      ),
    ],
  },
  {
    name: 'unclosed-fence: a code fence never closed swallows the sections after it',
    files: {
      [FROZEN]: sop([
        '',
        '# Frozen screen',
        '',
        'Intro.',
        '',
        '## Reply',
        'Type:',
        '',
        '```',
        'Alt+F4',
        '',
        '## Steps',
        '1. Press Alt+F4.',
        '',
        '## Escalate',
        'Staff reset the PC.',
      ]),
    }, // fence on line 15, the file ends on line 22
    expected: [
      msg(
        FROZEN,
        15,
        1,
        'error',
        'unclosed-fence',
        'code fence ``` is never closed, so everything after it to line 22 is read as code (swallowing ## Steps, ## Escalate): close it with ```',
      ),
    ],
  },
  {
    name: 'unclosed-fence: a ~~~ fence closed by ``` is still open; one in a list item is reported at its column',
    files: { [FROZEN]: sop([...FROZEN_BODY, '3. Type:', '   ~~~~', '   Alt+F4', '   ```', '4. Wait.']) }, // list-item fence on line 19, column 4; its item ends on line 21, where `4. Wait.` starts the next
    expected: [
      msg(FROZEN, 19, 4, 'error', 'unclosed-fence', 'code fence ~~~~ is never closed, so everything after it to line 21 is read as code: close it with ~~~~'),
    ],
  },
  {
    name: 'unclosed-fence: closed fences (longer closer, tildes, in a list item, at the end of the file) are fine',
    files: { [FROZEN]: sop([...FROZEN_BODY, '3. Type:', '   ```', '   Alt+F4', '   ```', '', '````text', '```', '`````', '', '~~~', 'x', '~~~']) },
    expected: [],
  },
  {
    name: 'title-mismatch: an H1 other than the front matter title',
    files: {
      [FROZEN]: sop(
        FROZEN_BODY.map((l) => (l === '# Frozen screen' ? '# Frozen  TrackMan' : l)),
        FROZEN_FRONT_MATTER,
      ),
    }, // line 8
    expected: [
      msg(
        FROZEN,
        8,
        1,
        'error',
        'title-mismatch',
        'H1 "Frozen  TrackMan" differs from the front matter title "Frozen screen": make them the same (the title is what search and answers use)',
      ),
    ],
  },
  {
    name: 'title-mismatch: an H1 equal to the title but for spacing, or no H1 at all, is fine',
    files: {
      [FROZEN]: sop(
        FROZEN_BODY.map((l) => (l === '# Frozen screen' ? '#   Frozen   screen' : l)),
        FROZEN_FRONT_MATTER,
      ),
      'tech/no-sound.md': sop(['', 'The bay speakers are silent.', '', '## Steps', '1. Turn the volume knob up.']),
    },
    expected: [],
  },
  {
    name: 'missing system_instructions.md for a route',
    files: { 'tech/system_instructions.md': null },
    expected: [
      msg('tech/system_instructions.md', 1, 1, 'error', 'route-instructions', 'route "tech" has no system_instructions.md: add one with its tone and rules'),
    ],
  },
  {
    name: 'system_instructions.md with no body',
    files: { 'tech/system_instructions.md': INSTRUCTIONS.replace('Be friendly and brief; answer only from the SOPs.\n', '') },
    expected: [msg('tech/system_instructions.md', 1, 1, 'error', 'empty-section', 'the instructions have no body: write the persona, tone and answer rules')],
  },
];

describe('lintSops', () => {
  it('the base folder is clean', () => {
    const result = lintSops(sopFolder(), NOW);
    expect(result.messages).toEqual([]);
    expect(result.corpus.docs.map((d) => d.path)).toEqual([FROZEN]);
    expect([...result.corpus.routes.keys()]).toEqual(['tech']);
  });

  it.each(cases)('$name', ({ files, expected }) => {
    const result = lintSops(sopFolder(files), NOW);
    expect(result.messages).toEqual(expected);
    expect(result.errors).toBe(expected.filter((m) => m.severity === 'error').length);
    expect(result.warnings).toBe(expected.filter((m) => m.severity === 'warning').length);
  });

  it('a stale review is a warning: 0 errors, 1 warning', () => {
    const files = { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2025-01-01', 'tags: [trackman]']) };
    const result = lintSops(sopFolder(files), NOW);
    expect(result.errors).toBe(0);
    expect(result.warnings).toBe(1);
    expect(result.messages[0]?.rule).toBe('stale-review');
  });

  it('invalid field: an unknown field with no close known one is reported at its own line, listing the known fields', () => {
    const files = {
      [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-11-01', 'tags: [trackman]', 'colour: green']),
    };
    const result = lintSops(sopFolder(files), NOW);
    expect(result.messages).toEqual([
      msg(
        FROZEN,
        6,
        1,
        'error',
        'front-matter',
        'unknown field "colour" (expected title, owner, last_reviewed, tags, questions, section_questions, escalate, clarify)',
      ),
    ]);
  });

  it('invalid field: each misspelt field is reported at its key line with the field it was meant to be', () => {
    const frontMatter = [
      'title: Frozen screen',
      'owner: tech-support',
      'Last_Reviewd: 2026-11-01',
      'tag: [trackman]',
      'questoins:',
      '  - screen is stuck',
      'escalation: Staff reset the PC.',
    ];
    const result = lintSops(sopFolder({ [FROZEN]: sop(FROZEN_BODY, frontMatter) }), NOW);
    expect(result.messages).toEqual([
      msg(FROZEN, 1, 1, 'error', 'front-matter', 'last_reviewed: Invalid input'),
      msg(FROZEN, 4, 1, 'error', 'front-matter', 'unknown field "Last_Reviewd": did you mean "last_reviewed"?'),
      msg(FROZEN, 5, 1, 'error', 'front-matter', 'unknown field "tag": did you mean "tags"?'),
      msg(FROZEN, 6, 1, 'error', 'front-matter', 'unknown field "questoins": did you mean "questions"?'),
      msg(FROZEN, 8, 1, 'error', 'front-matter', 'unknown field "escalation": did you mean "escalate"?'),
    ]);
  });

  it('invalid field: an unknown field inside a list of system_instructions.md names its path and the close field', () => {
    const instructions = INSTRUCTIONS.replace(
      'always_escalate: false',
      'always_escalate: false\nhuman_only:\n  - action: refund\n    terms: [refund]\n    handover: Staff decide.',
    ); // handover on line 14
    const result = lintSops(sopFolder({ 'tech/system_instructions.md': instructions }), NOW);
    expect(result.messages).toEqual([
      msg('tech/system_instructions.md', 14, 1, 'error', 'front-matter', 'human_only.0: unknown field "handover" (expected action, terms)'),
    ]);
  });

  it('invalid field: an impossible calendar date is rejected', () => {
    const files = { [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2026-02-31', 'tags: [trackman]']) };
    const result = lintSops(sopFolder(files), NOW);
    expect(result.messages).toEqual([msg(FROZEN, 4, 1, 'error', 'front-matter', 'last_reviewed: must be a date like 2026-11-20, got "2026-02-31"')]);
  });

  const badInstructions = { 'tech/system_instructions.md': INSTRUCTIONS.replace('always_escalate: false', 'always_escalate: sometimes') }; // line 10

  it('invalid system_instructions front matter is reported at the field line', () => {
    const result = lintSops(sopFolder(badInstructions), NOW);
    expect(result.messages).toContainEqual(
      msg('tech/system_instructions.md', 10, 1, 'error', 'front-matter', 'always_escalate: Invalid input: expected boolean, received string'),
    );
  });

  it('invalid system_instructions front matter is not also reported as a missing file', () => {
    const result = lintSops(sopFolder(badInstructions), NOW);
    expect(result.messages).toEqual([
      msg('tech/system_instructions.md', 10, 1, 'error', 'front-matter', 'always_escalate: Invalid input: expected boolean, received string'),
    ]);
  });

  it('missing system_instructions front matter', () => {
    const result = lintSops(sopFolder({ 'tech/system_instructions.md': lines('Be friendly and brief.') }), NOW);
    expect(result.messages).toContainEqual(
      msg(
        'tech/system_instructions.md',
        1,
        1,
        'error',
        'front-matter',
        'missing front matter: add title, owner, last_reviewed, description, opening, closing, no_answer, escalation',
      ),
    );
  });

  it('a link with a stray % is reported, not a crash', () => {
    const dir = sopFolder({ [FROZEN]: sop([...FROZEN_BODY, '3. See [the 100% fix](100%.md).']) }); // line 18, column 8
    expect(() => lintSops(dir, NOW)).not.toThrow();
    expect(lintSops(dir, NOW).messages).toEqual([msg(FROZEN, 18, 8, 'error', 'broken-link', 'link to 100%.md: malformed %-escape in the address')]);
  });

  it("the repository's own sops/ folder has no errors", () => {
    // The real clock, as `sop lint sops` in CI: a date in the future is a genuine error.
    const root = join(REPO, 'sops');
    const result = lintSops(root, new Date());
    expect(result.messages.filter((m) => m.severity === 'error').map((m) => formatMessage(m, root))).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.corpus.docs.length).toBeGreaterThan(0);
    expect([...result.corpus.routes.keys()].sort()).toEqual(['booking', 'brand', 'emergency', 'tech']);
  });
});

describe('sop lint CLI', () => {
  const LOCATED = /^(.+):(\d+):(\d+) (error|warning) (.+) \(([a-z-]+)\)$/;
  const runLint = (dir: string) => spawnSync(process.execPath, ['bin/sop.js', 'lint', dir], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });

  it('exits 1 on a folder with errors, printing file:line:col lines', { timeout: 120_000 }, () => {
    const dir = sopFolder({
      'tech/wifi.md': lines('# Wi-Fi', '', 'The password is TBD.'),
    });
    const run = runLint(dir);
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const out = run.stdout.trimEnd().split('\n');
    expect(out).toEqual([
      `${join(dir, 'tech/wifi.md')}:1:1 error missing front matter: start the file with a --- block (title, owner, last_reviewed, tags) (front-matter)`,
      `${join(dir, 'tech/wifi.md')}:3:17 error placeholder text "TBD": write the real content (placeholder)`,
      '2 documents, 4 sections in 1 routes: 2 error(s), 0 warning(s)',
    ]);
    for (const line of out.slice(0, -1)) expect(line).toMatch(LOCATED);
  });

  it('exits 0 on a warnings-only folder', { timeout: 120_000 }, () => {
    // Reviewed long ago relative to any real clock: a stale-review warning, never an error.
    const dir = sopFolder({ [FROZEN]: sop(FROZEN_BODY, ['title: Frozen screen', 'owner: tech-support', 'last_reviewed: 2000-01-01', 'tags: [trackman]']) });
    const run = runLint(dir);
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(2);
    const match = LOCATED.exec(out[0] ?? '');
    expect(match?.slice(1, 5)).toEqual([join(dir, FROZEN), '4', '1', 'warning']);
    expect(match?.[6]).toBe('stale-review');
    expect(out[1]).toBe('1 documents, 3 sections in 1 routes: 0 error(s), 1 warning(s)');
  });

  it('checks the rollout config against the SOP routes, naming file, line and field', { timeout: 120_000 }, () => {
    const dir = sopFolder({});
    const rollout = join(dir, 'rollout.yaml');
    writeFileSync(
      rollout,
      readFileSync(join(REPO, 'rollout.yaml'), 'utf8').replace('  tech:\n    mode: shadow', '  tech:\n    mode: shadow\n    percentage: 150'),
    );
    const run = spawnSync(process.execPath, ['bin/sop.js', 'lint', 'sops', '--rollout', rollout], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    const line = readFileSync(rollout, 'utf8').split('\n').indexOf('    percentage: 150') + 1;
    expect(run.stdout).toContain(`${relative(REPO, rollout)}:${line}:17 error routes.tech.percentage: must be at most 100 (rollout)`);
    // The repository's own file is checked by default and is clean.
    expect(spawnSync(process.execPath, ['bin/sop.js', 'lint'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 }).status).toBe(0);
  });
});

describe('lintPersonalData (the personal-data rule of sop lint)', () => {
  it('flags each line holding a phone, an email, a card number, an access code or a street address, front matter included', () => {
    const files = {
      [FROZEN]: sop(
        [...FROZEN_BODY, '', 'Text Dana on 902-555-0142 or dana.k@example.com.', '', 'Use the keypad code 4455 to get in.'],
        [
          'title: Frozen screen',
          'owner: tech-support',
          'last_reviewed: 2026-11-01',
          'tags: [trackman]',
          'questions:',
          '  - my card 4111 1111 1111 1111 was declined',
        ],
      ),
    };
    const dir = sopFolder(files);
    const n = FROZEN_BODY.length + 10;
    expect(lintPersonalData(dir, [FROZEN]).map((m) => [m.line, m.rule, m.message.split(':')[0]])).toEqual([
      [7, 'personal-data', 'the line holds what looks like a card number'],
      [n, 'personal-data', 'the line holds what looks like a phone number and an email address'],
      [n + 2, 'personal-data', 'the line holds what looks like an access code'],
    ]);
  });

  it('passes an SOP that holds none', () => {
    expect(lintPersonalData(sopFolder(), [FROZEN])).toEqual([]);
  });
});
