import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlackReceived = { at: number; body: string; contentType: string | undefined };
export type SlackReply = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/** A local Slack incoming-webhook receiver: answers each POST with the next reply (the last one repeats). */
export async function startSlackReceiver(replies: SlackReply[] = [{ status: 200 }]) {
  const received: SlackReceived[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: Date.now(), body: Buffer.concat(chunks).toString('utf8'), contentType: req.headers['content-type'] });
      const reply = replies[Math.min(received.length, replies.length) - 1]!;
      if (reply === 'hang') return;
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers }).end(reply.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secret`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
