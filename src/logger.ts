import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger as PinoLogger } from 'pino';

/** The logging surface the capabilities use; pino in production, a silent or capturing one in tests. */
export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug'>;

/** The request being served, for every line logged while serving it (and work it starts). */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` as part of request `requestId`: every log line written meanwhile, here or in work it starts, carries the id. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

/** JSON logs on stderr (stdout stays clean for `--json` output); secrets and customer text are redacted. */
export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['*.message', '*.text', '*.body', '*.phoneNumber', '*.phone', '*.from', '*.to', '*.apiKey', '*.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
      mixin: () => requestContext.getStore() ?? {},
    },
    pino.destination(2),
  );
}
