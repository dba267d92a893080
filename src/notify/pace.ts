import type { Redis } from 'ioredis';
import { keys } from '../store/redis.js';

// KEYS[1] holds the channel's "virtual clock": when its queue of posts would be through. A post may go
// now while that clock runs less than (burst - 1) intervals ahead; each post moves it one interval on.
const TAKE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local t = tonumber(redis.call('get', KEYS[1]) or '0')
if t < now then t = now end
local ahead = t - now
local allowed = interval * (burst - 1)
if ahead > allowed then return ahead - allowed end
redis.call('set', KEYS[1], tostring(t + interval), 'PX', ahead + interval + 1000)
return 0
`;

/**
 * Slack takes about one message per second per channel. Paces posts per channel across every process:
 * answers 0 when a post may go now (and counts it), else how many ms to wait.
 */
export async function takePostSlot(
  redis: Redis,
  teamId: string,
  channel: string,
  opts: { now: number; intervalMs: number; burst: number },
): Promise<number> {
  const wait = await redis.eval(
    TAKE,
    1,
    keys.channelPace(teamId, channel),
    String(opts.now),
    String(opts.intervalMs),
    String(opts.burst),
  );
  return Number(wait);
}

/**
 * Pushes a channel's clock out after Slack said "rate limited": no post may go before `untilMs` (the
 * burst allowance is added so that even the first one waits).
 */
export async function holdChannel(
  redis: Redis,
  teamId: string,
  channel: string,
  untilMs: number,
  opts: { now: number; intervalMs: number; burst: number },
): Promise<void> {
  const clock = untilMs + opts.intervalMs * (opts.burst - 1);
  // Never moves the clock back: another worker may have pushed it further already.
  await redis.eval(
    HOLD,
    1,
    keys.channelPace(teamId, channel),
    String(clock),
    String(Math.max(1000, clock - opts.now + 1000)),
  );
}

const HOLD = `
local t = tonumber(redis.call('get', KEYS[1]) or '0')
if tonumber(ARGV[1]) > t then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 0
`;
