import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { deleteTeamKeys } from '../../store/redis.js';

/**
 * The app was removed from a workspace (or its bot token revoked, which leaves it just as unable to
 * work): Jira's webhooks for it are removed and every record of it — the service account's and every
 * person's Jira tokens, settings, subscriptions, the Slack installation — is deleted. Nothing is kept
 * that nobody can use or revoke any more.
 */
export async function forgetWorkspace(deps: Deps, teamId: string, why: string): Promise<void> {
  if (!teamId) return;
  await deps.notifications.registration
    .unregister(teamId)
    .catch((err: unknown) =>
      deps.log.warn({ err, team: teamId }, 'could not remove Jira webhooks of an uninstalled workspace'),
    );
  const deleted = await deleteTeamKeys(deps.redis, teamId);
  deps.log.info({ team: teamId, why, records: deleted }, 'workspace forgotten');
}

export async function appUninstalled(
  { body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await forgetWorkspace(deps, body.team_id ?? '', 'app_uninstalled');
}

export async function tokensRevoked(
  { event, body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  // Only the bot token matters: without it the app can do nothing in this workspace.
  if (event.tokens.bot?.length) await forgetWorkspace(deps, body.team_id ?? '', 'bot token revoked');
}
