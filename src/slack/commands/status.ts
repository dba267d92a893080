import { hostOf } from '../../access/connect.js';
import { isCodedError } from '../../errors.js';
import { esc } from '../blocks/mrkdwn.js';
import type { Subcommand } from './types.js';

export const statusCommand: Subcommand = {
  usage: 'status',
  summary: 'Who you are in Jira and what you can reach',
  async run({ who, deps, respond }) {
    const ws = await deps.stores.workspaces.get(who.teamId);
    const lines: string[] = [];
    if (!ws) {
      lines.push(
        'Jira is not connected to this workspace yet. A Slack admin can connect it from the Jira Bridge Home tab.',
      );
    } else {
      lines.push(`*Site:* <${ws.siteUrl}|${esc(hostOf(ws.siteUrl))}>`);
      lines.push(
        `Main authorized user is *${esc(ws.displayName)}*${ws.status === 'ok' ? '' : ' (needs re-authorization by an admin)'}`,
      );
      const user = await deps.stores.users.get(who.teamId, who.userId);
      if (!user) lines.push('*You:* not connected. Use `/jira connect`.');
      else {
        lines.push(`*You:* ${esc(user.displayName)} in Jira`);
        try {
          const access = await deps.gate.access(who);
          const n = access.projects.length;
          lines.push(
            `*You can reach:* ${n} project${n === 1 ? '' : 's'}${
              n
                ? ` (${access.projects
                    .slice(0, 10)
                    .map((p) => esc(p.key))
                    .join(', ')}${n > 10 ? ', …' : ''})`
                : ''
            }`,
          );
        } catch (err) {
          if (!isCodedError(err)) throw err;
          lines.push(
            '*Your connection:* needs re-authorization. Re-authorize to keep using Jira from Slack (`/jira connect`).',
          );
        }
      }
    }
    const text = lines.join('\n');
    await respond({ response_type: 'ephemeral', text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  },
};
