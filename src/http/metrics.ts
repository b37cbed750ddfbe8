import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DEPENDENCY_DURATION } from '../dependency-timing.ts';

export type Metrics = {
  registry: Registry;
  webhookEvents: Counter<'outcome' | 'type'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  decisions: Counter<'route' | 'answered_by' | 'reason'>;
  escalations: Counter<'route' | 'outcome'>;
  routerWrites: Counter<'table' | 'outcome'>;
  rateLimited: Counter<'endpoint'>;
  /** Calls to outside systems: fed by the `ObserveDependency` the composition root hands to each capability. */
  dependencyDuration: Histogram<'dependency' | 'operation' | 'outcome'>;
};

export type MetricsOptions = {
  /** `sop_build_info`'s labels: what runs here (`commit` when known). */
  build?: { version: string; node: string; commit?: string };
  /**
   * Jobs by state, read at each scrape for `sop_jobs`. It should give up quickly: when it fails (the
   * database is down) the scrape still succeeds with the last counts read.
   */
  jobCounts?: () => Promise<Record<string, number>>;
};

/** One Prometheus registry per service (not the global one), so tests can run several apps. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (options.build) {
    const { version, node, commit } = options.build;
    const info = new Gauge({
      name: 'sop_build_info',
      help: 'Always 1: the version of sop, of Node and the git commit (when known) this process runs',
      labelNames: ['version', 'node', 'commit'],
      registers: [registry],
    });
    info.set({ version, node, ...(commit ? { commit } : {}) }, 1);
  }
  const { jobCounts } = options;
  if (jobCounts) {
    new Gauge({
      name: 'sop_jobs',
      help: 'Jobs in the job table by state (queued, running, done, dead), read at each scrape; the last counts read while the database does not answer',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        try {
          const counts = await jobCounts();
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        } catch {
          // keep the last counts: a scrape must not fail because the database does
        }
      },
    });
  }
  return {
    registry,
    webhookEvents: new Counter({
      name: 'sop_webhook_events_total',
      help: 'Webhook deliveries by outcome and event type',
      labelNames: ['outcome', 'type'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'sop_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'sop_router_decisions_total',
      help: 'Router decisions by route, who answered and why',
      labelNames: ['route', 'answered_by', 'reason'],
      registers: [registry],
    }),
    escalations: new Counter({
      name: 'sop_escalations_total',
      help: 'Escalations to staff by route and Slack outcome (posted, failed, unconfigured)',
      labelNames: ['route', 'outcome'],
      registers: [registry],
    }),
    routerWrites: new Counter({
      name: 'sop_router_log_writes_total',
      help: 'Decision and shadow-comparison rows written or failed',
      labelNames: ['table', 'outcome'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'sop_rate_limited_total',
      help: 'Requests refused with 429 because their source went over its rate',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    dependencyDuration: new Histogram({ ...DEPENDENCY_DURATION, labelNames: [...DEPENDENCY_DURATION.labelNames], registers: [registry] }),
  };
}
