import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { JiraTransition } from '../../jira/types.js';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.js';
import type { ErrorView } from './error-message.js';
import { errorMessage } from './error-message.js';
import { clip, esc } from './mrkdwn.js';

// The small modals behind an issue card's Comment and Transition buttons. `meta` is the
// private_metadata the submission handler reads back (the issue key and where the card lives).

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const OPTION_MAX = 75;

/** "Comment on ALPHA-1": one multi-line input; `initial` refills it after a failure we learned late. */
export function commentModal(key: string, meta: string, initial?: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.comment,
    private_metadata: meta,
    title: plain('Comment'),
    submit: plain('Comment'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: BLOCKS.commentText,
        label: plain(`Comment on ${clip(key, 100)}`),
        element: {
          type: 'plain_text_input',
          action_id: ACTIONS.commentText,
          multiline: true,
          max_length: 3000,
          ...(initial ? { initial_value: initial.slice(0, 3000) } : {}),
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Slack formatting works: *bold*, _italic_, ~strike~, `code`, lists and links. It is posted as you.',
          },
        ],
      },
    ],
  };
}

/** Shown while the transitions open to the person are fetched. */
export function transitionLoadingModal(key: string, meta: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.transition,
    private_metadata: meta,
    title: plain('Transition'),
    close: plain('Cancel'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Loading what ${esc(key)} can move to…` } }],
  };
}

/** The label of a transition in the picker: its name and, when different, where it leads. */
export function transitionLabel(t: Pick<JiraTransition, 'name' | 'to'>): string {
  const label = t.name.trim().toLowerCase() === t.to.name.trim().toLowerCase() ? t.name : `${t.name} → ${t.to.name}`;
  return clip(label, OPTION_MAX);
}

/** The picker of transitions open to the person (Jira's order), or a note that there are none. */
export function transitionModal(
  issue: { key: string; status: string },
  transitions: readonly Pick<JiraTransition, 'id' | 'name' | 'to'>[],
  meta: string,
): ModalView {
  const key = esc(issue.key);
  const where: KnownBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: `${key} is in *${esc(clip(issue.status, 200))}*.` },
  };
  if (transitions.length === 0) {
    return {
      type: 'modal',
      callback_id: VIEWS.transition,
      private_metadata: meta,
      title: plain('Transition'),
      close: plain('Close'),
      blocks: [where, { type: 'context', elements: [plain(`No transitions of ${issue.key} are open to you.`)] }],
    };
  }
  const options: PlainTextOption[] = transitions.slice(0, 100).map((t) => ({
    text: plain(transitionLabel(t)),
    value: t.id.slice(0, 150),
  }));
  return {
    type: 'modal',
    callback_id: VIEWS.transition,
    private_metadata: meta,
    title: plain('Transition'),
    submit: plain('Move'),
    close: plain('Cancel'),
    blocks: [
      where,
      {
        type: 'input',
        block_id: BLOCKS.transitionPick,
        label: plain('Move to'),
        element: {
          type: 'static_select',
          action_id: ACTIONS.transitionPick,
          placeholder: plain('Choose a transition'),
          options,
        },
      },
    ],
  };
}

/** A modal that only explains why nothing can be done (with the Connect button when that's the fix). */
export function actErrorModal(callbackId: string, title: string, view: ErrorView, meta = ''): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: meta,
    title: plain(clip(title, 24)),
    close: plain('Close'),
    blocks: errorMessage(view).blocks,
  };
}
