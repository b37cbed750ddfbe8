import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/main.ts';
import { useTempDirs } from '../cli/run-sop.ts';
import { signInAdmin } from './admin-client.ts';

const dataDir = useTempDirs('sop-admin-service-');

describe('the admin pages in the service', { timeout: 60_000 }, () => {
  it('outside production without ADMIN_TOKEN: on, with a token made for this run', async () => {
    const service = await createRuntime({ LOG_LEVEL: 'silent', DATA_DIR: dataDir() }).startService({ port: 0, worker: false });
    try {
      expect(service.admin).toMatchObject({ generated: true });
      expect(service.admin!.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect((await fetch(`${service.url}/admin`)).status).toBe(401);
      expect((await signInAdmin(service.url, 'not-the-token-at-all')).status).toBe(401);
      expect((await signInAdmin(service.url, service.admin!.token)).status).toBe(303);
    } finally {
      await service.close();
    }
  });

  it('in production without ADMIN_TOKEN: off, and /admin says how to turn it on', async () => {
    const service = await createRuntime({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir(),
      OPENPHONE_WEBHOOK_SECRET: Buffer.from('a production signing key').toString('base64'),
      ASK_API_TOKEN: 'a-long-random-token',
      ASSISTANT: 'http',
      ASSISTANT_HTTP_URL: 'http://127.0.0.1:9/ask',
    }).startService({ port: 0, worker: false });
    try {
      expect(service.admin).toBeNull();
      const res = await fetch(`${service.url}/admin/login`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'the admin pages are off: set ADMIN_TOKEN (at least 16 characters) and restart' });
    } finally {
      await service.close();
    }
  });

  it('refuses a short ADMIN_TOKEN at start, naming it', () => {
    expect(() => createRuntime({ ADMIN_TOKEN: 'short' })).toThrow(/^ADMIN_TOKEN: must be at least 16 characters/);
  });
});
