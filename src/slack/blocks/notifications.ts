import type { KnownBlock } from '@slack/types';
import { wikiToMrkdwn } from '../../jira/wiki.js';
import { changeKey, type JiraEvent, type JiraFieldChange } from '../../notify/event.js';
import type { PersonalReason } from '../../notify/personal.js';
import { ACTIONS } from '../ids.js';
import { clip, esc, issueLink, truncateMrkdwn } from './mrkdwn.js';

export const NOTIF_OPEN_IN_JIRA = ACTIONS.notificationOpenInJira;
export const NOTIF_ACTIONS_BLOCK = 'notif_actions';

export interface NotificationMessage {
  /** Plain sentence (escaped, no markup): the push notification and screen-reader fallback. */
  text: string;
  blocks: KnownBlock[];
}

export interface NotificationOptions {
  /** Browse URL of the issue, `https://x.atlassian.net/browse/KEY`. */
  issueUrl: string;
  /**
   * Display name for a Jira accountId mentioned in quoted text. People the event itself names
   * (actor, assignee, reporter, comment author) are known without it; others read `@someone`.
   */
  mentionName?: (accountId: string) => string | undefined;
}

const SECTION_MAX = 3000;
const EXCERPT_MAX = 300;
const VALUE_MAX = 100;
const MAX_FIELD_LINES = 10;
const NONE = 'None';

/** What happened, independent of who it is told to. Built once, worded per audience. */
type Act =
  | { verb: 'created' }
  | { verb: 'deleted' }
  | { verb: 'commented' }
  | { verb: 'edited_comment' }
  | { verb: 'deleted_comment' }
  | { verb: 'moved'; to: string }
  | { verb: 'resolved' }
  | { verb: 'reopened' }
  | { verb: 'assigned'; to: string | null; toAccountId: string | null }
  | { verb: 'updated'; changes: JiraFieldChange[] };

function actOf(ev: JiraEvent): Act {
  switch (ev.kind) {
    case 'created':
      return { verb: 'created' };
    case 'deleted':
      return { verb: 'deleted' };
    case 'comment_created':
      return { verb: 'commented' };
    case 'comment_updated':
      return { verb: 'edited_comment' };
    case 'comment_deleted':
      return { verb: 'deleted_comment' };
    case 'updated':
      break;
  }
  const hasStatus = ev.changes.some((c) => changeKey(c) === 'status');
  // A resolution set or cleared alongside a status change is part of the same transition.
  const shown = ev.changes.filter((c) => !(hasStatus && changeKey(c) === 'resolution'));
  const only = shown.length === 1 ? shown[0] : undefined;
  if (only) {
    const key = changeKey(only);
    if (key === 'status' || key === 'resolution') {
      if (ev.traits.has('resolved')) return { verb: 'resolved' };
      if (ev.traits.has('reopened')) return { verb: 'reopened' };
      if (key === 'status') return { verb: 'moved', to: only.to ?? ev.issue.status };
    }
    if (key === 'assignee') {
      const toAccountId = ev.issue.assignee?.accountId ?? null;
      return { verb: 'assigned', to: only.to ?? ev.issue.assignee?.displayName ?? null, toAccountId };
    }
  }
  return { verb: 'updated', changes: shown };
}

const NAME_MAX = 80;
const actorName = (ev: JiraEvent) => esc(clip(ev.actor?.displayName ?? 'Someone', NAME_MAX));

function assigneeName(ev: JiraEvent, act: { to: string; toAccountId: string | null }): string {
  return ev.actor && act.toAccountId === ev.actor.accountId ? 'themselves' : esc(clip(act.to, NAME_MAX));
}

function issueRef(ev: JiraEvent, opts: NotificationOptions, linked: boolean) {
  // A deleted issue's link leads nowhere, so it is named, not linked.
  if (!linked) return bold(issuePlain(ev));
  return issueLink({ url: opts.issueUrl, key: ev.issue.key, summary: ev.issue.summary });
}

/** The plain form of the issue for top-level `text`: no link markup, still escaped. */
const issuePlain = (ev: JiraEvent) => `${esc(ev.issue.key)}: ${esc(clip(ev.issue.summary, 80))}`;

/** How a sentence is dressed: mrkdwn for blocks, plain (still escaped) for top-level `text`. */
interface Dress {
  issue: string;
  b: (s: string) => string;
}

const bold = (s: string) => `*${s}*`;
const bare = (s: string) => s;

function channelSentence(ev: JiraEvent, act: Act, { issue, b }: Dress): string {
  const who = actorName(ev);
  switch (act.verb) {
    case 'created':
      return `${who} created ${issue}`;
    case 'deleted':
      return `${who} deleted ${issue}`;
    case 'commented':
      return `${who} commented on ${issue}`;
    case 'edited_comment':
      return `${who} edited a comment on ${issue}`;
    case 'deleted_comment':
      return ev.actor ? `${who} deleted a comment on ${issue}` : `A comment was deleted on ${issue}`;
    case 'moved':
      return `${who} moved ${issue} to ${b(esc(clip(act.to, VALUE_MAX)))}`;
    case 'resolved':
      return `${who} resolved ${issue}`;
    case 'reopened':
      return `${who} reopened ${issue}`;
    case 'assigned':
      return act.to === null
        ? `${who} unassigned ${issue}`
        : `${who} assigned ${issue} to ${assigneeName(ev, { to: act.to, toAccountId: act.toAccountId })}`;
    case 'updated':
      return `${who} updated ${issue}`;
  }
}

function personalSentence(ev: JiraEvent, act: Act, reason: PersonalReason, { issue, b }: Dress): string {
  const who = actorName(ev);
  if (reason === 'assigned') return `${who} assigned you ${issue}`;
  if (reason === 'mentioned') {
    return ev.kind === 'comment_created' || ev.kind === 'comment_updated'
      ? `${who} mentioned you in a comment on ${issue}`
      : `${who} mentioned you on ${issue}`;
  }
  const yours = `${issue}, which you ${reason === 'watching' ? 'watch' : 'reported'}`;
  switch (act.verb) {
    case 'commented':
      return `${who} commented on ${yours}`;
    case 'moved':
      return `${who} moved ${yours}, to ${b(esc(clip(act.to, VALUE_MAX)))}`;
    case 'resolved':
      return `${who} resolved ${yours}`;
    case 'reopened':
      return `${who} reopened ${yours}`;
    case 'assigned':
      return act.to === null
        ? `${who} unassigned ${yours}`
        : `${who} assigned ${yours}, to ${assigneeName(ev, { to: act.to, toAccountId: act.toAccountId })}`;
    case 'deleted':
      return `${who} deleted ${yours}`;
    default:
      return `${who} updated ${yours}`;
  }
}

const fieldLabel = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);

function fieldValue(v: string | null): string {
  const oneLine = (v ?? '').replace(/\s+/g, ' ').trim();
  return oneLine === '' ? NONE : esc(clip(oneLine, VALUE_MAX));
}

function changeLines(changes: JiraFieldChange[]): string {
  const lines = changes
    .slice(0, MAX_FIELD_LINES)
    .map((c) => `*${esc(fieldLabel(c.field))}:* ${fieldValue(c.from)} → ${fieldValue(c.to)}`);
  const rest = changes.length - MAX_FIELD_LINES;
  if (rest > 0) lines.push(`_and ${rest} more field${rest === 1 ? '' : 's'}_`);
  return lines.join('\n');
}

/** Quotes finished mrkdwn (already escaped), line by line. */
function quoteMrkdwn(mrkdwn: string): string {
  return mrkdwn
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function mentionNamer(ev: JiraEvent, opts: NotificationOptions): (accountId: string) => string | undefined {
  const known = new Map<string, string>();
  for (const u of [ev.comment?.author, ev.issue.reporter, ev.issue.assignee, ev.actor]) {
    if (u) known.set(u.accountId, u.displayName);
  }
  return (id) => opts.mentionName?.(id) ?? known.get(id);
}

function excerpt(ev: JiraEvent, act: Act, opts: NotificationOptions, reason?: PersonalReason): string | null {
  const convert = (wiki: string) =>
    quoteMrkdwn(wikiToMrkdwn(wiki, { maxLength: EXCERPT_MAX, mentionName: mentionNamer(ev, opts) }));
  if (act.verb === 'commented' || act.verb === 'edited_comment') {
    const body = ev.comment?.bodyWiki.trim();
    return body ? convert(body) : null;
  }
  // A mention in a description is worth showing the reader where it sits.
  const description = ev.issue.descriptionWiki?.trim();
  if (reason === 'mentioned' && description) return convert(description);
  return null;
}

function contextLine(ev: JiraEvent): string {
  const i = ev.issue;
  const parts = [i.projectName ?? i.projectKey, i.issueType, i.priority, i.status].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  const line = parts.map((p) => esc(clip(p, 60))).join(' · ');
  return i.securityLevel !== null ? `${line} · Restricted: ${esc(clip(i.securityLevel, 60))}` : line;
}

function build(ev: JiraEvent, opts: NotificationOptions, body: string, text: string): NotificationMessage {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(body, SECTION_MAX) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: contextLine(ev) }] },
  ];
  if (ev.kind !== 'deleted') {
    blocks.push({
      type: 'actions',
      block_id: NOTIF_ACTIONS_BLOCK,
      elements: [
        {
          type: 'button',
          action_id: NOTIF_OPEN_IN_JIRA,
          text: { type: 'plain_text', text: 'Open in Jira' },
          url: opts.issueUrl,
        },
      ],
    });
  }
  return { text, blocks };
}

function assemble(
  sentence: string,
  ev: JiraEvent,
  act: Act,
  opts: NotificationOptions,
  reason?: PersonalReason,
): string {
  const parts = [sentence];
  if (act.verb === 'updated' && act.changes.length > 0) parts.push(changeLines(act.changes));
  const ex = excerpt(ev, act, opts, reason);
  if (ex) parts.push(ex);
  return parts.join('\n');
}

/**
 * A channel notification: one line (actor, verb, issue, detail), then the changed fields or a
 * quoted comment excerpt, a context line (project · type · priority · status) and *Open in Jira*.
 */
export function channelNotification(ev: JiraEvent, opts: NotificationOptions): NotificationMessage {
  const act = actOf(ev);
  const linked = ev.kind !== 'deleted';
  const sentence = channelSentence(ev, act, { issue: issueRef(ev, opts, linked), b: bold });
  const text = channelSentence(ev, act, { issue: issuePlain(ev), b: bare });
  return build(ev, opts, assemble(sentence, ev, act, opts), text);
}

/** A DM that speaks to its reader: "Ada assigned you ALPHA-12", "… which you watch". */
export function personalNotification(
  ev: JiraEvent,
  reason: PersonalReason,
  opts: NotificationOptions,
): NotificationMessage {
  const act = actOf(ev);
  const linked = ev.kind !== 'deleted';
  const sentence = personalSentence(ev, act, reason, { issue: issueRef(ev, opts, linked), b: bold });
  const text = personalSentence(ev, act, reason, { issue: issuePlain(ev), b: bare });
  return build(ev, opts, assemble(sentence, ev, act, opts, reason), text);
}
