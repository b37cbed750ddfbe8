import { webhookSecrets, type Env } from './env.ts';

/** The shortest bearer token production accepts: guessing 16 random characters is out of reach. */
const MIN_TOKEN_CHARS = 16;

/**
 * What serving customers needs, checked before anything starts: with NODE_ENV=production, the webhook's
 * signing secret(s) and a bearer token for `/api/ask` of at least 16 characters. Returns the secrets.
 */
export function serviceSecrets(env: Env): string[] {
  const secrets = webhookSecrets(env);
  if (env.NODE_ENV !== 'production') return secrets;
  if (secrets.length === 0)
    throw new Error('OPENPHONE_WEBHOOK_SECRET is required when NODE_ENV=production: set the signing secret(s) of the OpenPhone webhook');
  if (!env.ASK_API_TOKEN) throw new Error('ASK_API_TOKEN is required when NODE_ENV=production: the bearer token callers of /api/ask must send');
  if (env.ASK_API_TOKEN.length < MIN_TOKEN_CHARS) {
    throw new Error(
      `ASK_API_TOKEN must be at least ${MIN_TOKEN_CHARS} characters when NODE_ENV=production (e.g. \`openssl rand -hex 24\`), got ${env.ASK_API_TOKEN.length}`,
    );
  }
  return secrets;
}
