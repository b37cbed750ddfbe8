// `sop serve` in a process of its own, as `npm start` runs it: a part that measures the service's
// own cost (its CPU time, its latency under load) must not share a heap and an event loop with the
// bench, which by then may hold the indexes and corpora of every part before it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export type ServeProcess = {
  url: string;
  /** The service's own CPU time so far (user and system), in ms, from its `/metrics`. */
  cpuMs(): Promise<number>;
  /** Stops it (SIGINT: no grace period) and waits until it has exited and let go of its database. */
  close(): Promise<void>;
};

const START_TIMEOUT_MS = 120_000;

/** A port free on loopback now, for the child to listen on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
    server.on('error', reject);
  });
}

/** Starts `node bin/sop.js serve --no-worker` with `env` and resolves once its `/healthz` answers. */
export async function startServeProcess(env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/sop.js', 'serve', '--no-worker', '--port', String(port)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sop serve exited before answering: ${output.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sop serve did not answer /healthz within ${START_TIMEOUT_MS / 1000} s: ${output.trim()}`);
    }
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    cpuMs: async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      const seconds = /^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1];
      if (seconds === undefined) throw new Error("the service's /metrics has no process_cpu_seconds_total");
      return Number(seconds) * 1000;
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
