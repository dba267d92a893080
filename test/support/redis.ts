import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis, deleteByPrefix } from '../../src/store/redis.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis connection under a fresh key prefix; `cleanup` deletes every key it wrote and disconnects. */
export function isolatedRedis(label = 't'): { redis: Redis; prefix: string; cleanup: () => Promise<void> } {
  const prefix = `jbtest:${label}:${randomBytes(6).toString('hex')}:`;
  const redis = createRedis(REDIS_URL, prefix);
  return {
    redis,
    prefix,
    async cleanup() {
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
