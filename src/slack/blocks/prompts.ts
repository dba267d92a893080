import type { KnownBlock } from '@slack/types';
import type { Message } from './help.js';
import { esc } from './mrkdwn.js';

const urlButton = (text: string, url: string, actionId: string, primary = true) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text },
  url,
  action_id: actionId,
  ...(primary ? { style: 'primary' as const } : {}),
});

/** `/jira connect`: one button to Atlassian's consent. */
export function connectPrompt(url: string, siteHost: string): Message {
  const text = `Connect your Jira account on ${esc(siteHost)}. You will see and do only what your own Jira account can.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text } },
    { type: 'actions', elements: [urlButton('Connect your Jira account', url, 'connect_user')] },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'The link works once, for a few minutes.' }] },
  ];
  return { text, blocks };
}

/** DM to a user whose connection stopped working. */
export function reauthPrompt(url: string, reason: 'broken' | 'service_account_changed', newMain?: string): Message {
  const text =
    reason === 'service_account_changed'
      ? `The main authorized user for Jira changed${newMain ? ` to ${esc(newMain)}` : ''}. Re-authorize to keep using Jira from Slack.`
      : 'Your Jira authorization has expired or was revoked. Re-authorize to keep using Jira from Slack.';
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: [urlButton('Re-authorize', url, 'reauthorize')] },
    ],
  };
}

/** DM to admins when the service account is broken. */
export function serviceBrokenNotice(siteHost: string, displayName: string, url?: string): Message {
  const text = `Jira Bridge lost its connection to ${esc(siteHost)}: the main authorized user *${esc(displayName)}* must be re-authorized by a workspace admin. Until then nobody can use Jira from Slack.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (url) blocks.push({ type: 'actions', elements: [urlButton('Re-authorize', url, 'reauthorize')] });
  return { text, blocks };
}
