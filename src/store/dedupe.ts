import type { Redis } from 'ioredis';
import { keys } from './redis.js';

/** "Have we seen this before?" markers that expire on their own. */
export class DedupeStore {
  constructor(private readonly redis: Redis) {}

  /** True exactly once per (kind, id) within the TTL, across every process sharing Redis. */
  async firstTime(kind: string, id: string, ttlSec: number): Promise<boolean> {
    const ok = await this.redis.set(keys.dedupe(kind, id), '1', 'EX', ttlSec, 'NX');
    return ok === 'OK';
  }

  /** Forgets a marker, e.g. when the work it guarded failed and must be retried. */
  async forget(kind: string, id: string): Promise<void> {
    await this.redis.del(keys.dedupe(kind, id));
  }
}
