import { subscriptionList } from '../blocks/subscribe-list.js';
import type { Subcommand } from './types.js';

export const subscriptionsCommand: Subcommand = {
  usage: 'subscriptions',
  summary: 'List this channel’s Jira subscriptions',
  async run({ who, deps, respond }) {
    const subs = await deps.stores.subscriptions.listByChannel(who.teamId, who.channelId);
    await respond({ response_type: 'ephemeral', ...subscriptionList(who.channelId, subs) });
  },
};
