import { randomBytes } from 'node:crypto';
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { isCodedError } from '../../errors.js';
import { describeError, errorMessage, internalErrorMessage } from '../blocks/error-message.js';
import { slackErrorCode } from '../slack-error-code.js';
import { openCreateIssue } from '../views/create-issue.js';

/** The Home tab's *Create issue* button: the create modal, confirmed by DM (Home has no conversation). */
export async function createIssueAction(
  { ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
  try {
    await openCreateIssue(deps, { who, client, triggerId: body.trigger_id });
  } catch (err) {
    // Home has no response_url: the reason (e.g. Re-authorize, with its link) goes to the person's DM.
    const coded = isCodedError(err) ? err : deps.translateError(err);
    const ref = randomBytes(4).toString('hex');
    if (!coded) deps.log.error({ err, ref, team: who.teamId, user: who.userId }, 'create issue from Home failed');
    const url = coded ? await deps.links.connect(who, 'user').catch(() => undefined) : undefined;
    const message = coded ? errorMessage(describeError(coded, { connectUrl: url })) : internalErrorMessage(ref);
    try {
      const im = await client.conversations.open({ users: who.userId });
      if (im.channel?.id) await client.chat.postMessage({ channel: im.channel.id, ...message });
    } catch (e) {
      deps.log.warn({ slackError: slackErrorCode(e) }, 'could not tell a Home user why create failed');
    }
  }
}
