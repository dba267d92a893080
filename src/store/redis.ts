import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** Opens the one Redis connection the app uses; every key gets `prefix` (REDIS_KEY_PREFIX) automatically. */
export function createRedis(url: string, prefix: string, opts: { lazyConnect?: boolean } = {}): Redis {
  return new Redis(url, {
    keyPrefix: prefix,
    lazyConnect: opts.lazyConnect ?? false,
    // Fail commands fast while Redis is down so /readyz and callers answer instead of hanging.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/**
 * The key schema — the only place key names are built. All keys live under REDIS_KEY_PREFIX.
 *
 * | key | type | holds |
 * | --- | --- | --- |
 * | `ws:{team}` | string (JSON) | the workspace's service-account connection; tokens sealed |
 * | `user:{team}:{slackUser}` | string (JSON) | one Slack user's Jira connection; tokens sealed |
 * | `users:{team}` | set | Slack user ids with a connection record |
 * | `settings:{team}` | string (JSON) | workspace settings |
 * | `sub:{team}:{id}` | string (JSON) | a channel subscription |
 * | `subs:{team}` / `subs:{team}:ch:{channel}` / `subs:{team}:pj:{project}` | set | subscription ids, indexed |
 * | `oauth:state:{sha256(state)}` | string (JSON), TTL | a pending OAuth consent (who asked, what for), single use |
 * | `dedupe:{kind}:{id}` | string, TTL | "already seen" markers (webhook deliveries, posts) |
 * | `lock:{name}` | string, TTL | cross-process locks (token refresh, scheduled jobs) |
 * | `access:{team}:{slackUser}` / `access:{team}:_ws` | string (JSON), TTL | the access gate's cached project sets |
 * | `notify:{team}:{slackUser}` | string (JSON) | personal notification preferences |
 * | `installation:{team}` | string (sealed JSON) | Slack OAuth installation (multi-workspace mode) |
 * | `pending:{sha256(id)}` | string (JSON, tokens sealed), TTL | a consent awaiting the admin's choice of site or confirmation |
 * | `search:{team}:{slackUser}:{id}` | string (JSON), TTL | a search too long for its *More results* button (query and page token) |
 * | `usermap:{team}:{cloudId}:{slackUser}` | string (JSON), TTL | a Slack user's Jira account found by email, or that none was found |
 * | `webhook:{id}` | string | the team whose registration this Jira webhook id is |
 * | `webhook:cloud:{cloudId}` | set | teams with webhooks on a Jira site (fallback when a body names no known id) |
 * | `webhook:teams` | set | teams with webhooks registered (the refresh job walks it) |
 * | `accounts:{team}` | hash | Jira accountId → Slack user id of connected users (`_built` marks a backfill) |
 * | `pace:{team}:{channel}` | string (ms), TTL | earliest time the next notification may post to a channel |
 * | `posted:{deliveryId}:{target}` | string, TTL | a notification already accepted by Slack (never post it twice) |
 * | `{prefix}bull:*` | BullMQ | the notification queues (BullMQ's own `prefix` option, not ioredis' keyPrefix) |
 */
export const keys = {
  workspace: (team: string) => `ws:${team}`,
  user: (team: string, slackUser: string) => `user:${team}:${slackUser}`,
  users: (team: string) => `users:${team}`,
  settings: (team: string) => `settings:${team}`,
  subscription: (team: string, id: string) => `sub:${team}:${id}`,
  subscriptions: (team: string) => `subs:${team}`,
  subscriptionsByChannel: (team: string, channel: string) => `subs:${team}:ch:${channel}`,
  subscriptionsByProject: (team: string, project: string) => `subs:${team}:pj:${project}`,
  oauthState: (state: string) => `oauth:state:${hash(state)}`,
  dedupe: (kind: string, id: string) => `dedupe:${kind}:${hash(id)}`,
  lock: (name: string) => `lock:${name}`,
  accessUser: (team: string, slackUser: string) => `access:${team}:${slackUser}`,
  accessWorkspace: (team: string) => `access:${team}:_ws`,
  notifyPrefs: (team: string, slackUser: string) => `notify:${team}:${slackUser}`,
  installation: (team: string) => `installation:${team}`,
  pendingConnection: (id: string) => `pending:${hash(id)}`,
  searchPage: (team: string, slackUser: string, id: string) => `search:${team}:${slackUser}:${id}`,
  userMap: (team: string, cloudId: string, slackUser: string) => `usermap:${team}:${cloudId}:${slackUser}`,
  webhookTeam: (webhookId: number) => `webhook:${webhookId}`,
  webhookCloudTeams: (cloudId: string) => `webhook:cloud:${cloudId}`,
  webhookTeams: () => 'webhook:teams',
  accountIndex: (team: string) => `accounts:${team}`,
  channelPace: (team: string, channel: string) => `pace:${team}:${channel}`,
  posted: (deliveryId: string, target: string) => `posted:${hash(deliveryId)}:${target}`,
  /** BullMQ's `prefix`: BullMQ refuses ioredis' keyPrefix, so its connections carry none and it prefixes itself. */
  queuePrefix: (redisKeyPrefix: string) => `${redisKeyPrefix}bull`,
} as const;

/**
 * Deletes every record of one Slack workspace (the app was uninstalled): every key whose name carries
 * the team id as a segment. Uses SCAN, never KEYS.
 */
export async function deleteTeamKeys(redis: Redis, teamId: string): Promise<number> {
  if (!/^[A-Z0-9]+$/.test(teamId)) throw new Error(`not a Slack team id: ${teamId}`);
  const own = redis.options.keyPrefix ?? '';
  return (await deleteMatching(redis, `${own}*:${teamId}:*`)) + (await deleteMatching(redis, `${own}*:${teamId}`));
}

/** SCAN patterns ignore ioredis' keyPrefix, so they match full names; keys are deleted without it. */
async function deleteMatching(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  const own = redis.options.keyPrefix ?? '';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (found.length) n += await redis.del(...found.map((k) => (own && k.startsWith(own) ? k.slice(own.length) : k)));
  } while (cursor !== '0');
  return n;
}

/** Deletes every key under a prefix (tests and `jira-bridge reset`); uses SCAN, never KEYS. */
export function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  return deleteMatching(redis, `${prefix}*`);
}
