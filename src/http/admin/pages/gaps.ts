import { GAP_PERIODS, type GapReport, type GapTopic } from '../../../gaps/index.ts';
import { fmt, html, type Html } from '../html.ts';
import { csrfField, empty, type PageContext } from '../layout.ts';

/** Topics shown on the page; the rest are in `sop gaps --json`. */
const SHOWN = 30;

const TREND_TEXT: Record<GapTopic['trend'], string> = { new: 'new', growing: 'growing', steady: 'steady', shrinking: 'shrinking' };

/** The gap report: one card per topic, largest first, with its typical texts and what staff did. */
export function renderGaps(
  d: {
    report: GapReport;
    days: number;
    route: string | undefined;
    routes: string[];
    computedAt: Date;
    /** The SOPs a topic can be proposed as questions of; null when proposals have nowhere to go. */
    documents: string[] | null;
  },
  context: PageContext,
): Html {
  const { report } = d;
  const filters = html`<form class="filters" method="get" action="/admin/gaps">
<label>Period<select name="days">${GAP_PERIODS.map((p) => html`<option value="${p}"${p === d.days ? html` selected` : ''}>last ${p} days</option>`)}</select></label>
<label>Route<select name="route"><option value="">all</option>${d.routes.map((r) => html`<option value="${r}"${r === d.route ? html` selected` : ''}>${r}</option>`)}</select></label>
<button type="submit" class="secondary">Show</button></form>`;
  if (report.texts === 0)
    return html`${filters}${empty(
      'No gaps in this period',
      'Texts the SOP module answers below its route’s threshold, and shadow comparisons judged “SOP worse”, are grouped here into topics.',
    )}`;
  const topics = report.topics.slice(0, SHOWN);
  return html`${filters}
<p class="muted">${fmt.count(report.texts, 'text')} answered below threshold or judged worse in ${d.days} days, in ${fmt.count(report.topics.length, 'topic')}; ${fmt.count(report.unclustered, 'text')} in none. Computed ${fmt.when(d.computedAt)}.</p>
<ol class="gaps" id="gaps">${topics.map((t) => topic(t, d, context))}</ol>
${report.topics.length > SHOWN ? html`<p class="muted">${fmt.count(report.topics.length - SHOWN, 'smaller topic')} not shown: <code>sop gaps --days ${d.days} --json</code> lists every one.</p>` : ''}
<p class="hint">The same as <code>sop gaps --days ${d.days}${d.route ? ` --route ${d.route}` : ''}</code>.</p>`;
}

function topic(t: GapTopic, d: { days: number; route: string | undefined; documents: string[] | null }, context: PageContext): Html {
  const { days } = d;
  const staff =
    t.staff.conversations === 0 ? 'No staff reply on record.' : `Staff replied in ${t.staff.replied} of ${fmt.count(t.staff.conversations, 'conversation')}.`;
  return html`<li class="card gap" data-topic="${t.id}">
<h2>${t.name || '(no distinctive words)'} <span class="badge ${t.trend}">${TREND_TEXT[t.trend]}</span>${t.mark ? html` <span class="badge rejected">${t.mark.mark === 'out_of_scope' ? 'not ours' : 'new SOP needed'}</span>` : ''}</h2>
<p class="figures"><strong>${fmt.count(t.texts, 'text')}</strong> from ${fmt.count(t.customers, 'customer')} · ${t.trend === 'new' ? `none in the ${days} days before` : `${t.previous} in the ${days} days before`} · ${fmt.pct(t.share)} of ${t.route} traffic · mean confidence ${fmt.num(t.confidence)}${t.worse ? ` · ${t.worse} judged SOP worse` : ''}</p>
<p>${t.closest ? html`Closest SOP <code>${t.closest.sop}</code> (${t.closest.title}), similarity ${fmt.num(t.closest.similarity)}.` : 'No SOP index to compare with.'} ${staff}</p>
<ul class="examples">${t.examples.map((e) => html`<li><q>${e}</q></li>`)}</ul>
${t.mark ? html`<p class="muted">Marked by ${t.mark.by} on ${t.mark.at.slice(0, 10)}${t.mark.link ? `: ${t.mark.link}` : ''}.</p>` : ''}
${d.documents && !t.mark ? questionsForm(t, d.documents, d, context) : ''}
${t.mark ? '' : html`<div class="actions">${markForm(t, d, context, 'new-sop', 'A new SOP is needed')}${markForm(t, d, context, 'not-ours', 'Not ours')}</div>`}
${t.staff.knowledge.length ? html`<details><summary>${fmt.count(t.staff.knowledge.length, 'knowledge item')} extracted from these conversations</summary><ul>${t.staff.knowledge.map((k) => html`<li>${k.problem} → ${k.solution} <span class="badge ${k.status}">${k.status}</span></li>`)}</ul></details>` : ''}
</li>`;
}

/** "These are questions of SOP X": the SOP to choose (the closest one first), then a proposal. */
function questionsForm(t: GapTopic, documents: string[], d: { days: number; route: string | undefined }, context: PageContext): Html {
  const closest = t.closest?.sop;
  const ordered = closest && documents.includes(closest) ? [closest, ...documents.filter((p) => p !== closest)] : documents;
  return html`<form class="filters" method="post" action="/admin/gaps/questions">${csrfField(context)}
<input type="hidden" name="topic" value="${t.id}"><input type="hidden" name="days" value="${d.days}"><input type="hidden" name="route" value="${d.route ?? ''}">
<label>These are questions of<select name="sop">${ordered.map((p) => html`<option value="${p}">${p}</option>`)}</select></label>
<button type="submit" class="secondary">Propose as its questions</button></form>`;
}

/** "A new SOP is needed" (an issue on GitHub) or "Not ours" (its texts proposed as out-of-scope questions): the topic is marked. */
function markForm(t: GapTopic, d: { days: number; route: string | undefined }, context: PageContext, action: 'new-sop' | 'not-ours', label: string): Html {
  return html`<form method="post" action="/admin/gaps/${action}">${csrfField(context)}
<input type="hidden" name="topic" value="${t.id}"><input type="hidden" name="days" value="${d.days}"><input type="hidden" name="route" value="${d.route ?? ''}">
<button type="submit" class="secondary">${label}</button></form>`;
}
