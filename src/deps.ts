import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { ConnectFlow } from './access/connect.js';
import { AccessGate } from './access/gate.js';
import { type ConnectionRef, ConnectionTokens } from './access/tokens.js';
import { UserMap } from './access/user-map.js';
import type { Config } from './config.js';
import type { CodedError } from './errors.js';
import { accessibleResources, createJiraClient, type JiraClient } from './jira/client.js';
import { JiraHttp, type TokenSource } from './jira/http.js';
import { JiraOAuth } from './jira/oauth.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import { type NotificationOptions, Notifications } from './notify/queue.js';
import { isWorkspaceAdmin } from './slack/admins.js';
import { Notices } from './slack/notices.js';
import { PreviewSignals } from './slack/preview-signals.js';
import type { Sealer } from './store/crypto.js';
import { DedupeStore } from './store/dedupe.js';
import { RedisLock } from './store/lock.js';
import { NotifyPrefsStore } from './store/notify-prefs.js';
import { OAuthStateStore } from './store/oauth-state.js';
import { PendingConnectionStore } from './store/pending-connections.js';
import { SearchPageStore } from './store/search-pages.js';
import { SettingsStore } from './store/settings.js';
import { SubscriptionStore } from './store/subscriptions.js';
import { UserConnectionStore } from './store/user-connections.js';
import { WorkspaceStore } from './store/workspaces.js';
import { translateError } from './translate-error.js';

/** What the process hands the app: configuration and the I/O it owns. */
export interface AppInput {
  config: Config;
  redis: Redis;
  log: Logger;
  metrics: Metrics;
  sealer: Sealer;
  /** Injected clock (tests freeze it). */
  now?: () => number;
  /** Injected waits for Jira retries (tests record them instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** Notification queue tuning (tests shorten crash recovery). */
  notificationOptions?: NotificationOptions;
}

export interface Stores {
  workspaces: WorkspaceStore;
  users: UserConnectionStore;
  settings: SettingsStore;
  oauthState: OAuthStateStore;
  pending: PendingConnectionStore;
  dedupe: DedupeStore;
  subscriptions: SubscriptionStore;
  notifyPrefs: NotifyPrefsStore;
  searchPages: SearchPageStore;
}

/** Everything a listener may use; built once per app from {@link AppInput}. */
export interface Deps extends AppInput {
  now: () => number;
  stores: Stores;
  lock: RedisLock;
  /** The Slack Web API client for a workspace (bot token of that install). */
  slackFor(teamId: string): Promise<WebClient>;
  isAdmin(teamId: string, userId: string): Promise<boolean>;
  jira: {
    oauth: JiraOAuth;
    tokens: ConnectionTokens;
    /** A client that authenticates as a stored connection (refreshing as needed). */
    forRef(ref: ConnectionRef, cloudId: string): JiraClient;
  };
  gate: AccessGate;
  connect: ConnectFlow;
  notices: Notices;
  links: {
    /** A URL that starts Jira consent for this Slack user (a fresh single-use state each time). */
    connect(who: { teamId: string; userId: string }, kind: 'user' | 'service', ttlSec?: number): Promise<string>;
  };
  /** Turns a non-coded failure (e.g. a Jira error) into a coded one, when it has a known meaning. */
  translateError(err: unknown): CodedError | undefined;
  /** Slack user → Jira account (own connection, else exact visible email), cached briefly. */
  userMap: UserMap;
  /** Webhook deliveries → channel posts and DMs, on durable queues; webhook registration. */
  notifications: Notifications;
  /** Announces each handled link_shared event (what was previewed, or why nothing was). */
  previews: PreviewSignals;
}

export function buildDeps(input: AppInput, slackFor: (teamId: string) => Promise<WebClient>): Deps {
  const { config, redis, sealer, metrics } = input;
  const now = input.now ?? Date.now;
  const stores: Stores = {
    workspaces: new WorkspaceStore(redis, sealer),
    users: new UserConnectionStore(redis, sealer),
    settings: new SettingsStore(redis),
    oauthState: new OAuthStateStore(redis),
    pending: new PendingConnectionStore(redis, sealer),
    dedupe: new DedupeStore(redis),
    subscriptions: new SubscriptionStore(redis),
    notifyPrefs: new NotifyPrefsStore(redis),
    searchPages: new SearchPageStore(redis),
  };
  const oauth = new JiraOAuth({
    clientId: config.jira.clientId,
    clientSecret: config.jira.clientSecret,
    authUrl: config.jira.authUrl,
    redirectUri: `${config.publicUrl}/jira/oauth/callback`,
    now,
  });
  const lock = new RedisLock(redis);
  const onCall = (c: { method: string; route: string; status: number | 'error'; ms: number }) => {
    metrics.jiraCalls.inc({ route: c.route, method: c.method, status: String(c.status) });
    metrics.jiraDuration.observe({ route: c.route, method: c.method }, c.ms / 1000);
  };
  const clientFor = (cloudId: string, tokens: TokenSource) =>
    createJiraClient(
      new JiraHttp({
        baseUrl: `${config.jira.apiUrl}/ex/jira/${encodeURIComponent(cloudId)}/rest/api/3`,
        tokens,
        onCall,
        sleep: input.sleep,
        now,
      }),
    );

  // Built in two steps: the token layer tells Notices about broken connections, and Notices needs deps.
  const deps = { ...input, now, stores, lock, slackFor, translateError, previews: new PreviewSignals() } as Deps;
  const notices = new Notices(deps);
  const tokens = new ConnectionTokens({
    workspaces: stores.workspaces,
    users: stores.users,
    lock,
    oauth,
    log: input.log,
    now,
    listener: notices,
  });
  const forRef = (ref: ConnectionRef, cloudId: string) => clientFor(cloudId, tokens.source(ref));
  const isAdmin = async (teamId: string, userId: string) =>
    isWorkspaceAdmin(await slackFor(teamId), stores.settings, teamId, userId);
  const gate = new AccessGate({
    redis,
    workspaces: stores.workspaces,
    users: stores.users,
    settings: stores.settings,
    jiraFor: forRef,
    isAdmin,
  });
  const connect = new ConnectFlow({
    log: input.log,
    now,
    publicUrl: config.publicUrl,
    pinnedSiteUrl: config.jira.siteUrl,
    oauth,
    accessibleResources: (token) => accessibleResources(config.jira.apiUrl, token, { onCall, sleep: input.sleep }),
    jiraWithToken: (cloudId, token) =>
      clientFor(cloudId, { accessToken: async () => token, unauthorized: async () => {} }),
    states: stores.oauthState,
    pending: stores.pending,
    workspaces: stores.workspaces,
    users: stores.users,
    isAdmin,
    slackName: async (teamId, userId) => {
      const u = (await (await slackFor(teamId)).users.info({ user: userId })).user;
      const handle = u?.name ? `@${u.name}` : userId;
      const real = u?.profile?.real_name || u?.real_name;
      return real ? `${real} (${handle})` : handle;
    },
    events: {
      userConnected: async (teamId, userId) => {
        await gate.invalidateUser(teamId, userId);
        const conn = await stores.users.get(teamId, userId);
        if (conn) await deps.notifications.accounts.remember(teamId, conn.accountId, userId);
        await notices.republishHomes(teamId, [userId]);
      },
      serviceConnected: async (ws, previous) => {
        await gate.invalidateWorkspace(ws.teamId);
        // Awaited so webhooks are live when the admin sees "connected"; a failure is stored for Home.
        await deps.notifications.resync(ws.teamId);
        if (previous && previous.generation !== ws.generation) await notices.serviceChanged(ws.teamId, ws.generation);
        await notices.republishHomes(ws.teamId, [ws.connectedBy, ...(await stores.users.listUserIds(ws.teamId))]);
      },
    },
  });
  const links: Deps['links'] = {
    async connect(who, kind, ttlSec) {
      const state = await stores.oauthState.create({ teamId: who.teamId, slackUserId: who.userId, kind }, ttlSec);
      return connect.connectUrl(state);
    },
  };
  const userMap = new UserMap({ redis, users: stores.users, slackFor });
  Object.assign(deps, { isAdmin, jira: { oauth, tokens, forRef }, gate, connect, notices, links, userMap });
  // Built last: it reads the gate, the stores and the lock from deps.
  deps.notifications = new Notifications(deps, input.notificationOptions);
  return deps;
}
