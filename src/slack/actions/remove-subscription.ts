import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { removeSubscription } from '../../notify/subscribers.js';
import { subscriptionList } from '../blocks/subscribe-list.js';
import { replyWithError } from '../reply-error.js';

/** *Remove* next to a subscription in `/jira subscriptions`: removes it and redraws the list. */
export async function removeSubscriptionAction(
  { ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const who = { teamId, userId: body.user.id, channelId: body.channel?.id ?? '' };
  const id = (action as ButtonAction).value ?? '';
  try {
    const removed = await removeSubscription(deps, who, id);
    const rest = await deps.stores.subscriptions.listByChannel(teamId, removed.channelId);
    await respond({ replace_original: true, ...subscriptionList(removed.channelId, rest) });
  } catch (err) {
    await replyWithError(err, { deps, respond, who, what: 'remove subscription' });
  }
}
