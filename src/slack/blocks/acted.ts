import type { Message } from './help.js';
import { clip, esc } from './mrkdwn.js';

// Short confirmations of a change someone made to an issue, for an ephemeral reply.

function message(text: string): Message {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** "Commented on ALPHA-1", and who stayed plain text in Jira because their account is unknown. */
export function commented(key: string, unmentioned: readonly string[] = []): Message {
  const lines = [`Commented on ${esc(key)}`];
  const ids = unmentioned.filter((id) => /^[UW][A-Z0-9]+$/.test(id));
  if (ids.length) {
    const who = ids.map((id) => `<@${id}>`).join(', ');
    lines.push(
      `${who} ${ids.length === 1 ? 'is' : 'are'} plain text in the comment: we couldn’t find ${ids.length === 1 ? 'their' : 'those'} Jira account${ids.length === 1 ? '' : 's'}.`,
    );
  }
  return message(lines.join('\n'));
}

/** "Assigned ALPHA-1 to Grace Hopper" (or "to you", or "Unassigned ALPHA-1"). */
export function assigned(key: string, assignee: string | null, self: boolean): Message {
  if (assignee === null) return message(`Unassigned ${esc(key)}`);
  return message(`Assigned ${esc(key)} to ${self ? 'you' : esc(clip(assignee, 200))}`);
}

/** "Moved ALPHA-1 to *Done*". */
export function moved(key: string, status: string): Message {
  return message(`Moved ${esc(key)} to *${esc(clip(status, 200))}*`);
}

/** Watching started or stopped, or already so. */
export function watching(key: string, watch: boolean, already: boolean): Message {
  const k = esc(key);
  if (watch) return message(already ? `You’re already watching ${k}` : `You’re watching ${k}`);
  return message(already ? `You weren’t watching ${k}` : `You stopped watching ${k}`);
}
