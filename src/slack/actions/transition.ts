import type { Deps } from '../../deps.js';
import { errorViewFor } from '../acting-errors.js';
import { actErrorModal, transitionLoadingModal, transitionModal } from '../blocks/act-modals.js';
import { encodeMeta, readCardAction } from '../card-place.js';
import { VIEWS } from '../ids.js';
import { transitionChoices } from '../issue-acts.js';
import type { CardActionArgs } from './card-act.js';

/**
 * A card's *Transition*: opens a modal at once, then fills it with the transitions Jira offers the
 * clicker (read with their own token after the gate lets the issue through), or with the reason there
 * are none for them.
 */
export async function transitionAction({ ack, body, client }: CardActionArgs, deps: Deps): Promise<void> {
  await ack();
  const a = readCardAction(body);
  if (!a) {
    deps.log.warn({ team: body.team?.id }, 'ignored a malformed Transition action');
    return;
  }
  const meta = encodeMeta({ key: a.key, place: a.place });
  const opened = await client.views.open({ trigger_id: a.triggerId, view: transitionLoadingModal(a.key, meta) });
  let view: ReturnType<typeof transitionModal>;
  try {
    const c = await transitionChoices(deps, a.viewer, a.key);
    view = transitionModal({ key: c.key, status: c.status }, c.transitions, meta);
  } catch (err) {
    view = actErrorModal(VIEWS.transition, 'Transition', await errorViewFor(deps, a.viewer, err, 'Transition'));
  }
  await client.views
    .update({ view_id: opened.view?.id ?? '', hash: opened.view?.hash, view })
    .catch((e: unknown) => deps.log.info({ err: e }, 'transition modal gone before it could be filled'));
}
