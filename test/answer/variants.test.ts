/**
 * Variant and Escalate sections with their own typical questions (`section_questions`), and short
 * follow-ups read with the previous message, on a SOP folder of the test's own.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge, SopModule } from '../../src/answer/index.ts';
import { createRuntime } from '../../src/main.ts';

const INSTRUCTIONS = (route: string) =>
  `---\ntitle: ${route} instructions\nowner: ops\nlast_reviewed: 2026-11-01\ndescription: ${route} questions.\nopening: "Sorry!"\nclosing: "Text back if needed."\nno_answer: "Passing this to our team."\nescalation: "I've passed this to our team; someone will text you shortly."\nalways_escalate: false\n---\nBe brief.\n`;

const FILES: Record<string, string> = {
  'booking/system_instructions.md': INSTRUCTIONS('booking'),
  'tech/system_instructions.md': INSTRUCTIONS('tech'),
  'booking/door.md': `---
title: Door handle does not turn
owner: ops
last_reviewed: 2026-11-01
tags: [door, handle, unlock]
questions:
  - the door handle wont turn
  - i unlocked it but the door wont open
  - handle is stuck after i tapped unlock
  - cant open the bay door even after unlocking
section_questions:
  If the link says the booking has not started:
    - the link says my booking has not started yet
    - unlock button says session not started
    - it says too early when i tap unlock
  Escalate:
    - tried twice and there is no click at all
    - did the pull thing twice and it is still locked
    - nothing happens at all when i press unlock, no click
---

# Door handle does not turn

The latch is electric: pull the door within ten seconds of the click.

## Reply
The handle does not turn: tap Unlock, wait for the click, then pull the door toward you.

## Steps
1. Tap Unlock and wait for the click.
2. Pull the door toward you within ten seconds.

### If the link says the booking has not started
The link works from ten minutes before the start time: try again then.

## Escalate
After two tries without a click, staff unlock the door remotely.
`,
  'booking/cancel.md': `---
title: Cancel a booking
owner: ops
last_reviewed: 2026-11-01
tags: [cancel]
questions:
  - how do i cancel my booking
  - need to cancel tonight
  - cant make it, cancel please
---

# Cancel a booking

## Reply
Cancel from the Manage booking link up to 24 hours before the start.
`,
  'tech/projector.md': `---
title: Projector shows no signal
owner: ops
last_reviewed: 2026-11-01
tags: [projector]
questions:
  - the projector says no signal
  - big screen is blank
  - no picture on the screen
---

# Projector shows no signal

## Reply
Press the power button on the projector remote and wait a minute.
`,
};

let dir: string;
let knowledge: Knowledge;
let module: SopModule;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-variants-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, 'sops', path)), { recursive: true });
    writeFileSync(join(dir, 'sops', path), text);
  }
  const runtime = createRuntime({ LOG_LEVEL: 'silent', SOPS_DIR: join(dir, 'sops') });
  knowledge = await runtime.loadKnowledge({});
  // Every answer counts as confident: these cases are about which section answers, not how sure.
  module = runtime.createModule(knowledge, 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('variant and Escalate sections', () => {
  it('answers from a variant section when its questions match best', async () => {
    const answer = await module.processWithContext('unlock says my booking has not started yet');
    expect(answer.structured.sources[0]?.id).toBe('booking/door.md#if-the-link-says-the-booking-has-not-started');
    expect(answer.response).toContain('The link works from ten minutes before the start time');
    expect(answer.structured.escalation.required).toBe(false);
  });

  it("hands over at once when the Escalate section's questions match best", async () => {
    const answer = await module.processWithContext('we tried twice, no click at all, still locked');
    expect(answer.structured.sources[0]?.id).toBe('booking/door.md#escalate');
    expect(answer.response).toBe(knowledge.routes.get('booking')!.escalation);
    expect(answer.structured).toMatchObject({ category: 'escalation', escalation: { required: true } });
  });

  it("answers from the document's Reply otherwise", async () => {
    const answer = await module.processWithContext('the handle of the door will not turn');
    expect(answer.structured.sources[0]?.id).toBe('booking/door.md#reply');
  });
});

describe('a short follow-up', () => {
  it('is read with the previous message when that reading is better supported', async () => {
    const alone = await module.processWithContext('did that, no change');
    const followUp = await module.processWithContext('did that, no change', undefined, { previousMessages: ['the projector says no signal'] });
    expect(followUp.structured.sources[0]?.id).toMatch(/^tech\/projector\.md/);
    expect(followUp.confidence).toBeGreaterThan(alone.confidence);
  });

  it('that names its own topic is answered alone', async () => {
    const answer = await module.processWithContext('ok thanks, and how do i cancel my booking for next week', undefined, {
      previousMessages: ['the projector says no signal'],
    });
    expect(answer.structured.sources[0]?.id).toMatch(/^booking\/cancel\.md/);
  });
});
