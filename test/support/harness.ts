import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createJiraBridge, type JiraBridge } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import type { NotificationOptions } from '../../src/notify/queue.js';
import { Sealer } from '../../src/store/crypto.js';
import { createRedis, deleteByPrefix } from '../../src/store/redis.js';
import { type BrowserVisit, browse, linkIn, pageText } from './browser.js';
import { testConfig } from './config.js';
import { type JiraEmulator, startJiraEmulator } from './jira/emulator.js';
import { REDIS_URL } from './redis.js';
import { type SlackEmulator, startSlackEmulator } from './slack/index.js';

/** How long to wait for the app's asynchronous replies: generous, since CI shares two cores. */
export const WAIT_MS = 10_000;

export interface HarnessOptions {
  /** How many app instances share Redis (and the emulators). Default 1. */
  instances?: number;
  /** Extra environment for the app (e.g. JIRA_SITE_URL). */
  env?: Record<string, string | undefined>;
  /** Jira emulator options. */
  jira?: Parameters<typeof startJiraEmulator>[0];
  logLevel?: string;
  /** Notification queue tuning, e.g. short lock durations to test crash recovery. */
  notifications?: NotificationOptions;
}

/**
 * The whole app, in-process, wired to the Jira and Slack emulators and the real Redis under a fresh key
 * prefix. Tests drive it only as Slack and a browser would and read outcomes from the emulators.
 */
export class Harness {
  private constructor(
    readonly jira: JiraEmulator,
    readonly slack: SlackEmulator,
    readonly apps: JiraBridge[],
    readonly redis: Redis,
    readonly prefix: string,
    private readonly opts: HarnessOptions,
  ) {}

  /** Starts one more instance on the same Redis and emulators (a restart after a crash, say). */
  async addInstance(): Promise<JiraBridge> {
    const app = await startApp(this.jira, this.slack, createRedis(REDIS_URL, this.prefix), this.opts, '');
    this.apps.push(app);
    return app;
  }

  get app(): JiraBridge {
    return this.apps[0]!;
  }

  static async start(opts: HarnessOptions = {}): Promise<Harness> {
    const jira = await startJiraEmulator({ strictContract: true, ...opts.jira });
    const slack = await startSlackEmulator();
    const prefix = `jbtest:h:${randomBytes(6).toString('hex')}:`;
    const apps: JiraBridge[] = [];
    const redis = createRedis(REDIS_URL, prefix);
    // Instances share Redis, so they must share the sealing key like a real deployment does.
    opts = { ...opts, env: { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...opts.env } };
    try {
      const n = opts.instances ?? 1;
      for (let i = 0; i < n; i++) {
        // Each instance gets its own Redis connection, like separate processes would.
        const own = createRedis(REDIS_URL, prefix);
        const bridge = await startApp(jira, slack, own, opts, 'http://127.0.0.1:0');
        apps.push(bridge);
      }
    } catch (err) {
      await jira.close();
      await slack.close();
      throw err;
    }
    slack.setAppUrl(apps[0]!.deps.config.publicUrl);
    return new Harness(jira, slack, apps, redis, prefix, opts);
  }

  /** The app's public URL (instance 0); Slack requests and browsers go here. */
  get url(): string {
    return this.app.deps.config.publicUrl;
  }

  /** Sends Slack's requests to another instance from now on. */
  useInstance(i: number): void {
    this.slack.setAppUrl(this.apps[i]!.deps.config.publicUrl);
  }

  /**
   * Opens a URL button's link in a browser as `accountId` would, through Atlassian's consent, and
   * answers "Yes, connect" on the confirmation page a person's own connection shows.
   */
  async consent(url: string, accountId: string): Promise<BrowserVisit & { text: string }> {
    this.jira.consentAs(accountId);
    let visit = await browse(url);
    const confirm = linkIn(visit.body, 'Yes, connect');
    if (confirm) visit = await browse(confirm);
    return { ...visit, text: pageText(visit.body) };
  }

  /** Opens Home as `slackUser` and clicks `label`, following the link as `accountId` in the browser. */
  async clickHomeLink(slackUser: string, label: string, accountId: string): Promise<BrowserVisit & { text: string }> {
    // Links in Home are single use: wait for the publish this open causes, not an older one.
    const published = this.slack.callsTo('views.publish').length;
    await this.slack.openHome(slackUser);
    await this.slack.waitFor(() => this.slack.callsTo('views.publish').length > published || undefined, {
      timeoutMs: WAIT_MS,
    });
    const home = await this.waitForHome(slackUser, (v) => JSON.stringify(v.blocks).includes(label));
    const click = await this.slack.click(slackUser, { viewId: home.id }, label);
    if (!click.url) throw new Error(`"${label}" on ${slackUser}'s Home is not a link`);
    return this.consent(click.url, accountId);
  }

  /** Waits until `user`'s latest Home tab satisfies `pred`. */
  async waitForHome(user: string, pred: (v: { id: string; blocks: unknown[] }) => boolean = () => true) {
    return this.slack.waitFor(
      () => {
        const v = this.slack.homeOf(user);
        return v && pred(v) ? v : undefined;
      },
      { timeoutMs: WAIT_MS, what: `a Home tab for ${user}` },
    );
  }

  /** Connects the service account as `slackAdmin` through Home → Connect service account → consent. */
  async connectService(slackAdmin: string, accountId: string): Promise<string> {
    const page = await this.clickHomeLink(slackAdmin, 'Connect service account', accountId);
    return page.text;
  }

  /** Connects `slackUser`'s own Jira account through `/jira connect` → button → consent. */
  async connectUser(slackUser: string, accountId: string): Promise<string> {
    const res = await this.slack.sendCommand({ user: slackUser, text: 'connect' });
    const reply = await this.slack.waitForResponse(res.responseUrl, undefined, WAIT_MS);
    const url = findUrlButton(reply, 'Connect your Jira account');
    if (!url) throw new Error(`no Connect button in reply: ${JSON.stringify(reply)}`);
    const page = await this.consent(url, accountId);
    return page.text;
  }

  /** Runs a `/jira` command and returns the first reply it posts (or the ack body). */
  async command(user: string, text: string, channel?: string): Promise<Record<string, unknown>> {
    const res = await this.slack.sendCommand({ user, text, channel });
    if (res.body && typeof res.body === 'object' && Object.keys(res.body).length)
      return res.body as Record<string, unknown>;
    return this.slack.waitForResponse(res.responseUrl, undefined, WAIT_MS);
  }

  async close(): Promise<void> {
    for (const a of this.apps) await a.close();
    await this.jira.settled().catch(() => undefined);
    await this.jira.close();
    await this.slack.close();
    await deleteByPrefix(this.redis, this.prefix);
    for (const a of this.apps) a.deps.redis.disconnect();
    this.redis.disconnect();
  }
}

async function startApp(
  jira: JiraEmulator,
  slack: SlackEmulator,
  redis: Redis,
  opts: HarnessOptions,
  _placeholder: string,
): Promise<JiraBridge> {
  // The public URL must be known before the app starts (it is in every link), so reserve the port first.
  const { freePort } = await import('./redis-server.js');
  const port = await freePort();
  const config = testConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    JIRA_CLIENT_ID: jira.clientId,
    JIRA_CLIENT_SECRET: jira.clientSecret,
    ATLASSIAN_AUTH_URL: jira.url,
    ATLASSIAN_API_URL: jira.url,
    ...opts.env,
  });
  const bridge = createJiraBridge({
    config,
    redis,
    log: createLogger(opts.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent'),
    metrics: new Metrics(),
    sealer: new Sealer(config.encryptionKeys),
    notificationOptions: opts.notifications,
  });
  await bridge.listen(port, '127.0.0.1');
  return bridge;
}

/** The URL of a button labelled `label` anywhere in a Slack message or view. */
export function findUrlButton(surface: unknown, label: string): string | undefined {
  let found: string | undefined;
  const walk = (x: unknown) => {
    if (found || !x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'button' && typeof o.url === 'string' && (o.text as { text?: string } | undefined)?.text === label) {
      found = o.url;
      return;
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(surface);
  return found;
}

export { pageText };
