import type { Octokit } from '@octokit/rest';
import { InputError } from '../errors.ts';

/** The hidden first line that marks the comment this tool owns on a pull request. */
export const DEFAULT_PR_COMMENT_MARKER = '<!-- sop-eval-report -->';
/** GitHub refuses a comment body longer than this many characters (422 "body is too long"). */
export const GITHUB_COMMENT_LIMIT = 65_536;

export type PrCommentOptions = {
  /** An Octokit with the retry and throttling plugins (`createOctokit`). */
  octokit: Octokit;
  /** `owner/name`. */
  repository: string;
  /** The pull request number. */
  pr: number;
  /** Markdown; the marker is put on its first line. */
  body: string;
  marker?: string;
};

export type PrCommentResult = { action: 'created' | 'updated'; url: string; id: number };

/**
 * Keeps one comment per pull request: the earliest comment whose body starts with the marker is
 * updated, else one is created, so a re-run replaces the last report instead of adding another.
 */
export async function upsertPrComment(options: PrCommentOptions): Promise<PrCommentResult> {
  const [owner = '', repo = '', extra] = options.repository.split('/');
  if (!owner || !repo || extra !== undefined) throw new InputError(`GITHUB_REPOSITORY must be owner/name, got "${options.repository}"`);
  if (!Number.isInteger(options.pr) || options.pr < 1) throw new InputError(`the pull request number must be a whole number of at least 1, got ${options.pr}`);
  const { octokit } = options;
  const marker = options.marker ?? DEFAULT_PR_COMMENT_MARKER;
  const body = fitCommentBody(options.body.startsWith(marker) ? options.body : `${marker}\n${options.body}`);

  // Stops at the page holding the marker: a long discussion costs no more requests than needed.
  const [existing] = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: options.pr, per_page: 100 }, (response, done) => {
    const hit = response.data.find((c) => c.body?.trimStart().startsWith(marker));
    if (!hit) return [];
    done();
    return [hit];
  });
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: 'updated', url: data.html_url, id: data.id };
  }
  const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: options.pr, body });
  return { action: 'created', url: data.html_url, id: data.id };
}

/**
 * The body cut to GitHub's limit at a line break, an open code fence closed, and a note saying how
 * much was left out; a body within the limit is returned as it is.
 */
export function fitCommentBody(body: string, limit = GITHUB_COMMENT_LIMIT): string {
  if (body.length <= limit) return body;
  const note = `\n\n> [!NOTE]\n> Truncated: the full text is ${body.length.toLocaleString('en-US')} characters, over GitHub's ${limit.toLocaleString('en-US')}-character limit for a comment.\n`;
  const fence = '\n```';
  let kept = body.slice(0, limit - note.length - fence.length);
  // Never split a surrogate pair; prefer a whole line when one ends in the second half.
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  const lineEnd = kept.lastIndexOf('\n');
  if (lineEnd > kept.length / 2) kept = kept.slice(0, lineEnd);
  if ((kept.match(/^\s*```/gm)?.length ?? 0) % 2 === 1) kept += fence;
  return kept + note;
}
