import { type Logger, WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { esc } from '../slack/blocks/mrkdwn.js';
import { slackErrorCode } from '../slack/slack-error-code.js';
import { keys } from '../store/redis.js';
import { type PostJob, targetKey } from './jobs.js';
import { holdChannel, takePostSlot } from './pace.js';

/** Slack errors that will never succeed however often we retry. */
export const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'token_revoked',
  'account_inactive',
  'no_permission',
  'user_not_found',
  'user_disabled',
  'invalid_auth',
]);

/** What became of one post job; `later` asks the queue to run it again after `ms`. */
export type PostOutcome =
  | { status: 'posted' }
  | { status: 'skipped'; reason: string }
  | { status: 'dropped'; reason: string }
  | { status: 'later'; ms: number; reason: string };

const POSTED_TTL_SEC = 3 * 24 * 3600;

export interface PostDeps {
  deps: Pick<Deps, 'redis' | 'gate' | 'stores' | 'log' | 'now' | 'slackFor'>;
  /** A client for posting: rate limits come back as errors, not hidden waits. */
  postClient(teamId: string): Promise<WebClient>;
  pace: { intervalMs: number; burst: number };
}

/**
 * The post stage: re-checks that the audience may see the issue now, paces the channel, posts once.
 * "Once" holds across retries and restarts: a marker is written when Slack accepted the message and
 * checked before posting.
 */
export async function deliverPost(p: PostDeps, job: PostJob): Promise<PostOutcome> {
  const { deps } = p;
  const { teamId, target } = job;
  const marker = keys.posted(`${teamId}/${job.deliveryId}`, targetKey(target));
  if (await deps.redis.exists(marker)) return { status: 'skipped', reason: 'already posted' };

  let channel: string;
  if (target.kind === 'channel') {
    const sub = await deps.stores.subscriptions.get(teamId, target.subscriptionId);
    if (!sub || sub.disabled) return { status: 'skipped', reason: 'subscription removed or disabled' };
    const ok = await deps.gate.channelMayShow(teamId, sub, {
      projectKey: job.projectKey,
      securityLevel: job.securityLevel,
    });
    if (!ok) return { status: 'skipped', reason: 'the channel may not see this issue' };
    channel = target.channelId;
  } else {
    if (!(await deps.gate.userMaySee(teamId, target.userId, job.issueKey))) {
      return { status: 'skipped', reason: 'the person cannot see this issue with their own Jira account' };
    }
    channel = target.userId;
  }

  const paced = channel;
  const wait = await takePostSlot(deps.redis, teamId, paced, { now: deps.now(), ...p.pace });
  if (wait > 0) return { status: 'later', ms: wait, reason: 'channel pacing' };

  const client = await p.postClient(teamId);
  try {
    if (target.kind === 'dm') {
      const im = await client.conversations.open({ users: target.userId });
      if (!im.channel?.id) throw new Error('conversations.open returned no channel');
      channel = im.channel.id;
    }
    await client.chat.postMessage({
      channel,
      text: job.message.text,
      blocks: job.message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (err) {
    if (err instanceof WebAPIRateLimitedError) {
      // Every post queued for this channel waits, not just this one: Slack would refuse them too.
      const ms = Math.max(1, err.retryAfter) * 1000;
      await holdChannel(deps.redis, teamId, paced, deps.now() + ms, { now: deps.now(), ...p.pace });
      return { status: 'later', ms, reason: 'Slack rate limit' };
    }
    const code = slackErrorCode(err);
    if (PERMANENT_SLACK_ERRORS.has(code)) {
      if (target.kind === 'channel') await disableSubscription(deps, teamId, target.subscriptionId, code);
      return { status: 'dropped', reason: code };
    }
    throw err;
  }
  await deps.redis.set(marker, '1', 'EX', POSTED_TTL_SEC);
  return { status: 'posted' };
}

const REASONS: Record<string, string> = {
  channel_not_found: 'I can no longer find the channel (for a private channel, invite me first)',
  not_in_channel: 'I am not a member of the channel; invite me to it',
  is_archived: 'the channel was archived',
  token_revoked: 'the app was removed from the workspace',
  account_inactive: 'the app was removed from the workspace',
  invalid_auth: 'the app was removed from the workspace',
  no_permission: 'I am not allowed to post there',
};

/** Stops a subscription that can never deliver and tells the person who made it why. */
async function disableSubscription(
  deps: PostDeps['deps'],
  teamId: string,
  subscriptionId: string,
  code: string,
): Promise<void> {
  const sub = await deps.stores.subscriptions.disable(
    teamId,
    subscriptionId,
    REASONS[code] ?? code,
    new Date(deps.now()).toISOString(),
  );
  if (!sub) return;
  deps.log.warn({ team: teamId, subscription: sub.id, code }, 'channel subscription disabled');
  const text =
    `Jira notifications for *${esc(sub.projectKey)}* in <#${sub.channelId}> have stopped: ${esc(REASONS[code] ?? code)}. ` +
    'Use `/jira subscribe` in the channel to set them up again.';
  try {
    const client = await deps.slackFor(teamId);
    const im = await client.conversations.open({ users: sub.createdBy });
    if (im.channel?.id) {
      await client.chat.postMessage({
        channel: im.channel.id,
        text: `Jira notifications for ${sub.projectKey} have stopped: ${REASONS[code] ?? code}.`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      });
    }
  } catch (err) {
    deps.log.warn({ err, team: teamId }, 'could not tell the subscriber their subscription stopped');
  }
}

/** WebClient logs through our logger, quietly. */
export function webClientLogger(log: Deps['log']): Logger {
  let level = 'warn';
  const child = log.child({ component: 'slack-post' });
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...m: unknown[]) => child.warn({ slack: m.map(String).join(' ') }),
    error: (...m: unknown[]) => child.error({ slack: m.map(String).join(' ') }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level as ReturnType<Logger['getLevel']>,
    setName: () => undefined,
  };
}
