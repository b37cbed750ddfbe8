import { parseDocument } from '../../src/sops/index.ts';
import type { SopDoc } from '../../src/sops/index.ts';

/** A small corpus of three documents in two routes, parsed like real SOPs. */
export function smallCorpus(): SopDoc[] {
  const doc = (path: string, title: string, questions: string[], body: string) =>
    parseDocument(
      path,
      `---\ntitle: ${title}\nowner: test\nlast_reviewed: 2026-11-01\ntags: [test]\nquestions:\n${questions.map((q) => `  - ${q}`).join('\n')}\n---\n\n# ${title}\n\n${body}\n`,
    ).doc;
  return [
    doc(
      'tech/projector.md',
      'Projector shows no signal',
      ['projector is blank', 'big screen says no signal', 'the main screen went dark'],
      '## Reply\nPress the power button on the projector remote and wait a minute.\n\n## Steps\n1. Find the projector remote.\n2. Press power once.',
    ),
    doc(
      'tech/ball.md',
      'Ball not registering',
      ['shots are not tracking', 'ball not reading', 'sim does not pick up my hits'],
      '## Reply\nPut the ball on the marked spot and turn the bay lights on.\n\n## Steps\n1. Tee up on the spot.\n2. Lights fully on.',
    ),
    doc(
      'booking/cancel.md',
      'Cancel a booking',
      ['how do i cancel', 'need to cancel my reservation', 'cant make it tonight'],
      '## Reply\nCancel from the Manage booking link up to 24 hours before.\n\n## Steps\n1. Open the confirmation email.\n2. Tap Manage booking.',
    ),
  ];
}
