import type { ExtractedRow, ProposalRow } from '../../../extraction/index.ts';
import { ITEM_STATUSES } from '../../../extraction/index.ts';
import { fmt, html, type Html } from '../html.ts';
import { csrfField, empty, type PageContext } from '../layout.ts';

export type ProposalTarget = { kind: 'local' | 'github' | null };

const hostNote = (t: ProposalTarget) =>
  t.kind === 'github'
    ? html`<p class="hint">Proposals are GitHub pull requests: review and merge them on GitHub, where CI runs the tests, <code>sop lint</code> and the eval gate.</p>`
    : t.kind === 'local'
      ? html`<p class="hint">Proposals are branches of the local repository (<code>knowledge/&lt;key&gt;</code>): review the diff here, then merge or reject.</p>`
      : html`<p class="notice error" role="alert">Extraction is not configured: there is no git repository for proposals. Set <code>PROPOSALS_REPO</code>, or <code>GITHUB_TOKEN</code> and <code>GITHUB_REPOSITORY</code>, and restart.</p>`;

export function statusBadge(status: string): Html {
  return html`<span class="badge ${status}">${status}</span>`;
}

/** One item's row: the problem and solution, status, evidence, section, proposal and conversation. */
export function itemsTable(items: ExtractedRow[], options: { conversation: boolean }): Html {
  return html`<div class="table-wrap"><table class="stack" id="items"><thead><tr><th>Problem → solution</th><th>Status</th><th class="num">Confidence</th><th>SOP section</th><th>Evidence (redacted)</th><th>Proposal</th>${options.conversation ? html`<th>Conversation</th>` : ''}</tr></thead><tbody>
${items.map(
  (
    i,
  ) => html`<tr data-item="${i.id}"><td data-label="Problem"><strong>${i.problem}</strong><br>${i.solution}${i.reason ? html`<span class="src">${i.reason}</span>` : ''}</td>
<td data-label="Status">${statusBadge(i.status)}</td><td class="num" data-label="Confidence">${fmt.num(i.confidence)}</td>
<td data-label="SOP section">${i.sopSection ? html`<code>${i.sopSection}</code>` : html`<span class="muted">new</span>`}</td>
<td data-label="Evidence" class="evidence">${i.evidence ?? '–'}</td>
<td data-label="Proposal">${i.proposal ? html`<a href="/admin/knowledge/proposals/${i.proposal.key}">${i.proposal.key}</a> ${statusBadge(i.proposal.state)}${i.proposal.url ? html` <a href="${i.proposal.url}" rel="noreferrer">PR</a>` : ''}` : '–'}</td>
${options.conversation ? html`<td data-label="Conversation">${i.conversationId ? html`<a href="/admin/conversations/${i.conversationId}">open</a>` : '–'}</td>` : ''}</tr>`,
)}
</tbody></table></div>`;
}

/** Proposals awaiting review and the extracted items, filterable by status. */
export function renderKnowledge(d: {
  target: ProposalTarget;
  proposals: ProposalRow[];
  items: ExtractedRow[];
  counts: Record<string, number>;
  status: string | undefined;
}): Html {
  const total = Object.values(d.counts).reduce((a, b) => a + b, 0);
  const open = d.proposals.filter((p) => p.state === 'open');
  const proposals = d.proposals.length
    ? html`<div class="table-wrap"><table class="stack" id="proposals"><thead><tr><th>Proposal</th><th>State</th><th>Route</th><th>Changes</th><th class="num">Conversations</th><th>Updated</th></tr></thead><tbody>
${d.proposals.map(
  (
    p,
  ) => html`<tr data-key="${p.key}"><td data-label="Proposal"><a href="/admin/knowledge/proposals/${p.key}">${p.title}</a><span class="src">${p.key}</span></td><td data-label="State">${statusBadge(p.state)}</td><td data-label="Route">${p.route}</td>
<td data-label="Changes"><code>${p.path}</code>${p.url ? html` · <a href="${p.url}" rel="noreferrer">pull request</a>` : html` · <code>${p.branch}</code>`}</td><td class="num" data-label="Conversations">${p.supporters}</td><td data-label="Updated">${fmt.when(p.updatedAt)}</td></tr>`,
)}
</tbody></table></div>`
    : empty(
        'No proposals yet',
        html`Proposals appear when conversations are extracted: after a call's transcript, once a conversation has been quiet for a while, or with "Extract now" on a <a href="/admin/conversations">conversation</a>.`,
      );
  const filter = html`<form class="filters" method="get" action="/admin/knowledge"><label>Status<select name="status"><option value="">all</option>${ITEM_STATUSES.map((s) => html`<option value="${s}"${d.status === s ? html` selected` : ''}>${s} (${d.counts[s] ?? 0})</option>`)}</select></label><button type="submit" class="secondary">Show</button></form>`;
  return html`${hostNote(d.target)}
<div class="cards">${ITEM_STATUSES.map((s) => html`<div class="card"><h3>${s}</h3><div class="figure">${d.counts[s] ?? 0}</div></div>`)}</div>
<h2>Proposals ${open.length ? html`<span class="badge open">${open.length} open</span>` : ''}</h2>${proposals}
<h2>Extracted items</h2>${filter}
${total === 0 ? empty('Nothing extracted yet', html`Extraction reads stored conversations and records each problem and solution it finds: new, a duplicate of an SOP section, or a contradiction with one. See <a href="/admin/conversations">conversations</a>.`) : d.items.length ? itemsTable(d.items, { conversation: true }) : html`<p class="muted">No item has this status.</p>`}`;
}

/** One proposal: what it changes (the diff, on a local host), its items, and merge and reject. */
export function renderProposal(d: { proposal: ProposalRow; items: ExtractedRow[]; diff: string | null; target: ProposalTarget }, context: PageContext): Html {
  const p = d.proposal;
  const canReview = p.state === 'open' && p.host === 'local' && d.target.kind === 'local';
  return html`<p><a href="/admin/knowledge">← Knowledge</a></p>
<dl class="meta"><dt>State</dt><dd id="proposal-state">${statusBadge(p.state)}</dd><dt>Route</dt><dd>${p.route}</dd><dt>File</dt><dd><code>${p.path}</code>${p.sopSection ? html` (section <code>${p.sopSection}</code>)` : ''}</dd>
<dt>${p.url ? 'Pull request' : 'Branch'}</dt><dd>${p.url ? html`<a href="${p.url}" rel="noreferrer">${p.url}</a>` : html`<code>${p.branch}</code>`}</dd><dt>Supported by</dt><dd>${fmt.count(p.supporters, 'conversation')}</dd><dt>Updated</dt><dd>${fmt.when(p.updatedAt)}</dd></dl>
<h2>Items</h2>${d.items.length ? itemsTable(d.items, { conversation: true }) : html`<p class="muted">No items.</p>`}
<h2>Change</h2>
${d.diff !== null ? html`<pre class="diff" tabindex="0" aria-label="Diff">${d.diff.split('\n').map((line) => html`<span class="${line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : line.startsWith('@@') ? 'hunk' : ''}">${line}</span>\n`)}</pre>` : p.url ? html`<p>See the <a href="${p.url}" rel="noreferrer">pull request</a>.</p>` : p.mergeCommit ? html`<p>Merged as commit <code>${p.mergeCommit.slice(0, 12)}</code> on the base branch (<code>git show ${p.mergeCommit.slice(0, 12)}</code>); its branch is deleted.</p>` : html`<p class="muted">The branch is gone: the proposal was ${p.state}.</p>`}
${
  canReview
    ? html`<div class="actions">
<form method="post" action="/admin/knowledge/proposals/${p.key}/merge">${csrfField(context)}<button type="submit">Merge into the base branch</button></form>
<form method="post" action="/admin/knowledge/proposals/${p.key}/reject">${csrfField(context)}<button type="submit" class="danger">Reject and delete the branch</button></form></div>
<p class="hint">Merging changes the SOPs in git; the next <code>sop deploy</code> makes them answer.</p>`
    : ''
}`;
}
