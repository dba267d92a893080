import type { Redis } from 'ioredis';
import { z } from 'zod';
import { PERSONAL_REASONS, type PersonalReason } from '../notify/personal.js';
import { keys } from './redis.js';

export const notifyPrefsSchema = z.object({
  assigned: z.boolean().default(true),
  mentioned: z.boolean().default(true),
  watching: z.boolean().default(true),
  reported: z.boolean().default(true),
});

/** Which personal DMs a user wants; every kind is on until they turn it off. */
export type NotifyPrefs = z.infer<typeof notifyPrefsSchema>;

export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = notifyPrefsSchema.parse({});

/** Personal notification preferences, one small record per Slack user. */
export class NotifyPrefsStore {
  constructor(private readonly redis: Redis) {}

  async get(teamId: string, slackUserId: string): Promise<NotifyPrefs> {
    const raw = await this.redis.get(keys.notifyPrefs(teamId, slackUserId));
    if (!raw) return { ...DEFAULT_NOTIFY_PREFS };
    const parsed = notifyPrefsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : { ...DEFAULT_NOTIFY_PREFS };
  }

  /** Turns `kinds` (all when omitted) on or off; returns the result. */
  async set(teamId: string, slackUserId: string, on: boolean, kinds?: readonly PersonalReason[]): Promise<NotifyPrefs> {
    const next = { ...(await this.get(teamId, slackUserId)) };
    for (const k of kinds ?? PERSONAL_REASONS) next[k] = on;
    await this.redis.set(keys.notifyPrefs(teamId, slackUserId), JSON.stringify(next));
    return next;
  }
}
