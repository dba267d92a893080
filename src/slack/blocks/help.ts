import type { KnownBlock } from '@slack/types';
import { esc } from './mrkdwn.js';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** The `/jira help` message: one line per subcommand, generated from the command table. */
export function helpMessage(commands: Array<{ usage: string; summary: string }>): Message {
  const lines = commands.map((c) => `\`/jira ${esc(c.usage)}\` — ${esc(c.summary)}`);
  return {
    text: 'Jira Bridge commands',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: '*Jira Bridge* brings Jira into Slack. You can use:' } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'Replies are only visible to you. Type `/jira ISSUE-KEY` to look at an issue.' },
        ],
      },
    ],
  };
}
