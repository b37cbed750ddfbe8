import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  webhookEvents: Counter<'outcome' | 'type'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
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
  };
}
