import { randomBytes } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { isCodedError, NotAllowedError, UsageError } from '../../errors.js';
import { createSubscription, requireSubscriber } from '../../notify/subscribers.js';
import { describeSubscription, SUBSCRIPTION_EVENTS, type SubscriptionFilters } from '../../notify/subscription.js';
import { describeError, internalErrorMessage, plainWords } from '../blocks/error-message.js';
import { esc } from '../blocks/mrkdwn.js';
import { subscribeModal } from '../blocks/subscribe-modal.js';
import { SUBSCRIBE_INPUTS as F } from '../ids.js';

interface Who {
  teamId: string;
  userId: string;
  channelId: string;
}

/**
 * `/jira subscribe [PROJECT]`: checks who may subscribe and whether the bot can post in the channel
 * before anything opens, then opens the modal with the subscriber's own effective projects.
 */
export async function openSubscribe(
  deps: Deps,
  client: WebClient,
  who: Who,
  triggerId: string,
  project?: string,
): Promise<void> {
  await requireSubscriber(deps, who);
  await requirePostable(client, who.channelId);
  const access = await deps.gate.access(who);
  if (access.projects.length === 0) {
    throw new NotAllowedError('You can’t reach any Jira project from Slack, so there is nothing to subscribe to.');
  }
  const key = project?.toUpperCase();
  if (key && !access.projects.some((p) => p.key === key)) {
    throw new NotAllowedError(`You can’t subscribe to ${key}: it isn’t among the projects you can reach from Slack.`);
  }
  const isAdmin = await deps.isAdmin(who.teamId, who.userId);
  await client.views.open({
    trigger_id: triggerId,
    view: subscribeModal({
      channelId: who.channelId,
      projects: access.projects,
      isAdmin,
      ...(key ? { project: key } : {}),
    }),
  });
}

/** Refuses channels the bot cannot post in: DMs, and private channels it was not invited to. */
async function requirePostable(client: WebClient, channelId: string): Promise<void> {
  if (/^D/.test(channelId)) throw new NotAllowedError('Subscriptions post to channels; run `/jira subscribe` in one.');
  try {
    const info = await client.conversations.info({ channel: channelId });
    const ch = info.channel;
    if (ch?.is_im || ch?.is_mpim) {
      throw new NotAllowedError('Subscriptions post to channels; run `/jira subscribe` in one.');
    }
    if (ch?.is_archived) throw new NotAllowedError('This channel is archived.');
  } catch (err) {
    const code = err instanceof WebAPIPlatformError ? err.data.error : undefined;
    // A private channel the bot is not in looks like no channel at all.
    if (code === 'channel_not_found') {
      throw new NotAllowedError(
        'I can’t post in this private channel. Invite me first (`/invite @Jira Bridge`), then run `/jira subscribe` again.',
      );
    }
    throw err;
  }
}

// ---- reading the submitted form (pure) ----

const stateValues = z.record(z.string(), z.record(z.string(), z.unknown()));
const selected = z.object({ selected_option: z.object({ value: z.string() }).nullish() });
const checked = z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() });
const text = z.object({ value: z.string().nullish() });
const users = z.object({ selected_users: z.array(z.string()).nullish() });

export type SubscribeForm =
  | {
      ok: true;
      projectKey: string;
      events: (typeof SUBSCRIPTION_EVENTS)[number][];
      filters: Omit<SubscriptionFilters, 'assignees'>;
      assigneeSlackUsers: string[];
      includeSecurityLevel: boolean;
    }
  | { ok: false; errors: Record<string, string> };

const list = (s: string | null | undefined) =>
  [
    ...new Set(
      (s ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ].slice(0, 50);

/** Reads `view.state.values` of the subscribe modal. Pure; a forged value becomes a field error. */
export function readSubscribeForm(values: unknown): SubscribeForm {
  const v = stateValues.safeParse(values);
  if (!v.success) return { ok: false, errors: { [F.project]: 'This form could not be read. Open it again.' } };
  const get = <T extends z.ZodType>(id: string, schema: T): z.infer<T> | undefined => {
    const parsed = schema.safeParse(v.data[id]?.[id]);
    return parsed.success ? parsed.data : undefined;
  };
  const errors: Record<string, string> = {};
  const projectKey = get(F.project, selected)?.selected_option?.value ?? '';
  if (!/^[A-Z][A-Z0-9_]+$/.test(projectKey)) errors[F.project] = 'Choose a project.';
  const known = new Set<string>(SUBSCRIPTION_EVENTS);
  const events = (get(F.events, checked)?.selected_options ?? [])
    .map((o) => o.value)
    .filter((e): e is (typeof SUBSCRIPTION_EVENTS)[number] => known.has(e));
  if (events.length === 0) errors[F.events] = 'Pick at least one thing to post about.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const filters: Omit<SubscriptionFilters, 'assignees'> = {};
  const put = (key: 'issueTypes' | 'statuses' | 'priorities' | 'labels', id: string) => {
    const l = list(get(id, text)?.value);
    if (l.length) filters[key] = l;
  };
  put('issueTypes', F.issueTypes);
  put('statuses', F.statuses);
  put('priorities', F.priorities);
  put('labels', F.labels);
  return {
    ok: true,
    projectKey,
    events,
    filters,
    assigneeSlackUsers: get(F.assignees, users)?.selected_users ?? [],
    includeSecurityLevel: (get(F.security, checked)?.selected_options ?? []).some((o) => o.value === 'include'),
  };
}

const metadata = z.object({ channelId: z.string().min(1) });

/**
 * The subscribe modal's Subscribe. Refusals keep the modal open with the reason; on success the
 * bot joins a public channel it is not in yet and tells the channel what it now follows.
 */
export async function submitSubscribe(
  { ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  const teamId = body.team?.id ?? body.user.team_id ?? view.team_id;
  const who = { teamId, userId: body.user.id };
  const form = readSubscribeForm(view.state.values);
  const meta = metadata.safeParse(parseJson(view.private_metadata));
  if (!form.ok || !meta.success) {
    await ack({ response_action: 'errors', errors: form.ok ? { [F.project]: 'Open the form again.' } : form.errors });
    return;
  }
  const channelId = meta.data.channelId;
  let sub: Awaited<ReturnType<typeof createSubscription>>;
  try {
    const assignees: string[] = [];
    for (const u of form.assigneeSlackUsers) {
      const conn = await deps.stores.users.get(teamId, u);
      if (!conn) throw new UsageError(`<@${u}> hasn’t connected a Jira account, so I can’t tell who they are in Jira.`);
      assignees.push(conn.accountId);
    }
    sub = await createSubscription(deps, who, {
      channelId,
      projectKey: form.projectKey,
      events: form.events,
      filters: { ...form.filters, ...(assignees.length ? { assignees } : {}) },
      includeSecurityLevel: form.includeSecurityLevel,
    });
  } catch (err) {
    let message: string;
    if (isCodedError(err)) {
      deps.log.info({ code: err.code, team: teamId, user: who.userId }, 'subscription refused');
      message = describeError(err, {}).text;
    } else {
      const ref = randomBytes(4).toString('hex');
      deps.log.error({ err, ref, team: teamId, user: who.userId }, 'could not create a subscription');
      message = internalErrorMessage(ref).text;
    }
    const field = isCodedError(err) && /hasn’t connected/.test(err.message) ? F.assignees : F.project;
    await ack({ response_action: 'errors', errors: { [field]: plainWords(message) } });
    return;
  }
  await ack();
  await client.conversations.join({ channel: channelId }).catch((err: unknown) => {
    // Private channels cannot be joined; the bot is already in them (checked before the modal opened).
    deps.log.debug({ err, channel: channelId }, 'did not join channel');
  });
  const line = `<@${who.userId}> subscribed this channel to Jira updates: ${esc(describeSubscription(sub))} (id \`${sub.id}\`).`;
  await client.chat
    .postMessage({
      channel: channelId,
      text: `Subscribed this channel to Jira updates for ${sub.projectKey}.`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }],
    })
    .catch((err: unknown) => deps.log.warn({ err, channel: channelId }, 'could not announce a subscription'));
}

/** private_metadata comes back from Slack as we sent it, but a forged submission may carry anything. */
function parseJson(raw: string | undefined): unknown {
  try {
    return JSON.parse(raw || '{}');
  } catch {
    return undefined;
  }
}
