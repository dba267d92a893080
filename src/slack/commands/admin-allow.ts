import { applyAdminChange, listInWords, projectWarnings } from './admin-change.js';
import { parseProjectKeys } from './admin-parse.js';
import type { Subcommand } from './types.js';

const usage = 'admin allow <KEY…>';

/**
 * Sets the allow-list. An allow-list and a ban list never combine (the gate lets a non-empty
 * allow-list win), so setting one clears the other, as the settings modal's single choice does.
 */
export const adminAllowCommand: Subcommand = {
  usage,
  summary: 'Admins: only these projects can be reached from Slack (replaces the list, clears bans)',
  async run(ctx) {
    const keys = parseProjectKeys(ctx.rest, usage);
    await applyAdminChange(ctx, {
      via: 'admin allow',
      change: (s) => ({ ...s, allowedProjects: keys, bannedProjects: [] }),
      headline: (before) =>
        `Only ${listInWords(keys)} can be reached from Slack now.${
          before.bannedProjects.length ? ' The ban list is cleared: an allow-list replaces it.' : ''
        }`,
      warnings: () => projectWarnings(ctx, keys, 'so nobody can reach it from Slack until the service account can.'),
    });
  },
};
