// What the load generators share: running one in its own process, and the signed event they send.
import { execFile } from 'node:child_process';

/**
 * Runs `bench/<script>` in its own process (so it does not share the service's event loop) and
 * returns the one JSON document it prints.
 */
export function runGenerator<T>(script: string, args: readonly (string | number)[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', `bench/${script}`, ...args.map(String)], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as T);
    });
  });
}

/** What `bench/ask-load.ts` reports. */
export type AskLoad = {
  sent: number;
  statuses: Record<string, number>;
  errors: number;
  errorKinds: Record<string, number>;
  versions: Record<string, number>;
  firstSeenMs: Record<string, number>;
  p50: number;
  p99: number;
};

/** POST /api/ask at `rate` per second for `seconds`, every request on its own schedule. */
export function runAskLoad(url: string, rate: number, seconds: number): Promise<AskLoad> {
  return runGenerator<AskLoad>('ask-load.ts', [url, rate, seconds]);
}

/**
 * A `message.received` event body, unique per `i` within `prefix` (its event and message ids), in one
 * of 500 conversations: what the webhook load generators send.
 */
export function messageEventBody(prefix: string, i: number, text: string): string {
  const at = new Date().toISOString();
  return JSON.stringify({
    id: `${prefix}-${i}`,
    object: 'event',
    createdAt: at,
    type: 'message.received',
    data: {
      object: {
        id: `${prefix}-AC${i}`,
        object: 'message',
        conversationId: `${prefix}-CN${i % 500}`,
        from: `+1555${String(1_000_000 + (i % 500)).slice(1)}`,
        to: ['+15550009999'],
        direction: 'incoming',
        text,
        createdAt: at,
      },
    },
  });
}
