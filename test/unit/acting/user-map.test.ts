import { randomBytes } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { matchByEmail, slackProfile, UserMap } from '../../../src/access/user-map.js';
import { UserUnmappedError } from '../../../src/errors.js';
import type { JiraUser } from '../../../src/jira/types.js';
import { Sealer } from '../../../src/store/crypto.js';
import { type UserConnection, UserConnectionStore } from '../../../src/store/user-connections.js';
import type { WorkspaceConnection } from '../../../src/store/workspaces.js';
import { isolatedRedis } from '../../support/redis.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const u = (accountId: string, emailAddress?: string, active = true): JiraUser => ({
  accountId,
  displayName: accountId,
  active,
  ...(emailAddress ? { emailAddress } : {}),
});

describe('matching a Slack email to a Jira account', () => {
  it.each([
    ['the one exact match, any case', [u('a', 'Ada@Acme.test')], 'a'],
    ['nothing when the email is hidden', [u('a')], undefined],
    ['nothing for a prefix match', [u('a', 'ada@acme.test.evil')], undefined],
    ['nothing for two accounts with the email', [u('a', 'ada@acme.test'), u('b', 'ada@acme.test')], undefined],
    ['the active one over a deactivated twin', [u('old', 'ada@acme.test', false), u('a', 'ada@acme.test')], 'a'],
  ])('finds %s', (_what, users, id) => {
    expect(matchByEmail('ada@acme.test', users)?.accountId).toBe(id);
  });
});

describe('reading Slack’s users.info', () => {
  it('names a person by first name and reads their email', () => {
    expect(
      slackProfile(
        { name: 'grace', profile: { first_name: 'Grace', real_name: 'Grace Hopper', email: 'g@x.test' } },
        'U1',
      ),
    ).toEqual({ name: 'Grace', email: 'g@x.test' });
  });

  it('gives a bot no email, and an unreadable answer the user id', () => {
    expect(slackProfile({ is_bot: true, profile: { email: 'bot@x.test', real_name: 'Bot' } }, 'U1')).toEqual({
      name: 'Bot',
    });
    expect(slackProfile(undefined, 'U1')).toEqual({ name: 'U1' });
  });
});

const ws: WorkspaceConnection = {
  teamId: 'T1',
  cloudId: 'cloud-1',
  siteUrl: 'https://acme.atlassian.net',
  siteName: 'acme',
  accountId: 'acc-service',
  displayName: 'Jira Bot',
  generation: 2,
  isJiraAdmin: true,
  status: 'ok',
  connectedBy: 'U_ADMIN',
  connectedAt: '2026-11-30T00:00:00.000Z',
  tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: 1 },
};

function setup(slackUsers: Record<string, unknown>, jiraUsers: JiraUser[]) {
  const r = isolatedRedis('usermap');
  cleanups.push(r.cleanup);
  const users = new UserConnectionStore(r.redis, new Sealer([{ id: 'k1', key: randomBytes(32) }]));
  const calls = { info: 0, search: 0 };
  const slack = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.info++;
        if (!slackUsers[user]) throw Object.assign(new Error('user_not_found'), { data: { error: 'user_not_found' } });
        return { user: slackUsers[user] };
      },
    },
  } as unknown as WebClient;
  const jira = {
    findUsers: async (q: string) => {
      calls.search++;
      return jiraUsers.filter((x) => x.emailAddress?.startsWith(q));
    },
  };
  const map = new UserMap({ redis: r.redis, users, slackFor: async () => slack });
  return { map, users, calls, jira };
}

const connection = (over: Partial<UserConnection> = {}): UserConnection => ({
  teamId: 'T1',
  slackUserId: 'U_GRACE',
  accountId: 'acc-grace',
  displayName: 'Grace Hopper',
  cloudId: 'cloud-1',
  siteUrl: ws.siteUrl,
  generation: 2,
  status: 'ok',
  connectedAt: '2026-11-30T00:00:00.000Z',
  tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: 1 },
  ...over,
});

describe('UserMap', () => {
  const grace = { name: 'grace', profile: { first_name: 'Grace', email: 'grace@acme.test' } };

  it('uses the person’s own connection first, asking nobody', async () => {
    const { map, users, calls, jira } = setup({}, []);
    await users.put(connection());
    expect(await map.resolve(ws, 'U_GRACE', jira)).toEqual({
      accountId: 'acc-grace',
      displayName: 'Grace Hopper',
      via: 'connection',
    });
    expect(calls).toEqual({ info: 0, search: 0 });
  });

  it('does not trust a connection made under another service account', async () => {
    const { map, users, jira } = setup({ U_GRACE: grace }, []);
    await users.put(connection({ generation: 1 }));
    await expect(map.resolve(ws, 'U_GRACE', jira)).rejects.toBeInstanceOf(UserUnmappedError);
  });

  it('finds an account by exact visible email, and remembers it', async () => {
    const { map, calls, jira } = setup({ U_GRACE: grace }, [u('acc-grace', 'grace@acme.test')]);
    expect((await map.resolve(ws, 'U_GRACE', jira)).via).toBe('email');
    expect((await map.resolve(ws, 'U_GRACE', jira)).accountId).toBe('acc-grace');
    expect(calls).toEqual({ info: 1, search: 1 });
  });

  it('remembers a miss too, but a connection made since wins at once', async () => {
    const { map, users, calls, jira } = setup({ U_GRACE: grace }, []);
    const miss = await map.resolve(ws, 'U_GRACE', jira).catch((e: unknown) => e);
    expect(miss).toMatchObject({ who: 'Grace', reason: 'no_jira_match' });
    await expect(map.resolve(ws, 'U_GRACE', jira)).rejects.toBeInstanceOf(UserUnmappedError);
    expect(calls).toEqual({ info: 1, search: 1 });
    await users.put(connection());
    expect((await map.resolve(ws, 'U_GRACE', jira)).via).toBe('connection');
  });

  it('says when Slack shares no email, without asking Jira', async () => {
    const { map, calls, jira } = setup(
      { U_BOT: { name: 'bot', is_bot: true, profile: { real_name: 'Deploy Bot' } } },
      [],
    );
    await expect(map.resolve(ws, 'U_BOT', jira)).rejects.toMatchObject({ reason: 'no_slack_email', who: 'Deploy Bot' });
    expect(calls.search).toBe(0);
  });
});
