import type { ProjectInfo } from '../access/gate.js';
import type { Deps } from '../deps.js';
import { isCodedError } from '../errors.js';
import type { WorkspaceSettings } from '../store/settings.js';

/** Who changed the settings, from the verified Slack request. */
export interface Changer {
  teamId: string;
  userId: string;
}

type Field = keyof WorkspaceSettings;

/** The fields that differ, as `{ field: { from, to } }` (for the audit log line). */
export function settingsDiff(
  before: WorkspaceSettings,
  after: WorkspaceSettings,
): Partial<Record<Field, { from: unknown; to: unknown }>> {
  const out: Partial<Record<Field, { from: unknown; to: unknown }>> = {};
  for (const f of Object.keys(after) as Field[]) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) out[f] = { from: before[f], to: after[f] };
  }
  return out;
}

/**
 * Saves a settings change and logs who changed what. The gate reads settings on every request, so the
 * change applies to the next one; there is no cache to invalidate.
 */
export async function saveSettings(
  deps: Deps,
  who: Changer,
  via: string,
  change: (s: WorkspaceSettings) => WorkspaceSettings,
): Promise<{ before: WorkspaceSettings; after: WorkspaceSettings }> {
  let before: WorkspaceSettings | undefined;
  const after = await deps.stores.settings.update(who.teamId, (s) => {
    before = s;
    return change(s);
  });
  const prior = before as WorkspaceSettings;
  deps.log.info(
    { team: who.teamId, user: who.userId, via, changes: settingsDiff(prior, after) },
    'workspace settings changed',
  );
  // The webhook filter covers the projects settings allow; keep Jira's registration in step. Not
  // awaited: the modal's submission must be acknowledged within Slack's 3 seconds.
  if (
    prior.allowedProjects.join() !== after.allowedProjects.join() ||
    prior.bannedProjects.join() !== after.bannedProjects.join()
  ) {
    void deps.notifications
      .resync(who.teamId)
      .catch((err: unknown) =>
        deps.log.warn({ err, team: who.teamId }, 'could not re-sync Jira webhooks after a settings change'),
      );
  }
  return { before: prior, after };
}

/**
 * Re-publishes the Home tabs that show settings: the admin's, and those of anyone who just became or
 * stopped being an app manager (their Home gains or loses the settings section).
 */
export async function republishAfterChange(
  deps: Deps,
  who: Changer,
  before: WorkspaceSettings,
  after: WorkspaceSettings,
): Promise<void> {
  const moved = [
    ...after.managers.filter((m) => !before.managers.includes(m)),
    ...before.managers.filter((m) => !after.managers.includes(m)),
  ];
  await deps.notices.republishHomes(who.teamId, [who.userId, ...moved]);
}

/** Projects the service account can browse, or, in words, why they can't be listed right now. */
export async function serviceProjectList(deps: Deps, teamId: string): Promise<ProjectInfo[] | { unavailable: string }> {
  try {
    return await deps.gate.serviceProjects(await deps.gate.workspace(teamId));
  } catch (err) {
    if (isCodedError(err))
      return { unavailable: 'Jira isn’t connected (or needs re-authorization), so its projects can’t be listed.' };
    deps.log.warn({ err, team: teamId }, 'could not list the service account’s projects');
    return { unavailable: 'Jira didn’t answer, so its projects can’t be listed right now.' };
  }
}

/** Project keys the service account can't browse, or why that couldn't be checked. */
export type ReachCheck = { unreachable: string[] } | { unchecked: string };

/**
 * Which of `keys` the service account can't browse. Such a key is never reachable from Slack (the
 * service account caps everyone), which an admin setting an allow-list should hear about; it is a
 * warning, not a refusal, because Jira permissions can change later.
 */
export async function unreachableProjects(deps: Deps, teamId: string, keys: string[]): Promise<ReachCheck> {
  const projects = await serviceProjectList(deps, teamId);
  if (!Array.isArray(projects)) return { unchecked: `${projects.unavailable} The keys were saved unchecked.` };
  const browsable = new Set(projects.map((p) => p.key));
  return { unreachable: keys.filter((k) => !browsable.has(k)) };
}
