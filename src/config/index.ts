export { readEnv, type Env } from './env.ts';
