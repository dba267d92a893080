import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { disconnectUser } from '../disconnect-user.js';

/** The Home tab's Disconnect button (it carries a confirm dialog). */
export async function disconnectAction(
  { ack, body }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  await disconnectUser(deps, body.team?.id ?? body.user.team_id ?? '', body.user.id);
}
