import type { Redis } from 'ioredis';
import { keys } from '../store/redis.js';
import type { UserConnectionStore } from '../store/user-connections.js';

const BUILT = '_built';

/**
 * Jira accountId → Slack user of connected people, so a webhook naming an accountId finds whom to DM.
 * Entries are written when someone connects; a stale entry (disconnected, reconnected as someone else)
 * is harmless because every lookup is checked against the live connection record.
 */
export class AccountIndex {
  constructor(
    private readonly redis: Redis,
    private readonly users: UserConnectionStore,
  ) {}

  async remember(teamId: string, accountId: string, slackUserId: string): Promise<void> {
    await this.redis.hset(keys.accountIndex(teamId), accountId, slackUserId);
  }

  /** Slack users for these accountIds (only those with a live connection to that very account). */
  async slackUsers(teamId: string, accountIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (accountIds.length === 0) return out;
    await this.backfill(teamId);
    const found = await this.redis.hmget(keys.accountIndex(teamId), ...accountIds);
    for (let i = 0; i < accountIds.length; i++) {
      const accountId = accountIds[i] as string;
      const slackUserId = found[i];
      if (!slackUserId) continue;
      const conn = await this.users.get(teamId, slackUserId).catch(() => null);
      if (conn && conn.accountId === accountId) out.set(accountId, slackUserId);
    }
    return out;
  }

  /** Connections made before the index existed are indexed once, by walking `users:{team}`. */
  private async backfill(teamId: string): Promise<void> {
    const key = keys.accountIndex(teamId);
    if (await this.redis.hexists(key, BUILT)) return;
    for (const slackUserId of await this.users.listUserIds(teamId)) {
      const conn = await this.users.get(teamId, slackUserId).catch(() => null);
      if (conn) await this.redis.hsetnx(key, conn.accountId, slackUserId);
    }
    await this.redis.hset(key, BUILT, '1');
  }
}
