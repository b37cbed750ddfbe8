import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FakePull = { number: number; title: string; body: string; head: string; base: string; state: 'open' | 'closed'; labels: string[] };
/**
 * One injected failure. With `after`, the request is carried out first and only its answer is replaced
 * (the write happened, the answer was lost on the way back, as behind a proxy that times out).
 */
export type FakeFault = { status: number; headers?: Record<string, string>; message?: string; path?: RegExp; method?: string; after?: boolean };
export type FakeComment = { id: number; issue: number; body: string; user: string };
export type FakeIssue = { number: number; title: string; body: string; labels: string[] };

/** GitHub refuses an issue comment longer than this (422 "body is too long"). */
export const FAKE_COMMENT_LIMIT = 65_536;

export type FakeGitHub = {
  /** Base URL for `new Octokit({ baseUrl })`. */
  url: string;
  /** The bare repository behind the API: check branches and files with git. */
  repo: string;
  pulls: FakePull[];
  /** Issues opened through the API (they share numbers with pull requests, as on GitHub). */
  issues: FakeIssue[];
  /** Issue comments of every pull request, oldest first; push to seed (see `seedComments`). */
  comments: FakeComment[];
  /** `query` is the search part of the URL, e.g. `?per_page=100&page=2` ('' when none). */
  requests: { method: string; path: string; query: string; body: unknown; status: number; at: number }[];
  /** The next requests (matching `path` and `method`, when given) answer these faults, one each. */
  fail(...faults: FakeFault[]): void;
  /** Adds comments to pull request `issue` (by `user`, default someone else), returning them. */
  seedComments(issue: number, bodies: string[], user?: string): FakeComment[];
  git(...args: string[]): string;
  close(): Promise<void>;
};

/**
 * A local GitHub REST server for the endpoints the github host uses (contents, git blobs, trees,
 * commits and refs, pulls, labels, new issues) and the PR comment upsert uses (issue comments, listed page by
 * page with `Link` headers as GitHub does), backed by a real bare git repository, with fault injection.
 */
export async function startFakeGitHub(options: { owner: string; name: string; files: Record<string, string> }): Promise<FakeGitHub> {
  const repo = mkdtempSync(join(tmpdir(), 'fake-github-'));
  const git = (...args: string[]) => gitIn(repo, args);
  const gitInput = (input: string, ...args: string[]) => gitIn(repo, args, input);
  git('init', '-q', '--bare', '-b', 'main');
  const seedIndex = join(repo, 'seed-index');
  for (const [path, content] of Object.entries(options.files)) {
    const blob = gitInput(content, 'hash-object', '-w', '--stdin');
    gitIn(repo, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], undefined, { GIT_INDEX_FILE: seedIndex });
  }
  const seedTree = gitIn(repo, ['write-tree'], undefined, { GIT_INDEX_FILE: seedIndex });
  rmSync(seedIndex, { force: true });
  git('update-ref', 'refs/heads/main', gitInput('initial', 'commit-tree', seedTree, '-F', '-'));

  const pulls: FakePull[] = [];
  const issues: FakeIssue[] = [];
  const comments: FakeComment[] = [];
  let nextCommentId = 1001;
  const requests: FakeGitHub['requests'] = [];
  const faults: FakeFault[] = [];
  const prefix = `/repos/${options.owner}/${options.name}`;
  /** Known once the server listens; `Link` headers carry absolute URLs, as GitHub's do. */
  let baseUrl = '';
  const tryGit = (...args: string[]) => {
    try {
      return git(...args);
    } catch {
      return null;
    }
  };

  const addComment = (issue: number, body: string, user: string): FakeComment => {
    const comment = { id: nextCommentId++, issue, body, user };
    comments.push(comment);
    return comment;
  };
  const commentJson = (c: FakeComment) => ({
    id: c.id,
    html_url: `https://github.example/${options.owner}/${options.name}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${baseUrl}${prefix}/issues/${c.issue}`,
    body: c.body,
    user: { login: c.user, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' },
  });
  /** GitHub's answer to a missing or oversized comment body. */
  const invalidBody = (body: unknown) => {
    if (typeof body !== 'string' || body === '')
      return { status: 422, json: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }] } };
    if (body.length > FAKE_COMMENT_LIMIT)
      return {
        status: 422,
        json: {
          message: 'Validation Failed',
          errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${FAKE_COMMENT_LIMIT} characters)` }],
        },
      };
    return null;
  };

  const route = (
    method: string,
    path: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
    withFaults = true,
  ): { status: number; json: unknown; headers?: Record<string, string> } => {
    const faultAt = !withFaults ? -1 : faults.findIndex((f) => (!f.path || f.path.test(path)) && (!f.method || f.method === method));
    if (faultAt >= 0) {
      const [fault] = faults.splice(faultAt, 1);
      if (fault!.after) route(method, path, query, body, false);
      return { status: fault!.status, headers: fault!.headers, json: { message: fault!.message ?? `fake failure ${fault!.status}` } };
    }
    if (!path.startsWith(prefix)) return { status: 404, json: { message: 'Not Found' } };
    const p = decodeURIComponent(path.slice(prefix.length));
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = p.match(/^\/contents\/(.+)$/))) {
      const ref = query.get('ref') ?? 'main';
      const content = tryGit('cat-file', 'blob', `${ref}:${m[1]}`);
      return content === null
        ? { status: 404, json: { message: 'Not Found' } }
        : { status: 200, json: { type: 'file', encoding: 'base64', content: Buffer.from(rawBlob(repo, `${ref}:${m[1]}`)).toString('base64') } };
    }
    if (method === 'GET' && (m = p.match(/^\/git\/ref\/(.+)$/))) {
      const sha = tryGit('rev-parse', '--verify', '--quiet', `refs/${m[1]}`);
      return sha ? { status: 200, json: { ref: `refs/${m[1]}`, object: { sha, type: 'commit' } } } : { status: 404, json: { message: 'Not Found' } };
    }
    if (method === 'GET' && (m = p.match(/^\/git\/commits\/([0-9a-f]{40})$/))) {
      const tree = tryGit('rev-parse', `${m[1]}^{tree}`);
      return tree ? { status: 200, json: { sha: m[1], tree: { sha: tree } } } : { status: 404, json: { message: 'Not Found' } };
    }
    if (method === 'POST' && p === '/git/blobs') {
      const content = body.encoding === 'base64' ? Buffer.from(String(body.content), 'base64').toString('utf8') : String(body.content);
      return { status: 201, json: { sha: gitInput(content, 'hash-object', '-w', '--stdin') } };
    }
    if (method === 'POST' && p === '/git/trees') {
      const index = join(repo, `index-${Math.random().toString(36).slice(2)}`);
      const env = { GIT_INDEX_FILE: index };
      try {
        if (body.base_tree) gitIn(repo, ['read-tree', String(body.base_tree)], undefined, env);
        for (const e of body.tree as { path: string; mode: string; sha: string }[])
          gitIn(repo, ['update-index', '--add', '--cacheinfo', `${e.mode},${e.sha},${e.path}`], undefined, env);
        return { status: 201, json: { sha: gitIn(repo, ['write-tree'], undefined, env) } };
      } finally {
        rmSync(index, { force: true });
      }
    }
    if (method === 'POST' && p === '/git/commits') {
      const parents = (body.parents as string[]).flatMap((s) => ['-p', s]);
      return { status: 201, json: { sha: gitInput(String(body.message), 'commit-tree', String(body.tree), ...parents, '-F', '-') } };
    }
    if (method === 'POST' && p === '/git/refs') {
      if (tryGit('rev-parse', '--verify', '--quiet', String(body.ref))) return { status: 422, json: { message: 'Reference already exists' } };
      git('update-ref', String(body.ref), String(body.sha));
      return { status: 201, json: { ref: body.ref, object: { sha: body.sha } } };
    }
    if (method === 'PATCH' && (m = p.match(/^\/git\/refs\/(.+)$/))) {
      const current = tryGit('rev-parse', `refs/${m[1]}`);
      if (!current) return { status: 422, json: { message: 'Reference does not exist' } };
      if (!body.force && tryGit('merge-base', '--is-ancestor', current, String(body.sha)) === null)
        return { status: 422, json: { message: 'Update is not a fast forward' } };
      git('update-ref', `refs/${m[1]}`, String(body.sha), current);
      return { status: 200, json: { ref: `refs/${m[1]}`, object: { sha: body.sha } } };
    }
    if (method === 'GET' && p === '/pulls') {
      const head = query.get('head')?.split(':').pop();
      return { status: 200, json: pulls.filter((x) => (!head || x.head === head) && (query.get('state') ?? 'open') === x.state).map(pullJson) };
    }
    if (method === 'POST' && p === '/pulls') {
      if (pulls.some((x) => x.head === body.head && x.state === 'open')) return { status: 422, json: { message: 'A pull request already exists' } };
      const pull: FakePull = {
        number: pulls.length + issues.length + 1,
        title: String(body.title),
        body: String(body.body),
        head: String(body.head),
        base: String(body.base),
        state: 'open',
        labels: [],
      };
      pulls.push(pull);
      return { status: 201, json: pullJson(pull) };
    }
    if (method === 'PATCH' && (m = p.match(/^\/pulls\/(\d+)$/))) {
      const pull = pulls.find((x) => x.number === Number(m![1]));
      if (!pull) return { status: 404, json: { message: 'Not Found' } };
      Object.assign(pull, { title: body.title ?? pull.title, body: body.body ?? pull.body });
      return { status: 200, json: pullJson(pull) };
    }
    if (method === 'POST' && p === '/issues') {
      if (typeof body.title !== 'string' || !body.title) return { status: 422, json: { message: 'Validation Failed: title is missing' } };
      const issue: FakeIssue = {
        number: pulls.length + issues.length + 1,
        title: body.title,
        body: String(body.body ?? ''),
        labels: (body.labels as string[]) ?? [],
      };
      issues.push(issue);
      return {
        status: 201,
        json: {
          ...issue,
          labels: issue.labels.map((name) => ({ name })),
          html_url: `https://github.example/${options.owner}/${options.name}/issues/${issue.number}`,
        },
      };
    }
    if (method === 'POST' && (m = p.match(/^\/issues\/(\d+)\/labels$/))) {
      const pull = pulls.find((x) => x.number === Number(m![1]));
      if (!pull) return { status: 404, json: { message: 'Not Found' } };
      pull.labels = [...new Set([...pull.labels, ...(body.labels as string[])])];
      return { status: 200, json: pull.labels.map((name) => ({ name })) };
    }
    if ((m = p.match(/^\/issues\/(\d+)\/comments$/)) && (method === 'GET' || method === 'POST')) {
      const issue = Number(m[1]);
      if (!pulls.some((x) => x.number === issue)) return { status: 404, json: { message: 'Not Found' } };
      if (method === 'POST') return invalidBody(body.body) ?? { status: 201, json: commentJson(addComment(issue, String(body.body), 'github-actions[bot]')) };
      // GitHub's paging: per_page 30 by default, at most 100; pages from 1; links to the others.
      const perPage = Math.min(Math.max(Number(query.get('per_page') ?? 30) || 30, 1), 100);
      const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
      const all = comments.filter((c) => c.issue === issue);
      const last = Math.max(Math.ceil(all.length / perPage), 1);
      const link = (n: number, rel: string) => `<${baseUrl}${prefix}/issues/${issue}/comments?per_page=${perPage}&page=${n}>; rel="${rel}"`;
      const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
      return { status: 200, json: all.slice((page - 1) * perPage, page * perPage).map(commentJson), headers: links.length ? { link: links.join(', ') } : {} };
    }
    if (method === 'PATCH' && (m = p.match(/^\/issues\/comments\/(\d+)$/))) {
      const comment = comments.find((c) => c.id === Number(m![1]));
      if (!comment) return { status: 404, json: { message: 'Not Found' } };
      const invalid = invalidBody(body.body);
      if (invalid) return invalid;
      comment.body = String(body.body);
      return { status: 200, json: commentJson(comment) };
    }
    return { status: 404, json: { message: `fake has no route ${method} ${p}` } };
  };

  const pullJson = (x: FakePull) => ({
    number: x.number,
    html_url: `https://github.example/${options.owner}/${options.name}/pull/${x.number}`,
    title: x.title,
    body: x.body,
    state: x.state,
    head: { ref: x.head },
    base: { ref: x.base },
    labels: x.labels.map((name) => ({ name })),
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      let answer: { status: number; json: unknown; headers?: Record<string, string> };
      try {
        answer = route(req.method ?? 'GET', url.pathname, url.searchParams, body);
      } catch (error) {
        answer = { status: 500, json: { message: (error as Error).message } };
      }
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, body, status: answer.status, at: Date.now() });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    repo,
    pulls,
    issues,
    comments,
    requests,
    fail: (...f) => faults.push(...f),
    seedComments: (issue, bodies, user = 'octocat') => bodies.map((b) => addComment(issue, b, user)),
    git,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(repo, { recursive: true, force: true });
    },
  };
}

const AUTHOR = {
  GIT_AUTHOR_NAME: 'GitHub',
  GIT_AUTHOR_EMAIL: 'noreply@github.example',
  GIT_COMMITTER_NAME: 'GitHub',
  GIT_COMMITTER_EMAIL: 'noreply@github.example',
};

function gitIn(repo: string, args: string[], input?: string, env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd: repo, input, encoding: 'utf8', env: { ...process.env, ...AUTHOR, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

function rawBlob(repo: string, spec: string): string {
  return execFileSync('git', ['cat-file', 'blob', spec], { cwd: repo, encoding: 'utf8' });
}
