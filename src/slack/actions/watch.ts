import type { Deps } from '../../deps.js';
import { watching } from '../blocks/acted.js';
import { setWatching } from '../issue-acts.js';
import { type CardActionArgs, runCardAct } from './card-act.js';

/** A card's *Watch*: the clicker starts watching with their own token. */
export async function watchAction(args: CardActionArgs, deps: Deps): Promise<void> {
  await runCardAct(args, deps, 'Watch', async (a) => {
    const r = await setWatching(deps, a.viewer, a.key, true);
    return { key: r.key, confirm: watching(r.key, true, r.already), redraw: !r.already };
  });
}
