import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { openSettingsOrExplain } from '../views/settings.js';

/** The Home tab's *Edit settings* button: the same modal as `/jira admin`, on the click's trigger. */
export async function openSettingsAction(
  { ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  const who = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
  await openSettingsOrExplain(deps, client, who, body.trigger_id);
}
