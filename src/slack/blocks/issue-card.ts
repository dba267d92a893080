import type { Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { adfToMrkdwn } from '../../jira/adf.js';
import type { JiraIssue } from '../../jira/types.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import type { Message } from './help.js';
import { clip, esc, issueLink, truncateMrkdwn } from './mrkdwn.js';

/** What an issue card shows, already read from Jira; `description` is finished mrkdwn. */
export interface CardIssue {
  key: string;
  /** `${siteUrl}/browse/${key}` */
  url: string;
  summary: string;
  status: string;
  /** Jira's status category key: `new`, `indeterminate`, `done` (or `undefined` in Jira's words). */
  statusCategory: string;
  type: string | null;
  priority: string | null;
  assignee: string | null;
  reporter: string | null;
  labels: string[];
  description?: string;
  securityLevel: string | null;
  projectKey: string;
  projectName: string;
}

export interface IssueCardOptions {
  /** Comment, Assign to me, Transition and Watch (only where the viewer can act: ephemeral replies). */
  actions?: boolean;
  /** Share in channel: only for issues without a security level, when previews aren't off. */
  share?: boolean;
  /** Slack user id of the person who shared the card into a channel. */
  sharedBy?: string;
}

const DESCRIPTION_MAX = 1500;
const SECTION_MAX = 3000;
const VALUE_MAX = 200;
const NONE = 'None';

/** Reads the fields a card shows from a Jira issue (v3: the description is ADF). */
/** The Jira fields a card shows (the gate adds what it needs to decide). */
export const CARD_FIELDS = [
  'summary',
  'description',
  'status',
  'issuetype',
  'priority',
  'assignee',
  'reporter',
  'labels',
  'security',
  'project',
] as const;

export function toCardIssue(issue: JiraIssue, siteUrl: string): CardIssue {
  const f = issue.fields;
  const description = f.description === undefined ? '' : adfToMrkdwn(f.description, { maxLength: DESCRIPTION_MAX });
  return {
    key: issue.key,
    url: `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(issue.key)}`,
    summary: f.summary,
    status: f.status.name,
    statusCategory: f.status.statusCategory.key,
    type: f.issuetype?.name ?? null,
    priority: f.priority?.name ?? null,
    assignee: f.assignee?.displayName ?? null,
    reporter: f.reporter?.displayName ?? null,
    labels: f.labels ?? [],
    ...(description ? { description } : {}),
    securityLevel: f.security?.name ?? null,
    projectKey: f.project.key,
    projectName: f.project.name,
  };
}

/**
 * The full card (`/jira view`, a single preview, a shared card): the linked `KEY: summary`, status and
 * assignee, reporter and labels, the description, a context line, and buttons. *Open in Jira* is always
 * there; the acting buttons only when `opts.actions`.
 */
export function issueCard(i: CardIssue, opts: IssueCardOptions = {}): Message {
  const blocks: KnownBlock[] = [
    section(`*${issueLink(i)}*`),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Status*\n${statusWords(i)}` },
        { type: 'mrkdwn', text: `*Assignee*\n${value(i.assignee, 'Unassigned')}` },
      ],
    },
  ];
  const about = [
    `*Reporter:* ${value(i.reporter)}`,
    `*Labels:* ${i.labels.length ? esc(clip(i.labels.join(', '), 500)) : NONE}`,
  ];
  blocks.push(section(about.join('   ')));
  if (i.description?.trim()) blocks.push(section(truncateMrkdwn(i.description.trim(), SECTION_MAX)));
  blocks.push(contextLine(i));
  const sharer = opts.sharedBy && /^[UW][A-Z0-9]{2,}$/.test(opts.sharedBy) ? `<@${opts.sharedBy}>` : undefined;
  if (sharer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by ${sharer}` }] });
  const buttons: Button[] = [];
  if (opts.actions) {
    buttons.push(
      button('Comment', ACTIONS.comment, i.key),
      button('Assign to me', ACTIONS.assignToMe, i.key),
      button('Transition', ACTIONS.transition, i.key),
      button('Watch', ACTIONS.watch, i.key),
    );
  }
  buttons.push(openInJira(i));
  if (opts.share) buttons.push(button('Share in channel', ACTIONS.share, i.key));
  blocks.push({ type: 'actions', block_id: BLOCKS.issueActions, elements: buttons });
  return { text: sharer ? `${sharer} shared ${fallbackText(i)}` : fallbackText(i), blocks };
}

/** One search result or a lone compact preview: link line, status · assignee · priority, Open in Jira. */
export function compactCard(i: CardIssue): KnownBlock[] {
  const facts = [statusWords(i), value(i.assignee, 'Unassigned'), `Priority: ${value(i.priority)}`];
  const lock = i.securityLevel ? ` · :lock: ${esc(clip(i.securityLevel, VALUE_MAX))}` : '';
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${issueLink(i)}*\n${facts.join(' · ')}${lock}` },
      accessory: openInJira(i),
    },
  ];
}

/** One of several previews in a message: link line and status only. */
export function condensedCard(i: CardIssue): KnownBlock[] {
  return [{ type: 'section', text: { type: 'mrkdwn', text: `${issueLink(i)} · ${statusWords(i)}` } }];
}

/** The notification and screen-reader line: `KEY: summary`, escaped. */
function fallbackText(i: CardIssue): string {
  return esc(`${i.key}: ${clip(i.summary.replace(/\s+/g, ' ').trim(), 150)}`);
}

// The category in words too, so the status never depends on a colour or an emoji alone.
const CATEGORY: Record<string, string> = { new: 'To do', indeterminate: 'In progress', done: 'Done' };

function statusWords(i: CardIssue): string {
  const name = esc(clip(i.status, VALUE_MAX));
  const category = CATEGORY[i.statusCategory];
  return category && category.toLowerCase() !== i.status.trim().toLowerCase() ? `${name} (${category})` : name;
}

function value(v: string | null, empty = NONE): string {
  return v?.trim() ? esc(clip(v.trim(), VALUE_MAX)) : empty;
}

function contextLine(i: CardIssue): ContextBlock {
  const parts = [`${esc(clip(i.projectName, VALUE_MAX))} (${esc(i.projectKey)})`];
  if (i.type) parts.push(esc(clip(i.type, VALUE_MAX)));
  parts.push(`Priority: ${value(i.priority)}`);
  if (i.securityLevel) parts.push(`:lock: Security level: ${esc(clip(i.securityLevel, VALUE_MAX))}`);
  return { type: 'context', elements: [{ type: 'mrkdwn', text: parts.join(' · ') }] };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function button(text: string, actionId: string, key: string): Button {
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value: key };
}

function openInJira(i: CardIssue): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: 'Open in Jira' },
    action_id: ACTIONS.openInJira,
    url: i.url,
    value: i.key,
  };
}
