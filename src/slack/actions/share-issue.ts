import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ShareRefusedError, UsageError } from '../../errors.js';
import { parseIssueKey } from '../../jira/jql.js';
import { CARD_FIELDS, issueCard, toCardIssue } from '../blocks/issue-card.js';
import { replyWithError } from '../reply-error.js';
import { slackErrorCode } from '../slack-error-code.js';

/** Slack errors that mean the bot can't post in the channel at all. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found']);

/**
 * *Share in channel* on an ephemeral issue card. Everything is checked again on the click (payloads
 * can be forged and issues change): the clicker must see the issue through the gate, and the issue
 * must be fit for a whole channel. Then the card goes to the channel, saying who shared it.
 */
export async function shareIssueAction(
  { ack, body, action, respond, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  const channel = body.channel?.id ?? '';
  const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id, channelId: channel };
  try {
    const key = parseIssueKey(action.type === 'button' ? (action.value ?? '') : '');
    if (!key || !channel) throw new UsageError('That button no longer works. Run `/jira view KEY` again.');
    const { issue, access } = await deps.gate.requireIssue(who, key, CARD_FIELDS);
    const refusal = deps.gate.channelShareRefusal(access, issue);
    if (refusal) throw new ShareRefusedError(issue.key, refusal);
    const card = issueCard(toCardIssue(issue, access.workspace.siteUrl), { sharedBy: who.userId });
    try {
      await client.chat.postMessage({ channel, text: card.text, blocks: card.blocks, unfurl_links: false });
    } catch (err) {
      if (CANNOT_POST.has(slackErrorCode(err))) throw new ShareRefusedError(issue.key, 'bot_not_in_channel');
      throw err;
    }
  } catch (err) {
    await replyWithError(err, { deps, respond, who, what: 'share issue' });
  }
}
