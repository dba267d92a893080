import { hostOf } from '../../access/connect.js';
import { WorkspaceNotConnectedError } from '../../errors.js';
import { connectPrompt } from '../blocks/prompts.js';
import type { Subcommand } from './types.js';

export const connectCommand: Subcommand = {
  usage: 'connect',
  summary: 'Connect your own Jira account',
  async run({ who, deps, respond }) {
    const ws = await deps.stores.workspaces.get(who.teamId);
    if (!ws) throw new WorkspaceNotConnectedError();
    const url = await deps.links.connect(who, 'user');
    await respond({ response_type: 'ephemeral', ...connectPrompt(url, hostOf(ws.siteUrl)) });
  },
};
