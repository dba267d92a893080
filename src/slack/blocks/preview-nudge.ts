import type { KnownBlock } from '@slack/types';
import { ACTIONS } from '../ids.js';
import type { Message } from './help.js';
import { esc } from './mrkdwn.js';

/**
 * The ephemeral note to someone whose Jira links got no preview because their own Jira account isn't
 * connected (or needs re-authorizing): previews are read with the poster's account, never anyone else's.
 */
export function previewNudge(url: string, siteHost: string, reason: 'not_connected' | 'needs_reauth'): Message {
  const [text, label, actionId] =
    reason === 'needs_reauth'
      ? [
          `Your Jira links get no preview until you re-authorize your Jira account on ${esc(siteHost)}. Re-authorize to keep using Jira from Slack.`,
          'Re-authorize',
          ACTIONS.reauthorize,
        ]
      : [
          `Your Jira links get no preview because your Jira account on ${esc(siteHost)} isn't connected. Previews show only issues you can see yourself.`,
          'Connect your Jira account',
          ACTIONS.connectUser,
        ];
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: label }, url, action_id: actionId, style: 'primary' },
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Only you can see this. It is shown at most once a day.' }] },
  ];
  return { text, blocks };
}
