import type { JiraEvent } from './event.js';

/** Why a person gets a DM, strongest first. */
export const PERSONAL_REASONS = ['assigned', 'mentioned', 'watching', 'reported'] as const;
export type PersonalReason = (typeof PERSONAL_REASONS)[number];

export interface PersonalRecipient {
  accountId: string;
  reason: PersonalReason;
}

const RANK: Record<PersonalReason, number> = { assigned: 0, mentioned: 1, watching: 2, reported: 3 };

/**
 * Jira accounts that should get a DM about this event, one entry each with the strongest reason,
 * strongest reasons first. Whether each person turned that reason on, is connected, and can see the
 * issue is decided later; this only says who has a reason to hear.
 *
 * - assigned: the assignee changed to them (or the issue was created assigned to them);
 * - mentioned: named in a new comment, a new issue's description, or newly added to a description.
 *   An edited comment does not notify: the body does not say which mentions are new;
 * - watching / reported: a new comment on, or a transition of, an issue they watch or reported.
 *
 * `ctx.watchers` comes from the issue's watcher list (webhook bodies do not carry it). Comment
 * bodies omit the reporter, so enrich `ev.issue.reporter` first if "reported" should apply to them.
 */
export function personalRecipients(ev: JiraEvent, ctx: { watchers?: string[] } = {}): PersonalRecipient[] {
  const best = new Map<string, PersonalReason>();
  const offer = (accountId: string | undefined, reason: PersonalReason) => {
    if (!accountId) return;
    // Nobody is told about their own action.
    if (ev.actor && accountId === ev.actor.accountId) return;
    const had = best.get(accountId);
    if (had === undefined || RANK[reason] < RANK[had]) best.set(accountId, reason);
  };

  const assignedNow = ev.kind === 'created' || (ev.kind === 'updated' && ev.traits.has('assigned'));
  if (assignedNow) offer(ev.issue.assignee?.accountId, 'assigned');

  if (ev.kind === 'comment_created' || ev.kind === 'created' || ev.kind === 'updated') {
    for (const id of ev.mentionedAccountIds) offer(id, 'mentioned');
  }

  const followable = ev.kind === 'comment_created' || (ev.kind === 'updated' && ev.traits.has('transitioned'));
  if (followable) {
    for (const id of ctx.watchers ?? []) offer(id, 'watching');
    offer(ev.issue.reporter?.accountId, 'reported');
  }

  return [...best]
    .map(([accountId, reason]) => ({ accountId, reason }))
    .sort((a, b) => RANK[a.reason] - RANK[b.reason]);
}
