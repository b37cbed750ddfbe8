import { z } from 'zod';

const optional = z.string().trim().min(1).optional().catch(undefined);
/** An empty value (`NAME=` in a shell or an env file) means "not set". */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** An on/off switch: true, false, 1, 0, yes, no, on, off (any case); empty means unset. */
const flag = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? (({ true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false } as Record<string, boolean>)[
          value.trim().toLowerCase()
        ] ?? (value.trim() === '' ? undefined : value))
      : value,
  z.boolean({ error: 'must be true or false' }).optional(),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SOPS_DIR: z.string().default('sops'),
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  OPENAI_ANSWER_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  SOP_ANSWERER: z.preprocess(unsetIfEmpty, z.enum(['extractive', 'llm']).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optional,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_SCHEMA: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
      .optional(),
  ),
  DATA_DIR: z.string().default('.data'),
  OPENPHONE_WEBHOOK_SECRET: optional,
  CONVERSATION_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .default(24 * 60),
  EXTRACTION_QUIET_MINUTES: z.coerce.number().positive().default(30),
  GITHUB_TOKEN: optional,
  GITHUB_REPOSITORY: optional,
  GITHUB_API_URL: optional,
  GITHUB_EVENT_PATH: optional,
  PROPOSALS_REPO: optional,
  PROPOSALS_BASE: z.string().default('main'),
  ROLLOUT_FILE: optional,
  USE_INTELLIGENT_SOP: flag,
  SOP_SHADOW_MODE: flag,
  SOP_ROLLOUT_PERCENTAGE: z.preprocess(unsetIfEmpty, z.coerce.number().int('a whole number').min(0).max(100).optional()),
  SOP_CONFIDENCE_THRESHOLD: z.preprocess(unsetIfEmpty, z.coerce.number().min(0).max(1).optional()),
  SHADOW_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  ASSISTANT: z.preprocess(unsetIfEmpty, z.enum(['responses', 'http', 'recorded']).optional()),
  ASSISTANT_MODEL: z.string().default('gpt-4o-mini'),
  ASSISTANT_VECTOR_STORE_ID: optional,
  ASSISTANT_INSTRUCTIONS: optional,
  ASSISTANT_HTTP_URL: optional,
  ASSISTANT_HTTP_TOKEN: optional,
  ASSISTANT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  EVALS_DIR: z.string().default('evals'),
  SLACK_WEBHOOK_URL: optional,
  PUBLIC_URL: optional,
  ASK_API_TOKEN: optional,
  TRUST_PROXY: z.string().trim().min(1).default('none'),
  RATE_LIMIT_ASK_PER_SECOND: z.coerce.number().min(0).default(2000),
  RATE_LIMIT_WEBHOOK_PER_SECOND: z.coerce.number().min(0).default(2000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(65_000),
  /** How often the dashboard looks whether its Gaps reports need computing (0: only when viewed). */
  GAPS_WARM_MS: z.coerce.number().int().min(0).default(60_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(5000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  ADMIN_TOKEN: z.preprocess(unsetIfEmpty, z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)').optional()),
  DEPLOY_KEEP: z.coerce.number().int().min(1).default(10),
  DEPLOY_POLL_MS: z.coerce.number().int().min(100).default(2000),
});

export type Env = z.infer<typeof envSchema>;

/** The webhook signing secrets: a comma-separated list, so a secret can be rotated without downtime. */
export function webhookSecrets(env: Env): string[] {
  const secrets = (env.OPENPHONE_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  secrets.forEach((secret, i) => {
    const key = secret.replace(/^whsec_/, '');
    if (Buffer.from(key, 'base64').length < 8 || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
      throw new Error(
        `OPENPHONE_WEBHOOK_SECRET: entry ${i + 1} is not a signing key (base64, optionally prefixed whsec_): copy it again from the webhook's settings`,
      );
    }
  });
  return secrets;
}

/** Validates the environment once, at start-up; a bad value names the variable and what it accepts. */
export function readEnv(env: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`${issue.path.join('.')}: ${issue.message} (see .env.example)`);
}
