import type { Deps } from '../../deps.js';
import { CommentNotPostedError, isCodedError } from '../../errors.js';
import { commented } from '../blocks/acted.js';
import { esc } from '../blocks/mrkdwn.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { commentOnIssue } from '../issue-acts.js';
import { runCardSubmission, type ViewArgs } from './act-submission.js';

function commentText(values: ViewArgs['view']['state']['values']): string {
  const v = values[BLOCKS.commentText]?.[ACTIONS.commentText]?.value;
  return typeof v === 'string' ? v : '';
}

/** The comment modal's submit: the comment is posted with the submitter's own token. */
export async function submitComment(args: ViewArgs, deps: Deps): Promise<void> {
  const text = commentText(args.view.state.values);
  await runCardSubmission(args, deps, {
    what: 'Comment',
    errorBlock: BLOCKS.commentText,
    validate: () => (text.trim() ? undefined : 'Write a comment first.'),
    act: (viewer, meta) => commentOnIssue(deps, viewer, meta.key, text),
    confirm: (done) => commented(done.key, done.unmentioned),
    // The modal is closed by then: the reply carries the text (typed as plain text, so escaped).
    late: (err) => {
      const coded = isCodedError(err) ? err : deps.translateError(err);
      return coded ? new CommentNotPostedError(coded, esc(text)) : err;
    },
  });
}
