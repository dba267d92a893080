import { UsageError } from '../../errors.js';
import { parseIssueKey } from '../../jira/jql.js';
import { CARD_FIELDS, issueCard, toCardIssue } from '../blocks/issue-card.js';
import type { Subcommand } from './types.js';

export const VIEW_USAGE = 'view <KEY>';

/** The issue key in `/jira view KEY` (or a bare `/jira KEY`, or an issue URL). */
export function parseViewArgs(args: readonly string[]): string {
  if (args.length === 0) throw new UsageError('Which issue? Give its key.', VIEW_USAGE);
  if (args.length > 1) throw new UsageError('Give one issue key.', VIEW_USAGE);
  const key = parseIssueKey(args[0] ?? '');
  if (!key) throw new UsageError(`“${args[0]}” isn’t an issue key (like ABC-123).`, VIEW_USAGE);
  return key;
}

export const viewCommand: Subcommand = {
  usage: VIEW_USAGE,
  summary: 'Show an issue (also `/jira KEY-12`)',
  async run({ who, args, deps, respond }) {
    const key = parseViewArgs(args);
    const { issue, access } = await deps.gate.requireIssue(who, key, CARD_FIELDS);
    const share = deps.gate.channelShareRefusal(access, issue) === null;
    const card = issueCard(toCardIssue(issue, access.workspace.siteUrl), { actions: true, share });
    await respond({ response_type: 'ephemeral', ...card });
  },
};
