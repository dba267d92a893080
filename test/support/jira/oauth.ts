// Atlassian's authorization server for OAuth 2.0 (3LO): /authorize, /oauth/token (JSON bodies only, client
// credentials in the body, rotating refresh tokens) and /oauth/token/accessible-resources.
import { randomBytes } from 'node:crypto';
import type { JiraState } from './state.js';

export const CLASSIC_SCOPES = new Set([
  'read:jira-work',
  'write:jira-work',
  'read:jira-user',
  'manage:jira-webhook',
  'manage:jira-project',
  'manage:jira-configuration',
  'manage:jira-data-provider',
  'read:me',
  'read:account',
  'report:personal-data',
  'offline_access',
]);
// Granular scopes look like `read:issue-details:jira`.
const GRANULAR_SCOPE = /^(read|write|delete|manage):[a-z0-9.-]+:jira(-software|-service-management)?$/;

export interface AccessToken {
  token: string;
  accountId: string;
  clientId: string;
  grantId: number;
  scopes: string[];
  expiresAt: number;
}

interface Grant {
  id: number;
  accountId: string;
  scopes: string[];
  revoked: boolean;
}

interface RefreshToken {
  token: string;
  grantId: number;
  /** When it was exchanged for a successor; null while it is the newest. */
  rotatedAt: number | null;
}

interface AuthCode {
  code: string;
  accountId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  accessTokenTtlSec: number;
  refreshReuseLeewaySec: number;
  now: () => number;
}

export interface HttpReply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
  actor?: string | null;
}

const tokenError = (status: number, error: string, description: string): HttpReply => ({
  status,
  body: { error, error_description: description },
});

export class AuthServer {
  consentUser: string | null = null;
  denyNext = false;
  private readonly codes = new Map<string, AuthCode>();
  private readonly grants = new Map<number, Grant>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  readonly accessTokens = new Map<string, AccessToken>();
  private nextGrant = 1;

  constructor(
    private readonly state: JiraState,
    private readonly opts: OAuthOptions,
  ) {}

  /** The acting token for a request, or null when it is unknown, expired or its grant was revoked. */
  authenticate(header: string | undefined): AccessToken | null {
    const m = /^Bearer (\S+)$/.exec(header ?? '');
    const t = m ? this.accessTokens.get(m[1]!) : undefined;
    if (!t || t.expiresAt <= this.opts.now()) return null;
    if (this.grants.get(t.grantId)?.revoked) return null;
    return t;
  }

  revoke(accountId: string): void {
    for (const g of this.grants.values()) if (g.accountId === accountId) g.revoked = true;
  }

  expire(accountId?: string): void {
    for (const t of this.accessTokens.values()) if (!accountId || t.accountId === accountId) t.expiresAt = 0;
  }

  authorize(q: URLSearchParams): HttpReply {
    const bad = (why: string): HttpReply => ({
      status: 400,
      text: `<!doctype html><title>Something went wrong</title><h1>Something went wrong</h1><p>${why}</p>`,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    if (q.get('audience') !== 'api.atlassian.com') return bad('audience must be api.atlassian.com');
    if (q.get('client_id') !== this.opts.clientId) return bad('Invalid client_id');
    if (q.get('response_type') !== 'code') return bad('Unsupported response_type; use code');
    const redirect = q.get('redirect_uri') ?? '';
    let redirectUrl: URL;
    try {
      redirectUrl = new URL(redirect);
    } catch {
      return bad('Invalid redirect_uri');
    }
    if (redirectUrl.protocol !== 'https:' && redirectUrl.protocol !== 'http:') return bad('Invalid redirect_uri');
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = scopes.filter((s) => !CLASSIC_SCOPES.has(s) && !GRANULAR_SCOPE.test(s));
    if (scopes.length === 0 || unknown.length > 0) return bad(`Invalid scope: ${unknown.join(' ') || '(none)'}`);
    if (!scopes.includes('offline_access')) return bad('scope must include offline_access to get a refresh token');
    const state = q.get('state');
    if (!state) return bad('state is required');
    const prompt = q.get('prompt');
    if (prompt !== null && prompt !== 'consent') return bad('Unsupported prompt; use consent');

    const redirectWith = (params: Record<string, string>): HttpReply => {
      const to = new URL(redirectUrl);
      for (const [k, v] of Object.entries(params)) to.searchParams.set(k, v);
      return { status: 302, headers: { location: to.toString() } };
    };
    if (this.denyNext) {
      this.denyNext = false;
      return redirectWith({ error: 'access_denied', error_description: 'User did not authorize the request', state });
    }
    // `as` lets a person pick the account when the emulator runs standalone.
    const who = q.get('as') ?? this.consentUser;
    const user = this.state.user(who);
    if (!user) {
      const links = [...this.state.users.values()]
        .map((u) => {
          const next = new URLSearchParams(q);
          next.set('as', u.accountId);
          return `<li><a href="?${next.toString()}">${u.displayName}</a></li>`;
        })
        .join('');
      return {
        status: 200,
        text: `<!doctype html><title>Choose an account</title><h1>Log in to continue</h1><ul>${links}</ul>`,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      };
    }
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      code,
      accountId: user.accountId,
      redirectUri: redirect,
      scopes,
      expiresAt: this.opts.now() + 10 * 60_000,
      used: false,
    });
    return redirectWith({ code, state });
  }

  token(contentType: string | undefined, raw: string): HttpReply {
    // Atlassian documents JSON bodies for /oauth/token; the emulator refuses anything else so a client that
    // sends a form (simple-oauth2's default) is caught here rather than in production.
    if (!/^application\/json\b/i.test(contentType ?? '')) {
      return tokenError(
        415,
        'invalid_request',
        'The token request must be a JSON body (Content-Type: application/json).',
      );
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return tokenError(400, 'invalid_request', 'The request body is not valid JSON.');
    }
    if (body.client_id !== this.opts.clientId || body.client_secret !== this.opts.clientSecret) {
      return tokenError(401, 'access_denied', 'Unauthorized');
    }
    if (body.grant_type === 'authorization_code') return this.exchangeCode(body);
    if (body.grant_type === 'refresh_token') return this.refresh(body);
    return tokenError(400, 'unsupported_grant_type', 'Unsupported grant type');
  }

  private exchangeCode(body: Record<string, unknown>): HttpReply {
    const code = typeof body.code === 'string' ? this.codes.get(body.code) : undefined;
    if (!code || code.used || code.expiresAt <= this.opts.now()) {
      return tokenError(403, 'invalid_grant', 'Invalid authorization code');
    }
    code.used = true;
    if (body.redirect_uri !== code.redirectUri) {
      return { ...tokenError(403, 'invalid_grant', 'Invalid redirect_uri'), actor: code.accountId };
    }
    const grant: Grant = { id: this.nextGrant++, accountId: code.accountId, scopes: code.scopes, revoked: false };
    this.grants.set(grant.id, grant);
    return { status: 200, body: this.issue(grant), actor: grant.accountId };
  }

  private refresh(body: Record<string, unknown>): HttpReply {
    const invalid = tokenError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
    const rt = typeof body.refresh_token === 'string' ? this.refreshTokens.get(body.refresh_token) : undefined;
    if (!rt) return invalid;
    const grant = this.grants.get(rt.grantId)!;
    if (grant.revoked) return { ...invalid, actor: grant.accountId };
    const now = this.opts.now();
    if (rt.rotatedAt !== null && now - rt.rotatedAt >= this.opts.refreshReuseLeewaySec * 1000) {
      return { ...invalid, actor: grant.accountId };
    }
    if (rt.rotatedAt === null) rt.rotatedAt = now;
    return { status: 200, body: this.issue(grant), actor: grant.accountId };
  }

  private issue(grant: Grant): Record<string, unknown> {
    const access = `emu-at-${randomBytes(18).toString('base64url')}`;
    const refresh = `emu-rt-${randomBytes(18).toString('base64url')}`;
    this.accessTokens.set(access, {
      token: access,
      accountId: grant.accountId,
      clientId: this.opts.clientId,
      grantId: grant.id,
      scopes: grant.scopes,
      expiresAt: this.opts.now() + this.opts.accessTokenTtlSec * 1000,
    });
    this.refreshTokens.set(refresh, { token: refresh, grantId: grant.id, rotatedAt: null });
    return {
      access_token: access,
      refresh_token: refresh,
      expires_in: this.opts.accessTokenTtlSec,
      scope: grant.scopes.join(' '),
      token_type: 'Bearer',
    };
  }

  accessibleResources(header: string | undefined): HttpReply {
    const t = this.authenticate(header);
    if (!t) return { status: 401, body: { code: 401, message: 'Unauthorized' } };
    const user = this.state.user(t.accountId);
    const sites = (user?.sites ?? []).map((id) => this.state.sites.get(id)!).filter(Boolean);
    return {
      status: 200,
      actor: t.accountId,
      body: sites.map((s) => ({
        id: s.cloudId,
        url: s.url,
        name: s.name,
        scopes: t.scopes.filter((x) => x !== 'offline_access'),
        avatarUrl: 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png',
      })),
    };
  }
}
