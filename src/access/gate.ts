import type { Redis } from 'ioredis';
import {
  isCodedError,
  NeedsReauthError,
  NotConnectedError,
  NotVisibleError,
  type ShareRefusal,
  WorkspaceBrokenError,
  WorkspaceNotConnectedError,
} from '../errors.js';
import type { JiraClient } from '../jira/client.js';
import { isJiraError } from '../jira/errors.js';
import type { JiraIssue } from '../jira/types.js';
import type { Subscription } from '../notify/subscription.js';
import { keys } from '../store/redis.js';
import type { SettingsStore, WorkspaceSettings } from '../store/settings.js';
import type { UserConnection, UserConnectionStore } from '../store/user-connections.js';
import type { WorkspaceConnection, WorkspaceStore } from '../store/workspaces.js';
import type { ConnectionRef } from './tokens.js';

const ADMIN_RECHECK_MS = 15 * 60_000;

export interface ProjectInfo {
  id: string;
  key: string;
  name: string;
}

export interface Viewer {
  teamId: string;
  userId: string;
}

/**
 * What one Slack user may reach right now. `mode: 'user'` reads with their own token; `anonymous` (only
 * when an admin turned "require Jira authorization" off) reads with the service account's token and
 * never shows an issue that has a security level.
 */
export interface EffectiveAccess {
  mode: 'user' | 'anonymous';
  workspace: WorkspaceConnection;
  user: UserConnection | null;
  settings: WorkspaceSettings;
  /** Effective projects, sorted by key: service ∩ user ∩ settings. */
  projects: ProjectInfo[];
  /** The client to read (and act) with: the user's own, or the service account's in anonymous mode. */
  client: JiraClient;
}

/** Access that may change things: the viewer's own connection and client, never the service account's. */
export type ActorAccess = EffectiveAccess & { mode: 'user'; user: UserConnection };

interface CachedProjects {
  generation: number;
  accountId: string;
  projects: ProjectInfo[];
}

/**
 * The gate: the only place visibility is decided. Effective projects of a user = projects the service
 * account can browse ∩ projects the user can browse ∩ projects the workspace settings allow. Project
 * sets are cached in Redis for a short TTL so a warm request costs no Jira call to decide access;
 * inside those projects Jira's issue security applies because issues are read with the user's token.
 */
export class AccessGate {
  constructor(
    private readonly deps: {
      redis: Redis;
      workspaces: WorkspaceStore;
      users: UserConnectionStore;
      settings: SettingsStore;
      jiraFor: (ref: ConnectionRef, cloudId: string) => JiraClient;
      /** Slack admin or app manager; only an admin's subscription may carry restricted issues. */
      isAdmin?: (teamId: string, userId: string) => Promise<boolean>;
      cacheTtlSec?: number;
    },
  ) {}

  private get ttl(): number {
    return this.deps.cacheTtlSec ?? 300;
  }

  /** The workspace's service-account connection, if it is usable. */
  async workspace(teamId: string): Promise<WorkspaceConnection> {
    const ws = await this.deps.workspaces.get(teamId);
    if (!ws) throw new WorkspaceNotConnectedError();
    if (ws.status !== 'ok') throw new WorkspaceBrokenError();
    return ws;
  }

  serviceClient(ws: WorkspaceConnection): JiraClient {
    return this.deps.jiraFor({ kind: 'service', teamId: ws.teamId }, ws.cloudId);
  }

  /** Effective access of a Slack user; throws the coded reason when they can't use Jira at all. */
  async access(viewer: Viewer): Promise<EffectiveAccess> {
    const ws = await this.workspace(viewer.teamId);
    const [user, settings] = await Promise.all([
      this.deps.users.get(viewer.teamId, viewer.userId),
      this.deps.settings.get(viewer.teamId),
    ]);
    if (user) {
      if (user.generation !== ws.generation) throw new NeedsReauthError('service_account_changed');
      if (user.status !== 'ok') throw new NeedsReauthError('broken');
    } else if (settings.requireAuth) {
      throw new NotConnectedError();
    }
    const service = await this.serviceProjects(ws);
    const allowed = service.filter((p) => projectAllowed(settings, p.key));
    if (!user) {
      return {
        mode: 'anonymous',
        workspace: ws,
        user: null,
        settings,
        projects: allowed,
        client: this.serviceClient(ws),
      };
    }
    const client = this.deps.jiraFor({ kind: 'user', teamId: viewer.teamId, userId: viewer.userId }, ws.cloudId);
    const own = new Set((await this.userProjects(ws, user, client)).map((p) => p.key));
    return { mode: 'user', workspace: ws, user, settings, projects: allowed.filter((p) => own.has(p.key)), client };
  }

  /**
   * The viewer's own usable connection, read from Redis only (no Jira call), so a handler can refuse
   * before spending Slack's 3-second trigger window. Acting on Jira (creating, commenting) always needs
   * one, whatever "require Jira authorization" says: anonymous access only ever reads.
   */
  async requireConnection(viewer: Viewer): Promise<{ workspace: WorkspaceConnection; user: UserConnection }> {
    const ws = await this.workspace(viewer.teamId);
    const user = await this.deps.users.get(viewer.teamId, viewer.userId);
    if (!user) throw new NotConnectedError();
    if (user.generation !== ws.generation) throw new NeedsReauthError('service_account_changed');
    if (user.status !== 'ok') throw new NeedsReauthError('broken');
    return { workspace: ws, user };
  }

  /**
   * Projects the viewer may create issues in: their effective projects ∩ the projects where their own
   * Jira account holds CREATE_ISSUES. Anonymous access may never create.
   */
  async creatableProjects(access: EffectiveAccess): Promise<ProjectInfo[]> {
    if (access.mode !== 'user') throw new NotConnectedError();
    return creatableProjects(access.projects, await access.client.projectsWithPermission('CREATE_ISSUES'));
  }

  /**
   * Reads one issue as the viewer may see it. An issue they can't see answers exactly like one that
   * doesn't exist.
   */
  async requireIssue(
    viewer: Viewer,
    key: string,
    fields: readonly string[],
  ): Promise<{ issue: JiraIssue; access: EffectiveAccess }> {
    const access = await this.access(viewer);
    const issue = await this.readVisibleIssue(access, key, fields);
    if (!issue) throw new NotVisibleError(key.toUpperCase());
    return { issue, access };
  }

  /**
   * Effective access for changing something in Jira. Changes are only ever made with the person's own
   * token, so anonymous access (require-auth off) answers "connect first" instead of acting as the
   * service account.
   */
  async requireActor(viewer: Viewer): Promise<ActorAccess> {
    const access = await this.access(viewer);
    if (access.mode !== 'user' || !access.user) throw new NotConnectedError();
    return access as ActorAccess;
  }

  /** {@link requireIssue} for acting: the viewer's own connection, and an issue they can see. */
  async requireIssueToAct(
    viewer: Viewer,
    key: string,
    fields: readonly string[],
  ): Promise<{ issue: JiraIssue; access: ActorAccess }> {
    const access = await this.requireActor(viewer);
    const issue = await this.readVisibleIssue(access, key, fields);
    if (!issue) throw new NotVisibleError(key.toUpperCase());
    return { issue, access };
  }

  /** The issue if `access` may see it, else null. Reads with the access's own client. */
  async readVisibleIssue(access: EffectiveAccess, key: string, fields: readonly string[]): Promise<JiraIssue | null> {
    const projectKey = key.split('-')[0]?.toUpperCase() ?? '';
    if (!access.projects.some((p) => p.key === projectKey)) return null;
    let issue: JiraIssue;
    try {
      issue = await access.client.getIssue(key, withGateFields(fields));
    } catch (err) {
      if (isJiraError(err) && (err.code === 'not_found' || err.code === 'forbidden')) return null;
      throw err;
    }
    return this.visible(access, issue) ? issue : null;
  }

  /** Final check on an issue read from Jira: its project (it may have moved) and, anonymously, its security. */
  visible(access: EffectiveAccess, issue: JiraIssue): boolean {
    if (!access.projects.some((p) => p.key === issue.fields.project.key)) return false;
    if (access.mode === 'anonymous' && issue.fields.security) return false;
    return true;
  }

  /**
   * Whether an issue the viewer can see may be shown to a whole channel: never when it has a security
   * level (a channel's members are not that level's members), nor when previews are off.
   */
  channelShareRefusal(access: EffectiveAccess, issue: JiraIssue): ShareRefusal | null {
    return channelShareRefusal(access.settings, issue);
  }

  /**
   * The poster's access when links they post may be previewed in a channel, else why not. Previews are
   * read with the poster's own account, so an unconnected poster gets none even when "require Jira
   * authorization" is off: the service account never reads for a channel on someone's behalf.
   */
  async previewAccess(viewer: Viewer): Promise<{ access: EffectiveAccess } | { refused: PreviewRefusal }> {
    // Settings first: with previews off, no Jira call is made at all.
    if ((await this.deps.settings.get(viewer.teamId)).previews === 'off') return { refused: 'previews_off' };
    let access: EffectiveAccess;
    try {
      access = await this.access(viewer);
    } catch (err) {
      if (err instanceof NotConnectedError) return { refused: 'not_connected' };
      if (err instanceof NeedsReauthError) return { refused: 'needs_reauth' };
      if (err instanceof WorkspaceNotConnectedError || err instanceof WorkspaceBrokenError) {
        return { refused: 'unavailable' };
      }
      throw err;
    }
    if (access.mode !== 'user') return { refused: 'not_connected' };
    if (access.settings.previews === 'off') return { refused: 'previews_off' };
    return { access };
  }

  /**
   * Whether a link preview of `issue` may be shown to a channel (everyone in it sees it): the poster,
   * connected, can see it, and it has no security level.
   */
  previewable(access: EffectiveAccess, issue: JiraIssue): boolean {
    return previewableIssue(access, issue) && this.visible(access, issue);
  }

  /**
   * Whether a channel subscribed through `sub` may be shown this issue right now: the subscription is
   * live and for the issue's project, the workspace settings still allow the project, the service
   * account can still browse it, and the issue has no security level unless an admin opened this
   * subscription to restricted issues. `issue` is what the service account read for this event.
   */
  async channelMayShow(
    teamId: string,
    sub: Pick<Subscription, 'projectKey' | 'includeSecurityLevel' | 'disabled' | 'createdBy'>,
    issue: { projectKey: string; securityLevel: string | null },
  ): Promise<boolean> {
    const project = issue.projectKey.toUpperCase();
    if (sub.disabled || sub.projectKey.toUpperCase() !== project) return false;
    if (issue.securityLevel !== null) {
      if (!sub.includeSecurityLevel) return false;
      // The admin who opened this channel to restricted issues must still be one.
      if (!this.deps.isAdmin || !(await this.deps.isAdmin(teamId, sub.createdBy).catch(() => false))) return false;
    }
    let ws: WorkspaceConnection;
    try {
      ws = await this.workspace(teamId);
    } catch (err) {
      if (isCodedError(err)) return false;
      throw err;
    }
    if (!projectAllowed(await this.deps.settings.get(teamId), project)) return false;
    return (await this.serviceProjects(ws)).some((p) => p.key.toUpperCase() === project);
  }

  /**
   * Whether a Slack user may be told about an issue in a DM: they are connected (anonymous access never
   * gets DMs) and reading the issue with their own token succeeds within their effective projects.
   */
  async userMaySee(teamId: string, slackUserId: string, key: string): Promise<boolean> {
    let access: EffectiveAccess;
    try {
      access = await this.access({ teamId, userId: slackUserId });
    } catch (err) {
      if (isCodedError(err)) return false;
      throw err;
    }
    if (access.mode !== 'user') return false;
    return (await this.readVisibleIssue(access, key, ['security'])) !== null;
  }

  /**
   * The service account may lose "Administer Jira" after it was connected; admins should see that on
   * Home. Asked of Jira at most every 15 minutes (when an admin looks); returns the current record.
   */
  async recheckServiceAdmin(
    ws: WorkspaceConnection,
    now: number,
    log: { warn(o: object, msg: string): void },
  ): Promise<WorkspaceConnection> {
    const last = ws.adminCheckedAt ? Date.parse(ws.adminCheckedAt) : 0;
    if (ws.status !== 'ok' || now - last < ADMIN_RECHECK_MS) return ws;
    try {
      const perms = await this.serviceClient(ws).myPermissions(['ADMINISTER']);
      const isJiraAdmin = Boolean(perms.ADMINISTER);
      const adminCheckedAt = new Date(now).toISOString();
      return (await this.deps.workspaces.update(ws.teamId, (c) => ({ ...c, isJiraAdmin, adminCheckedAt }))) ?? ws;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not re-check the service account’s Jira admin permission');
      // A 401 just marked the connection broken: show that, not the record read before.
      return (await this.deps.workspaces.get(ws.teamId)) ?? ws;
    }
  }

  /** Projects the service account can browse (cached). */
  async serviceProjects(ws: WorkspaceConnection): Promise<ProjectInfo[]> {
    const key = keys.accessWorkspace(ws.teamId);
    const cached = await this.readCache(key);
    if (cached && cached.generation === ws.generation && cached.accountId === ws.accountId) return cached.projects;
    const projects = toInfo(await this.serviceClient(ws).browsableProjects());
    await this.writeCache(key, { generation: ws.generation, accountId: ws.accountId, projects });
    return projects;
  }

  private async userProjects(
    ws: WorkspaceConnection,
    user: UserConnection,
    client: JiraClient,
  ): Promise<ProjectInfo[]> {
    const key = keys.accessUser(user.teamId, user.slackUserId);
    const cached = await this.readCache(key);
    if (cached && cached.generation === ws.generation && cached.accountId === user.accountId) return cached.projects;
    const projects = toInfo(await client.browsableProjects());
    await this.writeCache(key, { generation: ws.generation, accountId: user.accountId, projects });
    return projects;
  }

  /** Forget a user's cached projects (connect, disconnect, re-authorization). */
  async invalidateUser(teamId: string, userId: string): Promise<void> {
    await this.deps.redis.del(keys.accessUser(teamId, userId));
  }

  /** Forget every cached project set of a workspace (change of main authorized user). */
  async invalidateWorkspace(teamId: string): Promise<void> {
    const users = await this.deps.users.listUserIds(teamId);
    await this.deps.redis.del(keys.accessWorkspace(teamId), ...users.map((u) => keys.accessUser(teamId, u)));
  }

  private async readCache(key: string): Promise<CachedProjects | null> {
    const raw = await this.deps.redis.get(key);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as CachedProjects;
    } catch {
      return null;
    }
  }

  private async writeCache(key: string, value: CachedProjects): Promise<void> {
    await this.deps.redis.set(key, JSON.stringify(value), 'EX', this.ttl);
  }
}

/** Whether the workspace settings allow a project (allow-list wins when set; otherwise the ban list). */
export function projectAllowed(settings: WorkspaceSettings, projectKey: string): boolean {
  const key = projectKey.toUpperCase();
  if (settings.allowedProjects.length) return settings.allowedProjects.some((k) => k.toUpperCase() === key);
  return !settings.bannedProjects.some((k) => k.toUpperCase() === key);
}

/** See {@link AccessGate.channelShareRefusal}. */
export function channelShareRefusal(settings: WorkspaceSettings, issue: JiraIssue): ShareRefusal | null {
  if (issue.fields.security) return 'security_level';
  if (settings.previews === 'off') return 'previews_off';
  return null;
}

/** Why links a person posts get no preview. */
export type PreviewRefusal = 'previews_off' | 'not_connected' | 'needs_reauth' | 'unavailable';

/**
 * The channel rules of {@link AccessGate.previewable}, apart from the project check of `visible`: read
 * with the poster's own account (never anonymously), and nothing a channel may not be shown.
 */
export function previewableIssue(access: Pick<EffectiveAccess, 'mode' | 'settings'>, issue: JiraIssue): boolean {
  return access.mode === 'user' && channelShareRefusal(access.settings, issue) === null;
}

/** See {@link AccessGate.creatableProjects}: effective projects that Jira also lists under CREATE_ISSUES. */
export function creatableProjects(
  effective: readonly ProjectInfo[],
  permitted: ReadonlyArray<{ key: string }>,
): ProjectInfo[] {
  const can = new Set(permitted.map((p) => p.key.toUpperCase()));
  return effective.filter((p) => can.has(p.key.toUpperCase()));
}

/** The gate always needs the project and security level to decide; callers needn't remember to ask. */
export function withGateFields(fields: readonly string[]): string[] {
  return [...new Set([...fields, 'project', 'security'])];
}

function toInfo(projects: Array<{ id: string; key: string; name: string }>): ProjectInfo[] {
  return projects.map((p) => ({ id: p.id, key: p.key, name: p.name })).sort((a, b) => a.key.localeCompare(b.key));
}
