export { createApp, MAX_BODY_BYTES, type Readiness } from './app.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { createAdminRouter, type AdminOptions } from './admin/admin-router.ts';
export { drainServer } from './drain.ts';
export { createReadiness, untilReady } from './readiness.ts';
