import { applyAdminChange, listInWords, projectWarnings } from './admin-change.js';
import { parseProjectKeys } from './admin-parse.js';
import type { Subcommand } from './types.js';

const usage = 'admin ban <KEY…>';

/** Sets the ban list; it clears any allow-list, because a non-empty allow-list would make bans moot. */
export const adminBanCommand: Subcommand = {
  usage,
  summary: 'Admins: every project except these can be reached (replaces the list, clears the allow-list)',
  async run(ctx) {
    const keys = parseProjectKeys(ctx.rest, usage);
    await applyAdminChange(ctx, {
      via: 'admin ban',
      change: (s) => ({ ...s, bannedProjects: keys, allowedProjects: [] }),
      headline: (before) =>
        `${listInWords(keys)} can’t be reached from Slack now.${
          before.allowedProjects.length ? ' The allow-list is cleared: a ban list replaces it.' : ''
        }`,
      warnings: () => projectWarnings(ctx, keys, 'so it could not be reached from Slack anyway.'),
    });
  },
};
