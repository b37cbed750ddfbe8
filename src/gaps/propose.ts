import { posix } from 'node:path';
import { parseQuestionList } from '../answer/index.ts';
import { InputError } from '../errors.ts';
import { fenced, inertLine, type PrHost, type Proposal } from '../git/index.ts';
import { personalDataIn } from '../privacy/index.ts';
import { addQuestionsToDocument, parseDocument } from '../sops/index.ts';
import { normaliseQuestion } from '../text/index.ts';
import type { GapTopic } from './report.ts';

/** At most this many of a topic's texts join a list in one proposal: the most typical. */
export const MAX_QUESTIONS = 10;
const PLACEHOLDER = /\[[a-z ]+\]/;

export type TopicProposal = { proposal: Proposal | null; added: string[]; path: string };

/**
 * The topic's most typical texts a list may take: none it holds already (`known`, normalised), none
 * with a placeholder where personal data was, none where anything still looks personal.
 */
function textsToAdd(topic: GapTopic, known: Set<string>): string[] {
  const added: string[] = [];
  for (const member of topic.members) {
    const text = member.text.replace(/\s+/g, ' ').trim();
    const key = normaliseQuestion(text);
    if (!key || known.has(key) || PLACEHOLDER.test(text) || personalDataIn(text).length) continue;
    known.add(key);
    added.push(text);
    if (added.length === MAX_QUESTIONS) break;
  }
  return added;
}

const slug = (text: string) => text.replace(/\.md$/, '').replace(/[^a-z0-9]+/gi, '-');

/**
 * "These are questions of SOP X": a proposal (a branch or pull request, as knowledge proposals go)
 * that adds the topic's most typical texts to the SOP's `questions:`, where they train the ranker.
 * Nothing to add proposes nothing.
 * @param sopsDir the SOP folder's path in the repository (`sops`)
 */
export async function proposeTopicQuestions(input: { host: PrHost; topic: GapTopic; sop: string; sopsDir: string }): Promise<TopicProposal> {
  const { host, topic, sop } = input;
  const path = `${input.sopsDir.replace(/\/+$/, '')}/${sop}`;
  const source = await host.readFile(path);
  if (source === null) throw new InputError(`no SOP ${sop}: ${path} is not on the base branch (name it as sops/ holds it, e.g. tech/frozen-screen.md)`);
  const added = textsToAdd(topic, new Set(parseDocument(path, source, { strict: false }).doc.questions.map(normaliseQuestion)));
  if (added.length === 0) return { proposal: null, added, path };
  const proposal = await host.propose({
    key: `gaps-${topic.id}-${slug(sop)}`,
    title: inertLine(`${sop}: ${added.length} customer questions from the gap "${topic.name}"`),
    body: [
      `The gap report found ${topic.texts} texts on "${inertLine(topic.name)}" that the SOP module answered below threshold or worse than the Assistant (${topic.customers} customers, ${topic.trend}). A reviewer judged them questions of \`${sop}\`.`,
      '',
      `This adds the ${added.length} most typical of them, redacted, to its \`questions:\`: they train the ranker and never enter the eval suite. Delete any line that is not a question of this SOP before merging.`,
      '',
      fenced(added.join('\n')),
    ].join('\n'),
    labels: ['gaps', 'sop-questions'],
    changes: [{ path, content: addQuestionsToDocument(source, added) }],
  });
  return { proposal, added, path };
}

/** The out-of-scope questions' path in the repository: `calibration/out-of-scope.txt` beside the SOP folder. */
export function outOfScopePath(sopsPath: string): string {
  return posix.join(posix.dirname(sopsPath.replace(/\/+$/, '')), 'calibration', 'out-of-scope.txt');
}

/**
 * "Not ours": a proposal that adds the topic's most typical texts to the out-of-scope questions the
 * confidence model is fitted on (`calibration/out-of-scope.txt`), so texts like them are declined.
 * @param path the out-of-scope file's path in the repository
 */
export async function proposeOutOfScope(input: { host: PrHost; topic: GapTopic; path: string }): Promise<TopicProposal> {
  const { host, topic, path } = input;
  const before = (await host.readFile(path)) ?? '';
  const added = textsToAdd(topic, new Set(parseQuestionList(before).map(normaliseQuestion)));
  if (added.length === 0) return { proposal: null, added, path };
  const proposal = await host.propose({
    key: `gaps-${topic.id}-out-of-scope`,
    title: inertLine(`calibration: ${added.length} out-of-scope texts from the gap "${topic.name}"`),
    body: [
      `The gap report found ${topic.texts} texts on "${inertLine(topic.name)}" (${topic.customers} customers, ${topic.trend}). A reviewer judged the topic not ours: no SOP should answer it.`,
      '',
      `This adds the ${added.length} most typical of them, redacted, to \`${path}\`, the texts the confidence model learns to decline. Delete any line an SOP should answer before merging.`,
      '',
      fenced(added.join('\n')),
    ].join('\n'),
    labels: ['gaps', 'out-of-scope'],
    changes: [{ path, content: `${before}${before && !before.endsWith('\n') ? '\n' : ''}${added.join('\n')}\n` }],
  });
  return { proposal, added, path };
}
