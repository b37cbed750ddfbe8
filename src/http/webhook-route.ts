import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { withRequestId, type Logger } from '../logger.ts';
import type { WebhookHandler } from '../openphone/index.ts';
import { writeJson } from './reply.ts';
import type { Limiter } from './rate-limit.ts';
import { clientAddress, trackRequest, type Tracking, type TrustProxy } from './request-tracking.ts';

export const WEBHOOK_PATH = '/api/openphone/webhook';

const DECOMPRESS: Record<string, (body: Buffer, options: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

type Options = Tracking & {
  webhook: WebhookHandler;
  /** Largest body accepted, in bytes (decompressed). */
  limit: number;
  rateLimit: Limiter;
  trust: TrustProxy;
  log: Logger;
};

/**
 * `POST /api/openphone/webhook` on node:http itself, not through Express: the raw bytes the signature
 * covers are read here, with the same limits, request id, access log and metrics as every other
 * route. Express's routing and body parsing cost more than half of the service's time per event
 * (`npm run bench -- webhook`), on the path every text and call of every customer takes.
 */
export function createWebhookRoute(options: Options): (req: IncomingMessage, res: ServerResponse) => void {
  const { log, limit } = options;
  return (req, res) => {
    const requestId = trackRequest(req, res, options, () => WEBHOOK_PATH);
    // A client gone mid-upload: nothing was acknowledged, so nothing is lost; OpenPhone sends it again.
    req.on('error', () => {});
    const refusal = options.rateLimit(clientAddress(req, options.trust));
    if (refusal) {
      // Answered at once; the body still arriving is read off by node before the connection is reused.
      writeJson(res, 429, { error: refusal.error }, { 'retry-after': String(refusal.retryAfter) });
      return;
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const decompress = encoding === 'identity' ? null : DECOMPRESS[encoding];
    if (decompress === undefined)
      return void readOff(req, () => writeJson(res, 415, { error: `unsupported content encoding "${encoding}": send gzip, deflate, br or none` }));
    const tooLarge = () => writeJson(res, 413, { error: `request body over ${limit} bytes` });
    if (Number(req.headers['content-length']) > limit) return void readOff(req, tooLarge);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Over the limit: nothing more is kept, the rest is read off, then the answer goes.
      req.off('data', onData);
      chunks.length = 0;
      readOff(req, tooLarge);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (size > limit) return;
      let rawBody = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      if (decompress) {
        try {
          rawBody = decompress(rawBody, { maxOutputLength: limit });
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return void tooLarge();
          return void writeJson(res, 400, { error: `the ${encoding} body could not be decompressed` });
        }
      }
      withRequestId(requestId, () => options.webhook({ headers: req.headers, rawBody })).then(
        (result) => writeJson(res, result.status, result.body, result.headers),
        (error: unknown) => {
          log.error({ requestId, err: error instanceof Error ? error.message : String(error) }, 'request failed');
          if (!res.headersSent) writeJson(res, 500, { error: 'internal error' });
        },
      );
    });
  };
}

/** Reads the rest of a request's body and drops it, then calls `then`: the client is never cut off mid-upload. */
function readOff(req: IncomingMessage, then: () => void): void {
  if (req.readableEnded) {
    then();
    return;
  }
  req.on('end', then);
  req.resume();
}
