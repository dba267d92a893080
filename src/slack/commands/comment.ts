import { CommentNotPostedError, isCodedError, UsageError } from '../../errors.js';
import { commented } from '../blocks/acted.js';
import { commentOnIssue, issueKey } from '../issue-acts.js';
import type { Subcommand } from './types.js';

const USAGE = 'comment <KEY> <text>';

/** `KEY text…` → the key and the comment as typed (Slack mrkdwn, newlines kept). */
export function parseCommentArgs(rest: string): { key: string; text: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
  const key = issueKey(m?.[1], USAGE);
  const text = (m?.[2] ?? '').trim();
  if (!text) throw new UsageError(`Write the comment after ${key}.`, USAGE);
  return { key, text };
}

export const commentCommand: Subcommand = {
  usage: USAGE,
  summary: 'Comment on an issue as yourself',
  async run({ who, rest, deps, respond }) {
    const { key, text } = parseCommentArgs(rest);
    let result: Awaited<ReturnType<typeof commentOnIssue>>;
    try {
      result = await commentOnIssue(deps, who, key, text);
    } catch (err) {
      // Whatever went wrong, the reply carries what they wrote, so nothing is lost.
      const coded = isCodedError(err) ? err : deps.translateError(err);
      throw coded ? new CommentNotPostedError(coded, text) : err;
    }
    await respond({ response_type: 'ephemeral', ...commented(result.key, result.unmentioned) });
  },
};
