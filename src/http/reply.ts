import type { ServerResponse } from 'node:http';

/**
 * A JSON answer in one write, without Express's charset, freshness and ETag steps that a POST
 * answer never needs: the replies of `/api/ask` and the webhook.
 */
export function writeJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}
