export { readEnv, webhookSecrets, type Env } from './env.ts';
