import type { Comparison, ComparisonFilter } from '../../../metrics/index.ts';
import { NO_SOURCE, VERDICTS } from '../../../metrics/index.ts';
import { fmt, html, query, type Html } from '../html.ts';
import { csrfField, empty, type PageContext } from '../layout.ts';
import { wordDiff, type DiffPart } from '../../../text/index.ts';

export const PAGE_SIZE = 50;

const VERDICT_LABEL = { better: 'SOP better', same: 'Same', worse: 'SOP worse' } as const;

export type ComparisonQuery = Omit<ComparisonFilter, 'limit' | 'offset'> & { page: number };

/** The filter form's values as a query string (for links that keep them). */
export function filterQuery(f: ComparisonQuery, page = f.page): string {
  return query({
    route: f.route,
    from: f.from,
    to: f.to,
    similarity_below: f.similarityBelow,
    min_confidence: f.minConfidence,
    max_confidence: f.maxConfidence,
    verdict: f.verdict,
    page: page > 1 ? page : undefined,
  });
}

/** The list of shadow comparisons with its filters. */
export function renderComparisonList(d: { filter: ComparisonQuery; routes: string[]; rows: Comparison[]; total: number; anyAtAll: boolean }): Html {
  const f = d.filter;
  const option = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  const form = html`<form class="filters" method="get" action="/admin/comparisons" role="search" aria-label="Filter comparisons">
  <label>Route<select name="route">${option('', 'all routes', f.route)}${d.routes.map((r) => option(r, r, f.route))}</select></label>
  <label>From<input type="date" name="from" value="${f.from ?? ''}"></label>
  <label>To<input type="date" name="to" value="${f.to ?? ''}"></label>
  <label>Similarity below<input type="number" name="similarity_below" min="0" max="1" step="0.05" inputmode="decimal" value="${f.similarityBelow ?? ''}" placeholder="0–1"></label>
  <label>SOP confidence from<input type="number" name="min_confidence" min="0" max="1" step="0.05" inputmode="decimal" value="${f.minConfidence ?? ''}" placeholder="0"></label>
  <label>to<input type="number" name="max_confidence" min="0" max="1" step="0.05" inputmode="decimal" value="${f.maxConfidence ?? ''}" placeholder="1"></label>
  <label>Verdict<select name="verdict">${option('', 'any', f.verdict)}${option('none', 'not reviewed', f.verdict)}${VERDICTS.map((v) => option(v, VERDICT_LABEL[v], f.verdict))}</select></label>
  <button type="submit">Filter</button> <a class="button secondary" href="/admin/comparisons">Clear</a>
</form>`;
  if (!d.anyAtAll) {
    return html`${form}${empty('No shadow comparisons yet', html`Routes in <code>shadow</code> mode (the default in <code>rollout.yaml</code>) log the SOP module's answer beside the Assistant's for every <code>POST /api/ask</code>. They appear here as requests come in.`)}`;
  }
  if (d.rows.length === 0)
    return html`${form}${empty('No comparison matches these filters', html`Widen the dates or the similarity and confidence bounds, or <a href="/admin/comparisons">clear the filters</a>.`)}`;
  const pages = Math.ceil(d.total / PAGE_SIZE);
  return html`${form}<p class="muted" id="count">${fmt.count(d.total, 'comparison')}${pages > 1 ? ` · page ${f.page} of ${pages}` : ''}</p>
<div class="table-wrap"><table class="stack" id="comparisons"><thead><tr><th>When</th><th>Route</th><th>Question</th><th class="num">SOP confidence</th><th class="num">Similarity</th><th>Verdict</th></tr></thead><tbody>
${d.rows.map(
  (c) => html`<tr data-id="${c.id}"><td data-label="When">${fmt.when(c.createdAt)}</td><td data-label="Route">${c.route ?? '–'}</td>
<td data-label="Question"><a href="/admin/comparisons/${c.id}${filterQuery(f)}">${truncate(c.query, 120)}</a>${c.sopError ? html` <span class="badge failed">SOP error</span>` : ''}</td>
<td class="num" data-label="SOP confidence">${fmt.num(c.sopConfidence)}</td><td class="num" data-label="Similarity">${fmt.num(c.similarity)}</td>
<td data-label="Verdict">${c.verdict ? html`<span class="badge ${c.verdict}">${VERDICT_LABEL[c.verdict]}</span>` : html`<span class="muted">not reviewed</span>`}</td></tr>`,
)}
</tbody></table></div>
<nav class="pager" aria-label="Pages">${f.page > 1 ? html`<a href="/admin/comparisons${filterQuery(f, f.page - 1)}">Newer</a>` : ''}${f.page < pages ? html`<a href="/admin/comparisons${filterQuery(f, f.page + 1)}">Older</a>` : ''}</nav>`;
}

const diffHtml = (parts: DiffPart[]) =>
  parts.map((p) => (p.kind === 'removed' ? html`<del>${p.text}</del>` : p.kind === 'added' ? html`<ins>${p.text}</ins>` : html`${p.text}`));

/** What the Assistant's answer was to the customer, by who answered (the logged decision). */
const ASSISTANT_ROLE: Record<string, string> = {
  assistant: 'answered the customer',
  sop: 'not sent: the SOP module answered',
  escalation: 'not sent: the customer got the hand-over reply',
  unknown: 'who answered was not logged',
};

/** One comparison: the two answers side by side with their differences marked, the sources, and the verdict buttons. */
export function renderComparison(c: Comparison, documents: readonly { path: string; title: string }[], context: PageContext, back: string): Html {
  const diff = wordDiff(c.assistantResponse ?? '', c.sopResponse ?? '');
  return html`<p><a href="/admin/comparisons${back}">← All comparisons</a></p>
<dl class="meta">
  <dt>When</dt><dd>${fmt.when(c.createdAt)}</dd>
  <dt>Route</dt><dd>${c.route ?? '–'}</dd>
  <dt>Question (redacted)</dt><dd id="question">${c.query}</dd>
  <dt>SOP confidence</dt><dd>${fmt.num(c.sopConfidence)}</dd>
  <dt>Similarity of the answers</dt><dd>${fmt.num(c.similarity)}</dd>
  <dt>Latency</dt><dd>SOP ${fmt.ms(c.sopLatencyMs)} · Assistant ${fmt.ms(c.assistantLatencyMs)}</dd>
</dl>
<h2>Answers</h2>
<p class="hint">Words only the Assistant used are <del>struck through</del>; words only the SOP module used are <ins>highlighted</ins>.</p>
<div class="side">
  <section aria-labelledby="assistant-h"><h3 id="assistant-h">Assistant (${ASSISTANT_ROLE[c.answeredBy ?? 'unknown']})</h3><div class="answer" id="assistant-answer">${c.assistantResponse === null ? html`<span class="muted">The Assistant gave no answer.</span>` : diffHtml(diff.before)}</div></section>
  <section aria-labelledby="sop-h"><h3 id="sop-h">SOP module (shadow)</h3><div class="answer" id="sop-answer">${c.sopError ? html`<span class="badge failed">error</span> ${c.sopError}` : c.sopResponse === null ? html`<span class="muted">No SOP answer.</span>` : diffHtml(diff.after)}</div></section>
</div>
<h3>SOP sources</h3>
${c.sopSources.length ? html`<ol>${c.sopSources.map((s) => html`<li><code>${s.id}</code>${s.title ? ` ${s.title}` : ''}${typeof s.score === 'number' ? html` <span class="muted">score ${s.score.toFixed(3)}</span>` : ''}</li>`)}</ol>` : html`<p class="muted">None.</p>`}
<h2>Your verdict</h2>
<p id="verdict-state">${c.verdict ? html`Recorded: <span class="badge ${c.verdict}">${VERDICT_LABEL[c.verdict]}</span>${sourceSaid(c.verdictSource)} by ${c.verdictBy ?? 'someone'} at ${fmt.when(c.verdictAt)}. A new verdict replaces it.` : 'Not reviewed yet.'}</p>
<form method="post" action="/admin/comparisons/${c.id}/verdict" class="actions" aria-label="Verdict">
  ${csrfField(context)}<input type="hidden" name="back" value="${back}">
  ${VERDICTS.filter((v) => v !== 'worse').map((v) => verdictButton(c, v))}
</form>
<form method="post" action="/admin/comparisons/${c.id}/verdict" class="actions" aria-label="SOP worse">
  ${csrfField(context)}<input type="hidden" name="back" value="${back}">
  <label>Should have answered<select name="source">
    <option value=""${c.verdictSource === null ? ' selected' : ''}>not sure</option>
    <option value="${NO_SOURCE}"${c.verdictSource === NO_SOURCE ? ' selected' : ''}>no SOP: hand it to staff</option>
    ${documents
      .slice()
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((d) => html`<option value="${d.path}"${c.verdictSource === d.path ? ' selected' : ''}>${d.path} (${d.title})</option>`)}
  </select></label>
  ${verdictButton(c, 'worse')}
</form>
<p class="hint"><code>sop eval harvest</code> turns "SOP better" and "Same" on confident answers into labelled texts (the SOP's first source is the right one), and "SOP worse" with the SOP that should have answered (or "no SOP"). Each text goes either to that SOP's questions (training) or to the eval cases (testing), never to both.</p>`;
}

function verdictButton(c: Comparison, v: (typeof VERDICTS)[number]): Html {
  const pressed = c.verdict === v;
  return html`<button type="submit" name="verdict" value="${v}" class="${pressed ? '' : 'secondary'}" aria-pressed="${pressed ? 'true' : 'false'}">${VERDICT_LABEL[v]}</button>`;
}

function sourceSaid(source: string | null): Html | string {
  if (source === null) return '';
  return source === NO_SOURCE ? ' (no SOP should have answered)' : html` (should have answered: <code>${source}</code>)`;
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
