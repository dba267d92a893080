import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../../src/config.js';

/** A complete, valid environment for the app; tests override what they exercise. */
export function testEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    JIRA_CLIENT_ID: 'jira-client-id',
    JIRA_CLIENT_SECRET: 'jira-client-secret',
    ATLASSIAN_AUTH_URL: 'http://127.0.0.1:9',
    ATLASSIAN_API_URL: 'http://127.0.0.1:9',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig(testEnv(overrides));
}
