import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Sealer } from '../../../src/store/crypto.js';
import { DedupeStore } from '../../../src/store/dedupe.js';
import { OAuthStateStore } from '../../../src/store/oauth-state.js';
import { deleteTeamKeys, keys } from '../../../src/store/redis.js';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../src/store/settings.js';
import { UserConnectionStore } from '../../../src/store/user-connections.js';
import { type WorkspaceConnection, WorkspaceStore } from '../../../src/store/workspaces.js';
import { isolatedRedis } from '../../support/redis.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});
function redisForTest() {
  const r = isolatedRedis('store');
  cleanups.push(r.cleanup);
  return r;
}
const sealer = new Sealer([{ id: 'k1', key: randomBytes(32) }]);

const aWorkspace = (over: Partial<WorkspaceConnection> = {}): WorkspaceConnection => ({
  teamId: 'T1',
  cloudId: 'cloud-1',
  siteUrl: 'https://acme.atlassian.net',
  siteName: 'acme',
  accountId: 'acc-service',
  displayName: 'Jira Bot',
  generation: 1,
  isJiraAdmin: true,
  status: 'ok',
  connectedBy: 'U_ADMIN',
  connectedAt: '2026-11-30T00:00:00.000Z',
  tokens: { accessToken: 'ACCESS-SECRET-1', refreshToken: 'REFRESH-SECRET-1', expiresAt: 1_800_000_000_000 },
  ...over,
});

describe('Redis storage', () => {
  it('stores a service-account connection and reads it back with its tokens', async () => {
    const { redis } = redisForTest();
    const store = new WorkspaceStore(redis, sealer);
    await store.put(aWorkspace());
    expect(await store.get('T1')).toEqual(aWorkspace());
    expect(await store.get('T2')).toBeNull();
  });

  it('never leaves a plaintext token anywhere in Redis', async () => {
    const { redis, prefix } = redisForTest();
    await new WorkspaceStore(redis, sealer).put(aWorkspace());
    await new UserConnectionStore(redis, sealer).put({
      teamId: 'T1',
      slackUserId: 'U1',
      accountId: 'acc-1',
      displayName: 'Ada',
      cloudId: 'cloud-1',
      siteUrl: 'https://acme.atlassian.net',
      generation: 1,
      status: 'ok',
      connectedAt: '2026-11-30T00:00:00.000Z',
      tokens: { accessToken: 'ACCESS-SECRET-2', refreshToken: 'REFRESH-SECRET-2', expiresAt: 1 },
    });
    const all = await redis.keys(`${prefix}*`);
    expect(all.length).toBeGreaterThan(0);
    const own = redis.options.keyPrefix ?? '';
    for (const k of all) {
      const name = k.slice(own.length);
      const type = await redis.type(name);
      const dump = type === 'string' ? await redis.get(name) : JSON.stringify(await redis.smembers(name));
      expect(dump).not.toMatch(/ACCESS-SECRET|REFRESH-SECRET/);
    }
  });

  it('rejects a tampered sealed record rather than using it', async () => {
    const { redis } = redisForTest();
    const store = new WorkspaceStore(redis, sealer);
    await store.put(aWorkspace());
    const raw = JSON.parse((await redis.get(keys.workspace('T1')))!) as { tokens: string };
    raw.tokens = `${raw.tokens.slice(0, -4)}AAAA`;
    await redis.set(keys.workspace('T1'), JSON.stringify(raw));
    await expect(store.get('T1')).rejects.toThrow(/failed authentication/);
  });

  it('forgets a disconnected user entirely', async () => {
    const { redis } = redisForTest();
    const users = new UserConnectionStore(redis, sealer);
    await users.put({
      teamId: 'T1',
      slackUserId: 'U1',
      accountId: 'a',
      displayName: 'Ada',
      cloudId: 'c',
      siteUrl: 'https://acme.atlassian.net',
      generation: 1,
      status: 'ok',
      connectedAt: 'now',
      tokens: { accessToken: 'x', refreshToken: 'y', expiresAt: 1 },
    });
    expect(await users.listUserIds('T1')).toEqual(['U1']);
    await users.delete('T1', 'U1');
    expect(await users.get('T1', 'U1')).toBeNull();
    expect(await users.listUserIds('T1')).toEqual([]);
    expect(await redis.exists(keys.user('T1', 'U1'))).toBe(0);
  });

  it('starts workspace settings at the documented defaults', async () => {
    const { redis } = redisForTest();
    const settings = new SettingsStore(redis);
    expect(await settings.get('T1')).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ requireAuth: true, previews: 'connected', subscribers: 'everyone' });
    await settings.update('T1', (s) => ({ ...s, bannedProjects: ['SECRET'] }));
    expect((await settings.get('T1')).bannedProjects).toEqual(['SECRET']);
  });

  it('honours an OAuth state once, for the user who asked', async () => {
    const { redis } = redisForTest();
    const states = new OAuthStateStore(redis);
    const state = await states.create({ teamId: 'T1', slackUserId: 'U1', kind: 'user' });
    expect(await states.consume(state)).toMatchObject({ teamId: 'T1', slackUserId: 'U1', kind: 'user' });
    expect(await states.consume(state)).toBeNull();
    expect(await states.consume('forged-state-value-123456')).toBeNull();
  });

  it('refuses an OAuth state after it expires', async () => {
    const { redis } = redisForTest();
    const states = new OAuthStateStore(redis, 600);
    const state = await states.create({ teamId: 'T1', slackUserId: 'U1', kind: 'service' });
    const ttl = await redis.ttl(keys.oauthState(state));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
    await redis.expire(keys.oauthState(state), 0); // what Redis does when the TTL runs out
    expect(await states.consume(state)).toBeNull();
  });

  it('says "first time" once per id across connections sharing Redis', async () => {
    const { redis } = redisForTest();
    const a = new DedupeStore(redis);
    const b = new DedupeStore(redis.duplicate());
    const results = await Promise.all([a.firstTime('webhook', 'id-1', 60), b.firstTime('webhook', 'id-1', 60)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.firstTime('webhook', 'id-2', 60)).toBe(true);
  });

  it('forgets one workspace entirely and leaves the others alone', async () => {
    const { redis } = redisForTest();
    const store = new WorkspaceStore(redis, sealer);
    const settings = new SettingsStore(redis);
    await store.put(aWorkspace({ teamId: 'T1' }));
    await store.put(aWorkspace({ teamId: 'T2' }));
    await settings.update('T1', (s) => s);
    await settings.update('T2', (s) => s);
    await redis.set(keys.user('T1', 'U1'), 'x');
    expect(await deleteTeamKeys(redis, 'T1')).toBe(3);
    expect(await store.get('T1')).toBeNull();
    expect(await store.get('T2')).not.toBeNull();
    expect(await redis.exists(keys.settings('T2'))).toBe(1);
  });

  it('keeps workspaces under different prefixes apart', async () => {
    const one = redisForTest();
    const two = redisForTest();
    await new WorkspaceStore(one.redis, sealer).put(aWorkspace());
    expect(await new WorkspaceStore(two.redis, sealer).get('T1')).toBeNull();
    expect(await one.redis.keys(`${two.prefix}*`)).toEqual([]);
  });
});
