import { UsageError } from '../../errors.js';
import { removeSubscription } from '../../notify/subscribers.js';
import { esc } from '../blocks/mrkdwn.js';
import type { Subcommand } from './types.js';

export const unsubscribeCommand: Subcommand = {
  usage: 'unsubscribe <id>',
  summary: 'Remove a channel subscription (ids are in /jira subscriptions)',
  async run({ who, args, deps, respond }) {
    const id = args[0];
    if (!id || args.length > 1) throw new UsageError('Which subscription? Give its id.', 'unsubscribe <id>');
    const removed = await removeSubscription(deps, who, id);
    const text = `Removed the subscription \`${esc(removed.id)}\` (${esc(removed.projectKey)} in <#${removed.channelId}>).`;
    await respond({ response_type: 'ephemeral', text });
  },
};
