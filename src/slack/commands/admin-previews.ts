import { applyAdminChange } from './admin-change.js';
import { parseChoice } from './admin-parse.js';
import type { Subcommand } from './types.js';

const usage = 'admin previews <off|connected>';

export const adminPreviewsCommand: Subcommand = {
  usage,
  summary: 'Admins: turn link previews off, or show them for connected posters only',
  async run(ctx) {
    const previews = parseChoice(ctx.args, ['off', 'connected'], usage);
    await applyAdminChange(ctx, {
      via: 'admin previews',
      change: (s) => ({ ...s, previews }),
      headline: () =>
        previews === 'off'
          ? 'Link previews are *off*.'
          : 'Link previews are *on for connected posters*: a Jira link is previewed only when the person who posted it is connected and can see the issue.',
    });
  },
};
