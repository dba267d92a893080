import { applyAdminChange } from './admin-change.js';
import { parseOnOff } from './admin-parse.js';
import type { Subcommand } from './types.js';

const usage = 'admin require-auth <on|off>';

export const adminRequireAuthCommand: Subcommand = {
  usage,
  summary: 'Admins: whether people must connect their own Jira account to see anything',
  async run(ctx) {
    const on = parseOnOff(ctx.args, usage);
    await applyAdminChange(ctx, {
      via: 'admin require-auth',
      change: (s) => ({ ...s, requireAuth: on }),
      headline: () =>
        on
          ? 'Require Jira authorization is *on*: people must connect their own Jira account to use Jira from Slack.'
          : 'Require Jira authorization is *off*: people who haven’t connected can see what the service account can in the allowed projects, but never an issue with a security level.',
    });
  },
};
