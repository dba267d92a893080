import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JiraEmulator, startJiraEmulator } from '../../support/jira/emulator.js';

const REDIRECT = 'http://127.0.0.1:9/jira/oauth/callback';
const SCOPES = 'read:jira-work write:jira-work read:jira-user manage:jira-webhook offline_access';

let jira: JiraEmulator;
let clock: number;

async function setup(opts: { refreshReuseLeewaySec?: number } = {}) {
  clock = Date.parse('2025-06-01T10:00:00Z');
  jira = await startJiraEmulator({ ...opts, now: () => clock });
  jira.addSite({ cloudId: 'cloud-acme', name: 'acme', url: 'https://acme.atlassian.net' });
  jira.addUser({ accountId: 'ada', displayName: 'Ada Lovelace', email: 'ada@example.com', admin: true });
  jira.addUser({ accountId: 'grace', displayName: 'Grace Hopper' });
}

function authorizeUrl(overrides: Record<string, string | null> = {}): string {
  const q = new URLSearchParams({
    audience: 'api.atlassian.com',
    client_id: jira.clientId,
    scope: SCOPES,
    redirect_uri: REDIRECT,
    state: 'st-1',
    response_type: 'code',
    prompt: 'consent',
  });
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  return `${jira.url}/authorize?${q.toString()}`;
}

async function authorize(overrides: Record<string, string | null> = {}): Promise<URL> {
  const res = await fetch(authorizeUrl(overrides), { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

async function token(body: Record<string, unknown>, contentType = 'application/json') {
  const res = await fetch(`${jira.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body:
      contentType === 'application/json'
        ? JSON.stringify(body)
        : new URLSearchParams(body as Record<string, string>).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const creds = () => ({ client_id: jira.clientId, client_secret: jira.clientSecret });

async function connect(accountId: string) {
  jira.consentAs(accountId);
  const code = (await authorize()).searchParams.get('code');
  const t = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds() });
  expect(t.status).toBe(200);
  return t.body as { access_token: string; refresh_token: string; expires_in: number };
}

const myself = (accessToken: string) =>
  fetch(`${jira.url}/ex/jira/cloud-acme/rest/api/3/myself`, { headers: { authorization: `Bearer ${accessToken}` } });

afterEach(async () => {
  await jira.close();
});

describe('authorization', () => {
  beforeEach(() => setup());

  it('redirects back with a code and the state for the consenting user', async () => {
    jira.consentAs('ada');
    const to = await authorize();
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get('state')).toBe('st-1');
    expect(to.searchParams.get('code')).toMatch(/\w{16,}/);
  });

  it('redirects with access_denied when the user refuses consent', async () => {
    jira.consentAs('ada');
    jira.denyNextConsent();
    const to = await authorize();
    expect(to.searchParams.get('error')).toBe('access_denied');
    expect(to.searchParams.get('state')).toBe('st-1');
    expect(to.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['a wrong audience', { audience: 'example.com' }],
    ['an unknown client', { client_id: 'someone-else' }],
    ['response_type token', { response_type: 'token' }],
    ['no state', { state: null }],
    ['no offline_access scope', { scope: 'read:jira-work' }],
    ['an unknown scope', { scope: `${SCOPES} read:everything` }],
    ['a redirect that is not a URL', { redirect_uri: 'callback' }],
  ])('refuses a request with %s with a 400 page', async (_why, overrides) => {
    jira.consentAs('ada');
    const res = await fetch(authorizeUrl(overrides), { redirect: 'manual' });
    expect(res.status).toBe(400);
  });
});

describe('token exchange', () => {
  beforeEach(() => setup());

  it('exchanges a code once for bearer tokens that act as the user', async () => {
    const t = await connect('ada');
    expect(t).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPES });
    const me = await myself(t.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ accountId: 'ada', emailAddress: 'ada@example.com' });
    expect(jira.count({ path: '/rest/api/3/myself', actor: 'ada' })).toBe(1);
  });

  it('refuses a code used twice and a redirect_uri that differs from the authorize request', async () => {
    jira.consentAs('ada');
    const code = (await authorize()).searchParams.get('code');
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:9/other',
      ...creds(),
    });
    expect(wrong).toMatchObject({ status: 403, body: { error: 'invalid_grant' } });
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds() });
    expect(again).toMatchObject({ status: 403, body: { error: 'invalid_grant' } });
  });

  it('refuses a form-encoded body and a wrong client secret', async () => {
    jira.consentAs('ada');
    const code = (await authorize()).searchParams.get('code') ?? '';
    const form = await token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds() },
      'application/x-www-form-urlencoded',
    );
    expect(form.status).toBe(415);
    const secret = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: jira.clientId,
      client_secret: 'nope',
    });
    expect(secret).toMatchObject({ status: 401, body: { error: 'access_denied' } });
  });

  it('lists the sites the user belongs to as accessible resources', async () => {
    const t = await connect('grace');
    const res = await fetch(`${jira.url}/oauth/token/accessible-resources`, {
      headers: { authorization: `Bearer ${t.access_token}` },
    });
    expect(await res.json()).toEqual([
      expect.objectContaining({ id: 'cloud-acme', url: 'https://acme.atlassian.net', name: 'acme' }),
    ]);
  });
});

describe('refresh token rotation', () => {
  it('rotates on every refresh and refuses the old token at once when there is no leeway', async () => {
    await setup();
    const first = await connect('ada');
    const second = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...creds() });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const reuse = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...creds() });
    expect(reuse).toEqual({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' },
    });
    const third = await token({ grant_type: 'refresh_token', refresh_token: second.body.refresh_token, ...creds() });
    expect(third.status).toBe(200);
  });

  it('accepts the old token within the reuse leeway and refuses it after', async () => {
    await setup({ refreshReuseLeewaySec: 10 });
    const first = await connect('ada');
    await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...creds() });
    clock += 5_000;
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...creds() })).status).toBe(
      200,
    );
    clock += 6_000;
    const late = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...creds() });
    expect(late).toMatchObject({ status: 403, body: { error: 'invalid_grant' } });
  });

  it('answers 401 once the access token expires, and a refresh brings a working one', async () => {
    await setup();
    const t = await connect('ada');
    clock += 3600_000;
    expect((await myself(t.access_token)).status).toBe(401);
    const next = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token, ...creds() });
    expect((await myself(String(next.body.access_token))).status).toBe(200);
  });

  it('expires access tokens on demand for one user only', async () => {
    await setup();
    const ada = await connect('ada');
    const grace = await connect('grace');
    jira.expireAccessTokens('ada');
    expect((await myself(ada.access_token)).status).toBe(401);
    expect((await myself(grace.access_token)).status).toBe(200);
  });
});

describe('revocation', () => {
  beforeEach(() => setup());

  it('makes refresh answer invalid_grant and the API answer 401', async () => {
    const t = await connect('ada');
    jira.revokeGrant('ada');
    const res = await myself(t.access_token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token, ...creds() });
    expect(refresh).toMatchObject({ status: 403, body: { error: 'invalid_grant' } });
  });

  it('leaves a grant made after the revocation working', async () => {
    await connect('ada');
    jira.revokeGrant('ada');
    const fresh = await connect('ada');
    expect((await myself(fresh.access_token)).status).toBe(200);
  });
});
