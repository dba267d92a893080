import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { UserUnmappedError } from '../errors.js';
import type { UserApi } from '../jira/client.js';
import type { JiraUser } from '../jira/types.js';
import { keys } from '../store/redis.js';
import type { UserConnectionStore } from '../store/user-connections.js';
import type { WorkspaceConnection } from '../store/workspaces.js';

/** A Slack user's Jira account, and how we know it. */
export interface MappedUser {
  accountId: string;
  displayName: string;
  via: 'connection' | 'email';
}

/** What Slack's `users.info` tells us that matters here. */
export interface SlackProfile {
  name: string;
  email?: string;
}

const cached = z.union([
  z.object({ found: z.literal(true), accountId: z.string(), displayName: z.string() }),
  z.object({ found: z.literal(false), who: z.string(), reason: z.enum(['no_slack_email', 'no_jira_match']) }),
]);
type Cached = z.infer<typeof cached>;

/**
 * The exact-email decision: exactly one active Jira account whose (visible) email equals the Slack
 * email, case-insensitively. A prefix match, a display-name match or two candidates is never a match:
 * assigning an issue to the wrong person is worse than asking.
 */
export function matchByEmail(email: string, candidates: readonly JiraUser[]): JiraUser | undefined {
  const want = email.trim().toLowerCase();
  if (!want) return undefined;
  const exact = candidates.filter((u) => u.active !== false && u.emailAddress?.trim().toLowerCase() === want);
  return exact.length === 1 ? exact[0] : undefined;
}

/** How Slack's `users.info` answer names a person and which email it shares (bots have none). */
export function slackProfile(user: unknown, fallbackId: string): SlackProfile {
  const u = z
    .object({
      name: z.string().optional(),
      real_name: z.string().optional(),
      is_bot: z.boolean().optional(),
      profile: z
        .object({
          first_name: z.string().optional(),
          real_name: z.string().optional(),
          display_name: z.string().optional(),
          email: z.string().optional(),
        })
        .optional(),
    })
    .safeParse(user);
  if (!u.success) return { name: fallbackId };
  const p = u.data.profile ?? {};
  const name =
    [p.first_name, p.display_name, p.real_name, u.data.real_name, u.data.name].find((s) => s?.trim())?.trim() ??
    fallbackId;
  const email = u.data.is_bot ? undefined : p.email?.trim() || undefined;
  return { name, ...(email ? { email } : {}) };
}

/**
 * Slack user → Jira account, never guessed. A person's own connection (made under the current service
 * account) is the truth; otherwise their Slack email (`users:read.email`) must equal exactly one Jira
 * account's visible email. Jira hides most emails (profile visibility), so "not found" is common and
 * says so. Email results, found or not, are cached briefly: a connection made meanwhile wins at once
 * because it is checked first.
 */
export class UserMap {
  constructor(
    private readonly deps: {
      redis: Redis;
      users: UserConnectionStore;
      slackFor: (teamId: string) => Promise<WebClient>;
      foundTtlSec?: number;
      notFoundTtlSec?: number;
    },
  ) {}

  /**
   * Resolves `slackUserId` on the workspace's site. `jira` searches users (the acting person's client:
   * what they may see of others' profiles is what they get).
   */
  async resolve(
    workspace: WorkspaceConnection,
    slackUserId: string,
    jira: Pick<UserApi, 'findUsers'>,
  ): Promise<MappedUser> {
    const own = await this.deps.users.get(workspace.teamId, slackUserId);
    // A connection that needs re-authorization still names the right account; one from another
    // service account's time may be on another site, so it is not trusted.
    if (own && own.generation === workspace.generation && own.cloudId === workspace.cloudId) {
      return { accountId: own.accountId, displayName: own.displayName, via: 'connection' };
    }
    const key = keys.userMap(workspace.teamId, workspace.cloudId, slackUserId);
    const hit = await this.readCache(key);
    const result = hit ?? (await this.lookUp(workspace.teamId, slackUserId, jira));
    if (!hit) {
      const ttl = result.found ? (this.deps.foundTtlSec ?? 600) : (this.deps.notFoundTtlSec ?? 120);
      await this.deps.redis.set(key, JSON.stringify(result), 'EX', ttl);
    }
    if (!result.found) throw new UserUnmappedError(slackUserId, result.who, result.reason);
    return { accountId: result.accountId, displayName: result.displayName, via: 'email' };
  }

  private async lookUp(teamId: string, slackUserId: string, jira: Pick<UserApi, 'findUsers'>): Promise<Cached> {
    const slack = await this.deps.slackFor(teamId);
    let user: unknown;
    try {
      user = (await slack.users.info({ user: slackUserId })).user;
    } catch (err) {
      // Anything else (rate limits, outages) is not an answer about this person, so it is not cached.
      if ((err as { data?: { error?: unknown } }).data?.error !== 'user_not_found') throw err;
    }
    const profile = slackProfile(user, slackUserId);
    if (!profile.email) return { found: false, who: profile.name, reason: 'no_slack_email' };
    const match = matchByEmail(profile.email, await jira.findUsers(profile.email));
    if (!match) return { found: false, who: profile.name, reason: 'no_jira_match' };
    return { found: true, accountId: match.accountId, displayName: match.displayName };
  }

  private async readCache(key: string): Promise<Cached | null> {
    const raw = await this.deps.redis.get(key);
    if (!raw) return null;
    try {
      const parsed = cached.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
