import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from './redis.js';

// Deletes the lock only if we still hold it, so a lock that expired and was re-taken isn't released by us.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

/** A cross-process mutex on Redis (SET NX PX with an owner token). */
export class RedisLock {
  constructor(
    private readonly redis: Redis,
    private readonly pollMs = 25,
  ) {}

  async tryAcquire(name: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const token = randomBytes(12).toString('hex');
    const key = keys.lock(name);
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return async () => {
      await this.redis.eval(RELEASE, 1, key, token);
    };
  }

  /** Resolves once `name` is free (released or expired), without taking it. */
  async waitUntilFree(name: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.redis.exists(keys.lock(name))) === 1) {
      if (Date.now() > deadline) throw new LockTimeoutError(`lock ${name} still held after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }
}
