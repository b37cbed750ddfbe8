import { html, type Html } from './html.ts';

export const NAV = [
  { path: '/admin', label: 'Overview' },
  { path: '/admin/comparisons', label: 'Shadow comparisons' },
  { path: '/admin/gaps', label: 'Gaps' },
  { path: '/admin/knowledge', label: 'Knowledge' },
  { path: '/admin/conversations', label: 'Conversations' },
  { path: '/admin/jobs', label: 'Jobs' },
  { path: '/admin/deployments', label: 'Deployments' },
] as const;

export type PageContext = {
  /** The signed-in reviewer and the session's CSRF token; absent on the sign-in page. */
  user?: { name: string; csrf: string };
  /** The nav entry to mark as current. */
  current?: string;
  /** The version this server answers with, shown in the header. */
  version?: string;
};

export type Notice = { kind: 'ok' | 'error' | 'info'; text: string };

/** The page shell: skip link, header with navigation and sign-out, the notice, the content. */
export function layout(title: string, context: PageContext, body: Html, notice?: Notice | null): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · sop admin</title>
<link rel="stylesheet" href="/admin/assets/admin.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <div class="brand">sop <span>admin</span></div>
  ${
    context.user
      ? html`<nav aria-label="Sections"><ul>${NAV.map((n) => html`<li><a href="${n.path}"${context.current === n.path ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>
  <div class="who">${context.version ? html`<span class="version" title="The version this server answers with">${short(context.version)}</span>` : ''}
    <form method="post" action="/admin/logout"><input type="hidden" name="_csrf" value="${context.user.csrf}"><button type="submit" class="link">Sign out ${context.user.name}</button></form></div>`
      : ''
  }
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${notice ? html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>` : ''}
${body}
</main>
</body>
</html>`;
}

/** A hidden CSRF field for a form of the session. */
export function csrfField(context: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${context.user?.csrf ?? ''}">`;
}

/** A version as people read it: a git commit is shown by its first 12 characters. */
export function short(version: string): string {
  return /^[0-9a-f]{40}$/.test(version) ? version.slice(0, 12) : version;
}

/** What to do when there is nothing to show yet. */
export function empty(title: string, next: Html | string): Html {
  return html`<section class="empty"><h2>${title}</h2><p>${next}</p></section>`;
}
