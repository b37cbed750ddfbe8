/**
 * Customer text made inert for pull requests and commits, where GitHub would otherwise act on it:
 * "Fixes #1" closes an issue on merge, "@org/team" pings people, an image is fetched (a tracking
 * beacon), `<!--` hides the rest of a body, "## LGTM" passes for a heading. Written here because no
 * library covers GitHub's own behaviours; each rule is one of them.
 */

/** A zero-width joiner after `#` before a digit and after `@` before a name: shown the same, linked and acted on never. */
function unlinked(text: string): string {
  return text.replace(/#(?=\d)/g, '#\u200d').replace(/@(?=[\p{L}\p{N}_-])/gu, '@\u200d');
}

/**
 * One line for a title or a commit subject: whitespace and line breaks collapsed, HTML tags and
 * markdown punctuation dropped, references and mentions unlinked, cut at `max` characters on a word.
 */
export function inertLine(text: string, max = 80): string {
  const flat = unlinked(
    text
      .replace(/<[^>]*>?/g, ' ')
      .replace(/[`*_~[\]()!<>|\\]/g, ' ')
      .replace(/^\s*#+\s*/, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The shortest run of backticks longer than any inside `text` (at least three): a fence it cannot close. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * Customer text quoted in a body: a fenced block (so markdown, HTML, images and headings are shown,
 * not rendered) with references and mentions unlinked (so a commit message holding the body acts on
 * nothing either).
 */
export function fenced(text: string, info = 'text'): string {
  const body = unlinked(text);
  const fence = fenceFor(body);
  return `${fence}${info}\n${body}\n${fence}`;
}
