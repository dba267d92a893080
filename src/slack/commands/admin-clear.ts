import { UsageError } from '../../errors.js';
import { applyAdminChange } from './admin-change.js';
import type { Subcommand } from './types.js';

const usage = 'admin clear';

export const adminClearCommand: Subcommand = {
  usage,
  summary: 'Admins: remove the allow-list and the ban list',
  async run(ctx) {
    if (ctx.args.length) throw new UsageError('`admin clear` takes nothing after it.', usage);
    await applyAdminChange(ctx, {
      via: 'admin clear',
      change: (s) => ({ ...s, allowedProjects: [], bannedProjects: [] }),
      headline: () =>
        'Project limits are cleared: every project the service account can browse can be reached from Slack (each person still sees only what their own Jira account can).',
    });
  },
};
