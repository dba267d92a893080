import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Sealer } from './crypto.js';
import { SealedRecordCodec, type TokenSet } from './records.js';
import { keys } from './redis.js';

const pendingMeta = z.object({
  teamId: z.string(),
  slackUserId: z.string(),
  sites: z.array(z.object({ id: z.string(), url: z.string(), name: z.string() })),
  /** Set once a site was chosen and only a confirmation (change of site) is missing. */
  cloudId: z.string().optional(),
  /** `user`: a person's own connection awaiting "yes, this is me"; otherwise the service account. */
  kind: z.enum(['service', 'user']).optional(),
  /** For `user`: the Jira account the consent was given as. */
  account: z.object({ accountId: z.string(), displayName: z.string() }).optional(),
});

/** A consent waiting for one more answer: the admin's choice of site or change of site, or a person's "this is me". */
export type PendingConnection = z.infer<typeof pendingMeta> & { tokens: TokenSet };

/** Short-lived, single use; the tokens inside are sealed like every other token. */
export class PendingConnectionStore {
  private readonly codec: SealedRecordCodec<PendingConnection>;
  constructor(
    private readonly redis: Redis,
    sealer: Sealer,
    private readonly ttlSec = 600,
  ) {
    this.codec = new SealedRecordCodec<PendingConnection>(sealer, pendingMeta);
  }

  async create(p: PendingConnection): Promise<string> {
    const id = randomBytes(24).toString('base64url');
    const key = keys.pendingConnection(id);
    await this.redis.set(key, this.codec.encode(key, p), 'EX', this.ttlSec);
    return id;
  }

  async consume(id: string): Promise<PendingConnection | null> {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(id)) return null;
    const key = keys.pendingConnection(id);
    const raw = await this.redis.getdel(key);
    return raw ? this.codec.decode(key, raw) : null;
  }
}
