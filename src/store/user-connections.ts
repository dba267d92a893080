import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Sealer } from './crypto.js';
import { SealedRecordCodec, type TokenSet } from './records.js';
import { keys } from './redis.js';

const userMeta = z.object({
  teamId: z.string(),
  slackUserId: z.string(),
  accountId: z.string(),
  displayName: z.string(),
  cloudId: z.string(),
  siteUrl: z.string(),
  /** The workspace connection generation this was made under; a different one means "re-authorize". */
  generation: z.number().int(),
  status: z.enum(['ok', 'needs_reauth']),
  connectedAt: z.string(),
  /** When the owner was last told this connection needs re-authorization (so they are told once). */
  reauthNotifiedAt: z.string().optional(),
});

/** One Slack user's own Jira account. */
export type UserConnection = z.infer<typeof userMeta> & { tokens: TokenSet };

/** Stores each Slack user's Jira connection, tokens sealed. `delete` forgets the tokens entirely. */
export class UserConnectionStore {
  private readonly codec: SealedRecordCodec<UserConnection>;
  constructor(
    private readonly redis: Redis,
    sealer: Sealer,
  ) {
    this.codec = new SealedRecordCodec<UserConnection>(sealer, userMeta);
  }

  get(teamId: string, slackUserId: string): Promise<UserConnection | null> {
    return this.codec.get(this.redis, keys.user(teamId, slackUserId));
  }

  async put(conn: UserConnection): Promise<void> {
    await this.codec.put(this.redis, keys.user(conn.teamId, conn.slackUserId), conn);
    await this.redis.sadd(keys.users(conn.teamId), conn.slackUserId);
  }

  async update(
    teamId: string,
    slackUserId: string,
    change: (c: UserConnection) => UserConnection,
  ): Promise<UserConnection | null> {
    const current = await this.get(teamId, slackUserId);
    if (!current) return null;
    const next = change(current);
    await this.put(next);
    return next;
  }

  async delete(teamId: string, slackUserId: string): Promise<void> {
    await this.redis.multi().del(keys.user(teamId, slackUserId)).srem(keys.users(teamId), slackUserId).exec();
  }

  /** Slack user ids that have a connection record in this workspace. */
  listUserIds(teamId: string): Promise<string[]> {
    return this.redis.smembers(keys.users(teamId));
  }
}
