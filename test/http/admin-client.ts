/** Signs in to the dashboard through its form, as a browser does: the status of the POST and the session cookie. */
export async function signInAdmin(url: string, token: string, name = 'tester'): Promise<{ status: number; cookie: string | null }> {
  const form = await fetch(`${url}/admin/login`);
  const nonce = /sop_admin_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
  if (!nonce) throw new Error(`${url}/admin/login set no sign-in nonce (status ${form.status})`);
  const res = await fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sop_admin_login=${nonce}` },
    body: new URLSearchParams({ _csrf: decodeURIComponent(nonce), token, name, next: '/admin' }).toString(),
  });
  return { status: res.status, cookie: /sop_admin=[^;]+/.exec(res.headers.getSetCookie().find((c) => c.startsWith('sop_admin=')) ?? '')?.[0] ?? null };
}
