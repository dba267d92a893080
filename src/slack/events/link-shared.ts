import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';

/** Jira links posted in Slack. Previews arrive with the access gate; until then nothing is unfurled. */
export async function linkShared(
  { event }: SlackEventMiddlewareArgs<'link_shared'> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  deps.log.debug({ links: event.links.length }, 'link_shared ignored: previews not enabled');
}
