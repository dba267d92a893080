import { describe, expect, it } from 'vitest';
import { personalRecipients } from '../../../src/notify/personal.js';
import { ADA, ALAN, anEvent, anUpdate, GRACE, jiraUser } from './fixtures.js';

const mention = (u: { accountId: string }) => `[~accountid:${u.accountId}]`;
const TEST_USER = '5c5f880629be9642ba529340'; // actor and reporter in the captured TES-41 bodies

describe('personalRecipients', () => {
  it('tells the new assignee, but not the person who assigned themselves', () => {
    expect(personalRecipients(anEvent('webhook-issue-updated-assigned'))).toEqual([]);
    const ev = anEvent('webhook-issue-updated-assigned', (b) => {
      b.issue.fields.assignee = jiraUser(GRACE);
    });
    expect(personalRecipients(ev)).toEqual([{ accountId: GRACE.accountId, reason: 'assigned' }]);
  });

  it('tells the assignee of an issue created already assigned to them', () => {
    const ev = anEvent('webhook-issue-created', (b) => {
      b.issue.fields.assignee = jiraUser(GRACE);
    });
    expect(personalRecipients(ev)).toEqual([{ accountId: GRACE.accountId, reason: 'assigned' }]);
  });

  it('tells people mentioned in a new comment, and the watchers and reporter of the issue', () => {
    const ev = anEvent('webhook-cloud-comment-created', (b) => {
      b.comment = { ...b.comment, author: jiraUser(ADA), body: `Over to you ${mention(GRACE)}` };
      b.issue.fields.reporter = jiraUser(ALAN);
    });
    expect(personalRecipients(ev, { watchers: ['w1', GRACE.accountId] })).toEqual([
      { accountId: GRACE.accountId, reason: 'mentioned' },
      { accountId: 'w1', reason: 'watching' },
      { accountId: ALAN.accountId, reason: 'reported' },
    ]);
  });

  it('gives each person one entry with the strongest reason', () => {
    const ev = anUpdate(
      [
        { field: 'assignee', fieldId: 'assignee', to: GRACE.accountId, toText: GRACE.displayName },
        { field: 'status', fieldId: 'status', fromText: 'To Do', toText: 'In Progress' },
        { field: 'description', fieldId: 'description', toText: `${mention(GRACE)} ${mention(ALAN)}` },
      ],
      (b) => {
        b.issue.fields.assignee = jiraUser(GRACE);
        b.issue.fields.reporter = jiraUser(ALAN);
      },
    );
    expect(personalRecipients(ev, { watchers: [GRACE.accountId, ALAN.accountId] })).toEqual([
      { accountId: GRACE.accountId, reason: 'assigned' },
      { accountId: ALAN.accountId, reason: 'mentioned' },
    ]);
  });

  it('tells watchers and the reporter about a transition', () => {
    const ev = anUpdate([{ field: 'status', fieldId: 'status', fromText: 'To Do', toText: 'Done' }], (b) => {
      b.issue.fields.reporter = jiraUser(ALAN);
    });
    expect(personalRecipients(ev, { watchers: [GRACE.accountId] })).toEqual([
      { accountId: GRACE.accountId, reason: 'watching' },
      { accountId: ALAN.accountId, reason: 'reported' },
    ]);
  });

  it('does not tell watchers about other field changes', () => {
    const ev = anEvent('webhook-cloud-issue-updated-custom-field');
    expect(personalRecipients(ev, { watchers: [GRACE.accountId] })).toEqual([]);
  });

  it('never tells the actor, whatever their reason', () => {
    const ev = anEvent('webhook-cloud-comment-created', (b) => {
      b.comment = { ...b.comment, body: `Note to self ${mention({ accountId: TEST_USER })}` };
    });
    expect(personalRecipients(ev, { watchers: [TEST_USER] })).toEqual([]);
  });

  it('does not re-notify mentions when a comment is edited', () => {
    const ev = anEvent('webhook-cloud-comment-updated', (b) => {
      b.comment = { ...b.comment, body: `Edited ${mention(GRACE)}` };
    });
    expect(ev.mentionedAccountIds).toEqual([GRACE.accountId]);
    expect(personalRecipients(ev, { watchers: [ALAN.accountId] })).toEqual([]);
  });

  it('tells nobody about deletions', () => {
    expect(personalRecipients(anEvent('webhook-issue-deleted'), { watchers: [GRACE.accountId] })).toEqual([]);
    expect(personalRecipients(anEvent('webhook-cloud-comment-deleted'), { watchers: [GRACE.accountId] })).toEqual([]);
  });

  it('reads mentions from a new issue description', () => {
    const ev = anEvent('webhook-issue-created', (b) => {
      b.issue.fields.description = `Needs ${mention(GRACE)}`;
    });
    expect(personalRecipients(ev)).toEqual([{ accountId: GRACE.accountId, reason: 'mentioned' }]);
  });
});
