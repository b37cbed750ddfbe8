import type { ConversationDetail, ConversationSummary } from '../../../extraction/index.ts';
import { fmt, html, query, type Html } from '../html.ts';
import { csrfField, empty, type PageContext } from '../layout.ts';
import { itemsTable, statusBadge, type ProposalTarget } from './knowledge.ts';

export const PAGE_SIZE = 50;

const jobBadge = (c: ConversationSummary) =>
  c.job
    ? html`${statusBadge(c.job.state)}${c.job.state === 'dead' ? html` <span class="muted">after ${c.job.attempts} attempts</span>` : ''}`
    : html`<span class="muted">none</span>`;

/** Conversations, most recent first, with what extraction made of them. */
export function renderConversationList(d: { rows: ConversationSummary[]; total: number; page: number }): Html {
  if (d.total === 0) {
    return empty(
      'No conversations yet',
      html`Conversations arrive from OpenPhone: point its webhook at <code>/api/openphone/webhook</code> with the signing secret in <code>OPENPHONE_WEBHOOK_SECRET</code>. Every text, call transcript and summary is stored before it is acknowledged.`,
    );
  }
  const pages = Math.ceil(d.total / PAGE_SIZE);
  return html`<p class="muted">${fmt.count(d.total, 'conversation')}. Texts are shown redacted, as extraction sees them.</p>
<div class="table-wrap"><table class="stack" id="conversations"><thead><tr><th>Last message</th><th>Opening (redacted)</th><th class="num">Entries</th><th>Extracted</th><th>Extraction job</th></tr></thead><tbody>
${d.rows.map(
  (
    c,
  ) => html`<tr data-id="${c.id}"><td data-label="Last message">${fmt.when(c.lastMessageAt)}</td><td data-label="Opening"><a href="/admin/conversations/${c.id}">${c.opening ?? '(no text)'}</a></td><td class="num" data-label="Entries">${c.entries}</td>
<td data-label="Extracted">${Object.keys(c.items).length ? Object.entries(c.items).map(([s, n]) => html`${statusBadge(s)} ${n} `) : c.processed ? html`<span class="muted">nothing found</span>` : html`<span class="muted">not yet</span>`}</td><td data-label="Job">${jobBadge(c)}</td></tr>`,
)}
</tbody></table></div>
<nav class="pager" aria-label="Pages">${d.page > 1 ? html`<a href="/admin/conversations${query({ page: d.page - 1 })}">Newer</a>` : ''}${d.page < pages ? html`<a href="/admin/conversations${query({ page: d.page + 1 })}">Older</a>` : ''}</nav>`;
}

/** One conversation, redacted, its extraction job and items, and "extract now". */
export function renderConversation(c: ConversationDetail, context: PageContext, target: ProposalTarget): Html {
  const pending = c.job && (c.job.state === 'queued' || c.job.state === 'running');
  return html`<p><a href="/admin/conversations">← Conversations</a></p>
<dl class="meta"><dt>Started</dt><dd>${fmt.when(c.createdAt)}</dd><dt>Last message</dt><dd>${fmt.when(c.lastMessageAt)}</dd><dt>Entries</dt><dd>${c.entries}</dd>
<dt>Extraction</dt><dd id="job-state">${jobBadge(c)}${c.job?.lastError ? html`<span class="src">${c.job.lastError}</span>` : ''}${pending ? html` <a href="/admin/conversations/${c.id}">refresh</a>` : ''}</dd></dl>
<div class="actions">
<form method="post" action="/admin/conversations/${c.id}/extract">${csrfField(context)}<button type="submit"${pending || target.kind === null ? html` disabled` : ''}>Extract now</button></form>
<span class="hint">${target.kind === null ? 'Extraction is not configured: set PROPOSALS_REPO, or GITHUB_TOKEN and GITHUB_REPOSITORY.' : c.processed ? 'Extracting again replaces the items not yet merged or rejected; proposals are updated, never duplicated.' : 'Queues the extraction job now instead of waiting for the conversation to go quiet.'}</span>
</div>
<h2>Conversation (redacted)</h2>
${c.turns.length ? html`<ol class="turns">${c.turns.map((t) => html`<li class="${t.who}"><b>${t.who}</b>${t.text}</li>`)}</ol>` : html`<p class="muted">No text yet (a call without a transcript).</p>`}
<h2>Extracted items</h2>
${c.extracted.length ? itemsTable(c.extracted, { conversation: false }) : html`<p class="muted">${c.processed ? `Extraction found no problem and solution here: ${c.nothingFound ?? 'it found nothing to pair'}.` : 'Not extracted yet.'}</p>`}`;
}
