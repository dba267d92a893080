import { applyAdminChange } from './admin-change.js';
import { parseChoice } from './admin-parse.js';
import type { Subcommand } from './types.js';

const usage = 'admin subscribers <admins|everyone>';

export const adminSubscribersCommand: Subcommand = {
  usage,
  summary: 'Admins: who may create channel subscriptions',
  async run(ctx) {
    const subscribers = parseChoice(ctx.args, ['admins', 'everyone'], usage);
    await applyAdminChange(ctx, {
      via: 'admin subscribers',
      change: (s) => ({ ...s, subscribers }),
      headline: () =>
        subscribers === 'admins'
          ? 'Only admins can create channel subscriptions now.'
          : 'Everyone can create channel subscriptions now, each only for projects they can reach.',
    });
  },
};
