import { applyAdminChange } from './admin-change.js';
import { parseManagers } from './admin-parse.js';
import type { Subcommand } from './types.js';

const usage = 'admin managers <@user…|none>';

/** Names who besides Slack admins and owners may manage Jira Bridge (replaces the list). */
export const adminManagersCommand: Subcommand = {
  usage,
  summary: 'Admins: who besides Slack admins may manage Jira Bridge (replaces the list)',
  async run(ctx) {
    const managers = parseManagers(ctx.rest, usage);
    await applyAdminChange(ctx, {
      via: 'admin managers',
      change: (s) => ({ ...s, managers }),
      // Ids come from the parser (`[UW][A-Z0-9]+`), so a mention can't smuggle markup.
      headline: () =>
        managers.length
          ? `${managers.map((id) => `<@${id}>`).join(', ')} can manage Jira Bridge now, as Slack admins can.`
          : 'There are no app managers now: only Slack admins and owners can manage Jira Bridge.',
    });
  },
};
