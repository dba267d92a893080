import type { Installation } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sealer } from '../../src/store/crypto.js';
import { RedisInstallationStore } from '../../src/store/installations.js';
import { Harness } from '../support/harness.js';
import { JIRA, SLACK, seedStandardSite } from '../support/sites.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start({
    env: {
      SLACK_BOT_TOKEN: undefined,
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'slack-client-secret',
      SLACK_STATE_SECRET: 'slack-state-secret',
    },
  });
  seedStandardSite(h);
});
afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  await h.close();
});

/** What Slack's OAuth install leaves behind: the workspace's bot token, sealed in Redis. */
async function installWorkspace(): Promise<void> {
  const store = new RedisInstallationStore(h.app.deps.redis, new Sealer(h.app.deps.config.encryptionKeys));
  const installation = {
    team: { id: h.slack.teamId, name: 'Acme' },
    enterprise: undefined,
    isEnterpriseInstall: false,
    appId: h.slack.appId,
    user: { id: SLACK.admin, token: undefined, scopes: undefined },
    bot: { token: h.slack.botToken, userId: h.slack.botUserId, id: h.slack.botId, scopes: ['commands'] },
    tokenType: 'bot',
  } as unknown as Installation;
  await store.storeInstallation(installation);
}

describe('serving several workspaces (Slack OAuth install)', () => {
  it('sends /slack/install to Slack’s consent with our client id and bot scopes', async () => {
    const res = await fetch(`${h.url}/slack/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    expect(to.origin + to.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(to.searchParams.get('client_id')).toBe('111.222');
    expect(to.searchParams.get('scope')?.split(',')).toEqual(
      expect.arrayContaining(['commands', 'links:read', 'im:write']),
    );
  });

  it('answers commands and connects Jira in an installed workspace with that workspace’s token', async () => {
    await installWorkspace();
    const help = await h.command(SLACK.ada, 'help');
    expect(JSON.stringify(help)).toContain('/jira connect');
    const page = await h.connectService(SLACK.admin, JIRA.service);
    expect(page).toContain('Jira is connected to this workspace');
    await h.connectUser(SLACK.ada, JIRA.ada);
    expect(JSON.stringify(await h.command(SLACK.ada, 'status'))).toContain('Ada Lovelace in Jira');
  });

  it('keeps the installation’s bot token sealed in Redis', async () => {
    await installWorkspace();
    const keys = await h.redis.keys(`${h.prefix}*`);
    const own = h.redis.options.keyPrefix ?? '';
    for (const k of keys) {
      const v = (await h.redis.type(k.slice(own.length))) === 'string' ? await h.redis.get(k.slice(own.length)) : '';
      expect(v).not.toContain(h.slack.botToken);
    }
  });
});
