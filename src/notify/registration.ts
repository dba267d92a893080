import type { Redis } from 'ioredis';
import { type AccessGate, projectAllowed } from '../access/gate.js';
import { isCodedError } from '../errors.js';
import { isJiraError } from '../jira/errors.js';
import { jqlList } from '../jira/jql.js';
import type { Logger } from '../log.js';
import type { RedisLock } from '../store/lock.js';
import { keys } from '../store/redis.js';
import type { SettingsStore } from '../store/settings.js';
import type { WorkspaceConnection, WorkspaceStore } from '../store/workspaces.js';

/** Every event notifications can act on; one registration set carries them all. */
export const WEBHOOK_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'comment_created',
  'comment_updated',
  'comment_deleted',
] as const;

/** Refresh when less than this is left of Jira's 30 days. */
const REFRESH_WITHIN_MS = 10 * 24 * 3600 * 1000;

/**
 * The webhook filter for a set of project keys, or null when there is nothing to follow. Jira's
 * webhook filters accept only `=`, `!=`, `IN` and `NOT IN`, so it is one `project IN (…)` clause.
 */
export function webhookJql(projectKeys: readonly string[]): string | null {
  const sorted = [...new Set(projectKeys.map((k) => k.toUpperCase()))].sort();
  return sorted.length ? `project IN ${jqlList(sorted)}` : null;
}

export type WebhookState = NonNullable<WorkspaceConnection['webhook']>;

/**
 * Keeps one registration set per workspace in step with what may be followed: every project the
 * service account can browse that the settings allow (channel posts and DMs re-check access anyway,
 * so a broad filter costs deliveries, never leaks). Failures are stored on the workspace record,
 * where the admins' Home tab shows them.
 */
export class WebhookRegistration {
  constructor(
    private readonly deps: {
      redis: Redis;
      lock: RedisLock;
      log: Logger;
      now: () => number;
      publicUrl: string;
      workspaces: WorkspaceStore;
      settings: SettingsStore;
      gate: AccessGate;
    },
  ) {}

  get url(): string {
    return `${this.deps.publicUrl}/jira/webhooks`;
  }

  /** Re-registers when the filter changed or registrations went missing; refreshes ones close to expiry. */
  async sync(teamId: string): Promise<WebhookState | null> {
    const name = `webhooks:${teamId}`;
    let release = await this.deps.lock.tryAcquire(name, 60_000);
    for (let i = 0; !release && i < 3; i++) {
      // Someone else is syncing; their view may predate our change, so go again after them.
      await this.deps.lock.waitUntilFree(name, 60_000);
      release = await this.deps.lock.tryAcquire(name, 60_000);
    }
    if (!release) return null;
    try {
      return await this.syncLocked(teamId);
    } finally {
      await release();
    }
  }

  /** Teams whose registrations these delivery ids belong to; the Jira site decides when no id is known. */
  async teamsFor(webhookIds: readonly number[], cloudId: string | undefined): Promise<string[]> {
    const found = new Set<string>();
    if (webhookIds.length) {
      const teams = await this.deps.redis.mget(...webhookIds.map((id) => keys.webhookTeam(id)));
      for (const t of teams) if (t) found.add(t);
    }
    if (found.size === 0 && cloudId) {
      const teams = await this.deps.redis.smembers(keys.webhookCloudTeams(cloudId));
      // Only unambiguous: two workspaces on one site must be told apart by webhook id.
      if (teams.length === 1) found.add(teams[0] as string);
    }
    return [...found];
  }

  /** Teams with registrations, for the refresh job. */
  teams(): Promise<string[]> {
    return this.deps.redis.smembers(keys.webhookTeams());
  }

  /** Removes this workspace's registrations from Jira and forgets them (the app was uninstalled). */
  async unregister(teamId: string): Promise<void> {
    const { redis, workspaces, gate } = this.deps;
    const ws = await workspaces.get(teamId);
    if (!ws) return;
    const ids = ws.webhook?.ids ?? [];
    if (ids.length && ws.status === 'ok') await gate.serviceClient(ws).deleteWebhooks(ids);
    const forget = redis.multi().srem(keys.webhookTeams(), teamId).srem(keys.webhookCloudTeams(ws.cloudId), teamId);
    for (const id of ids) forget.del(keys.webhookTeam(id));
    await forget.exec();
  }

  private async syncLocked(teamId: string): Promise<WebhookState | null> {
    const { workspaces, settings, gate, log } = this.deps;
    const ws = await workspaces.get(teamId);
    if (ws?.status !== 'ok') return null;
    const checkedAt = new Date(this.deps.now()).toISOString();
    let state: WebhookState;
    try {
      const allowed = await settings.get(teamId);
      const projects = (await gate.serviceProjects(ws)).map((p) => p.key).filter((k) => projectAllowed(allowed, k));
      state = await this.reconcile(ws, webhookJql(projects), checkedAt);
    } catch (err) {
      if (!isJiraError(err) && !isCodedError(err)) throw err;
      log.warn({ err, team: teamId }, 'webhook registration failed');
      state = {
        ...(ws.webhook ?? { ids: [] }),
        error: `Jira refused the webhook registration: ${err.message}`,
        checkedAt,
      };
    }
    await workspaces.update(teamId, (c) => ({ ...c, webhook: state }));
    if (state.error) log.warn({ team: teamId, error: state.error }, 'webhooks not registered');
    return state;
  }

  private async reconcile(ws: WorkspaceConnection, jql: string | null, checkedAt: string): Promise<WebhookState> {
    const { redis } = this.deps;
    const client = this.deps.gate.serviceClient(ws);
    const current = ws.webhook;
    const listed = await client.listWebhooks();
    const currentIds = new Set(current?.ids ?? []);
    const live = listed.filter((w) => currentIds.has(w.id));
    const unchanged =
      jql !== null &&
      current?.jqlFilter === jql &&
      !current.error &&
      live.length === currentIds.size &&
      currentIds.size > 0 &&
      live.every((w) => w.url === this.url && WEBHOOK_EVENTS.every((e) => w.events.includes(e)));
    if (unchanged) {
      const expiry = Math.min(...live.map((w) => (w.expirationDate ? Date.parse(w.expirationDate) : 0)));
      if (expiry - this.deps.now() > REFRESH_WITHIN_MS) return { ...current, checkedAt };
      const { expirationDate } = await client.refreshWebhooks(current.ids);
      return { ...current, expiresAt: expirationDate, checkedAt };
    }

    // Ours, or the app's with no owner we know of (left behind by a crash): replace them.
    const owners = listed.length ? await redis.mget(...listed.map((w) => keys.webhookTeam(w.id))) : [];
    const stale = listed.filter((w, i) => currentIds.has(w.id) || !owners[i] || owners[i] === ws.teamId);
    await client.deleteWebhooks(stale.map((w) => w.id));
    const forget = redis.multi();
    for (const w of stale) forget.del(keys.webhookTeam(w.id));
    await forget.exec();

    if (jql === null) {
      await redis.srem(keys.webhookTeams(), ws.teamId);
      return { ids: [], checkedAt };
    }
    const results = await client.registerWebhooks(this.url, [{ events: [...WEBHOOK_EVENTS], jqlFilter: jql }]);
    const ids = results.flatMap((r) => (r.id === undefined ? [] : [r.id]));
    const errors = results.flatMap((r) => r.errors ?? []);
    const remember = redis.multi();
    for (const id of ids) remember.set(keys.webhookTeam(id), ws.teamId);
    if (ids.length) remember.sadd(keys.webhookTeams(), ws.teamId).sadd(keys.webhookCloudTeams(ws.cloudId), ws.teamId);
    await remember.exec();
    const expiresAt = ids.length
      ? (await client.listWebhooks()).find((w) => ids.includes(w.id))?.expirationDate
      : undefined;
    return {
      ids,
      jqlFilter: jql,
      checkedAt,
      ...(expiresAt ? { expiresAt } : {}),
      ...(errors.length ? { error: `Jira refused the webhook registration: ${errors.join('; ')}` } : {}),
    };
  }
}
