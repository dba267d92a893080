import { openSubscribe } from '../views/subscribe.js';
import type { Subcommand } from './types.js';

export const subscribeCommand: Subcommand = {
  usage: 'subscribe [PROJECT]',
  summary: 'Post Jira updates for a project to this channel',
  async run({ who, args, deps, client, command }) {
    await openSubscribe(deps, client, who, command.trigger_id, args[0]);
  },
};
