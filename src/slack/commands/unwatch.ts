import { watching } from '../blocks/acted.js';
import { issueKey, setWatching } from '../issue-acts.js';
import type { Subcommand } from './types.js';

export const unwatchCommand: Subcommand = {
  usage: 'unwatch <KEY>',
  summary: 'Stop watching an issue',
  async run({ who, args, deps, respond }) {
    const result = await setWatching(deps, who, issueKey(args[0], 'unwatch <KEY>'), false);
    await respond({ response_type: 'ephemeral', ...watching(result.key, false, result.already) });
  },
};
