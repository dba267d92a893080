import { describe, expect, it } from 'vitest';
import { withIssueFields } from '../../../src/notify/event.js';
import { SubscriptionIndex } from '../../../src/notify/match.js';
import { anEvent, anUpdate, aSubscription } from './fixtures.js';

// webhook-issue-created.json: TES-41, Story, To Do, High, label test-label, reporter 5c5f…340, unassigned.
const created = () => anEvent('webhook-issue-created');
const REPORTER = '5c5f880629be9642ba529340';
const transition = () => anUpdate([{ field: 'status', fieldId: 'status', fromText: 'To Do', toText: 'Done' }]);
const ids = (index: SubscriptionIndex, ev = created()) => index.match(ev).map((s) => s.id);

describe('SubscriptionIndex.match', () => {
  it('matches subscriptions of the issue project only, whatever the key case', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'tes', events: ['created'] }),
      aSubscription({ id: 'tes-lower', channelId: 'C2', projectKey: 'tes', events: ['created'] }),
      aSubscription({ id: 'other', channelId: 'C3', projectKey: 'KT', events: ['created'] }),
    ]);
    expect(ids(index)).toEqual(['tes', 'tes-lower']);
  });

  it('matches an event kind only when the subscription asked for it', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'created', events: ['created'] }),
      aSubscription({ id: 'commented', channelId: 'C2', events: ['commented'] }),
      aSubscription({ id: 'transitioned', channelId: 'C3', events: ['transitioned'] }),
    ]);
    expect(ids(index)).toEqual(['created']);
    expect(ids(index, anEvent('webhook-cloud-comment-created'))).toEqual([]); // secured until known
    expect(ids(index, withIssueFields(anEvent('webhook-cloud-comment-created'), { securityLevel: null }))).toEqual([
      'commented',
    ]);
    expect(ids(index, transition())).toEqual(['transitioned']);
  });

  it('treats updated as any update: field changes, transitions and comments, but not creation', () => {
    const index = new SubscriptionIndex([aSubscription({ id: 'updated', events: ['updated'] })]);
    expect(ids(index, transition())).toEqual(['updated']);
    expect(ids(index, anEvent('webhook-issue-updated-assigned'))).toEqual(['updated']);
    expect(ids(index, withIssueFields(anEvent('webhook-cloud-comment-created'), { securityLevel: null }))).toEqual([
      'updated',
    ]);
    expect(ids(index, created())).toEqual([]);
  });

  it('matches resolved and assigned through the traits of an update', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'resolved', events: ['resolved'] }),
      aSubscription({ id: 'assigned', channelId: 'C2', events: ['assigned'] }),
    ]);
    const resolved = anUpdate([
      { field: 'resolution', fieldId: 'resolution', to: '1', toText: 'Done' },
      { field: 'status', fieldId: 'status', fromText: 'To Do', toText: 'Done' },
    ]);
    expect(ids(index, resolved)).toEqual(['resolved']);
    expect(ids(index, anEvent('webhook-issue-updated-assigned'))).toEqual(['assigned']);
  });

  it('matches deletions only for subscriptions to deletions', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'deleted', projectKey: 'IDT', events: ['deleted'] }),
      aSubscription({ id: 'updated', channelId: 'C2', projectKey: 'IDT', events: ['updated'] }),
    ]);
    expect(ids(index, anEvent('webhook-issue-deleted'))).toEqual(['deleted']);
  });

  it('compares issue type, status, priority and label names case-insensitively', () => {
    const index = new SubscriptionIndex([
      aSubscription({
        id: 'all',
        events: ['created'],
        filters: { issueTypes: ['story'], statuses: ['TO DO'], priorities: ['high'], labels: ['other', 'TEST-LABEL'] },
      }),
      aSubscription({ id: 'bugs', channelId: 'C2', events: ['created'], filters: { issueTypes: ['Bug'] } }),
      aSubscription({ id: 'done', channelId: 'C3', events: ['created'], filters: { statuses: ['Done'] } }),
      aSubscription({ id: 'low', channelId: 'C4', events: ['created'], filters: { priorities: ['Low'] } }),
      aSubscription({ id: 'label', channelId: 'C5', events: ['created'], filters: { labels: ['backend'] } }),
    ]);
    expect(ids(index)).toEqual(['all']);
  });

  it('treats an empty filter list as no filter', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'empty', events: ['created'], filters: { issueTypes: [], labels: [] } }),
    ]);
    expect(ids(index)).toEqual(['empty']);
  });

  it('filters on assignee and reporter accountIds, never matching an unassigned issue to an assignee filter', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'reporter', events: ['created'], filters: { reporters: [REPORTER] } }),
      aSubscription({ id: 'assignee', channelId: 'C2', events: ['created'], filters: { assignees: [REPORTER] } }),
      aSubscription({ id: 'someone', channelId: 'C3', events: ['created'], filters: { reporters: ['nobody'] } }),
    ]);
    expect(ids(index)).toEqual(['reporter']);
    expect(ids(index, anEvent('webhook-issue-updated-assigned'))).toEqual([]);
  });

  it('skips disabled subscriptions', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'off', events: ['created'], disabled: { reason: 'is_archived', at: '2025-01-02' } }),
      aSubscription({ id: 'on', channelId: 'C2', events: ['created'] }),
    ]);
    expect(ids(index)).toEqual(['on']);
  });

  it('sends an issue with a security level only to subscriptions opened to restricted issues', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'open', events: ['created'] }),
      aSubscription({ id: 'restricted-ok', channelId: 'C2', events: ['created'], includeSecurityLevel: true }),
    ]);
    expect(ids(index, anEvent('webhook-issue-created-with-security-level'))).toEqual(['restricted-ok']);
    expect(ids(index)).toEqual(['open', 'restricted-ok']);
  });

  it('treats an issue whose security level the body left out as restricted', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'open', events: ['commented'] }),
      aSubscription({ id: 'restricted-ok', channelId: 'C2', events: ['commented'], includeSecurityLevel: true }),
    ]);
    const comment = anEvent('webhook-cloud-comment-created');
    expect(ids(index, comment)).toEqual(['restricted-ok']);
    expect(ids(index, withIssueFields(comment, { securityLevel: 'Staff' }))).toEqual(['restricted-ok']);
    expect(ids(index, withIssueFields(comment, { securityLevel: null }))).toEqual(['open', 'restricted-ok']);
  });

  it('returns one subscription per channel, the first added', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 'first', events: ['created'] }),
      aSubscription({ id: 'second', events: ['created', 'updated'] }),
      aSubscription({ id: 'other-team', teamId: 'T2', events: ['created'] }),
    ]);
    expect(ids(index)).toEqual(['first', 'other-team']);
  });

  it('narrows to one workspace when given a team id', () => {
    const index = new SubscriptionIndex([
      aSubscription({ id: 't1', events: ['created'] }),
      aSubscription({ id: 't2', teamId: 'T2', events: ['created'] }),
    ]);
    expect(index.match(created(), { teamId: 'T2' }).map((s) => s.id)).toEqual(['t2']);
  });

  it('replaces a subscription added again under the same id and forgets a removed one', () => {
    const index = new SubscriptionIndex([aSubscription({ id: 'x', events: ['deleted'] })]);
    index.add(aSubscription({ id: 'x', events: ['created'] }));
    expect(index.size).toBe(1);
    expect(ids(index)).toEqual(['x']);
    expect(index.remove('x')).toBe(true);
    expect(index.remove('x')).toBe(false);
    expect(index.size).toBe(0);
    expect(ids(index)).toEqual([]);
  });

  it('looks only at the event project among 10,000 subscriptions', () => {
    const subs = Array.from({ length: 10_000 }, (_, i) =>
      aSubscription({
        id: `s${i}`,
        channelId: `C${i}`,
        projectKey: i % 100 === 0 ? 'TES' : `P${i % 97}`,
        events: ['created'],
      }),
    );
    const index = new SubscriptionIndex(subs);
    const ev = created();
    const started = performance.now();
    const matched = index.match(ev);
    const elapsed = performance.now() - started;
    expect(matched).toHaveLength(100);
    // Generous bound: this guards against accidental scans of every project, not machine speed.
    expect(elapsed).toBeLessThan(50);
  });
});
