import type { Deps } from '../../deps.js';
import { errorViewFor } from '../acting-errors.js';
import { actErrorModal, commentModal } from '../blocks/act-modals.js';
import { encodeMeta, readCardAction } from '../card-place.js';
import { VIEWS } from '../ids.js';
import { admitToAct } from '../issue-acts.js';
import type { CardActionArgs } from './card-act.js';

/**
 * A card's *Comment*: opens the comment modal at once (the trigger lasts three seconds), then checks the
 * gate for the clicker; when they may not comment, the modal turns into the reason before they type.
 * The submission checks again (views/comment.ts), so the early check is only a courtesy.
 */
export async function commentAction({ ack, body, client }: CardActionArgs, deps: Deps): Promise<void> {
  await ack();
  const a = readCardAction(body);
  if (!a) {
    deps.log.warn({ team: body.team?.id }, 'ignored a malformed Comment action');
    return;
  }
  const opened = await client.views.open({
    trigger_id: a.triggerId,
    view: commentModal(a.key, encodeMeta({ key: a.key, place: a.place })),
  });
  try {
    await admitToAct(deps, a.viewer, 'comment', a.key);
  } catch (err) {
    const view = actErrorModal(VIEWS.comment, 'Comment', await errorViewFor(deps, a.viewer, err, 'Comment'));
    await client.views
      .update({ view_id: opened.view?.id ?? '', hash: opened.view?.hash, view })
      // Already submitted or closed: the submission answers for itself.
      .catch((e: unknown) => deps.log.info({ err: e }, 'comment modal gone before it could show the refusal'));
  }
}
