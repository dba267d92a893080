import { z } from 'zod';

/** The app's configuration, read once from the environment. See `.env.example` for every variable. */
export interface Config {
  port: number;
  publicUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  slack: {
    signingSecret: string;
    botToken?: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
    appToken?: string;
    apiUrl: string;
  };
  jira: {
    clientId: string;
    clientSecret: string;
    authUrl: string;
    apiUrl: string;
    /** Pins the Jira site when the service account's grant reaches several. */
    siteUrl?: string;
  };
  /** Sealing keys, newest first; the first one seals new values, all of them open old ones. */
  encryptionKeys: Array<{ id: string; key: Buffer }>;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Jira Bridge cannot start; fix these settings (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

const KEY_HINT = "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"";

function parseUrl(name: string, value: string, problems: string[]): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return value.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} must be an http(s) URL, got "${value}"`);
    return undefined;
  }
}

/**
 * Parses `TOKEN_ENCRYPTION_KEY` (and the optional `TOKEN_ENCRYPTION_KEYS_OLD`, comma-separated, for rotation).
 * A key may be given as `id:base64`; without an id, one is derived from the key so it stays stable.
 */
function parseKeys(current: string | undefined, old: string | undefined, problems: string[]) {
  const keys: Array<{ id: string; key: Buffer }> = [];
  if (!current) {
    problems.push(`TOKEN_ENCRYPTION_KEY is required (32 random bytes, base64); ${KEY_HINT}`);
    return keys;
  }
  const entries = [current, ...(old ? old.split(',') : [])].map((s) => s.trim()).filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const name = i === 0 ? 'TOKEN_ENCRYPTION_KEY' : 'TOKEN_ENCRYPTION_KEYS_OLD';
    const m = /^([A-Za-z0-9_-]{1,32}):(.+)$/.exec(entry);
    const b64 = m ? m[2]! : entry;
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) {
      problems.push(`${name} must be exactly 32 bytes encoded as base64; ${KEY_HINT}`);
      continue;
    }
    const id = m ? m[1]! : deriveKeyId(key);
    keys.push({ id, key });
  }
  return keys;
}

function deriveKeyId(key: Buffer): string {
  // A short, non-secret fingerprint: lets sealed values name the key that opens them.
  let h = 0x811c9dc5;
  for (const b of key) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `k${h.toString(36)}`;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads the environment; throws one {@link ConfigError} naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const required = (name: string, hint: string) => {
    const v = get(name);
    if (!v) problems.push(`${name} is required: ${hint}`);
    return v ?? '';
  };

  const portRaw = get('PORT') ?? '3000';
  const port = Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number, got "${portRaw}"`);

  const publicUrl = parseUrl('PUBLIC_URL', get('PUBLIC_URL') ?? `http://localhost:${portRaw}`, problems) ?? '';
  const redisUrl = get('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl))
    problems.push(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
  const redisKeyPrefix = get('REDIS_KEY_PREFIX') ?? 'jb:';

  const signingSecret = required('SLACK_SIGNING_SECRET', "your Slack app's Basic Information → Signing Secret");
  const botToken = get('SLACK_BOT_TOKEN');
  const clientId = get('SLACK_CLIENT_ID');
  const clientSecret = get('SLACK_CLIENT_SECRET');
  const stateSecret = get('SLACK_STATE_SECRET');
  if (botToken && !botToken.startsWith('xoxb-'))
    problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
  const multi = [clientId, clientSecret, stateSecret];
  if (!botToken && multi.every((v) => !v)) {
    problems.push(
      'SLACK_BOT_TOKEN is required for a single workspace (OAuth & Permissions → Bot User OAuth Token), or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install into several workspaces',
    );
  } else if (!botToken && multi.some((v) => !v)) {
    for (const [n, v] of [
      ['SLACK_CLIENT_ID', clientId],
      ['SLACK_CLIENT_SECRET', clientSecret],
      ['SLACK_STATE_SECRET', stateSecret],
    ] as const) {
      if (!v) problems.push(`${n} is required for multi-workspace mode (the other SLACK_CLIENT_* settings are set)`);
    }
  }
  const appToken = get('SLACK_APP_TOKEN');
  if (appToken && !appToken.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp-');
  const slackApiRaw = get('SLACK_API_URL') ?? 'https://slack.com/api/';
  const slackApiUrl = parseUrl('SLACK_API_URL', slackApiRaw, problems);

  const jiraClientId = required(
    'JIRA_CLIENT_ID',
    'developer.atlassian.com → your OAuth 2.0 (3LO) app → Settings → Client ID',
  );
  const jiraClientSecret = required('JIRA_CLIENT_SECRET', 'developer.atlassian.com → your app → Settings → Secret');
  const authUrl =
    parseUrl('ATLASSIAN_AUTH_URL', get('ATLASSIAN_AUTH_URL') ?? 'https://auth.atlassian.com', problems) ?? '';
  const apiUrl = parseUrl('ATLASSIAN_API_URL', get('ATLASSIAN_API_URL') ?? 'https://api.atlassian.com', problems) ?? '';
  const siteRaw = get('JIRA_SITE_URL');
  const siteUrl = siteRaw ? parseUrl('JIRA_SITE_URL', siteRaw, problems) : undefined;

  const encryptionKeys = parseKeys(get('TOKEN_ENCRYPTION_KEY'), get('TOKEN_ENCRYPTION_KEYS_OLD'), problems);

  const level = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  const logLevel = z.enum(LOG_LEVELS).safeParse(level);
  if (!logLevel.success) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);

  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    publicUrl,
    redisUrl,
    redisKeyPrefix,
    slack: {
      signingSecret,
      botToken,
      clientId,
      clientSecret,
      stateSecret,
      appToken,
      apiUrl: `${slackApiUrl}/`,
    },
    jira: { clientId: jiraClientId, clientSecret: jiraClientSecret, authUrl, apiUrl, siteUrl },
    encryptionKeys,
    logLevel: logLevel.success ? logLevel.data : 'info',
  };
}
