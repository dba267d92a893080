import { watching } from '../blocks/acted.js';
import { issueKey, setWatching } from '../issue-acts.js';
import type { Subcommand } from './types.js';

export const watchCommand: Subcommand = {
  usage: 'watch <KEY>',
  summary: 'Watch an issue in Jira',
  async run({ who, args, deps, respond }) {
    const result = await setWatching(deps, who, issueKey(args[0], 'watch <KEY>'), true);
    await respond({ response_type: 'ephemeral', ...watching(result.key, true, result.already) });
  },
};
