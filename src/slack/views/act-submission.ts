import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Viewer } from '../../access/gate.js';
import type { Deps } from '../../deps.js';
import { errorViewFor, settle, within } from '../acting-errors.js';
import { plainWords } from '../blocks/error-message.js';
import type { Message } from '../blocks/help.js';
import { type CardModalMeta, decodeMeta, refreshCard, respondTo } from '../card-place.js';
import { replyWithError } from '../reply-error.js';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * How long a submission waits for Jira before closing the modal and reporting later. Slack allows three
 * seconds for the answer; what's left covers the gate, a Retry-After of a second, and the way back.
 */
export const ACK_BUDGET_MS = 2000;

/**
 * The shape of a card modal's submission: read the metadata (not ours → refuse), act as the submitter,
 * and answer within Slack's window. A failure known in time stays in the modal as an input error, so
 * what they typed is kept; a later one closes the modal and is replied (with `lost` added, e.g. the
 * comment text). On success the card is redrawn in place and a short line confirms.
 */
export async function runCardSubmission<T extends { key: string }>(
  args: ViewArgs,
  deps: Deps,
  spec: {
    what: string;
    /** The input block that shows a refusal. */
    errorBlock: string;
    /** Checks the inputs; a string is the input error to show. */
    validate?: (values: ViewArgs['view']['state']['values']) => string | undefined;
    act: (viewer: Viewer, meta: CardModalMeta) => Promise<T>;
    confirm: (done: T) => Message;
    /** Wraps a late failure so the reply carries what would otherwise be lost. */
    late?: (err: unknown) => unknown;
  },
): Promise<void> {
  const { ack, body, view, client } = args;
  const meta = decodeMeta(view.private_metadata);
  const teamId = body.team?.id ?? body.user.team_id;
  if (!meta || !teamId) {
    deps.log.warn({ what: spec.what }, 'ignored a submission with metadata that is not ours');
    await ack();
    return;
  }
  const invalid = spec.validate?.(view.state.values);
  if (invalid) {
    await ack({ response_action: 'errors', errors: { [spec.errorBlock]: invalid } });
    return;
  }
  const viewer: Viewer = { teamId, userId: body.user.id };
  const work = settle(spec.act(viewer, meta));
  const early = await within(work, ACK_BUDGET_MS);
  if (early && !early.ok) {
    const words = await errorViewFor(deps, viewer, early.err, spec.what);
    await ack({ response_action: 'errors', errors: { [spec.errorBlock]: plainWords(words.text) } });
    return;
  }
  await ack();
  const outcome = early ?? (await work);
  const reply = respondTo(client, viewer, meta.place);
  if (!outcome.ok) {
    const err = spec.late ? spec.late(outcome.err) : outcome.err;
    await replyWithError(err, {
      deps,
      respond: reply,
      who: { ...viewer, channelId: meta.place.channel ?? '' },
      what: spec.what,
    });
    return;
  }
  await refreshCard(deps, client, viewer, outcome.value.key, meta.place);
  await reply({ response_type: 'ephemeral', replace_original: false, ...spec.confirm(outcome.value) }).catch(
    (err: unknown) => deps.log.warn({ err, what: spec.what }, 'could not confirm a change'),
  );
}
