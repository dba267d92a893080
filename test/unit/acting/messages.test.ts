import { describe, expect, it } from 'vitest';
import {
  ActRefusedError,
  CommentNotPostedError,
  NotConnectedError,
  NotVisibleError,
  TransitionUnknownError,
  UserUnmappedError,
} from '../../../src/errors.js';
import { actErrorModal, commentModal, transitionModal } from '../../../src/slack/blocks/act-modals.js';
import { assigned, commented, moved, watching } from '../../../src/slack/blocks/acted.js';
import { describeError } from '../../../src/slack/blocks/error-message.js';
import { validateMessageBlocks, validateView } from '../../support/slack/block-kit.js';

const choices = [
  { name: 'Start progress', to: 'In Progress' },
  { name: 'Mark Done', to: 'Done' },
];

describe('confirmations of a change', () => {
  it.each([
    ['a comment', commented('ALPHA-1')],
    ['a comment with people left as plain text', commented('ALPHA-1', ['U0BOB00001', 'U0GRACE001'])],
    ['an assignment to someone', assigned('ALPHA-1', 'Grace <Hopper>', false)],
    ['an assignment to oneself', assigned('ALPHA-1', 'Ada Lovelace', true)],
    ['unassigning', assigned('ALPHA-1', null, false)],
    ['a transition', moved('ALPHA-1', 'In *Review*')],
    ['watching', watching('ALPHA-1', true, false)],
    ['already watching', watching('ALPHA-1', true, true)],
    ['unwatching', watching('ALPHA-1', false, false)],
  ])('reads well for %s', (_what, msg) => {
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
    expect(msg).toMatchSnapshot();
  });
});

describe('the words for refusals of a change', () => {
  it.each([
    ['no permission', new ActRefusedError('assign', 'ALPHA-1', 'forbidden', '')],
    ['no permission, with Jira’s reason', new ActRefusedError('unwatch', 'ALPHA-1', 'forbidden', 'No <way>')],
    ['a refused transition', new ActRefusedError('transition', 'ALPHA-1', 'invalid', 'Resolution is required.')],
    ['a refused comment without reasons', new ActRefusedError('comment', 'ALPHA-1', 'invalid', '')],
    ['Jira busy', new ActRefusedError('watch', 'ALPHA-1', 'busy', '', 7)],
    ['Jira busy for a second', new ActRefusedError('watch', 'ALPHA-1', 'busy', '', 1)],
    ['Jira down', new ActRefusedError('comment', 'ALPHA-1', 'unavailable', 'ignored')],
    ['an unknown transition', new TransitionUnknownError('ALPHA-1', 'Finished', choices, false, 'To Do')],
    ['an ambiguous transition', new TransitionUnknownError('ALPHA-1', 'done', choices, true, 'To Do')],
    ['a move to where it already is', new TransitionUnknownError('ALPHA-1', 'to do', choices, false, 'To Do')],
    ['no target', new TransitionUnknownError('ALPHA-1', '', choices, false, 'To Do')],
    ['no transitions at all', new TransitionUnknownError('ALPHA-1', 'Done', [], false, 'Done')],
    ['someone with a hidden email', new UserUnmappedError('U1', 'Grace', 'no_jira_match')],
    ['someone Slack shares no email for', new UserUnmappedError('U1', 'James', 'no_slack_email')],
  ])('explain %s', (_what, err) => {
    expect(describeError(err, {}).text).toMatchSnapshot();
  });

  it('gives back a comment that wasn’t posted, under the reason', () => {
    const err = new CommentNotPostedError(new NotVisibleError('HR-1'), 'Please *raise* it\n```x```');
    expect(describeError(err, {}).text).toMatchSnapshot();
  });

  it('keeps the Connect button when a comment wasn’t posted because they aren’t connected', () => {
    const err = new CommentNotPostedError(new NotConnectedError(), 'hello');
    expect(err.code).toBe(new NotConnectedError().code);
    expect(describeError(err, { connectUrl: 'https://app.test/connect' }).button?.text).toBe(
      'Connect your Jira account',
    );
  });
});

describe('the card modals', () => {
  const transitions = [
    { id: '11', name: 'Start progress', to: { name: 'In Progress' } },
    { id: '41', name: 'Done', to: { name: 'Done' } },
    { id: '99', name: 'A transition name far too long for a Slack option label to carry', to: { name: 'Done' } },
  ];

  it.each([
    ['the comment modal', commentModal('ALPHA-1', '{"key":"ALPHA-1"}')],
    ['the comment modal refilled', commentModal('ALPHA-1', '{}', 'what I wrote')],
    ['the transition picker', transitionModal({ key: 'ALPHA-1', status: 'To Do' }, transitions, '{}')],
    ['the transition picker with nothing to offer', transitionModal({ key: 'ALPHA-1', status: 'Done' }, [], '{}')],
    ['a refusal', actErrorModal('comment_modal', 'Comment', describeError(new NotVisibleError('HR-1'), {}))],
  ])('builds %s as Slack accepts it', (_what, view) => {
    expect(validateView(view, 'modal')).toEqual([]);
    expect(view).toMatchSnapshot();
  });
});
