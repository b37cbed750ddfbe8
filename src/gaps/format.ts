import type { GapReport } from './report.ts';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const day = (iso: string) => iso.slice(0, 10);
const MARKS = { out_of_scope: 'not ours', new_sop: 'a new SOP is needed' } as const;

/** `sop gaps` for a person: one block per topic, largest first, with its typical texts. */
export function formatGapReport(report: GapReport, limit: number): string {
  const scope = report.route ? `route ${report.route}` : 'all routes';
  const lines = [
    `Gaps ${day(report.from)} to ${day(report.to)}, ${scope}: ${report.texts} texts answered below threshold or judged worse, ` +
      `${report.topics.length} topics, ${report.unclustered} texts in none`,
  ];
  report.topics.slice(0, limit).forEach((t, i) => {
    const was = t.trend === 'new' ? 'new' : `${t.trend}, ${t.previous} before`;
    const closest = t.closest ? `closest SOP ${t.closest.sop} (${t.closest.similarity.toFixed(2)})` : 'no SOP index';
    const staff =
      t.staff.conversations === 0
        ? 'no staff conversation on record'
        : `staff replied in ${t.staff.replied} of ${t.staff.conversations} conversations, ${t.staff.knowledge.length} knowledge items`;
    lines.push(
      '',
      `${i + 1}. ${t.name || '(no distinctive words)'} [${t.id}]`,
      `   ${t.texts} texts from ${t.customers} customers (${was}) · ${percent(t.share)} of ${t.route} traffic · ` +
        `mean confidence ${t.confidence === null ? '-' : t.confidence.toFixed(2)}${t.worse ? ` · ${t.worse} judged SOP worse` : ''}`,
      `   ${closest} · ${staff}`,
      ...(t.mark ? [`   marked ${MARKS[t.mark.mark]} by ${t.mark.by} on ${day(t.mark.at)}${t.mark.link ? ` (${t.mark.link})` : ''}`] : []),
      ...t.examples.map((e) => `   > ${e.replace(/\s+/g, ' ').slice(0, 160)}`),
    );
  });
  if (report.topics.length > limit) lines.push('', `${report.topics.length - limit} more topics: --limit ${report.topics.length} or --json`);
  return `${lines.join('\n')}\n`;
}
