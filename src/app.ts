import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger as BoltLogger } from '@slack/bolt';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { type AppInput, buildDeps, type Deps } from './deps.js';
import { healthRoutes } from './http/health.js';
import { jiraOAuthRoutes } from './http/jira-oauth.js';
import { jiraWebhookRoutes } from './http/jira-webhooks.js';
import { createHttpServer, drain, type Route } from './http/server.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import { register as registerActions } from './slack/actions/index.js';
import { register as registerCommands } from './slack/commands/index.js';
import { register as registerEvents } from './slack/events/index.js';
import { register as registerShortcuts } from './slack/shortcuts/index.js';
import { register as registerViews } from './slack/views/index.js';
import { RedisInstallationStore } from './store/installations.js';

export interface JiraBridge {
  app: App;
  deps: Deps;
  server: Server;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, drains in-flight requests, stops background work. Does not close Redis (the owner does). */
  close(): Promise<void>;
}

/** Registers every listener kind; the manifest test drives this with a recording app. */
export function registerListeners(app: App, deps: Deps): void {
  registerActions(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerShortcuts(app, deps);
  registerViews(app, deps);
}

/** Builds the whole app from injected dependencies. No I/O happens until `listen`. */
export function createJiraBridge(input: AppInput, extraRoutes: Route[] = []): JiraBridge {
  const { config, log, metrics, redis } = input;
  instrumentRedis(redis, metrics);
  const slackFetch = instrumentedFetch(metrics);
  const clientOptions = { slackApiUrl: config.slack.apiUrl, fetch: slackFetch };
  const logger = boltLogger(log);
  const multiWorkspace = !config.slack.botToken;
  const installationStore = new RedisInstallationStore(redis, input.sealer);
  const oauth = multiWorkspace
    ? {
        clientId: config.slack.clientId,
        clientSecret: config.slack.clientSecret,
        stateSecret: config.slack.stateSecret,
        scopes: BOT_SCOPES,
        installationStore,
        installerOptions: { directInstall: true },
      }
    : {};
  // Work that starts outside a Slack request (DMs, Home refreshes, notifications) needs a client per
  // workspace. Read from the installation each time: a reinstall brings a new token.
  const slackFor = async (teamId: string): Promise<WebClient> => {
    if (!multiWorkspace) return app.client;
    const install = await installationStore.fetchInstallation({
      teamId,
      isEnterpriseInstall: false,
      enterpriseId: undefined,
    });
    return new WebClient(install.bot?.token, { ...clientOptions, logger });
  };
  const deps: Deps = buildDeps(input, slackFor);

  let receiver: HTTPReceiver | SocketModeReceiver;
  if (config.slack.appToken) {
    receiver = new SocketModeReceiver({ appToken: config.slack.appToken, logger, ...oauth });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret,
      endpoints: ['/slack/events'],
      logger,
      ...oauth,
      // Our own server answers unknown paths; Bolt's 3-second ack timer stays.
    });
  }
  const app = new App({
    receiver,
    logger,
    clientOptions,
    ...(multiWorkspace ? {} : { token: config.slack.botToken }),
  });
  registerListeners(app, deps);
  app.error(async (err) => {
    log.error({ err }, 'unhandled Slack listener error');
  });

  const routes = [
    ...healthRoutes(redis, metrics),
    ...jiraOAuthRoutes(deps),
    ...jiraWebhookRoutes(deps),
    ...extraRoutes,
  ];
  const server = createHttpServer({
    routes,
    slack: receiver instanceof HTTPReceiver ? receiver.requestListener : undefined,
    metrics,
    log,
  });

  return {
    app,
    deps,
    server,
    async listen(port = config.port, host?: string) {
      if (receiver instanceof SocketModeReceiver) await receiver.start();
      await deps.notifications.start();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return server.address() as AddressInfo;
    },
    async close() {
      await drain(server);
      // After the server: a delivery accepted during the drain is queued before the workers stop.
      await deps.notifications.close();
      if (receiver instanceof SocketModeReceiver) await receiver.stop();
    },
  };
}

export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'links:read',
  'links:write',
  'users:read',
  'users:read.email',
  'im:write',
];

/** Counts every Slack Web API call by method and status; the WebClient's own fetch otherwise. */
function instrumentedFetch(metrics: Metrics): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = url.split('/').pop()?.split('?')[0] ?? 'unknown';
    try {
      const res = await fetch(input, init);
      metrics.slackCalls.inc({ method, status: String(res.status) });
      return res;
    } catch (err) {
      metrics.slackCalls.inc({ method, status: 'error' });
      throw err;
    }
  };
}

function instrumentRedis(redis: AppInput['redis'], metrics: Metrics): void {
  const marked = redis as typeof redis & { __jbInstrumented?: boolean };
  if (marked.__jbInstrumented) return;
  marked.__jbInstrumented = true;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command, stream) => {
    metrics.redisCommands.inc({ command: command.name });
    return send(command, stream);
  }) as typeof redis.sendCommand;
  redis.on('error', () => metrics.redisErrors.inc());
}

/** Bolt logs through our JSON logger. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => child.debug({ bolt: m.map(String).join(' ') }),
    info: (...m: unknown[]) => child.info({ bolt: m.map(String).join(' ') }),
    warn: (...m: unknown[]) => child.warn({ bolt: m.map(String).join(' ') }),
    error: (...m: unknown[]) => child.error({ bolt: m.map(String).join(' ') }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
