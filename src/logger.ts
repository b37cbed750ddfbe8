import { pino, type Logger as PinoLogger } from 'pino';

/** The logging surface the capabilities use; pino in production, a silent or capturing one in tests. */
export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug'>;

/** JSON logs on stderr (stdout stays clean for `--json` output); secrets and customer text are redacted. */
export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['*.message', '*.text', '*.body', '*.phoneNumber', '*.phone', '*.from', '*.to', '*.apiKey', '*.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}
