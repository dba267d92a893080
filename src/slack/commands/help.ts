import { helpMessage } from '../blocks/help.js';
import type { Subcommand } from './types.js';

export const helpCommand: Subcommand = {
  usage: 'help',
  summary: 'Show what /jira can do',
  async run({ respond }) {
    // Imported lazily to avoid a cycle: the help text is generated from the table itself.
    const { subcommandList } = await import('./table.js');
    await respond({ response_type: 'ephemeral', ...helpMessage(subcommandList()) });
  },
};
