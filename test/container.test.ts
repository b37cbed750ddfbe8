/**
 * The container: the Dockerfile passes dockerfile-utils' linter and keeps its promises (Node 22,
 * production dependencies only, a non-root user, tini exec-ing node, a HEALTHCHECK that really
 * tells a live /healthz from a dead one, SIGTERM), everything `sop serve` imports at run time is a
 * production dependency, and compose.yaml wires PostgreSQL, the one-shot migration, the service and
 * the worker with settings `src/config/env.ts` accepts. This machine cannot pull base images: the
 * image is built and run for real by .github/workflows/image.yml.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validate } from 'dockerfile-utils';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readEnv } from '../src/config/env.ts';
import { REPO } from './cli/run-sop.ts';

type Instruction = { keyword: string; args: string; line: number };
type Stage = { from: string; name: string | undefined; instructions: Instruction[] };

const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const DOCKERFILE = read('Dockerfile');

/** Instructions by stage: comments dropped, `\` continuations joined, keywords upper-cased. */
function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    if (/^\s*(#|$)/.test(raw)) return;
    if (!pending) start = i + 1;
    const continued = /\\\s*$/.test(raw);
    pending += `${pending ? ' ' : ''}${raw.replace(/\\\s*$/, '').trim()}`;
    if (continued) return;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(pending) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), args, line: start });
    pending = '';
  });
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [from = '', as, name] = ins.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else stages.at(-1)?.instructions.push(ins);
  }
  return stages;
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK's CMD, or null for the shell form. */
const execForm = (args: string): string[] | null => {
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
};

/** What the Dockerfile promises, each broken promise as one sentence; none for a good one. */
function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const stages = parseDockerfile(text);
  const final = stages.at(-1);
  if (!final) return ['no FROM'];
  const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
  const last = (keyword: string) => all(final, keyword).at(-1);
  const runs = (stage: Stage) => all(stage, 'RUN').map((i) => i.args);
  const stageNames = new Set(stages.map((s) => s.name));

  if (stages.length < 2) problems.push('not a multi-stage build');
  for (const s of stages.filter((s) => !stageNames.has(s.from))) {
    if (!/^node:22(\.\d+)*-[a-z]+(-slim)?$/.test(s.from)) problems.push(`base image ${s.from} is not Node 22 pinned by a tag`);
  }
  if (!stages.slice(0, -1).some((s) => runs(s).some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r))))
    problems.push('no build stage installs every dependency with npm ci');
  const finalInstalls = runs(final).filter((r) => /\bnpm (ci|install|i)\b/.test(r));
  if (finalInstalls.length !== 1 || !finalInstalls.every((r) => /\bnpm ci\b.*--omit=dev/.test(r)))
    problems.push('the final stage does not install production dependencies alone (npm ci --omit=dev)');
  if (!all(final, 'COPY').some((c) => /--from=\S+/.test(c.args))) problems.push('the final stage copies nothing from the build stage');

  const user = last('USER')?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push('the final stage runs as root');
  if (!runs(final).some((r) => /apt-get install\b.*\btini\b/.test(r))) problems.push('tini is not installed in the image');
  const entrypoint = execForm(last('ENTRYPOINT')?.args ?? '');
  if (entrypoint?.slice(0, 4).join(' ') !== '/usr/bin/tini -- node bin/sop.js') problems.push('ENTRYPOINT is not tini exec-ing node bin/sop.js (exec form)');
  if (execForm(last('CMD')?.args ?? '')?.join(' ') !== 'serve') problems.push('CMD is not ["serve"]');
  if (last('STOPSIGNAL')?.args !== 'SIGTERM') problems.push('STOPSIGNAL is not SIGTERM');

  const port = /\bPORT=(\d+)/.exec(
    all(final, 'ENV')
      .map((e) => e.args)
      .join(' '),
  )?.[1];
  if (!port || last('EXPOSE')?.args !== port) problems.push(`EXPOSE ${last('EXPOSE')?.args ?? '(none)'} is not the PORT the image sets (${port ?? 'none'})`);
  const check = healthcheckCommand(text);
  if (check?.[0] !== 'node' || !check.join(' ').includes('/healthz')) problems.push('no HEALTHCHECK runs node against /healthz');
  return problems;
}

/** The HEALTHCHECK's command in exec form, from the final stage. */
function healthcheckCommand(text: string): string[] | null {
  const args =
    parseDockerfile(text)
      .at(-1)
      ?.instructions.filter((i) => i.keyword === 'HEALTHCHECK')
      .at(-1)?.args ?? '';
  const cmd = /(?:^|\s)CMD\s+(.*)$/.exec(args)?.[1];
  return cmd ? execForm(cmd) : null;
}

describe('Dockerfile', () => {
  it('has no diagnostic from dockerfile-utils', () => {
    expect(validate(DOCKERFILE)).toEqual([]);
  });

  it('the linter is really consulted: a broken HEALTHCHECK and a bad port are reported', () => {
    const broken = DOCKERFILE.replace(/^EXPOSE \d+$/m, 'EXPOSE port').replace(/^HEALTHCHECK[\s\S]*?\n(?=\S)/m, 'HEALTHCHECK CMD\n');
    expect(validate(broken).map((d) => d.message)).toEqual(expect.arrayContaining(['Invalid containerPort: port', 'Missing command after HEALTHCHECK CMD']));
  });

  it('keeps every promise: Node 22, production dependencies, non-root, tini, HEALTHCHECK, SIGTERM', () => {
    expect(dockerfileProblems(DOCKERFILE)).toEqual([]);
  });

  it.each([
    ['runs as root', (d: string) => d.replace(/^USER .*$/m, 'USER root'), 'the final stage runs as root'],
    ['has no USER', (d: string) => d.replace(/^USER .*$/m, ''), 'the final stage runs as root'],
    [
      'starts through npm',
      (d: string) => d.replace(/^ENTRYPOINT .*$/m, 'ENTRYPOINT ["npm", "start"]'),
      'ENTRYPOINT is not tini exec-ing node bin/sop.js (exec form)',
    ],
    [
      'starts through a shell',
      (d: string) => d.replace(/^ENTRYPOINT .*$/m, 'ENTRYPOINT /usr/bin/tini -- node bin/sop.js'),
      'ENTRYPOINT is not tini exec-ing node bin/sop.js (exec form)',
    ],
    [
      'ships dev dependencies',
      (d: string) => d.replace('npm ci --omit=dev', 'npm ci'),
      'the final stage does not install production dependencies alone (npm ci --omit=dev)',
    ],
    ['floats on latest', (d: string) => d.replace('node:22-bookworm-slim', 'node:latest'), 'base image node:latest is not Node 22 pinned by a tag'],
    ['has no HEALTHCHECK', (d: string) => d.replace(/^HEALTHCHECK[\s\S]*?\n(?=\S)/m, ''), 'no HEALTHCHECK runs node against /healthz'],
    ['stops with SIGKILL', (d: string) => d.replace('STOPSIGNAL SIGTERM', 'STOPSIGNAL SIGKILL'), 'STOPSIGNAL is not SIGTERM'],
    ['exposes another port', (d: string) => d.replace(/^EXPOSE \d+$/m, 'EXPOSE 8080'), 'EXPOSE 8080 is not the PORT the image sets (3000)'],
  ])('a Dockerfile that %s is caught', (_case, mutate, reason) => {
    const mutated = mutate(DOCKERFILE);
    expect(mutated).not.toBe(DOCKERFILE);
    expect(dockerfileProblems(mutated)).toEqual([reason]);
  });

  it('copies every path sop serve reads, and .dockerignore keeps none of them out', () => {
    const final = parseDockerfile(DOCKERFILE).at(-1)!;
    const copied = final.instructions
      .filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from='))
      .map((i) => i.args.split(/\s+/)[1]!.replace('/app/', ''));
    // migrations (the schema), sops + calibration + rollout.yaml (the first version), evals (its health check), lib (the library entry).
    expect(copied).toEqual(expect.arrayContaining(['bin', 'lib', 'src', 'migrations', 'sops', 'calibration', 'evals', 'rollout.yaml', 'tsconfig.json']));
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const path of copied) {
      expect(existsSync(join(REPO, path)), path).toBe(true);
      expect(ignored, path).not.toContain(path);
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', '.git', 'test-results', '.env']));
  });

  describe('its HEALTHCHECK command, run with this machine’s node', () => {
    let server: Server | undefined;
    afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

    /** A local server answering /healthz with `status`; its port. */
    const serve = async (status: number) => {
      server = createServer((req, res) => res.writeHead(req.url === '/healthz' ? status : 404).end());
      await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
      return (server.address() as AddressInfo).port;
    };
    const runCheck = async (port: number) => {
      const [command, ...args] = healthcheckCommand(DOCKERFILE)!;
      expect(command).toBe('node');
      return promisify(execFile)(process.execPath, args, { env: { PORT: String(port) }, timeout: 15_000 }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
    };

    it('passes while /healthz answers 200 on PORT', async () => {
      expect(await runCheck(await serve(200))).toBe(0);
    });

    it('fails when /healthz answers 503', async () => {
      expect(await runCheck(await serve(503))).toBe(1);
    });

    it('fails when nothing listens', async () => {
      const port = await serve(200);
      await new Promise<void>((done) => server!.close(() => done()));
      server = undefined;
      expect(await runCheck(port)).toBe(1);
    });
  });
});

describe('production dependencies', () => {
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };

  /** Every .ts/.js file the image runs: bin/, lib/ and src/. */
  const walk = (dir: string): string[] =>
    readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const files = ['bin', 'lib', 'src'].flatMap((dir) => walk(dir));

  /** The packages a file loads at run time: imports and re-exports that are not type-only, import(), require(). */
  const runtimePackages = (file: string): string[] => {
    const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
      if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
        found.push(node.moduleSpecifier.text);
      if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        const callee = node.expression;
        const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require') || ts.isCallExpression(callee);
        if (loads) found.push(node.arguments[0].text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found
      .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
      .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
  };
  const used = new Map<string, string[]>();
  for (const file of files) for (const name of runtimePackages(file)) used.set(name, [...(used.get(name) ?? []), file]);

  it('finds the run-time imports, createRequire and dynamic ones included', () => {
    expect([...used.keys()]).toEqual(expect.arrayContaining(['tsx', 'express', 'pg', '@electric-sql/pglite', 'openai', 'wink-lexicon', 'compromise']));
  });

  it('every package loaded at run time is a production dependency, kept by npm ci --omit=dev', () => {
    const missing = [...used].filter(([name]) => !(name in pkg.dependencies)).map(([name, where]) => `${name} (${where[0]})`);
    expect(missing).toEqual([]);
    // npm ci --omit=dev skips what the lock file marks dev: none of these may be.
    expect([...used.keys()].filter((name) => lock.packages[`node_modules/${name}`]?.dev === true || !lock.packages[`node_modules/${name}`])).toEqual([]);
  });
});

describe('compose.yaml', () => {
  type Service = {
    image?: string;
    build?: unknown;
    command?: string[];
    environment?: Record<string, string | number>;
    healthcheck?: { test?: string[]; disable?: boolean };
    depends_on?: Record<string, { condition: string }>;
    volumes?: string[];
    ports?: string[];
    restart?: string;
    stop_grace_period?: string;
  };
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
  const { postgres, migrate, sop, worker } = compose.services;
  const app = { migrate, sop, worker };
  /** The variable names envSchema declares. */
  const envNames = [
    ...(/const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(read('src/config/env.ts'))?.[1] ?? '').matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm),
  ].map((m) => m[1]!);
  const exampleNames = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

  /** A value as compose interpolates it from an empty .env: `${X:-d}` → d, `${X:?…}` → a stand-in. */
  const interpolate = (value: string | number, standIns: Record<string, string>) =>
    String(value).replace(/\$\{([A-Z_][A-Z0-9_]*)(?::?([-?])([^}]*))?\}/g, (_m, name: string, op?: string, rest?: string) =>
      op === '-' ? (rest ?? '') : (standIns[name] ?? ''),
    );

  it('has PostgreSQL 16 with a health check and a volume, the migration, the service and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['migrate', 'postgres', 'sop', 'worker']);
    expect(postgres?.image).toBe('postgres:16');
    expect(postgres?.healthcheck?.test?.join(' ')).toMatch(/pg_isready/);
    const [volume, mount] = (postgres?.volumes?.[0] ?? '').split(':');
    expect(mount).toBe('/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('runs sop migrate once, then the service and the worker from the same image', () => {
    expect(migrate?.command).toEqual(['migrate']);
    expect(migrate?.restart).toBe('no');
    expect(sop?.command?.[0]).toBe('serve');
    expect(worker?.command).toEqual(['worker']);
    // The service leaves the jobs to the worker container.
    expect(sop?.command).toContain('--no-worker');
    for (const s of Object.values(app)) expect([s?.image, s?.build]).toEqual([compose.services.sop?.image, '.']);
  });

  it('starts each after what it needs: PostgreSQL healthy, and the migration completed', () => {
    expect(migrate?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const s of [sop, worker])
      expect(s?.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
  });

  it('keeps the image HEALTHCHECK on the service only (the worker and the migration serve no HTTP)', () => {
    expect(sop?.healthcheck).toBeUndefined();
    expect(worker?.healthcheck).toEqual({ disable: true });
    expect(migrate?.healthcheck).toEqual({ disable: true });
    expect(sop?.ports).toEqual(['${PORT:-3000}:3000']);
  });

  it('gives the service longer to stop than its own shutdown deadline', () => {
    const env = sop?.environment ?? {};
    const defaults = readEnv({});
    const grace = Number(interpolate(env.SHUTDOWN_GRACE_MS ?? defaults.SHUTDOWN_GRACE_MS, {}));
    const timeout = Number(interpolate(env.SHUTDOWN_TIMEOUT_MS ?? defaults.SHUTDOWN_TIMEOUT_MS, {}));
    expect([grace, timeout]).toEqual([defaults.SHUTDOWN_GRACE_MS, defaults.SHUTDOWN_TIMEOUT_MS]);
    for (const s of [sop, worker]) {
      const [, seconds] = /^(\d+)s$/.exec(s?.stop_grace_period ?? '') ?? [];
      expect(Number(seconds) * 1000).toBeGreaterThan(grace + timeout);
    }
  });

  it('connects every sop container to the postgres service with its credentials', () => {
    const pg = postgres?.environment ?? {};
    for (const s of Object.values(app)) {
      const url = new URL(interpolate(s?.environment?.DATABASE_URL ?? '', {}));
      expect([url.hostname, url.port, url.username, url.pathname]).toEqual(['postgres', '5432', String(pg.POSTGRES_USER), `/${pg.POSTGRES_DB}`]);
      expect(url.password).toBe(interpolate(pg.POSTGRES_PASSWORD ?? '', {}));
    }
  });

  it('names only variables src/config/env.ts reads, each one from .env.example', () => {
    expect(envNames).toEqual(expect.arrayContaining(['DATABASE_URL', 'SHUTDOWN_GRACE_MS', 'OPENAI_API_KEY']));
    for (const [name, s] of Object.entries(app)) {
      const unknown = Object.keys(s?.environment ?? {}).filter((v) => !envNames.includes(v));
      expect(unknown, name).toEqual([]);
    }
    // What a .env copied from .env.example can set (POSTGRES_PASSWORD and SOP_IMAGE are compose's own).
    const interpolated = [...read('compose.yaml').matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!);
    expect(interpolated.filter((v) => !exampleNames.includes(v) && !['POSTGRES_PASSWORD', 'SOP_IMAGE'].includes(v))).toEqual([]);
  });

  it('passes the service’s own start-up validation with an empty .env but the required secrets', () => {
    const standIns = { OPENPHONE_WEBHOOK_SECRET: 'whsec_Y2ktb25seS1ub3QtYS1zZWNyZXQ=', ASK_API_TOKEN: 'a-token-of-at-least-16-chars' };
    for (const [name, s] of Object.entries(app)) {
      const env = Object.fromEntries(Object.entries(s?.environment ?? {}).map(([k, v]) => [k, interpolate(v, standIns)]));
      expect(() => readEnv(env), name).not.toThrow();
      expect(readEnv(env).DATABASE_URL, name).toMatch(/^postgres:\/\/sop:/);
    }
    const env = Object.fromEntries(Object.entries(sop?.environment ?? {}).map(([k, v]) => [k, interpolate(v, standIns)]));
    expect(readEnv(env).NODE_ENV).toBe('production');
    // Without the secrets, compose itself refuses to start, naming the variable.
    expect(String(sop?.environment?.OPENPHONE_WEBHOOK_SECRET)).toMatch(/^\$\{OPENPHONE_WEBHOOK_SECRET:\?set OPENPHONE_WEBHOOK_SECRET/);
    expect(String(sop?.environment?.ASK_API_TOKEN)).toMatch(/^\$\{ASK_API_TOKEN:\?set ASK_API_TOKEN/);
  });
});
