import { disconnectUser } from '../disconnect-user.js';
import type { Subcommand } from './types.js';

export const disconnectCommand: Subcommand = {
  usage: 'disconnect',
  summary: 'Forget your Jira account (tokens are deleted)',
  async run({ who, deps, respond }) {
    const had = await disconnectUser(deps, who.teamId, who.userId);
    await respond({
      response_type: 'ephemeral',
      text: had
        ? 'Your Jira account is disconnected and its tokens are deleted. Use `/jira connect` to connect again.'
        : 'Your Jira account was not connected. Use `/jira connect` to connect it.',
    });
  },
};
