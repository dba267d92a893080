import { hostOf } from '../../access/connect.js';
import { ErrorCode, isCodedError } from '../../errors.js';
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
      const user = await deps.stores.users.get(who.teamId, who.userId);
      let reach = '';
      let serviceBroken = ws.status !== 'ok';
      let userBroken = false;
      if (user) {
        try {
          const access = await deps.gate.access(who);
          const n = access.projects.length;
          const keys = access.projects.slice(0, 10).map((p) => esc(p.key));
          reach = `${n} project${n === 1 ? '' : 's'}${n ? ` (${keys.join(', ')}${n > 10 ? ', …' : ''})` : ''}`;
        } catch (err) {
          const coded = isCodedError(err) ? err : deps.translateError(err);
          if (coded?.code === ErrorCode.WorkspaceBroken) serviceBroken = true;
          else if (coded?.code === ErrorCode.NeedsReauth) userBroken = true;
          else throw err;
        }
      }
      lines.push(`*Site:* <${ws.siteUrl}|${esc(hostOf(ws.siteUrl))}>`);
      lines.push(
        `Main authorized user is *${esc(ws.displayName)}*${serviceBroken ? ' (needs re-authorization by an admin: Jira is unavailable until then)' : ''}`,
      );
      if (!user) lines.push('*You:* not connected. Use `/jira connect`.');
      else {
        lines.push(`*You:* ${esc(user.displayName)} in Jira`);
        if (userBroken) {
          lines.push(
            '*Your connection:* needs re-authorization. Re-authorize to keep using Jira from Slack (`/jira connect`).',
          );
        } else if (reach) lines.push(`*You can reach:* ${reach}`);
      }
    }
    const text = lines.join('\n');
    await respond({ response_type: 'ephemeral', text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  },
};
