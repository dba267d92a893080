import type { WebClient } from '@slack/web-api';
import type { SettingsStore } from '../store/settings.js';

/**
 * Who may manage Jira Bridge in a workspace: Slack admins and owners, and the app managers the settings
 * name. Asked of Slack each time (users.info), so a demoted admin loses it at once.
 */
export async function isWorkspaceAdmin(
  client: WebClient,
  settings: SettingsStore,
  teamId: string,
  userId: string,
): Promise<boolean> {
  const s = await settings.get(teamId);
  if (s.managers.includes(userId)) return true;
  const res = await client.users.info({ user: userId });
  const u = res.user;
  return Boolean(u && !u.deleted && (u.is_admin || u.is_owner || u.is_primary_owner));
}
