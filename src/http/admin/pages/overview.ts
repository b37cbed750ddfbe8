import type { EffectiveRollout, Setting } from '../../../config/index.ts';
import type { DecisionStats, MetricsSummary, RouteSummary } from '../../../metrics/index.ts';
import { summariseMetrics } from '../../../metrics/index.ts';
import { barChart } from '../charts.ts';
import { fmt, html, type Html } from '../html.ts';
import { empty, short } from '../layout.ts';

export type OverviewData = {
  days: number;
  rollout: EffectiveRollout;
  summary: MetricsSummary & { range: { from: string; to: string } };
  stats: DecisionStats[];
};

export const PERIODS = [1, 7, 30, 90] as const;

/** A setting with where it comes from; an env override is highlighted, because it beats the deployed file. */
function setting<T>(s: Setting<T>, show: (v: T) => string = String): Html {
  const override = s.from === 'env';
  return html`<span class="cell"><span class="${override ? 'override' : ''}">${show(s.value)}</span>${override ? html` <span class="badge pinned">env override</span>` : ''}<span class="src">${s.ref}</span></span>`;
}

/** Where the saving comes from: the requests the Assistant was not called for, and who answered them instead. */
function savingSource(overall: OverviewData['summary']['overall'], rollout: OverviewData['rollout']): string {
  const skipped = overall.total - overall.assistantCalls;
  if (skipped <= 0) return 'The Assistant was called for every request.';
  const byStaff = Math.max(skipped - overall.sopUsed, 0);
  const said = `The Assistant was not called for ${fmt.count(skipped, 'request')}: ${overall.sopUsed.toLocaleString('en-US')} answered by the SOP module, ${byStaff.toLocaleString('en-US')} handed to staff (emergencies skip the Assistant).`;
  return rollout.routes.every((r) => r.mode.value !== 'rollout') ? `${said} No route is in rollout now: the SOP module answers no customer.` : said;
}

/** The overview: the rollout as it stands, and the traffic, confidence, latency and saving of a period. */
export function renderOverview(d: OverviewData): Html {
  const { summary, rollout } = d;
  const overall = summary.overall;
  const stats = new Map(d.stats.map((s) => [s.route, s]));
  const routes = [...new Set([...rollout.routes.map((r) => r.route), ...summary.routes.map((r) => r.route)])].sort();
  const byRoute = new Map(summary.routes.map((r) => [r.route, r]));
  const days = enumerateDays(summary.range.from, summary.range.to);
  const perDay = days.map((day) => summary.daily.filter((r) => r.date === day));
  const baseline = fmt.usd(summary.baselineMonthlyUsd, 0);

  const periodForm = html`<form class="filters" method="get" action="/admin">
  <label>Period<select name="days">${PERIODS.map((p) => html`<option value="${p}"${p === d.days ? html` selected` : ''}>${p === 1 ? 'today' : `last ${p} days`}</option>`)}</select></label>
  <button type="submit" class="secondary">Show</button>
  <span class="hint">${summary.range.from} to ${summary.range.to} (UTC days)</span>
</form>`;

  const rolloutTable = html`<h2>Rollout</h2>
${rollout.killSwitch.value ? html`<p class="notice error" role="alert"><strong>Kill switch on</strong> (${rollout.killSwitch.ref}): every route is answered by the Assistant; emergencies still escalate.</p>` : ''}
<p class="hint">Values come from <code>rollout.yaml</code> of the deployed version ${short(rollout.version)} unless an environment variable overrides them (highlighted). Change them with a pull request; overrides are for emergencies.</p>
<div class="table-wrap"><table class="stack"><thead><tr><th>Route</th><th>Mode</th><th>Percentage</th><th>Confidence threshold</th></tr></thead><tbody>
${rollout.routes.map((r) => html`<tr><td data-label="Route"><strong>${r.route}</strong></td><td data-label="Mode">${setting(r.mode)}</td><td data-label="Percentage">${setting(r.percentage, (v) => `${v}%`)}</td><td data-label="Threshold">${setting(r.threshold, (v) => v.toFixed(2))}</td></tr>`)}
</tbody></table></div>`;

  if (overall.total === 0) {
    return html`${periodForm}${rolloutTable}<h2>Traffic</h2>${empty(
      'No requests in this period yet',
      html`The router records a decision for every <code>POST /api/ask</code>, with both answers in shadow mode. Send one to see it here: <code>curl -X POST localhost:3000/api/ask -H 'content-type: application/json' -d '{"message":"the screen froze","stickyKey":"+15551230000"}'</code>, or choose a longer period.`,
    )}`;
  }

  const cards = html`<div class="cards">
  <div class="card"><h3>Requests</h3><div class="figure">${overall.total.toLocaleString('en-US')}</div><div class="muted">${fmt.count(overall.assistantCalls, 'Assistant call')}</div></div>
  <div class="card"><h3>Answered by the SOP module</h3><div class="figure">${fmt.pct(overall.sopShare)}</div><div class="muted">Assistant ${fmt.pct(overall.assistantShare)} · staff ${fmt.pct(overall.escalationShare)}</div></div>
  <div class="card"><h3>Fallbacks · escalations</h3><div class="figure">${fmt.pct(overall.fallbackRate)} · ${fmt.pct(overall.escalationRate)}</div><div class="muted">${fmt.count(overall.fallbacks, 'fallback')}, ${fmt.count(overall.escalations, 'escalation')}</div></div>
  <div class="card"><h3>Estimated monthly saving</h3><div class="figure" data-testid="saving">${fmt.usd(overall.estimatedMonthlySavingUsd)}</div><div class="muted">against the ${baseline}/month Assistant baseline; spend this period ${fmt.usd(overall.sopCostUsd + overall.assistantCostUsd, 4)}</div><div class="muted" id="saving-source">${savingSource(overall, rollout)}</div></div>
</div>`;

  const row = (r: RouteSummary) => {
    const s = stats.get(r.route);
    return html`<tr data-route="${r.route}"><td data-label="Route"><strong>${r.route}</strong></td>
<td class="num" data-label="Requests">${r.total}</td><td class="num" data-label="SOP">${fmt.pct(r.sopShare)}</td><td class="num" data-label="Assistant">${fmt.pct(r.assistantShare)}</td><td class="num" data-label="Staff">${fmt.pct(r.escalationShare)}</td>
<td class="num" data-label="Fallback rate">${fmt.pct(r.fallbackRate)}</td><td class="num" data-label="Escalation rate">${fmt.pct(r.escalationRate)}</td>
<td class="num" data-label="SOP p50 / p95">${fmt.ms(s?.sopP50Ms)} / ${fmt.ms(s?.sopP95Ms)}</td><td class="num" data-label="Assistant p50 / p95">${fmt.ms(s?.assistantP50Ms)} / ${fmt.ms(s?.assistantP95Ms)}</td>
<td class="num" data-label="Saving / month">${fmt.usd(r.estimatedMonthlySavingUsd)}</td></tr>`;
  };
  const table = html`<h2>By route</h2><div class="table-wrap"><table class="stack" id="routes"><thead><tr><th>Route</th><th class="num">Requests</th><th class="num">SOP</th><th class="num">Assistant</th><th class="num">Staff</th><th class="num">Fallback rate</th><th class="num">Escalation rate</th><th class="num">SOP p50 / p95</th><th class="num">Assistant p50 / p95</th><th class="num">Saving / month</th></tr></thead>
<tbody>${summary.routes.map(row)}${row(overall)}</tbody></table></div>
<p class="hint">Shares are of requests; the fallback rate is of the requests the SOP module was to answer. Latencies are exact percentiles over the period. The saving is the baseline times the share of requests for which the Assistant was not called, minus the SOP module's own spend (<code>sop metrics</code> reports the same).</p>`;

  const dayLabels = days.map((day) => day.slice(5));
  const dailySavings = perDay.map((rows) => (rows.length ? summariseMetrics(rows, { days: 1, baselineMonthlyUsd: summary.baselineMonthlyUsd }).overall : null));
  const traffic = barChart({
    title: 'Who answered, per day',
    labels: dayLabels,
    stacked: true,
    series: [
      { name: 'SOP module', cls: 's-sop', values: perDay.map((rows) => rows.reduce((n, r) => n + r.sopUsed, 0)) },
      { name: 'Assistant', cls: 's-assistant', values: perDay.map((rows) => rows.reduce((n, r) => n + r.assistantUsed, 0)) },
      { name: 'Staff (escalated)', cls: 's-escalation', values: perDay.map((rows) => rows.reduce((n, r) => n + r.total - r.sopUsed - r.assistantUsed, 0)) },
    ],
    format: (v) => String(Math.round(v)),
    integer: true,
  });
  const saving = barChart({
    title: 'Estimated monthly saving, at each day’s rate',
    labels: dayLabels,
    series: [{ name: 'saving', cls: 's-saving', values: dailySavings.map((o) => o?.estimatedMonthlySavingUsd ?? 0) }],
    signed: { positive: 's-saving', negative: 's-loss' },
    format: (v) => fmt.usd(v, 0),
  });
  // One chart per side: the Assistant's seconds would flatten the SOP module's milliseconds.
  const latencyRoutes = routes.filter((r) => stats.has(r));
  const latency = (side: 'sop' | 'assistant', title: string) =>
    barChart({
      title,
      labels: latencyRoutes,
      series: [
        { name: 'p50', cls: 's-p50', values: latencyRoutes.map((r) => stats.get(r)?.[`${side}P50Ms`] ?? 0) },
        { name: 'p95', cls: 's-p95', values: latencyRoutes.map((r) => stats.get(r)?.[`${side}P95Ms`] ?? 0) },
      ],
      format: (v) => (v < 10 ? v.toFixed(1) : String(Math.round(v))),
    });
  const histograms = routes
    .filter((r) => byRoute.has(r))
    .map((route) => {
      const bins = stats.get(route)?.confidenceBins ?? [];
      const threshold = rollout.route(route).threshold.value;
      return barChart({
        title: `SOP confidence, ${route}`,
        labels: bins.map((_, i) => (i / 10).toFixed(1)),
        series: [{ name: 'requests', cls: 's-conf', values: bins }],
        marker: { at: threshold * bins.length, label: `threshold ${threshold.toFixed(2)}` },
        format: (v) => String(Math.round(v)),
        integer: true,
        edgeLabels: true,
      });
    });
  const perDayTable = html`<details><summary>The charts' figures per day</summary><div class="table-wrap"><table class="stack" id="days"><thead><tr><th>Day</th><th class="num">Requests</th><th class="num">SOP module</th><th class="num">Assistant</th><th class="num">Staff</th><th class="num">Saving / month at the day's rate</th></tr></thead><tbody>
${days.map((day, i) => {
  const o = dailySavings[i];
  return html`<tr><td data-label="Day">${day}</td><td class="num" data-label="Requests">${o?.total ?? 0}</td><td class="num" data-label="SOP module">${o?.sopUsed ?? 0}</td><td class="num" data-label="Assistant">${o?.assistantUsed ?? 0}</td><td class="num" data-label="Staff">${o ? o.total - o.sopUsed - o.assistantUsed : 0}</td><td class="num" data-label="Saving">${o ? fmt.usd(o.estimatedMonthlySavingUsd) : '–'}</td></tr>`;
})}</tbody></table></div></details>`;
  return html`${periodForm}${cards}${rolloutTable}${table}<h2>Charts</h2><div class="charts">${traffic}${saving}${latency('sop', 'SOP module latency by route (ms)')}${latency('assistant', 'Assistant latency by route (ms)')}</div>${perDayTable}<h3>Confidence of the SOP answers</h3><div class="charts">${histograms}</div>`;
}

function enumerateDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
