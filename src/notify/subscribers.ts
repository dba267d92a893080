import { requireAdmin } from '../access/admin.js';
import type { Deps } from '../deps.js';
import { NotAllowedError, UsageError } from '../errors.js';
import { SubscriptionStore } from '../store/subscriptions.js';
import type { Subscription, SubscriptionEvent, SubscriptionFilters } from './subscription.js';

export const MANAGE_SUBSCRIPTIONS = 'manage channel subscriptions';
export const INCLUDE_RESTRICTED = 'let restricted issues into a channel';

interface Who {
  teamId: string;
  userId: string;
}

/** Who may create or remove channel subscriptions follows the `subscribers` setting. */
export async function requireSubscriber(deps: Pick<Deps, 'stores' | 'isAdmin'>, who: Who): Promise<void> {
  const settings = await deps.stores.settings.get(who.teamId);
  if (settings.subscribers === 'admins') await requireAdmin(deps, who, MANAGE_SUBSCRIPTIONS);
}

export interface NewSubscription {
  channelId: string;
  projectKey: string;
  events: SubscriptionEvent[];
  filters: SubscriptionFilters;
  includeSecurityLevel: boolean;
}

/**
 * Creates a subscription after checking, on the server, everything the modal only suggested: the
 * subscriber may subscribe, the project is in their own effective access, and only an admin opens a
 * channel to restricted issues. (Webhooks cover every allowed project already: nothing to re-sync.)
 */
export async function createSubscription(deps: Deps, who: Who, input: NewSubscription): Promise<Subscription> {
  await requireSubscriber(deps, who);
  if (input.includeSecurityLevel) await requireAdmin(deps, who, INCLUDE_RESTRICTED);
  const access = await deps.gate.access(who);
  const key = input.projectKey.toUpperCase();
  if (!access.projects.some((p) => p.key === key)) {
    throw new NotAllowedError(`You can’t subscribe to ${key}: it isn’t among the projects you can reach from Slack.`);
  }
  const sub: Subscription = {
    id: SubscriptionStore.newId(),
    teamId: who.teamId,
    channelId: input.channelId,
    projectKey: key,
    events: input.events,
    filters: input.filters,
    includeSecurityLevel: input.includeSecurityLevel,
    createdBy: who.userId,
    createdAt: new Date(deps.now()).toISOString(),
  };
  await deps.stores.subscriptions.put(sub);
  return sub;
}

/**
 * Removes a subscription (by whoever may manage subscriptions). Outside the
 * subscription's own channel only admins may remove it, so nobody silences a channel they aren't in.
 */
export async function removeSubscription(
  deps: Deps,
  who: Who & { channelId: string },
  id: string,
): Promise<Subscription> {
  await requireSubscriber(deps, who);
  const existing = await deps.stores.subscriptions.get(who.teamId, id);
  if (existing && existing.channelId !== who.channelId && !(await deps.isAdmin(who.teamId, who.userId))) {
    throw new NotAllowedError(
      `Subscription \`${id}\` belongs to another channel; remove it from there, or ask a workspace admin.`,
    );
  }
  const removed = existing ? await deps.stores.subscriptions.delete(who.teamId, id) : null;
  if (!removed) {
    throw new UsageError(
      `There is no subscription \`${id}\`. \`/jira subscriptions\` lists this channel's.`,
      'unsubscribe <id>',
    );
  }
  deps.log.info({ team: who.teamId, user: who.userId, subscription: id }, 'subscription removed');
  return removed;
}
