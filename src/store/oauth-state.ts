import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { keys } from './redis.js';

export const oauthStateSchema = z.object({
  teamId: z.string(),
  slackUserId: z.string(),
  /** `service` connects the workspace's service account; `user` connects the asker's own account. */
  kind: z.enum(['service', 'user']),
  /** For a change to another site: the admin confirmed the consequences. */
  allowSiteChange: z.boolean().optional(),
  createdAt: z.number(),
});
export type OAuthState = z.infer<typeof oauthStateSchema>;

/** Pending OAuth consents: random, bound to the Slack team and user who asked, single use, short-lived. */
export class OAuthStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSec = 900,
  ) {}

  /** `ttlSec` is longer only for links sent by DM, which people may read hours later. */
  async create(payload: Omit<OAuthState, 'createdAt'>, ttlSec = this.ttlSec): Promise<string> {
    const state = randomBytes(24).toString('base64url');
    await this.redis.set(keys.oauthState(state), JSON.stringify({ ...payload, createdAt: Date.now() }), 'EX', ttlSec);
    return state;
  }

  /** Returns the payload once; a second call, an unknown state or an expired one returns null. */
  async consume(state: string): Promise<OAuthState | null> {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(state)) return null;
    const raw = await this.redis.getdel(keys.oauthState(state));
    if (!raw) return null;
    const parsed = oauthStateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }
}
