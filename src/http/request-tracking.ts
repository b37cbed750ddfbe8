import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { Logger } from '../logger.ts';
import type { Metrics } from './metrics.ts';

/** An id a caller may send in `X-Request-Id` (a UUID, a balancer's trace id); anything else is replaced by a new one. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Probes, logged at debug: they come every few seconds and say nothing about customers. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export type Tracking = { metrics: Metrics; log: Logger; closing?: (() => boolean) | undefined };

/**
 * What every request gets, whichever code serves it: `Connection: close` while shutting down (a
 * keep-alive client then reconnects to another replica), a request id (the caller's, if well formed)
 * echoed in `X-Request-Id`, and once answered, its duration in the metrics and a line in the access
 * log labelled with `route()`. Returns the request id.
 */
export function trackRequest(req: IncomingMessage, res: ServerResponse, tracking: Tracking, route: () => string): string {
  const { metrics, log } = tracking;
  if (tracking.closing?.()) res.setHeader('connection', 'close');
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', requestId);
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const label = route();
    metrics.httpDuration.observe({ method: req.method ?? 'unknown', route: label, status: String(res.statusCode) }, seconds);
    const line = { requestId, method: req.method, route: label, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10 };
    if (PROBES.has(label)) log.debug(line, 'request');
    else if (res.statusCode >= 500) log.error(line, 'request');
    else log.info(line, 'request');
  });
  return requestId;
}

/** Which hops' `X-Forwarded-For` to believe, compiled once: the same function for Express and the paths it does not serve. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY compiled: `none` (believe no proxy: any client can write X-Forwarded-For), a number of
 * hops, or a comma-separated list of names (`loopback`, `uniquelocal`), addresses and ranges.
 */
export function compileTrustProxy(value: string): TrustProxy {
  const setting = value.trim();
  if (setting === 'none') return () => false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(
    setting
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
}

/** The client's address as the trusted proxies report it (the socket's own when none is trusted). */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  return proxyaddr(req, trust) || 'unknown';
}
