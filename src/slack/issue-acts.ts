// Acting on an issue as the person: comment, assign, transition, watch. Commands, card buttons and
// modals all come through here, so each change is authorized the same way: the gate lets the issue
// through for this viewer, and the change is made with the viewer's own token (never the service
// account's). Jira's refusals become coded errors, worded in one place.

import type { ActorAccess, Viewer } from '../access/gate.js';
import type { Deps } from '../deps.js';
import {
  ActRefusedError,
  type CodedError,
  type IssueAct,
  NeedsReauthError,
  NotVisibleError,
  TransitionUnknownError,
  UsageError,
} from '../errors.js';
import { mrkdwnToAdf } from '../jira/adf.js';
import { describeJiraError, isJiraError } from '../jira/errors.js';
import { parseIssueKey } from '../jira/jql.js';
import { pickTransition } from '../jira/transitions.js';
import type { JiraTransition } from '../jira/types.js';

/** An issue key (or issue URL) as typed, upper-cased; anything else is a usage error. */
export function issueKey(raw: string | undefined, usage?: string): string {
  const typed = (raw ?? '').trim();
  const key = parseIssueKey(typed);
  if (!key) {
    throw new UsageError(
      typed ? `“${typed.slice(0, 40)}” isn’t an issue key (like ABC-123).` : 'Which issue? Give its key.',
      usage,
    );
  }
  return key;
}

/**
 * Jira's failure of one act, in our terms: a vanished issue answers like an invisible one, a dead token
 * asks for re-authorization, the rest keep Jira's words. Anything that isn't Jira's is left alone.
 */
export function actFailure(err: unknown, act: IssueAct, key: string): unknown {
  if (!isJiraError(err)) return err;
  const says = [...err.messages, ...Object.values(err.fieldErrors)].join(' ').trim();
  switch (err.code) {
    case 'not_found':
      return new NotVisibleError(key);
    case 'unauthorized':
      return new NeedsReauthError('broken');
    case 'forbidden':
      return new ActRefusedError(act, key, 'forbidden', says);
    case 'invalid':
      return new ActRefusedError(act, key, 'invalid', says);
    case 'rate_limited':
      return new ActRefusedError(act, key, 'busy', '', err.retryAfterSec ?? 60);
    case 'timeout':
    case 'unavailable':
    case 'gone':
      return new ActRefusedError(act, key, 'unavailable', describeJiraError(err));
  }
}

async function attempt<T>(act: IssueAct, key: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw actFailure(err, act, key);
  }
}

/** The gate's answer for acting on `key`, with Jira's failures (while reading) in act terms. */
async function admit(deps: Deps, viewer: Viewer, act: IssueAct, key: string, fields: readonly string[]) {
  return attempt(act, key, () => deps.gate.requireIssueToAct(viewer, key, fields));
}

/** Throws the coded reason when the viewer may not act on `key` (connected, and the issue visible to them). */
export async function admitToAct(deps: Deps, viewer: Viewer, act: IssueAct, key: string): Promise<void> {
  await admit(deps, viewer, act, key, ['summary']);
}

// `<@U…>` or `<@U…|name>`, as Slack escapes a mention in command text.
const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const MAX_MENTIONS = 10;

/**
 * Jira accounts for the Slack users mentioned in `text`. Someone who can't be mapped stays plain
 * `@name` text in Jira (and is reported back), rather than failing the comment.
 */
async function mentionedAccounts(
  deps: Deps,
  access: ActorAccess,
  text: string,
): Promise<{ known: Map<string, { accountId: string; displayName: string }>; unknown: string[] }> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!))].slice(0, MAX_MENTIONS);
  const known = new Map<string, { accountId: string; displayName: string }>();
  const unknown: string[] = [];
  await Promise.all(
    ids.map(async (id) => {
      try {
        known.set(id, await deps.userMap.resolve(access.workspace, id, access.client));
      } catch (err) {
        deps.log.info({ err: (err as Error).message, team: access.workspace.teamId }, 'mention not mapped to Jira');
        unknown.push(id);
      }
    }),
  );
  return { known, unknown };
}

/**
 * Adds `text` (Slack mrkdwn, or a modal's plain text: both read as mrkdwn) as the viewer's comment.
 * `unmentioned` lists Slack user ids whose Jira account is unknown (they stay plain text).
 */
export async function commentOnIssue(
  deps: Deps,
  viewer: Viewer,
  key: string,
  text: string,
): Promise<{ key: string; unmentioned: string[] }> {
  const { issue, access } = await admit(deps, viewer, 'comment', key, ['summary']);
  const { known, unknown } = await mentionedAccounts(deps, access, text);
  const body = mrkdwnToAdf(text, { mentionAccountId: (id) => known.get(id) });
  await attempt('comment', issue.key, () => access.client.addComment(issue.key, body));
  return { key: issue.key, unmentioned: unknown.sort() };
}

export type AssignTarget = { kind: 'me' } | { kind: 'none' } | { kind: 'user'; slackUserId: string };

/** Assigns as the viewer; `assignee` is the Jira display name (null when unassigned). */
export async function assignIssue(
  deps: Deps,
  viewer: Viewer,
  key: string,
  target: AssignTarget,
): Promise<{ key: string; assignee: string | null; self: boolean }> {
  const { issue, access } = await admit(deps, viewer, 'assign', key, ['assignee']);
  let account: { accountId: string; displayName: string } | null;
  if (target.kind === 'none') account = null;
  else if (target.kind === 'me' || target.slackUserId === viewer.userId) account = access.user;
  else account = await deps.userMap.resolve(access.workspace, target.slackUserId, access.client);
  await attempt('assign', issue.key, () => access.client.assignIssue(issue.key, account?.accountId ?? null));
  return {
    key: issue.key,
    assignee: account?.displayName ?? null,
    self: account !== null && account.accountId === access.user.accountId,
  };
}

/** A transition chosen from a list we showed (id), or typed as a name or status. */
export type TransitionTarget = { id: string; label: string } | { typed: string };

/** Moves the issue as the viewer; `status` is where it went. */
export async function transitionIssue(
  deps: Deps,
  viewer: Viewer,
  key: string,
  target: TransitionTarget,
): Promise<{ key: string; status: string }> {
  const { issue, access } = await admit(deps, viewer, 'transition', key, ['status']);
  const transitions = await attempt('transition', issue.key, () => access.client.getTransitions(issue.key));
  const choices = transitions.filter((t) => t.isAvailable !== false);
  let chosen: JiraTransition | undefined;
  if ('id' in target) {
    chosen = choices.find((t) => t.id === target.id);
    if (!chosen) throw unknownTransition(issue.key, target.label, choices, false, issue.fields.status.name);
  } else {
    const pick = pickTransition(transitions, target.typed);
    if (pick.kind !== 'one') {
      throw unknownTransition(
        issue.key,
        target.typed,
        pick.kind === 'ambiguous' ? pick.matches : pick.choices,
        pick.kind === 'ambiguous',
        issue.fields.status.name,
      );
    }
    chosen = pick.transition;
  }
  const t = chosen;
  await attempt('transition', issue.key, () => access.client.doTransition(issue.key, t.id));
  return { key: issue.key, status: t.to.name };
}

function unknownTransition(
  key: string,
  target: string,
  list: readonly JiraTransition[],
  ambiguous: boolean,
  current: string,
): CodedError {
  return new TransitionUnknownError(
    key,
    target,
    list.map((t) => ({ name: t.name, to: t.to.name })),
    ambiguous,
    current,
  );
}

/** The transitions the viewer may take on an issue they can see (for the Transition picker). */
export async function transitionChoices(
  deps: Deps,
  viewer: Viewer,
  key: string,
): Promise<{ key: string; status: string; transitions: JiraTransition[] }> {
  const { issue, access } = await admit(deps, viewer, 'transition', key, ['status']);
  const transitions = await attempt('transition', issue.key, () => access.client.getTransitions(issue.key));
  return {
    key: issue.key,
    status: issue.fields.status.name,
    transitions: transitions.filter((t) => t.isAvailable !== false),
  };
}

/** Starts or stops the viewer watching; `already` when there was nothing to change. */
export async function setWatching(
  deps: Deps,
  viewer: Viewer,
  key: string,
  watch: boolean,
): Promise<{ key: string; already: boolean }> {
  const act: IssueAct = watch ? 'watch' : 'unwatch';
  const { issue, access } = await admit(deps, viewer, act, key, ['watches']);
  const watching = issue.fields.watches?.isWatching;
  if (watching === watch) return { key: issue.key, already: true };
  const me = access.user.accountId;
  await attempt(act, issue.key, () =>
    watch ? access.client.addWatcher(issue.key, me) : access.client.removeWatcher(issue.key, me),
  );
  return { key: issue.key, already: false };
}
