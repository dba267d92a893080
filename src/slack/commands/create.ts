import { openCreateIssue } from '../views/create-issue.js';
import type { Subcommand } from './types.js';

export const createCommand: Subcommand = {
  usage: 'create [PROJECT] [summary]',
  summary: 'Create an issue (opens a form)',
  async run({ who, rest, deps, client, command }) {
    await openCreateIssue(deps, {
      who,
      client,
      triggerId: command.trigger_id,
      channelId: who.channelId,
      text: rest,
    });
  },
};
