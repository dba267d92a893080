import type { Deps } from '../deps.js';
import { publishHome } from './home.js';

/** Forgets a user's Jira connection entirely (tokens deleted, not flagged) and refreshes their Home tab. */
export async function disconnectUser(deps: Deps, teamId: string, userId: string): Promise<boolean> {
  const had = Boolean(await deps.stores.users.get(teamId, userId).catch(() => true));
  await deps.stores.users.delete(teamId, userId);
  await deps.gate.invalidateUser(teamId, userId);
  await publishHome(deps, await deps.slackFor(teamId), teamId, userId).catch((err: unknown) =>
    deps.log.warn({ err }, 'could not republish Home after disconnect'),
  );
  return had;
}
