import { describe, expect, it } from 'vitest';
import { JIRA_SCOPES, JiraOAuth } from '../../src/jira/oauth.js';

describe('Atlassian consent URL', () => {
  it('asks for the api.atlassian.com audience, consent, our exact redirect URI, the scopes and the state', () => {
    const oauth = new JiraOAuth({
      clientId: 'cid',
      clientSecret: 'never-in-url',
      authUrl: 'https://auth.atlassian.com',
      redirectUri: 'https://bridge.example/jira/oauth/callback',
    });
    const url = new URL(oauth.authorizeUrl('state-123'));
    expect(url.origin + url.pathname).toBe('https://auth.atlassian.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      audience: 'api.atlassian.com',
      client_id: 'cid',
      scope: 'read:jira-work write:jira-work read:jira-user manage:jira-webhook offline_access',
      redirect_uri: 'https://bridge.example/jira/oauth/callback',
      state: 'state-123',
      response_type: 'code',
      prompt: 'consent',
    });
    expect(url.href).not.toContain('never-in-url');
    expect(JIRA_SCOPES).toContain('offline_access');
  });
});
