import { WebClient } from '@slack/web-api';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Deps } from '../deps.js';
import { keys } from '../store/redis.js';
import { AccountIndex } from './accounts.js';
import { deliverPost, webClientLogger } from './deliver.js';
import { fanOut } from './fanout.js';
import { type EventJob, eventJobId, type PostJob, postJobId } from './jobs.js';
import { WebhookRegistration } from './registration.js';

const EVENTS = 'events';
const POSTS = 'posts';
const MAINTENANCE = 'maintenance';
const REFRESH_EVERY_MS = 12 * 3600 * 1000;
const KEEP_DONE = { age: 24 * 3600, count: 20_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600 };

export interface NotificationOptions {
  /** Posts per channel: one per `intervalMs`, after a burst of `burst` (default 1000 ms, 3). */
  channelIntervalMs?: number;
  channelBurst?: number;
  /** Concurrent post jobs per process (default 50). */
  postConcurrency?: number;
  /**
   * How long a worker's claim on a job lasts without renewal, and how often workers look for jobs whose
   * claim lapsed (a crashed process): those go back to the queue for another instance (default 30 s each).
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/**
 * Notifications, delivered durably and once: webhook deliveries become `events` jobs, each fans out
 * into one `posts` job per channel or person with a deterministic id, on BullMQ in the app's Redis.
 * Workers start with `start()` (the app's `listen`) and drain on `close()`.
 */
export class Notifications {
  readonly registration: WebhookRegistration;
  readonly accounts: AccountIndex;
  private producer?: { conn: Redis; events: Queue; posts: Queue; maintenance: Queue };
  private workers?: { conn: Redis; list: Worker[] };
  private readonly postClients = new Map<string, WebClient>();
  private killed = false;
  private readonly opts: Required<NotificationOptions>;

  constructor(
    private readonly deps: Deps,
    opts: NotificationOptions = {},
  ) {
    this.opts = {
      channelIntervalMs: 1000,
      channelBurst: 3,
      postConcurrency: 50,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      ...opts,
    };
    this.accounts = new AccountIndex(deps.redis, deps.stores.users);
    this.registration = new WebhookRegistration({
      redis: deps.redis,
      lock: deps.lock,
      log: deps.log,
      now: deps.now,
      publicUrl: deps.config.publicUrl,
      workspaces: deps.stores.workspaces,
      settings: deps.stores.settings,
      gate: deps.gate,
    });
  }

  private get prefix(): string {
    // The connection's own prefix is REDIS_KEY_PREFIX (or a test's); queues live under it too.
    return keys.queuePrefix(this.deps.redis.options.keyPrefix ?? this.deps.config.redisKeyPrefix);
  }

  /** Producer queues, opened on first use so building the app does no I/O. */
  private queues() {
    if (!this.producer) {
      // BullMQ refuses ioredis' keyPrefix (it has its own `prefix`); fail fast rather than queue while
      // Redis is down, so the webhook route can answer 503 and Jira retries.
      const conn = this.deps.redis.duplicate({ keyPrefix: '', maxRetriesPerRequest: 1, enableOfflineQueue: true });
      const opts = { connection: conn, prefix: this.prefix };
      this.producer = {
        conn,
        events: new Queue(EVENTS, {
          ...opts,
          defaultJobOptions: {
            attempts: 8,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: KEEP_DONE,
            removeOnFail: KEEP_FAILED,
          },
        }),
        posts: new Queue(POSTS, {
          ...opts,
          defaultJobOptions: {
            attempts: 10,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: KEEP_DONE,
            removeOnFail: KEEP_FAILED,
          },
        }),
        maintenance: new Queue(MAINTENANCE, {
          ...opts,
          defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100 },
        }),
      };
      // An EventEmitter's unheard 'error' crashes the process; Redis outages are logged and ride it out.
      const onError = (err: Error) => this.deps.log.warn({ err: err.message }, 'notification queue error');
      conn.on('error', onError);
      for (const q of [this.producer.events, this.producer.posts, this.producer.maintenance]) q.on('error', onError);
    }
    return this.producer;
  }

  /** Durably queues one webhook delivery for one workspace; a second call with the same ids adds nothing. */
  async enqueueDelivery(job: EventJob): Promise<void> {
    await this.queues().events.add('event', job, { jobId: eventJobId(job.teamId, job.deliveryId) });
  }

  /** Starts the workers and the webhook refresh schedule (once across instances: BullMQ's job scheduler). */
  async start(): Promise<void> {
    if (this.workers) return;
    const conn = this.deps.redis.duplicate({ keyPrefix: '', maxRetriesPerRequest: null });
    conn.on('error', (err: Error) => this.deps.log.warn({ err: err.message }, 'notification worker connection error'));
    const base = {
      connection: conn,
      prefix: this.prefix,
      lockDuration: this.opts.lockDurationMs,
      stalledInterval: this.opts.stalledIntervalMs,
    };
    const list = [
      new Worker<EventJob>(EVENTS, (job) => this.runEvent(job), { ...base, concurrency: 5 }),
      new Worker<PostJob>(POSTS, (job, token) => this.runPost(job, token), {
        ...base,
        concurrency: this.opts.postConcurrency,
      }),
      new Worker(MAINTENANCE, () => this.refreshAll(), { ...base, concurrency: 1 }),
    ];
    for (const w of list) {
      w.on('error', (err) => this.deps.log.warn({ err }, 'notification worker error'));
      w.on('failed', (job, err) =>
        this.deps.log.warn({ err, job: job?.id, attempts: job?.attemptsMade }, 'notification job failed'),
      );
    }
    this.workers = { conn, list };
    await this.queues().maintenance.upsertJobScheduler(
      'webhook-refresh',
      { every: REFRESH_EVERY_MS },
      { name: 'refresh-webhooks' },
    );
  }

  /** Stops taking jobs, lets running ones finish, and closes the queues' connections. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    if (workers) {
      await Promise.all(workers.list.map((w) => w.close()));
      workers.conn.disconnect();
    }
    const producer = this.producer;
    this.producer = undefined;
    if (producer) {
      await Promise.all([producer.events.close(), producer.posts.close(), producer.maintenance.close()]);
      producer.conn.disconnect();
    }
  }

  /**
   * Dies like a killed process, for tests: connections cut at once, running jobs abandoned with their
   * claims held until they lapse (another instance then recovers them).
   */
  kill(): void {
    this.killed = true;
    const workers = this.workers;
    const producer = this.producer;
    this.workers = undefined;
    this.producer = undefined;
    workers?.conn.disconnect();
    producer?.conn.disconnect();
    for (const w of workers?.list ?? []) void w.close(true).catch(() => undefined);
  }

  /** Resolves once no delivery is waiting, running or delayed (in any process). For tests and the bench. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const { events, posts } = this.queues();
    const deadline = Date.now() + timeoutMs;
    const pending = async (q: Queue) => {
      const c = await q.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(c).reduce((a, b) => a + b, 0);
    };
    while ((await pending(events)) + (await pending(posts)) > 0) {
      if (Date.now() > deadline) throw new Error(`notifications still busy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** How many channel and DM posts are being worked on right now, across every process. */
  async activePosts(): Promise<number> {
    return (await this.queues().posts.getJobCounts('active')).active ?? 0;
  }

  /** Re-syncs every workspace's registrations (refreshing those close to their 30-day expiry). */
  async refreshAll(): Promise<void> {
    for (const teamId of await this.registration.teams()) {
      await this.registration
        .sync(teamId)
        .catch((err: unknown) => this.deps.log.warn({ err, team: teamId }, 'webhook refresh failed'));
    }
  }

  /** Re-syncs one workspace's webhooks (subscriptions or the service account changed); never throws. */
  async resync(teamId: string): Promise<void> {
    await this.registration
      .sync(teamId)
      .catch((err: unknown) => this.deps.log.warn({ err, team: teamId }, 'webhook sync failed'));
  }

  private async runEvent(job: Job<EventJob>): Promise<void> {
    const posts = await fanOut({ ...this.deps, accounts: this.accounts }, job.data);
    if (posts.length === 0) return;
    await this.queues().posts.addBulk(
      posts.map((p) => ({
        name: p.target.kind,
        data: p,
        opts: { jobId: postJobId(p.teamId, p.deliveryId, p.target) },
      })),
    );
  }

  private async runPost(job: Job<PostJob>, token: string | undefined): Promise<void> {
    const outcome = await deliverPost(
      {
        deps: this.deps,
        postClient: (teamId) => this.postClient(teamId),
        pace: { intervalMs: this.opts.channelIntervalMs, burst: this.opts.channelBurst },
      },
      job.data,
    );
    if (outcome.status === 'later') {
      // Waiting is not failing: the job goes back to the delayed set without using an attempt.
      await job.moveToDelayed(Date.now() + outcome.ms, token);
      throw new DelayedError(outcome.reason);
    }
    if (outcome.status !== 'posted') {
      this.deps.log.info(
        { team: job.data.teamId, delivery: job.data.deliveryId, target: job.data.target.kind, reason: outcome.reason },
        `notification ${outcome.status}`,
      );
    }
  }

  private async postClient(teamId: string): Promise<WebClient> {
    const token = (await this.deps.slackFor(teamId)).token;
    let client = this.postClients.get(teamId);
    if (!client || client.token !== token) {
      client = new WebClient(token, {
        slackApiUrl: this.deps.config.slack.apiUrl,
        // After kill() nothing more leaves this instance, as with a process that died.
        fetch: (input, init) => (this.killed ? new Promise<Response>(() => {}) : fetch(input, init)),
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        logger: webClientLogger(this.deps.log),
      });
      this.postClients.set(teamId, client);
    }
    return client;
  }
}
