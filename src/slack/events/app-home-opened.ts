import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { publishHome } from '../home.js';

/** Publishes the viewer's Home tab whenever they open it. */
export async function appHomeOpened(
  { event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  if (event.tab !== 'home') return;
  await publishHome(deps, client, body.team_id ?? '', event.user);
}
