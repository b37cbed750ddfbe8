import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  webhookEvents: Counter<'outcome' | 'type'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  decisions: Counter<'route' | 'answered_by' | 'reason'>;
  escalations: Counter<'route' | 'outcome'>;
  routerWrites: Counter<'table' | 'outcome'>;
  rateLimited: Counter<'endpoint'>;
};

/** One Prometheus registry per service (not the global one), so tests can run several apps. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    webhookEvents: new Counter({ name: 'sop_webhook_events_total', help: 'Webhook deliveries by outcome and event type', labelNames: ['outcome', 'type'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'sop_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    decisions: new Counter({ name: 'sop_router_decisions_total', help: 'Router decisions by route, who answered and why', labelNames: ['route', 'answered_by', 'reason'], registers: [registry] }),
    escalations: new Counter({ name: 'sop_escalations_total', help: 'Escalations to staff by route and Slack outcome (posted, failed, unconfigured)', labelNames: ['route', 'outcome'], registers: [registry] }),
    routerWrites: new Counter({ name: 'sop_router_log_writes_total', help: 'Decision and shadow-comparison rows written or failed', labelNames: ['table', 'outcome'], registers: [registry] }),
    rateLimited: new Counter({ name: 'sop_rate_limited_total', help: 'Requests refused with 429 because their source went over its rate', labelNames: ['endpoint'], registers: [registry] }),
  };
}
