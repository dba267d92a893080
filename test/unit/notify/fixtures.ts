// Builders over the real captured Jira Cloud webhook bodies: tests start from a real body and change
// only what they are about.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIgnored, type JiraEvent, parseWebhookEvent } from '../../../src/notify/event.js';
import type { Subscription } from '../../../src/notify/subscription.js';

export const WEBHOOK_DIR = fileURLToPath(new URL('../../../../shared/reference/jira/webhooks/', import.meta.url));

export type Body = Record<string, unknown> & {
  issue: { self: string; key: string; fields: Record<string, unknown> };
  changelog?: { items: Array<Record<string, unknown>> };
  comment?: Record<string, unknown> & { body: string };
  user?: Record<string, unknown>;
};

export function webhookFiles(): string[] {
  return readdirSync(WEBHOOK_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** A fresh copy of a captured body, e.g. `aWebhook('webhook-issue-created')`, optionally edited. */
export function aWebhook(name: string, edit?: (b: Body) => void): Body {
  const file = name.endsWith('.json') ? name : `${name}.json`;
  const body = JSON.parse(readFileSync(join(WEBHOOK_DIR, file), 'utf8')) as Body;
  edit?.(body);
  return body;
}

/** Parses a (possibly edited) captured body and fails the test when it was ignored. */
export function anEvent(name: string, edit?: (b: Body) => void): JiraEvent {
  const parsed = parseWebhookEvent(aWebhook(name, edit));
  if (isIgnored(parsed)) throw new Error(`${name} was ignored: ${parsed.ignored}`);
  return parsed;
}

export const ADA = { accountId: '5b10ac8d82e05b22cc7d4ada', displayName: 'Ada Lovelace' };
export const GRACE = { accountId: '5b10ac8d82e05b22cc7d4gra', displayName: 'Grace Hopper' };
export const ALAN = { accountId: '5b10ac8d82e05b22cc7d4ala', displayName: 'Alan Turing' };

/** Jira's user representation for a person above. */
export const jiraUser = (u: { accountId: string; displayName: string }) => ({
  self: `https://some-instance-test.atlassian.net/rest/api/2/user?accountId=${u.accountId}`,
  accountId: u.accountId,
  displayName: u.displayName,
  active: true,
  accountType: 'atlassian',
});

/** An issue-updated body whose changelog is exactly `items`, made by `actor`. */
export function anUpdate(
  // Display values are `fromText`/`toText` (Jira's fromString/toString); `from`/`to` are raw ids.
  items: Array<{ field: string; fieldId?: string; from?: string; fromText?: string; to?: string; toText?: string }>,
  edit?: (b: Body) => void,
): JiraEvent {
  return anEvent('webhook-issue-updated-assigned', (b) => {
    b.user = jiraUser(ADA);
    b.issue_event_type_name = 'issue_updated';
    b.changelog = {
      items: items.map(({ fromText, toText, ...i }) => ({
        fieldtype: 'jira',
        from: null,
        to: null,
        ...i,
        fromString: fromText ?? null,
        toString: toText ?? null,
      })),
    };
    edit?.(b);
  });
}

let nextId = 1;
export function aSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: `sub-${nextId++}`,
    teamId: 'T0001',
    channelId: 'C0001',
    projectKey: 'TES',
    events: ['updated'],
    filters: {},
    includeSecurityLevel: false,
    createdBy: 'U0001',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}
