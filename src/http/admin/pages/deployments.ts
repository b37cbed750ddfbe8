import type { ActiveState, DeploymentSummary } from '../../../deploy/index.ts';
import { fmt, html, type Html } from '../html.ts';
import { csrfField, empty, short, type PageContext } from '../layout.ts';

type Overall = { hit1?: number; confidentCorrect?: number; precision?: number; falseAnswerRate?: number; p95Ms?: number };
type Report = { cases?: number; pass?: boolean; reasons?: string[]; note?: string; against?: string | null; overall?: Overall };

/** The eval summary a version was activated (or refused) on. */
function evalSummary(v: DeploymentSummary): Html {
  const r = v.healthReport as Report;
  const o = r.overall;
  const reasons = r.reasons ?? [];
  return html`${o ? html`<span class="nowrap">${r.cases ?? '?'} cases · hit@1 ${fmt.num(o.hit1)} · confident+correct ${fmt.num(o.confidentCorrect)} · precision ${fmt.num(o.precision)} · false answers ${fmt.num(o.falseAnswerRate)} · p95 ${fmt.ms(o.p95Ms)}</span>` : html`<span class="muted">${r.note ?? 'no eval figures'}</span>`}
${reasons.length ? html`<details><summary>${fmt.count(reasons.length, 'gate reason')}</summary><ul>${reasons.map((x) => html`<li>${x}</li>`)}</ul></details>` : ''}`;
}

/** Versions, the active and pinned markers, each version's eval summary, and rollback. */
export function renderDeployments(d: { versions: DeploymentSummary[]; active: ActiveState | null; serving: string }, context: PageContext): Html {
  if (d.versions.length === 0)
    return empty(
      'No versions yet',
      html`<code>sop deploy</code> stores one (the deploy workflow runs it on every merge to main), and <code>sop serve</code> builds one at its first start.`,
    );
  const active = d.active;
  const activeAt = d.versions.find((v) => v.version === active?.version)?.createdAt;
  return html`<p id="active-line">Active: <strong><code>${active ? short(active.version) : 'none'}</code></strong>${active?.pinned ? html` <span class="badge pinned">pinned</span>` : ''}${active ? html` since ${fmt.when(active.activatedAt)} by ${active.activatedBy}` : ''}. This server answers with <code>${short(d.serving)}</code>${active && d.serving !== active.version ? html` <span class="muted">(switching: servers follow within seconds)</span>` : ''}.</p>
${
  active?.pinned
    ? html`<div class="notice info" role="status"><p>A rollback pinned this version: new deploys are stored but not activated until you unpin.</p><form method="post" action="/admin/deployments/unpin">${csrfField(context)}<button type="submit" class="secondary">Unpin and activate the newest healthy version</button></form></div>`
    : ''
}
<div class="table-wrap"><table class="stack" id="versions"><thead><tr><th>Version</th><th>Stored</th><th>By</th><th>Health</th><th>Eval</th><th>Action</th></tr></thead><tbody>
${d.versions.map((v) => {
  const isActive = v.version === active?.version;
  const older = !activeAt || v.createdAt <= activeAt;
  return html`<tr data-version="${v.version}"><td data-label="Version"><code title="${v.version}">${short(v.version)}</code> ${isActive ? html`<span class="badge active">active</span>` : ''}${isActive && active?.pinned ? html` <span class="badge pinned">pinned</span>` : ''}${v.commitMessage ? html`<span class="src">${v.commitMessage}</span>` : ''}<span class="src">${v.sections} sections · ${v.embedded} embedded anew</span></td>
<td data-label="Stored">${fmt.when(v.createdAt)}</td><td data-label="By">${v.deployedBy}</td><td data-label="Health"><span class="badge ${v.health}">${v.health}</span></td><td data-label="Eval">${evalSummary(v)}</td>
<td data-label="Action">${!isActive && v.health === 'passed' ? html`<a class="button secondary" href="/admin/deployments/${encodeURIComponent(v.version)}/rollback">${older ? 'Roll back to this' : 'Activate this'}</a>` : ''}</td></tr>`;
})}
</tbody></table></div>
<p class="hint">The same as <code>sop deploy --list</code>, <code>--rollback VERSION</code> and <code>--unpin</code>. A version that failed its health check cannot be activated.</p>`;
}

/** The confirmation before a rollback: what will happen, with a button that does it. */
export function renderRollbackConfirm(d: { target: DeploymentSummary; active: ActiveState | null }, context: PageContext): Html {
  return html`<p>Activate <code>${short(d.target.version)}</code> (stored ${fmt.when(d.target.createdAt)} by ${d.target.deployedBy}${d.target.commitMessage ? `, "${d.target.commitMessage}"` : ''}) in place of <code>${d.active ? short(d.active.version) : 'none'}</code>?</p>
<ul><li>Every server switches to it within seconds, without a restart.</li><li>It is pinned: later deploys are stored but not activated until someone unpins.</li></ul>
<form method="post" action="/admin/deployments/rollback" class="actions">${csrfField(context)}<input type="hidden" name="version" value="${d.target.version}">
<button type="submit" class="danger">Yes, roll back to ${short(d.target.version)}</button> <a class="button secondary" href="/admin/deployments">Cancel</a></form>`;
}
