import { fenced, inertLine, type PrHost } from '../git/index.ts';
import type { GapTopic } from './report.ts';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * "A new SOP is needed": an issue on the hosting service (GitHub, labelled `gaps` and `new-sop`) with
 * the topic's counts, its typical texts and what staff replied, for someone to write the SOP. A host
 * without issues (a local repository) opens nothing: the topic's mark is the list (`sop gaps marked`).
 * @returns the issue's address, or null when the host has no issues
 */
export async function requestNewSop(host: PrHost | null, topic: GapTopic): Promise<string | null> {
  if (!host?.openIssue) return null;
  const staff = topic.staff.knowledge.map((k) => `${k.problem} → ${k.solution} (${k.status})`);
  const { url } = await host.openIssue({
    title: inertLine(`New SOP needed: ${topic.name}`),
    body: [
      `The gap report found ${topic.texts} texts from ${topic.customers} customers on "${inertLine(topic.name)}" (${topic.trend}, ${percent(topic.share)} of ${topic.route} traffic) that the SOP module answered below threshold or worse than the Assistant, and a reviewer judged that no SOP covers them.`,
      '',
      topic.closest ? `The closest SOP is \`${topic.closest.sop}\` (similarity ${topic.closest.similarity.toFixed(2)}).` : 'No SOP is close.',
      `Staff replied in ${topic.staff.replied} of the topic's ${topic.staff.conversations} conversations on record.`,
      '',
      'Typical texts (redacted):',
      '',
      fenced([...new Set(topic.members.map((m) => m.text.replace(/\s+/g, ' ').trim()))].slice(0, 10).join('\n')),
      ...(staff.length ? ['', 'Knowledge extracted from those conversations:', '', fenced(staff.join('\n'))] : []),
    ].join('\n'),
    labels: ['gaps', 'new-sop'],
  });
  return url;
}
