import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';

/** "Create Jira issue" on a message. */
export async function createIssueShortcut(
  { ack, respond }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs,
  _deps: Deps,
): Promise<void> {
  await ack();
  await respond({
    response_type: 'ephemeral',
    text: 'Creating Jira issues from messages is not available in this version of Jira Bridge yet.',
  });
}
