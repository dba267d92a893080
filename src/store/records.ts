import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Sealer } from './crypto.js';

/** OAuth tokens of one connection. Only ever stored sealed. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
}

const tokenSetSchema = z.object({ accessToken: z.string(), refreshToken: z.string(), expiresAt: z.number() });

/**
 * Reads and writes a JSON record whose `tokens` member is sealed. The record's own key is the sealing
 * context, so sealed tokens cannot be moved from one record to another.
 */
export class SealedRecordCodec<T extends { tokens: TokenSet }> {
  constructor(
    private readonly sealer: Sealer,
    private readonly schema: z.ZodType<Omit<T, 'tokens'>>,
  ) {}

  encode(key: string, record: T): string {
    const { tokens, ...rest } = record;
    return JSON.stringify({ ...rest, tokens: this.sealer.seal(JSON.stringify(tokens), key) });
  }

  decode(key: string, raw: string): T {
    const { tokens, ...rest } = JSON.parse(raw) as Record<string, unknown>;
    const meta = this.schema.parse(rest);
    if (typeof tokens !== 'string') throw new Error(`record ${key} has no sealed tokens`);
    const opened = tokenSetSchema.parse(JSON.parse(this.sealer.open(tokens, key)));
    return { ...meta, tokens: opened } as T;
  }

  async get(redis: Redis, key: string): Promise<T | null> {
    const raw = await redis.get(key);
    return raw === null ? null : this.decode(key, raw);
  }

  async put(redis: Redis, key: string, record: T): Promise<void> {
    await redis.set(key, this.encode(key, record));
  }
}
