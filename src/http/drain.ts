import type { Server } from 'node:http';
import type { Logger } from '../logger.ts';

/**
 * Stops a server the way a replica behind a load balancer should: no new connection is accepted,
 * idle keep-alive connections close at once, requests in flight finish (their responses close their
 * connections), and after `timeoutMs` every connection still open (a stalled upload, a client that
 * never reads) is closed. Resolves when the server has closed.
 */
export async function drainServer(server: Server, timeoutMs: number, log: Logger): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  // A connection that finishes its request becomes idle without being closed by its response when
  // the client sent none of its own `Connection: close`: sweep the idle ones until all are gone.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => {
    log.warn({ timeoutMs }, 'shutdown deadline reached: closing the connections still open');
    server.closeAllConnections();
  }, timeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}
