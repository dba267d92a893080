import { UsageError } from '../../errors.js';
import { assigned } from '../blocks/acted.js';
import { type AssignTarget, assignIssue, issueKey } from '../issue-acts.js';
import type { Subcommand } from './types.js';

const USAGE = 'assign <KEY> <me|@user|none>';
const NOBODY = new Set(['none', 'nobody', 'unassign', 'unassigned']);

/**
 * `me`, `none`, or a Slack mention. The command is registered with escaping on, so Slack sends a mention
 * as `<@U…|name>`; a bare `@name` can't be told apart from someone else's name, so it is refused.
 */
export function parseAssignArgs(args: readonly string[]): { key: string; target: AssignTarget } {
  const key = issueKey(args[0], USAGE);
  const word = (args[1] ?? '').trim();
  if (args.length > 2) throw new UsageError('Assign to one person: me, @someone or none.', USAGE);
  if (word.toLowerCase() === 'me') return { key, target: { kind: 'me' } };
  if (NOBODY.has(word.toLowerCase())) return { key, target: { kind: 'none' } };
  const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
  if (m) return { key, target: { kind: 'user', slackUserId: m[1]! } };
  throw new UsageError(
    word ? 'Mention the person with @ so Slack fills in who they are, or use me or none.' : `Say who gets ${key}.`,
    USAGE,
  );
}

export const assignCommand: Subcommand = {
  usage: USAGE,
  summary: 'Assign an issue to you, someone else, or nobody',
  async run({ who, args, deps, respond }) {
    const { key, target } = parseAssignArgs(args);
    const result = await assignIssue(deps, who, key, target);
    await respond({ response_type: 'ephemeral', ...assigned(result.key, result.assignee, result.self) });
  },
};
