import { html, type Html } from '../html.ts';
import { layout } from '../layout.ts';

/** The sign-in page: the admin token, a name for the record, and the form's CSRF nonce. */
export function renderLogin(d: { csrf: string; next: string; error?: string }): Html {
  return layout(
    'Sign in',
    {},
    html`<section class="login">
<p>Sign in with the admin token (<code>ADMIN_TOKEN</code> on the server).</p>
${d.error ? html`<p class="notice error" role="alert" id="login-error">${d.error}</p>` : ''}
<form method="post" action="/admin/login">
  <input type="hidden" name="_csrf" value="${d.csrf}"><input type="hidden" name="next" value="${d.next}">
  <div class="field"><label for="token">Admin token</label><input id="token" name="token" type="password" autocomplete="current-password" required autofocus></div>
  <div class="field"><label for="name">Your name <span class="muted">(recorded with your verdicts and rollbacks)</span></label><input id="name" name="name" type="text" autocomplete="name" maxlength="80"></div>
  <button type="submit">Sign in</button>
</form>
</section>`,
  );
}
