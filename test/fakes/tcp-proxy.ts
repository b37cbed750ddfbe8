import { createServer, connect, type Server, type Socket } from 'node:net';

export type TcpProxy = { port: number; stop(): Promise<void>; start(): Promise<void>; blackhole(on: boolean): void };

/**
 * A loopback TCP proxy to a real server, that can be cut and restored: a database that goes away
 * and comes back, as seen by its clients (connections refused, open ones reset); or, black-holed, a
 * network that drops every packet (connections open, nothing ever answers).
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let dropping = false;
  /** Writes `chunk` on `to` unless packets are being dropped. */
  const forward = (to: Socket) => (chunk: Buffer) => {
    if (!dropping && !to.destroyed) to.write(chunk);
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.on('data', forward(upstream));
        upstream.on('data', forward(client));
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
        server = null;
      }),
    start: listen,
    blackhole: (on) => {
      dropping = on;
    },
  };
}
