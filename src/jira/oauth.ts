import { AuthorizationCode } from 'simple-oauth2';
import type { TokenSet } from '../store/records.js';

export const JIRA_SCOPES = [
  'read:jira-work',
  'write:jira-work',
  'read:jira-user',
  'manage:jira-webhook',
  'offline_access',
];

/** The refresh token is dead (revoked, rotated away, expired): the owner must consent again. */
export class InvalidGrantError extends Error {
  override name = 'InvalidGrantError';
}

/** Atlassian could not be reached or answered something unexpected; worth retrying later. */
export class OAuthUnavailableError extends Error {
  override name = 'OAuthUnavailableError';
}

export interface JiraOAuthOptions {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  /** Exactly `PUBLIC_URL/jira/oauth/callback`. */
  redirectUri: string;
  now?: () => number;
}

/**
 * Atlassian OAuth 2.0 (3LO) through simple-oauth2: JSON token requests with the client credentials in
 * the body, as Atlassian requires. The client secret never leaves this module's requests.
 */
export class JiraOAuth {
  private readonly client: AuthorizationCode;
  private readonly now: () => number;

  constructor(private readonly opts: JiraOAuthOptions) {
    this.now = opts.now ?? Date.now;
    this.client = new AuthorizationCode({
      client: { id: opts.clientId, secret: opts.clientSecret },
      auth: {
        tokenHost: opts.authUrl,
        tokenPath: '/oauth/token',
        authorizeHost: opts.authUrl,
        authorizePath: '/authorize',
      },
      options: { authorizationMethod: 'body', bodyFormat: 'json' },
      http: { json: 'force', timeout: 10_000 },
    });
  }

  authorizeUrl(state: string): string {
    // audience and prompt are Atlassian's own parameters; simple-oauth2 passes extra ones through.
    const params = {
      redirect_uri: this.opts.redirectUri,
      scope: JIRA_SCOPES,
      state,
      audience: 'api.atlassian.com',
      prompt: 'consent',
    };
    return this.client.authorizeURL(params as Parameters<AuthorizationCode['authorizeURL']>[0]);
  }

  async exchangeCode(code: string): Promise<TokenSet> {
    try {
      const token = await this.client.getToken({ code, redirect_uri: this.opts.redirectUri });
      return this.toTokenSet(token.token);
    } catch (err) {
      throw classify(err);
    }
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    try {
      const token = await this.client.createToken({ refresh_token: refreshToken }).refresh();
      return this.toTokenSet(token.token, refreshToken);
    } catch (err) {
      throw classify(err);
    }
  }

  private toTokenSet(t: Record<string, unknown>, previousRefresh?: string): TokenSet {
    const accessToken = t.access_token;
    const refreshToken = t.refresh_token ?? previousRefresh;
    const expiresIn = Number(t.expires_in ?? 3600);
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
      throw new OAuthUnavailableError('Atlassian returned a token response without tokens');
    }
    return { accessToken, refreshToken, expiresAt: this.now() + expiresIn * 1000 };
  }
}

function classify(err: unknown): Error {
  const e = err as { output?: { statusCode?: number }; data?: { payload?: unknown } };
  const status = e.output?.statusCode;
  const payload = e.data?.payload;
  const body = Buffer.isBuffer(payload) ? safeJson(payload.toString()) : payload;
  const code = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (code === 'invalid_grant' || code === 'unauthorized_client' || (status === 403 && code === undefined)) {
    return new InvalidGrantError('Atlassian refused the grant');
  }
  // Never include the error itself: its request options carry the client secret.
  return new OAuthUnavailableError(`Atlassian token endpoint failed${status ? ` (HTTP ${status})` : ''}`);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
