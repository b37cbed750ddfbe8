import type { Command } from 'commander';
import type { Answer } from '../answer/index.ts';
import { effectiveRollout, readRolloutFile } from '../config/index.ts';
import { createRuntime } from '../main.ts';
import { parseProbability } from './options.ts';

/** `sop ask "question"`: one answer, as text for a person or JSON for a program. */
export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('answer a customer question from the SOPs')
    .argument('<question>', 'the customer message')
    .option('--route <route>', 'answer within this route (detected when omitted)')
    .option('--sops <dir>', 'folder of SOPs', undefined)
    .option('--index <file>', 'answer from an index built by `sop index --out`')
    .option(
      '--threshold <p>',
      "decline below this confidence (0 to 1; default: the route's threshold in the effective rollout config, as the service uses)",
      parseProbability,
    )
    .option(
      '--previous <message>',
      "an earlier customer message of the conversation, oldest first (repeat it); a reply to the module's question is answered from it",
      (value: string, earlier: string[] = []) => [...earlier, value],
    )
    .option('--json', 'print the full answer as JSON')
    .action(async (question: string, opts: { route?: string; sops?: string; index?: string; threshold?: number; previous?: string[]; json?: boolean }) => {
      const runtime = createRuntime();
      const sopsDir = opts.sops ?? runtime.env.SOPS_DIR;
      const knowledge = await runtime.loadKnowledge({ sopsDir: opts.sops, indexFile: opts.index });
      const routes = [...knowledge.routes.keys()];
      const rollout = effectiveRollout(readRolloutFile(runtime.rolloutPath(sopsDir), routes), runtime.env, routes);
      const threshold = opts.threshold ?? ((route: string) => rollout.route(route).threshold.value);
      const answer = await runtime.createModule(knowledge, threshold).processWithContext(question, opts.route, { previousMessages: opts.previous });
      process.stdout.write(opts.json ? `${JSON.stringify(answer, null, 2)}\n` : formatAnswer(answer));
    });
}

/** A human-readable answer: the reply, then what backs it. */
function formatAnswer(answer: Answer): string {
  const s = answer.structured;
  const lines = [answer.response, ''];
  if (s.steps.length) lines.push('Steps:', ...s.steps.map((step, i) => `  ${i + 1}. ${step}`), '');
  lines.push(`route ${s.route} · ${s.category} · confidence ${answer.confidence.toFixed(2)} · ${s.answerer}`);
  if (s.clarify)
    lines.push(`asks which of ${s.clarify.options.join(' and ')} (one of them right at ${s.clarify.confidence.toFixed(2)}); answer the reply with --previous`);
  if (s.escalation.required) lines.push(`escalate to staff: ${s.escalation.reason}`);
  for (const a of s.actions) if (a.type === 'escalate' && a.when === 'if_unresolved') lines.push(`if unresolved: ${a.reason}`);
  if (s.sources.length) lines.push(`sources: ${s.sources.map((src) => `${src.id} (${src.score.toFixed(2)})`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
