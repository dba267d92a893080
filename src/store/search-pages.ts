import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { keys } from './redis.js';

/** Where a search continues: the person's own words (re-scoped on every page) and Jira's page token. */
export const searchPageStateSchema = z.object({
  /** The text after `/jira search`, as typed. */
  q: z.string().min(1).max(12_000),
  /** Jira's `nextPageToken` for the next page. */
  t: z.string().min(1).max(4000).optional(),
  /** Number of the page this state leads to (2 for the first *More results*). */
  p: z.number().int().min(1).max(10_000),
  /** Short hash of the scoped JQL the token belongs to; a changed scope starts over. */
  h: z.string().min(1).max(64),
});
export type SearchPageState = z.infer<typeof searchPageStateSchema>;

const TTL_SEC = 60 * 60;

/**
 * Search states that don't fit in a button's 2000-character value. Bound to the Slack user who ran the
 * search, so an id is useless to anyone else, and forgotten after an hour.
 */
export class SearchPageStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSec = TTL_SEC,
  ) {}

  async put(teamId: string, userId: string, state: SearchPageState): Promise<string> {
    const id = randomBytes(12).toString('base64url');
    await this.redis.set(keys.searchPage(teamId, userId, id), JSON.stringify(state), 'EX', this.ttlSec);
    return id;
  }

  async get(teamId: string, userId: string, id: string): Promise<SearchPageState | null> {
    const raw = await this.redis.get(keys.searchPage(teamId, userId, id));
    if (!raw) return null;
    try {
      const parsed = searchPageStateSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
