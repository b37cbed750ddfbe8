import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { createOctokit, upsertPrComment } from '../git/index.ts';
import { createRuntime } from '../main.ts';
import { parseWholeNumber } from './options.ts';

/**
 * `sop pr-comment --file FILE [--pr N]`: posts a markdown file as this tool's one comment on a pull
 * request (CI's eval report), updating it on later runs. Prints `created|updated <url>`.
 */
export function registerPrComment(program: Command): void {
  program
    .command('pr-comment')
    .description("post a markdown file as the tool's one comment on a pull request, updated on later runs (GITHUB_TOKEN, GITHUB_REPOSITORY)")
    .requiredOption('--file <file>', 'markdown file to post')
    .option('--pr <n>', 'pull request number (default: pull_request.number of the event at GITHUB_EVENT_PATH)', parseWholeNumber(1))
    .action(async (options: { file: string; pr?: number }) => {
      const { env, log } = createRuntime();
      if (!env.GITHUB_TOKEN)
        throw new InputError(
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression quoted in help text, not a template
          'GITHUB_TOKEN is not set: set it to a token that may write pull-request comments (in a workflow: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} with permissions pull-requests: write)',
        );
      if (!env.GITHUB_REPOSITORY) throw new InputError('GITHUB_REPOSITORY is not set: set it to the repository as owner/name (GitHub Actions sets it)');
      const pr = options.pr ?? prFromEvent(env.GITHUB_EVENT_PATH);
      const body = readReport(options.file);
      const octokit = createOctokit({ token: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL, log });
      const repository = env.GITHUB_REPOSITORY;
      const result = await upsertPrComment({ octokit, repository, pr, body }).catch((error: unknown) => {
        throw explainGitHubError(error, repository, pr);
      });
      process.stdout.write(`${result.action} ${result.url}\n`);
    });
}

/** The pull request of a `pull_request` event payload, as GitHub Actions writes it to GITHUB_EVENT_PATH. */
function prFromEvent(path: string | undefined): number {
  if (!path) throw new InputError('no pull request number: pass --pr N, or set GITHUB_EVENT_PATH to a pull_request event payload (GitHub Actions sets it)');
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read the event payload GITHUB_EVENT_PATH=${path} (${(error as Error).message.slice(0, 120)}): pass --pr N instead`);
  }
  const number = (event as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw new InputError(`the event at GITHUB_EVENT_PATH=${path} has no pull_request.number (run on a pull_request event): pass --pr N instead`);
  }
  return number;
}

function readReport(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read --file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; write the report first (sop eval --report ${file})`,
    );
  }
  if (text.trim() === '') throw new InputError(`--file ${file} is empty: nothing to post`);
  return text;
}

/** GitHub's refusals, with what usually causes them; other errors pass through unchanged. */
function explainGitHubError(error: unknown, repository: string, pr: number): unknown {
  const status = (error as { status?: unknown }).status;
  const said = error instanceof Error ? error.message.split(' - ')[0] : String(error);
  const hint: Record<number, string> = {
    401: 'GITHUB_TOKEN was not accepted: it is expired, revoked or mistyped',
    403: 'GITHUB_TOKEN may not comment: the workflow needs `permissions: pull-requests: write` (a pull request from a fork only gets a read-only token)',
    404: `no pull request #${pr} in ${repository}, or GITHUB_TOKEN cannot see that repository`,
  };
  if (typeof status !== 'number' || !(status in hint)) return error;
  return new Error(`GitHub answered ${status} (${said}): ${hint[status]}`, { cause: error });
}
