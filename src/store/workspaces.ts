import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Sealer } from './crypto.js';
import { SealedRecordCodec, type TokenSet } from './records.js';
import { keys } from './redis.js';

const connectionStatus = z.enum(['ok', 'needs_reauth']);
export type ConnectionStatus = z.infer<typeof connectionStatus>;

const workspaceMeta = z.object({
  teamId: z.string(),
  cloudId: z.string(),
  siteUrl: z.string(),
  siteName: z.string(),
  accountId: z.string(),
  displayName: z.string(),
  /** Bumped whenever the service account changes; user connections of another generation are never used. */
  generation: z.number().int(),
  isJiraAdmin: z.boolean(),
  /** When ADMINISTER was last confirmed with Jira (re-checked when an admin opens Home). */
  adminCheckedAt: z.string().optional(),
  status: connectionStatus,
  connectedBy: z.string(),
  connectedAt: z.string(),
  /** When admins were last told the service account is broken (so they are told once). */
  brokenNotifiedAt: z.string().optional(),
  webhook: z
    .object({
      ids: z.array(z.number()),
      jqlFilter: z.string().optional(),
      expiresAt: z.string().optional(),
      error: z.string().optional(),
      checkedAt: z.string().optional(),
    })
    .optional(),
});

/** The workspace's service account ("main authorized user"). */
export type WorkspaceConnection = z.infer<typeof workspaceMeta> & { tokens: TokenSet };

/** Stores each Slack workspace's service-account connection, tokens sealed. */
export class WorkspaceStore {
  private readonly codec: SealedRecordCodec<WorkspaceConnection>;
  constructor(
    private readonly redis: Redis,
    sealer: Sealer,
  ) {
    this.codec = new SealedRecordCodec<WorkspaceConnection>(sealer, workspaceMeta);
  }

  get(teamId: string): Promise<WorkspaceConnection | null> {
    return this.codec.get(this.redis, keys.workspace(teamId));
  }

  put(conn: WorkspaceConnection): Promise<void> {
    return this.codec.put(this.redis, keys.workspace(conn.teamId), conn);
  }

  /** Applies a change to the stored record (read, change, write); returns the result or null if none. */
  async update(
    teamId: string,
    change: (c: WorkspaceConnection) => WorkspaceConnection,
  ): Promise<WorkspaceConnection | null> {
    const current = await this.get(teamId);
    if (!current) return null;
    const next = change(current);
    await this.put(next);
    return next;
  }

  async delete(teamId: string): Promise<void> {
    await this.redis.del(keys.workspace(teamId));
  }
}
