import { NotAdminError } from '../errors.js';

/** What managing the app is called in refusals: "Only workspace admins can …". */
export const MANAGE_SETTINGS = 'change Jira Bridge settings';

/**
 * Throws unless the Slack user may manage Jira Bridge (a Slack admin or owner, or a named app manager).
 * Asked afresh on every request, so a demoted admin or a removed manager loses it at once.
 */
export async function requireAdmin(
  deps: { isAdmin(teamId: string, userId: string): Promise<boolean> },
  who: { teamId: string; userId: string },
  action = MANAGE_SETTINGS,
): Promise<void> {
  if (!(await deps.isAdmin(who.teamId, who.userId))) throw new NotAdminError(action);
}
