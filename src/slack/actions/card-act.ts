import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import type { Message } from '../blocks/help.js';
import { type CardAction, readCardAction, refreshCard, respondTo } from '../card-place.js';
import { replyWithError } from '../reply-error.js';

export type CardActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * The shape of every card button that changes the issue at once: ack, read the payload (a malformed one
 * is dropped), act as the clicking person (the act passes the gate for them, whatever key the payload
 * names), redraw the card in place, then confirm in a short ephemeral line. Failures reply in words.
 */
export async function runCardAct(
  args: CardActionArgs,
  deps: Deps,
  what: string,
  act: (a: CardAction) => Promise<{ key: string; confirm: Message; redraw: boolean }>,
): Promise<void> {
  await args.ack();
  const a = readCardAction(args.body);
  if (!a) {
    deps.log.warn({ what, team: args.body.team?.id }, 'ignored a malformed card action');
    return;
  }
  const reply = respondTo(args.client, a.viewer, a.place);
  try {
    const done = await act(a);
    if (done.redraw) await refreshCard(deps, args.client, a.viewer, done.key, a.place);
    await reply({ response_type: 'ephemeral', replace_original: false, ...done.confirm });
  } catch (err) {
    await replyWithError(err, { deps, respond: reply, who: a.viewer, what });
  }
}
