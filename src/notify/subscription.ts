import { z } from 'zod';

/** What a channel can subscribe to. `updated` means any update (comments and transitions included). */
export const SUBSCRIPTION_EVENTS = [
  'created',
  'transitioned',
  'assigned',
  'commented',
  'resolved',
  'updated',
  'deleted',
] as const;

export type SubscriptionEvent = (typeof SUBSCRIPTION_EVENTS)[number];

export interface SubscriptionFilters {
  /** Issue type names, compared case-insensitively. */
  issueTypes?: string[];
  /** Status names, compared case-insensitively. */
  statuses?: string[];
  /** Priority names, compared case-insensitively. */
  priorities?: string[];
  /** Labels; the issue matches when it carries any of them (case-insensitively). */
  labels?: string[];
  /** Jira accountIds of assignees. */
  assignees?: string[];
  /** Jira accountIds of reporters. */
  reporters?: string[];
}

/** One channel subscription. The store persists exactly this shape as JSON. */
export interface Subscription {
  id: string;
  teamId: string;
  channelId: string;
  projectKey: string;
  events: SubscriptionEvent[];
  filters: SubscriptionFilters;
  /** Set only by a workspace admin: lets issues with a security level reach this channel. */
  includeSecurityLevel: boolean;
  /** Slack user id of the creator. */
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
  /** Set when delivery failed for good (archived channel, app removed, …). */
  disabled?: { reason: string; at: string };
}

const names = z.array(z.string().min(1)).optional();

export const subscriptionFiltersSchema = z.object({
  issueTypes: names,
  statuses: names,
  priorities: names,
  labels: names,
  assignees: names,
  reporters: names,
});

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  teamId: z.string().min(1),
  channelId: z.string().min(1),
  projectKey: z.string().min(1),
  events: z.array(z.enum(SUBSCRIPTION_EVENTS)).min(1),
  filters: subscriptionFiltersSchema,
  includeSecurityLevel: z.boolean(),
  createdBy: z.string().min(1),
  createdAt: z.string().min(1),
  disabled: z.object({ reason: z.string(), at: z.string() }).optional(),
}) satisfies z.ZodType<Subscription>;

const EVENT_WORDS: Record<SubscriptionEvent, string> = {
  created: 'created',
  transitioned: 'transitioned',
  assigned: 'assigned',
  commented: 'commented',
  resolved: 'resolved',
  updated: 'updated',
  deleted: 'deleted',
};

const FILTER_WORDS: Array<[keyof SubscriptionFilters, string, 'names' | 'people']> = [
  ['issueTypes', 'type', 'names'],
  ['statuses', 'status', 'names'],
  ['priorities', 'priority', 'names'],
  ['labels', 'label', 'names'],
  ['assignees', 'assignee', 'people'],
  ['reporters', 'reporter', 'people'],
];

/**
 * One plain-text line for listings: "ALPHA (Alpha project): created, commented · type Bug, Task ·
 * priority High". Not escaped: callers put it through `esc` when it enters mrkdwn. People filters
 * are given as counts, since only accountIds are stored.
 */
export function describeSubscription(s: Subscription, projectName?: string): string {
  const project = projectName ? `${s.projectKey} (${projectName})` : s.projectKey;
  const events = SUBSCRIPTION_EVENTS.filter((e) => s.events.includes(e)).map((e) => EVENT_WORDS[e]);
  const parts = [`${project}: ${events.join(', ')}`];
  for (const [key, word, kind] of FILTER_WORDS) {
    const values = s.filters[key];
    if (!values || values.length === 0) continue;
    parts.push(
      kind === 'names' ? `${word} ${values.join(', ')}` : `${values.length} ${word}${values.length === 1 ? '' : 's'}`,
    );
  }
  if (s.includeSecurityLevel) parts.push('includes restricted issues');
  if (s.disabled) parts.push(`disabled: ${s.disabled.reason}`);
  return parts.join(' · ');
}
