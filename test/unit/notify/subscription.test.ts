import { describe, expect, it } from 'vitest';
import { describeSubscription, subscriptionSchema } from '../../../src/notify/subscription.js';
import { aSubscription } from './fixtures.js';

describe('subscriptionSchema', () => {
  it('accepts a stored subscription and returns it unchanged', () => {
    const s = aSubscription({
      id: 'sub-a',
      filters: { issueTypes: ['Bug'], assignees: ['5b10ac8d82e05b22cc7d4ada'] },
      disabled: { reason: 'channel_not_found', at: '2025-02-01T00:00:00.000Z' },
    });
    expect(subscriptionSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('refuses an unknown event kind', () => {
    expect(subscriptionSchema.safeParse({ ...aSubscription(), events: ['exploded'] }).success).toBe(false);
  });

  it('refuses a subscription to no events at all', () => {
    expect(subscriptionSchema.safeParse({ ...aSubscription(), events: [] }).success).toBe(false);
  });
});

describe('describeSubscription', () => {
  it('lists the project and its events in a fixed order', () => {
    const s = aSubscription({ projectKey: 'ALPHA', events: ['commented', 'created'] });
    expect(describeSubscription(s)).toBe('ALPHA: created, commented');
  });

  it('names the project, the filters, restricted issues and a disabled state', () => {
    const s = aSubscription({
      projectKey: 'ALPHA',
      events: ['created', 'transitioned', 'resolved'],
      filters: {
        issueTypes: ['Bug', 'Task'],
        statuses: ['Done'],
        priorities: ['High'],
        labels: ['frontend'],
        assignees: ['a1', 'a2'],
        reporters: ['r1'],
      },
      includeSecurityLevel: true,
      disabled: { reason: 'the channel was archived', at: '2025-02-01T00:00:00.000Z' },
    });
    expect(describeSubscription(s, 'Alpha project')).toMatchSnapshot();
  });
});
