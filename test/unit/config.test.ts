import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { testEnv } from '../support/config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration', () => {
  it('names every missing variable at once, with how to fix each', () => {
    const problems = problemsOf({});
    const text = problems.join('\n');
    for (const name of [
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN',
      'JIRA_CLIENT_ID',
      'JIRA_CLIENT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]) {
      expect(text).toContain(name);
    }
    expect(problems).toHaveLength(5);
    expect(text).toContain("randomBytes(32).toString('base64')");
  });

  it('applies the documented defaults', () => {
    const c = loadConfig(
      testEnv({
        PORT: undefined,
        PUBLIC_URL: undefined,
        REDIS_URL: undefined,
        SLACK_API_URL: undefined,
        ATLASSIAN_AUTH_URL: undefined,
        ATLASSIAN_API_URL: undefined,
        LOG_LEVEL: undefined,
      }),
    );
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.redisKeyPrefix).toBe('jb:');
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
    expect(c.jira.authUrl).toBe('https://auth.atlassian.com');
    expect(c.jira.apiUrl).toBe('https://api.atlassian.com');
    expect(c.logLevel).toBe('info');
  });

  it('rejects malformed values with the variable named', () => {
    const problems = problemsOf(
      testEnv({
        PORT: 'eighty',
        PUBLIC_URL: 'not a url',
        TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=',
        LOG_LEVEL: 'loud',
        SLACK_BOT_TOKEN: 'xoxp-user',
      }),
    );
    expect(problems.map((p) => p.split(' ')[0])).toEqual(
      expect.arrayContaining(['PORT', 'PUBLIC_URL', 'TOKEN_ENCRYPTION_KEY', 'LOG_LEVEL', 'SLACK_BOT_TOKEN']),
    );
  });

  it('accepts multi-workspace mode instead of a bot token, but only complete', () => {
    expect(
      problemsOf(
        testEnv({
          SLACK_BOT_TOKEN: undefined,
          SLACK_CLIENT_ID: 'a',
          SLACK_CLIENT_SECRET: 'b',
          SLACK_STATE_SECRET: 'c',
        }),
      ),
    ).toEqual([]);
    expect(problemsOf(testEnv({ SLACK_BOT_TOKEN: undefined, SLACK_CLIENT_ID: 'a' })).join('\n')).toMatch(
      /SLACK_CLIENT_SECRET[\s\S]*SLACK_STATE_SECRET/,
    );
  });

  it('keeps old encryption keys for reading during rotation, newest first', () => {
    const c = loadConfig(
      testEnv({
        TOKEN_ENCRYPTION_KEY: `new:${Buffer.alloc(32, 1).toString('base64')}`,
        TOKEN_ENCRYPTION_KEYS_OLD: `old:${Buffer.alloc(32, 2).toString('base64')}`,
      }),
    );
    expect(c.encryptionKeys.map((k) => k.id)).toEqual(['new', 'old']);
  });
});
