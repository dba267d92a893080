import type { KnownBlock } from '@slack/types';
import { describeSubscription, type Subscription } from '../../notify/subscription.js';
import { ACTIONS } from '../ids.js';
import { esc } from './mrkdwn.js';

const MAX_LISTED = 40;

/** `/jira subscriptions`: one line per subscription of the channel, each with *Remove*. */
export function subscriptionList(
  channelId: string,
  subs: Subscription[],
  projectName: (key: string) => string | undefined = () => undefined,
): { text: string; blocks: KnownBlock[] } {
  if (subs.length === 0) {
    const text = `<#${channelId}> has no Jira subscriptions. Use \`/jira subscribe\` to add one.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const head = `Jira subscriptions in <#${channelId}>:`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (const s of subs.slice(0, MAX_LISTED)) {
    blocks.push({
      type: 'section',
      block_id: `sub_${s.id}`,
      text: {
        type: 'mrkdwn',
        text: `\`${esc(s.id)}\` ${esc(describeSubscription(s, projectName(s.projectKey)))} · by <@${s.createdBy}>`,
      },
      accessory: {
        type: 'button',
        action_id: ACTIONS.removeSubscription,
        text: { type: 'plain_text', text: 'Remove' },
        style: 'danger',
        value: s.id,
        confirm: {
          title: { type: 'plain_text', text: 'Remove subscription?' },
          text: { type: 'mrkdwn', text: `The channel stops getting updates for *${esc(s.projectKey)}* from it.` },
          confirm: { type: 'plain_text', text: 'Remove' },
          deny: { type: 'plain_text', text: 'Keep' },
        },
      },
    });
  }
  if (subs.length > MAX_LISTED) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `and ${subs.length - MAX_LISTED} more; remove by id with \`/jira unsubscribe &lt;id&gt;\``,
        },
      ],
    });
  }
  return { text: `${head} ${subs.length}`, blocks };
}
