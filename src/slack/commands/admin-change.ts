import { requireAdmin } from '../../access/admin.js';
import type { WorkspaceSettings } from '../../store/settings.js';
import { esc } from '../blocks/mrkdwn.js';
import { settingsSummary } from '../blocks/settings-summary.js';
import { republishAfterChange, saveSettings, unreachableProjects } from '../settings-change.js';
import type { CommandContext } from './types.js';

/**
 * The shared tail of every `/jira admin …` text form, after parsing: authorize, gather warnings, save,
 * reply with the settings now in effect, re-publish Home. Authorization lives here so no form can skip it.
 */
export async function applyAdminChange(
  ctx: CommandContext,
  p: {
    /** The subcommand, for the audit log. */
    via: string;
    change: (s: WorkspaceSettings) => WorkspaceSettings;
    /** Finished mrkdwn saying what changed. */
    headline: (before: WorkspaceSettings, after: WorkspaceSettings) => string;
    /** Finished mrkdwn warnings, computed only once the caller is known to be an admin. */
    warnings?: () => Promise<string[]>;
  },
): Promise<void> {
  const { deps, who, respond } = ctx;
  await requireAdmin(deps, who);
  const warnings = p.warnings ? await p.warnings() : [];
  const { before, after } = await saveSettings(deps, who, p.via, p.change);
  await respond({
    response_type: 'ephemeral',
    ...settingsSummary(after, { headline: p.headline(before, after), warnings }),
  });
  await republishAfterChange(deps, who, before, after);
}

/** Warnings for project keys the service account can't browse; `why` finishes "The service account can't browse X, …". */
export async function projectWarnings(ctx: CommandContext, keys: string[], why: string): Promise<string[]> {
  const check = await unreachableProjects(ctx.deps, ctx.who.teamId, keys);
  if ('unchecked' in check) return [esc(check.unchecked)];
  if (!check.unreachable.length) return [];
  return [`The service account can’t browse ${check.unreachable.map(esc).join(', ')}, ${why}`];
}

/** "ALPHA, BETA and HR". */
export function listInWords(keys: string[]): string {
  const k = keys.map(esc);
  return k.length <= 1 ? (k[0] ?? '') : `${k.slice(0, -1).join(', ')} and ${k[k.length - 1]}`;
}
