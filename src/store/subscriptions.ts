import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Subscription, subscriptionSchema } from '../notify/subscription.js';
import { keys } from './redis.js';

/**
 * Channel subscriptions: one JSON record each, indexed by workspace, channel and project so a webhook
 * event reads only its project's subscriptions and `/jira subscriptions` only its channel's.
 */
export class SubscriptionStore {
  constructor(private readonly redis: Redis) {}

  /** A short id people can type in `/jira unsubscribe <id>`. */
  static newId(): string {
    return randomBytes(4).toString('hex');
  }

  async get(teamId: string, id: string): Promise<Subscription | null> {
    const raw = await this.redis.get(keys.subscription(teamId, id));
    if (!raw) return null;
    const parsed = subscriptionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async put(sub: Subscription): Promise<void> {
    const s = subscriptionSchema.parse(sub);
    const previous = await this.get(s.teamId, s.id);
    const m = this.redis.multi();
    if (previous && previous.projectKey !== s.projectKey) {
      m.srem(keys.subscriptionsByProject(s.teamId, previous.projectKey.toUpperCase()), s.id);
    }
    m.set(keys.subscription(s.teamId, s.id), JSON.stringify(s))
      .sadd(keys.subscriptions(s.teamId), s.id)
      .sadd(keys.subscriptionsByChannel(s.teamId, s.channelId), s.id)
      .sadd(keys.subscriptionsByProject(s.teamId, s.projectKey.toUpperCase()), s.id);
    await m.exec();
  }

  /** Removes a subscription and its index entries; returns what was removed. */
  async delete(teamId: string, id: string): Promise<Subscription | null> {
    const sub = await this.get(teamId, id);
    const m = this.redis.multi().del(keys.subscription(teamId, id)).srem(keys.subscriptions(teamId), id);
    if (sub) {
      m.srem(keys.subscriptionsByChannel(teamId, sub.channelId), id).srem(
        keys.subscriptionsByProject(teamId, sub.projectKey.toUpperCase()),
        id,
      );
    }
    await m.exec();
    return sub;
  }

  /** Marks a subscription as failing for good (archived channel, app removed, …); it stops matching. */
  async disable(teamId: string, id: string, reason: string, at: string): Promise<Subscription | null> {
    const sub = await this.get(teamId, id);
    if (!sub || sub.disabled) return null;
    const next = { ...sub, disabled: { reason, at } };
    await this.put(next);
    return next;
  }

  listByChannel(teamId: string, channelId: string): Promise<Subscription[]> {
    return this.load(teamId, this.redis.smembers(keys.subscriptionsByChannel(teamId, channelId)));
  }

  listByProject(teamId: string, projectKey: string): Promise<Subscription[]> {
    return this.load(teamId, this.redis.smembers(keys.subscriptionsByProject(teamId, projectKey.toUpperCase())));
  }

  /** How many subscriptions the workspace has (one SCARD, for the admins' Home). */
  count(teamId: string): Promise<number> {
    return this.redis.scard(keys.subscriptions(teamId));
  }

  listAll(teamId: string): Promise<Subscription[]> {
    return this.load(teamId, this.redis.smembers(keys.subscriptions(teamId)));
  }

  private async load(teamId: string, ids: Promise<string[]>): Promise<Subscription[]> {
    const list = (await ids).sort();
    if (list.length === 0) return [];
    const out: Subscription[] = [];
    // MGET in chunks: a busy project can have thousands of subscriptions.
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      const raws = await this.redis.mget(...chunk.map((id) => keys.subscription(teamId, id)));
      for (const raw of raws) {
        if (!raw) continue;
        const parsed = subscriptionSchema.safeParse(JSON.parse(raw));
        if (parsed.success) out.push(parsed.data);
      }
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
