import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { replyWithError } from '../reply-error.js';
import { openCreateIssue } from '../views/create-issue.js';

/** "Create Jira issue" on a message: the create modal, prefilled from the message, linked back to it. */
export async function createIssueShortcut(
  { ack, body, client, respond }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const who = { teamId, userId: body.user.id, channelId: body.channel.id };
  const threadTs = typeof body.message.thread_ts === 'string' ? body.message.thread_ts : undefined;
  try {
    await openCreateIssue(deps, {
      who,
      client,
      triggerId: body.trigger_id,
      source: {
        channel: body.channel.id,
        channelName: body.channel.name,
        ts: body.message.ts ?? body.message_ts,
        ...(threadTs ? { threadTs } : {}),
        text: typeof body.message.text === 'string' ? body.message.text : '',
      },
    });
  } catch (err) {
    await replyWithError(err, { deps, respond, who, what: 'create issue shortcut' });
  }
}
