import type { JiraEvent } from './event.js';
import {
  SUBSCRIPTION_EVENTS,
  type Subscription,
  type SubscriptionEvent,
  type SubscriptionFilters,
} from './subscription.js';

/** A subscription with its filters lower-cased into sets once, so matching does no string work per subscription. */
interface Compiled {
  sub: Subscription;
  events: ReadonlySet<SubscriptionEvent>;
  issueTypes: ReadonlySet<string> | null;
  statuses: ReadonlySet<string> | null;
  priorities: ReadonlySet<string> | null;
  labels: ReadonlySet<string> | null;
  assignees: ReadonlySet<string> | null;
  reporters: ReadonlySet<string> | null;
}

function lowerSet(values: string[] | undefined): ReadonlySet<string> | null {
  return values && values.length > 0 ? new Set(values.map((v) => v.toLowerCase())) : null;
}

function exactSet(values: string[] | undefined): ReadonlySet<string> | null {
  return values && values.length > 0 ? new Set(values) : null;
}

function compile(sub: Subscription): Compiled {
  const f: SubscriptionFilters = sub.filters;
  return {
    sub,
    events: new Set(sub.events),
    issueTypes: lowerSet(f.issueTypes),
    statuses: lowerSet(f.statuses),
    priorities: lowerSet(f.priorities),
    labels: lowerSet(f.labels),
    assignees: exactSet(f.assignees),
    reporters: exactSet(f.reporters),
  };
}

const projectIndexKey = (projectKey: string) => projectKey.toUpperCase();

/**
 * Channel subscriptions indexed by project key, so matching one event only looks at the
 * subscriptions of that event's project. Build one index per workspace (or pass `teamId` to
 * `match`): project keys are only unique within one Jira site.
 */
export class SubscriptionIndex {
  private readonly byProject = new Map<string, Compiled[]>();
  private count = 0;

  constructor(subscriptions: Iterable<Subscription> = []) {
    for (const s of subscriptions) this.add(s);
  }

  /** Number of subscriptions held, disabled ones included. */
  get size(): number {
    return this.count;
  }

  add(sub: Subscription): void {
    this.remove(sub.id, sub.projectKey);
    const key = projectIndexKey(sub.projectKey);
    let list = this.byProject.get(key);
    if (!list) {
      list = [];
      this.byProject.set(key, list);
    }
    list.push(compile(sub));
    this.count++;
  }

  /** Removes a subscription by id; `projectKey` narrows the search when known. */
  remove(id: string, projectKey?: string): boolean {
    const lists = projectKey
      ? [this.byProject.get(projectIndexKey(projectKey))].filter((l) => l !== undefined)
      : [...this.byProject.values()];
    for (const list of lists) {
      const i = list.findIndex((c) => c.sub.id === id);
      if (i >= 0) {
        list.splice(i, 1);
        this.count--;
        return true;
      }
    }
    return false;
  }

  /**
   * The subscriptions that should hear about this event, at most one per channel (the first added
   * wins), so a channel with overlapping subscriptions gets one message.
   */
  match(ev: JiraEvent, opts: { teamId?: string } = {}): Subscription[] {
    const list = this.byProject.get(projectIndexKey(ev.issue.projectKey));
    if (!list || list.length === 0) return [];

    const issue = ev.issue;
    const issueType = issue.issueType.toLowerCase();
    const status = issue.status.toLowerCase();
    const priority = issue.priority?.toLowerCase() ?? null;
    const labels = issue.labels.map((l) => l.toLowerCase());
    const assignee = issue.assignee?.accountId ?? null;
    const reporter = issue.reporter?.accountId ?? null;
    // Channels are audiences: an issue with a security level, or one whose level the body did not
    // tell us, reaches only subscriptions a workspace admin opened to restricted issues.
    const restricted = issue.securityLevel !== null || !issue.securityLevelKnown;
    const traits = [...ev.traits].filter(isSubscriptionEvent);
    if (traits.length === 0) return [];

    const out: Subscription[] = [];
    const channels = new Set<string>();
    for (const c of list) {
      const s = c.sub;
      if (s.disabled) continue;
      if (opts.teamId !== undefined && s.teamId !== opts.teamId) continue;
      if (restricted && !s.includeSecurityLevel) continue;
      if (!traits.some((t) => c.events.has(t))) continue;
      if (c.issueTypes && !c.issueTypes.has(issueType)) continue;
      if (c.statuses && !c.statuses.has(status)) continue;
      if (c.priorities && (priority === null || !c.priorities.has(priority))) continue;
      if (c.labels && !labels.some((l) => c.labels?.has(l))) continue;
      if (c.assignees && (assignee === null || !c.assignees.has(assignee))) continue;
      if (c.reporters && (reporter === null || !c.reporters.has(reporter))) continue;
      const channel = `${s.teamId}/${s.channelId}`;
      if (channels.has(channel)) continue;
      channels.add(channel);
      out.push(s);
    }
    return out;
  }
}

const SUBSCRIBABLE: ReadonlySet<string> = new Set(SUBSCRIPTION_EVENTS);

function isSubscriptionEvent(t: string): t is SubscriptionEvent {
  return SUBSCRIBABLE.has(t);
}
