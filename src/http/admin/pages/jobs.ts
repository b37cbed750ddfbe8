import type { JobRow, JobState } from '../../../db/index.ts';
import { JOB_STATES } from '../../../db/index.ts';
import { fmt, html, type Html } from '../html.ts';
import { csrfField, empty, type PageContext } from '../layout.ts';
import { statusBadge } from './knowledge.ts';

/** The job queue: counts by state, the newest jobs with their last error, and a retry for dead ones. */
export function renderJobs(
  d: { counts: Record<JobState, number>; jobs: JobRow[]; state: JobState | undefined; extractJob: string },
  context: PageContext,
): Html {
  const total = JOB_STATES.reduce((n, s) => n + d.counts[s], 0);
  const filter = html`<form class="filters" method="get" action="/admin/jobs"><label>State<select name="state"><option value="">all</option>${JOB_STATES.map((s) => html`<option value="${s}"${d.state === s ? html` selected` : ''}>${s} (${d.counts[s]})</option>`)}</select></label><button type="submit" class="secondary">Show</button></form>`;
  const cards = html`<div class="cards">${JOB_STATES.map((s) => html`<div class="card"><h3>${s}</h3><div class="figure" data-state="${s}">${d.counts[s]}</div></div>`)}</div>`;
  if (total === 0)
    return html`${cards}${empty('No jobs yet', 'Jobs are queued when a call transcript arrives, when a conversation goes quiet, or with "Extract now" on a conversation.')}`;
  return html`${d.counts.dead > 0 ? html`<p class="notice error" role="alert">${fmt.count(d.counts.dead, 'job')} ran out of attempts. Fix the cause in the last error (a GitHub token, the repository, a service that was down), then retry it.</p>` : ''}
${cards}${filter}
${
  d.jobs.length
    ? html`<div class="table-wrap"><table class="stack" id="jobs"><thead><tr><th>Job</th><th>State</th><th class="num">Attempts</th><th>Updated</th><th>Last error</th><th>Action</th></tr></thead><tbody>
${d.jobs.map(
  (
    j,
  ) => html`<tr data-job="${j.id}"><td data-label="Job">#${j.id} ${j.kind}${j.key ? html`<span class="src">${j.kind === d.extractJob ? html`<a href="/admin/conversations/${j.key}">${j.key}</a>` : j.key}</span>` : ''}</td>
<td data-label="State">${statusBadge(j.state)}${j.state === 'queued' ? html`<span class="src">due ${fmt.when(j.runAt)}</span>` : ''}</td><td class="num" data-label="Attempts">${j.attempts} / ${j.maxAttempts}</td><td data-label="Updated">${fmt.when(j.updatedAt)}</td>
<td data-label="Last error">${j.lastError ?? '–'}</td>
<td data-label="Action">${j.state === 'dead' ? html`<form method="post" action="/admin/jobs/${j.id}/retry">${csrfField(context)}<button type="submit" class="secondary">Retry</button></form>` : ''}</td></tr>`,
)}
</tbody></table></div>`
    : html`<p class="muted">No job is ${d.state}.</p>`
}
<p class="hint">The same as <code>sop jobs</code> and <code>sop jobs retry ID</code>.</p>`;
}
