import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { SubscriptionEvent } from '../../notify/subscription.js';
import { SUBSCRIBE_INPUTS as F, VIEWS } from '../ids.js';
import { clip } from './mrkdwn.js';

/** The events a channel can pick, in the order shown. */
export const SUBSCRIBE_EVENT_CHOICES: Array<{ value: SubscriptionEvent; label: string }> = [
  { value: 'created', label: 'Issue created' },
  { value: 'transitioned', label: 'Status changed' },
  { value: 'assigned', label: 'Assignee changed' },
  { value: 'commented', label: 'Comment added' },
  { value: 'resolved', label: 'Issue resolved' },
  { value: 'updated', label: 'Any other update' },
];

const DEFAULT_EVENTS: SubscriptionEvent[] = ['created', 'transitioned', 'commented', 'resolved'];

export interface SubscribeModalInput {
  channelId: string;
  projects: Array<{ key: string; name: string }>;
  /** Preselected project key (from `/jira subscribe KEY`). */
  project?: string;
  /** Admins may open a subscription to issues that carry a security level. */
  isAdmin: boolean;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (value: string, label: string): PlainTextOption => ({ text: plain(clip(label, 75)), value });

function textFilter(id: string, label: string, hint: string): InputBlock {
  return {
    type: 'input',
    block_id: id,
    optional: true,
    label: plain(label),
    hint: plain(hint),
    element: { type: 'plain_text_input', action_id: id, max_length: 500 },
  };
}

/** The subscribe modal for one channel. The channel travels in `private_metadata`. */
export function subscribeModal(input: SubscribeModalInput): ModalView {
  const options = input.projects.slice(0, 100).map((p) => option(p.key, `${p.key} · ${p.name}`));
  const initial = options.find((o) => o.value === input.project?.toUpperCase());
  const events = SUBSCRIBE_EVENT_CHOICES.map((e) => option(e.value, e.label));
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Post Jira updates to <#${input.channelId}>. Everyone in the channel will see them.`,
      },
    },
    {
      type: 'input',
      block_id: F.project,
      label: plain('Project'),
      element: {
        type: 'static_select',
        action_id: F.project,
        placeholder: plain('Choose a project'),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    },
    {
      type: 'input',
      block_id: F.events,
      label: plain('Post when'),
      element: {
        type: 'checkboxes',
        action_id: F.events,
        options: events,
        initial_options: events.filter((o) => DEFAULT_EVENTS.includes(o.value as SubscriptionEvent)),
      },
    },
    textFilter(F.issueTypes, 'Only these issue types', 'Comma-separated, e.g. Bug, Story. Empty means all.'),
    textFilter(F.statuses, 'Only in these statuses', 'Comma-separated, e.g. In Progress, Done. Empty means all.'),
    textFilter(F.priorities, 'Only these priorities', 'Comma-separated, e.g. Highest, High. Empty means all.'),
    textFilter(F.labels, 'Only with one of these labels', 'Comma-separated. Empty means any.'),
    {
      type: 'input',
      block_id: F.assignees,
      optional: true,
      label: plain('Only assigned to'),
      hint: plain('People who connected their Jira account. Empty means anyone.'),
      element: { type: 'multi_users_select', action_id: F.assignees, placeholder: plain('Anyone') },
    },
  ];
  if (input.isAdmin) {
    blocks.push({
      type: 'input',
      block_id: F.security,
      optional: true,
      label: plain('Restricted issues'),
      element: {
        type: 'checkboxes',
        action_id: F.security,
        options: [
          {
            text: { type: 'mrkdwn', text: '*Include issues with a security level*' },
            description: plain('Everyone in the channel will see them'),
            value: 'include',
          },
        ],
      },
    });
  }
  return {
    type: 'modal',
    callback_id: VIEWS.subscribe,
    title: plain('Subscribe channel'),
    submit: plain('Subscribe'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ channelId: input.channelId }),
    blocks,
  };
}
