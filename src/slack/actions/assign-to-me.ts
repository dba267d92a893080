import type { Deps } from '../../deps.js';
import { assigned } from '../blocks/acted.js';
import { assignIssue } from '../issue-acts.js';
import { type CardActionArgs, runCardAct } from './card-act.js';

/** A card's *Assign to me*: assigns with the clicker's own token, then redraws the card. */
export async function assignToMeAction(args: CardActionArgs, deps: Deps): Promise<void> {
  await runCardAct(args, deps, 'Assign to me', async (a) => {
    const r = await assignIssue(deps, a.viewer, a.key, { kind: 'me' });
    return { key: r.key, confirm: assigned(r.key, r.assignee, r.self), redraw: true };
  });
}
