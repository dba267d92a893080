import { describe, expect, it } from 'vitest';
import { isIgnored, type JiraEvent, parseWebhookEvent, withIssueFields } from '../../../src/notify/event.js';
import { ADA, anEvent, anUpdate, aWebhook, type Body, GRACE, jiraUser, webhookFiles } from './fixtures.js';

type Expected = Pick<JiraEvent, 'kind' | 'webhookEvent'> & {
  key: string;
  projectKey: string;
  actor: string | null;
  traits: string[];
  changes: number;
  securityLevel: string | null;
  securityLevelKnown: boolean;
  siteUrl: string;
};

const TEST_SITE = 'https://some-instance-test.atlassian.net';
const MM_SITE = 'https://mmtest.atlassian.net';

// One expected outcome per captured body; a new file in the folder fails the last test until listed here.
const EXPECTED: Record<string, Expected> = {
  'webhook-cloud-comment-created-mention-user.json': {
    kind: 'comment_created',
    webhookEvent: 'comment_created',
    key: 'TES-41',
    projectKey: 'TES',
    actor: 'Test User',
    traits: ['commented', 'updated'],
    changes: 0,
    securityLevel: null,
    securityLevelKnown: false,
    siteUrl: TEST_SITE,
  },
  'webhook-cloud-comment-created.json': {
    kind: 'comment_created',
    webhookEvent: 'comment_created',
    key: 'TES-41',
    projectKey: 'TES',
    actor: 'Test User',
    traits: ['commented', 'updated'],
    changes: 0,
    securityLevel: null,
    securityLevelKnown: false,
    siteUrl: TEST_SITE,
  },
  'webhook-cloud-comment-deleted.json': {
    kind: 'comment_deleted',
    webhookEvent: 'comment_deleted',
    key: 'KT-7',
    projectKey: 'KT',
    actor: null,
    traits: ['updated'],
    changes: 0,
    securityLevel: null,
    securityLevelKnown: false,
    siteUrl: MM_SITE,
  },
  'webhook-cloud-comment-updated.json': {
    kind: 'comment_updated',
    webhookEvent: 'comment_updated',
    key: 'TES-41',
    projectKey: 'TES',
    actor: 'Test User',
    traits: ['updated'],
    changes: 0,
    securityLevel: null,
    securityLevelKnown: false,
    siteUrl: TEST_SITE,
  },
  'webhook-cloud-issue-created-many-fields.json': {
    kind: 'created',
    webhookEvent: 'jira:issue_created',
    key: 'KT-22',
    projectKey: 'KT',
    actor: 'Sample User',
    traits: ['created'],
    changes: 9,
    securityLevel: null,
    securityLevelKnown: true,
    siteUrl: MM_SITE,
  },
  'webhook-cloud-issue-updated-custom-field.json': {
    kind: 'updated',
    webhookEvent: 'jira:issue_updated',
    key: 'TES-14',
    projectKey: 'TES',
    actor: 'Sample User',
    traits: ['updated'],
    changes: 1,
    securityLevel: null,
    securityLevelKnown: true,
    siteUrl: MM_SITE,
  },
  'webhook-issue-created-with-security-level.json': {
    kind: 'created',
    webhookEvent: 'jira:issue_created',
    key: 'TES-41',
    projectKey: 'TES',
    actor: 'Test User',
    traits: ['created'],
    changes: 5,
    securityLevel: '10001',
    securityLevelKnown: true,
    siteUrl: TEST_SITE,
  },
  'webhook-issue-created.json': {
    kind: 'created',
    webhookEvent: 'jira:issue_created',
    key: 'TES-41',
    projectKey: 'TES',
    actor: 'Test User',
    traits: ['created'],
    changes: 5,
    securityLevel: null,
    securityLevelKnown: true,
    siteUrl: TEST_SITE,
  },
  'webhook-issue-deleted.json': {
    kind: 'deleted',
    webhookEvent: 'jira:issue_deleted',
    key: 'IDT-19',
    projectKey: 'IDT',
    actor: 'Test User',
    traits: ['deleted'],
    changes: 0,
    securityLevel: null,
    securityLevelKnown: true,
    siteUrl: TEST_SITE,
  },
  'webhook-issue-updated-assigned.json': {
    kind: 'updated',
    webhookEvent: 'jira:issue_updated',
    key: 'TES-41',
    projectKey: 'TES',
    actor: 'Test User',
    traits: ['assigned', 'updated'],
    changes: 1,
    securityLevel: null,
    securityLevelKnown: true,
    siteUrl: TEST_SITE,
  },
};

describe('parseWebhookEvent over the captured Jira Cloud bodies', () => {
  it.each(webhookFiles())('normalizes %s', (file) => {
    const parsed = parseWebhookEvent(aWebhook(file));
    if (isIgnored(parsed)) throw new Error(`ignored: ${parsed.ignored}`);
    const want = EXPECTED[file];
    expect(want, `add an expected outcome for ${file}`).toBeDefined();
    expect({
      kind: parsed.kind,
      webhookEvent: parsed.webhookEvent,
      key: parsed.issue.key,
      projectKey: parsed.issue.projectKey,
      actor: parsed.actor?.displayName ?? null,
      traits: [...parsed.traits].sort(),
      changes: parsed.changes.length,
      securityLevel: parsed.issue.securityLevel,
      securityLevelKnown: parsed.issue.securityLevelKnown,
      siteUrl: parsed.issue.siteUrl,
    }).toEqual(want);
    expect(parsed).toMatchSnapshot();
  });

  it('has an expected outcome for every captured body and no stale ones', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(webhookFiles());
  });
});

describe('parseWebhookEvent', () => {
  it('takes the site from the issue self link, even when the link lacks /issue/', () => {
    expect(anEvent('webhook-cloud-comment-deleted').issue.siteUrl).toBe('https://mmtest.atlassian.net');
  });

  it('reads the issue fields notifications filter on', () => {
    const ev = anEvent('webhook-cloud-issue-created-many-fields');
    expect(ev.issue).toMatchObject({
      id: '10509',
      summary: 'Lots of fields selected',
      projectName: 'Koch Testing',
      issueType: 'Task',
      status: 'To Do',
      statusCategory: 'new',
      priority: 'Medium',
      assignee: { accountId: '5cedcb4355a88a0fc86388ba', displayName: 'Sample User' },
      reporter: { accountId: '5cedcb4355a88a0fc86388ba', displayName: 'Sample User' },
      labels: ['Label1', 'Label2'],
      descriptionWiki: 'The good description',
    });
  });

  it('uses the accountId Jira sends beside a username in older changelogs', () => {
    const ev = anEvent('webhook-cloud-issue-created-many-fields');
    expect(ev.changes[0]).toEqual({
      field: 'assignee',
      fieldId: 'assignee',
      from: null,
      to: 'Sample User',
      fromId: null,
      toId: '5cedcb4355a88a0fc86388ba',
    });
  });

  it('keeps the comment, its author and the edit author as the actor of an edit', () => {
    const ev = anEvent('webhook-cloud-comment-updated', (b) => {
      b.comment = { ...b.comment, body: 'Edited', updateAuthor: jiraUser(GRACE) } as typeof b.comment;
    });
    expect(ev.comment).toEqual({
      id: '10019',
      bodyWiki: 'Edited',
      author: { accountId: '5c5f880629be9642ba529340', displayName: 'Test User' },
    });
    expect(ev.actor).toEqual(GRACE);
  });

  it('names a security level sent as Jira REST v2 object by its name', () => {
    const ev = anEvent('webhook-issue-created', (b) => {
      b.issue.fields.security = { self: 'x', id: '10001', name: 'Staff only', description: '' };
    });
    expect(ev.issue.securityLevel).toBe('Staff only');
  });

  it('marks the security level unknown when the body leaves the field out, until it is filled in', () => {
    const ev = anEvent('webhook-cloud-comment-created');
    expect(ev.issue.securityLevelKnown).toBe(false);
    expect(withIssueFields(ev, { securityLevel: null }).issue).toMatchObject({
      securityLevel: null,
      securityLevelKnown: true,
    });
    expect(ev.issue.securityLevelKnown).toBe(false);
  });

  it('fills in the fields a comment body leaves out from a read of the issue', () => {
    const ev = withIssueFields(anEvent('webhook-cloud-comment-created'), {
      securityLevel: 'Staff only',
      reporter: GRACE,
      labels: ['backend'],
    });
    expect(ev.issue).toMatchObject({
      securityLevel: 'Staff only',
      securityLevelKnown: true,
      reporter: GRACE,
      labels: ['backend'],
    });
  });

  it('carries the delivery id and the matched webhook ids', () => {
    const body = aWebhook('webhook-issue-created', (b) => {
      b.matchedWebhookIds = [7, 9];
    });
    const ev = parseWebhookEvent(body, { deliveryId: 'd-123' });
    expect(ev).toMatchObject({ id: 'd-123', matchedWebhookIds: [7, 9] });
    expect(anEvent('webhook-issue-created').matchedWebhookIds).toEqual([]);
  });

  it('passes through body members it does not read', () => {
    const ev = anEvent('webhook-issue-created', (b) => {
      b.somethingNew = { nested: true };
      b.issue.fields.customfield_99999 = 'x';
    });
    expect(ev.kind).toBe('created');
  });
});

describe('traits', () => {
  it('calls a status change a transition', () => {
    const ev = anUpdate([
      { field: 'status', fieldId: 'status', from: '1', fromText: 'To Do', to: '3', toText: 'In Progress' },
    ]);
    expect([...ev.traits].sort()).toEqual(['transitioned', 'updated']);
  });

  it('calls a resolution being set resolved, alongside the transition', () => {
    const ev = anUpdate([
      { field: 'resolution', fieldId: 'resolution', to: '10000', toText: 'Done' },
      { field: 'status', fieldId: 'status', fromText: 'In Progress', toText: 'Done' },
    ]);
    expect([...ev.traits].sort()).toEqual(['resolved', 'transitioned', 'updated']);
  });

  it('calls a resolution being cleared reopened', () => {
    const ev = anUpdate([
      { field: 'resolution', fieldId: 'resolution', from: '10000', fromText: 'Done' },
      { field: 'status', fieldId: 'status', fromText: 'Done', toText: 'To Do' },
    ]);
    expect([...ev.traits].sort()).toEqual(['reopened', 'transitioned', 'updated']);
  });

  it('recognizes the status field by its display name when Jira sends no field id', () => {
    const ev = anUpdate([{ field: 'Status', fromText: 'To Do', toText: 'Done' }]);
    expect(ev.traits.has('transitioned')).toBe(true);
  });
});

describe('mentions', () => {
  it('collects accounts mentioned in a new comment', () => {
    const ev = anEvent('webhook-cloud-comment-created', (b) => {
      b.comment = {
        ...b.comment,
        body: `Thoughts, [~accountid:${ADA.accountId}] and [~accountid:${GRACE.accountId}]?`,
      };
    });
    expect(ev.mentionedAccountIds).toEqual([ADA.accountId, GRACE.accountId]);
  });

  it('ignores server-style username mentions, which Cloud no longer resolves', () => {
    expect(anEvent('webhook-cloud-comment-created-mention-user').mentionedAccountIds).toEqual([]);
  });

  it('collects accounts mentioned in a new issue description', () => {
    const ev = anEvent('webhook-issue-created', (b) => {
      b.issue.fields.description = `Please look, [~accountid:${GRACE.accountId}]`;
    });
    expect(ev.mentionedAccountIds).toEqual([GRACE.accountId]);
  });

  it('collects only accounts newly added to an edited description', () => {
    const ev = anUpdate([
      {
        field: 'description',
        fieldId: 'description',
        fromText: `cc [~accountid:${ADA.accountId}]`,
        toText: `cc [~accountid:${ADA.accountId}] [~accountid:${GRACE.accountId}]`,
      },
    ]);
    expect(ev.mentionedAccountIds).toEqual([GRACE.accountId]);
  });
});

describe('bodies that are ignored, with a reason', () => {
  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an array', []],
    ['an object without webhookEvent', { issue: {} }],
  ])('ignores %s', (_what, body) => {
    expect(parseWebhookEvent(body)).toEqual({ ignored: expect.any(String) });
  });

  it('ignores a comment restricted to a group or role: it must not be quoted or announced', () => {
    const result = parseWebhookEvent(
      aWebhook('webhook-cloud-comment-created', (b) => {
        (b as unknown as { comment: Record<string, unknown> }).comment.visibility = {
          type: 'group',
          value: 'jira-admins',
        };
      }),
    );
    expect(result).toEqual({ ignored: expect.stringContaining('restricted to a group') });
  });

  it('ignores event types notifications do not handle', () => {
    expect(parseWebhookEvent({ webhookEvent: 'worklog_created', timestamp: 1 })).toEqual({
      ignored: 'unsupported webhookEvent worklog_created',
    });
  });

  it('ignores a body missing what we depend on, naming the field', () => {
    const result = parseWebhookEvent(
      aWebhook('webhook-issue-created', (b) => {
        delete (b.issue as Partial<Body['issue']>).key;
      }),
    );
    expect(result).toEqual({ ignored: expect.stringContaining('issue.key') });
  });

  it('ignores the issue_updated twin of a new comment, which arrives as comment_created too', () => {
    const result = parseWebhookEvent(
      aWebhook('webhook-issue-updated-assigned', (b) => {
        b.issue_event_type_name = 'issue_commented';
        b.changelog = undefined;
        b.comment = aWebhook('webhook-cloud-comment-created').comment;
      }),
    );
    expect(result).toEqual({ ignored: 'issue_commented is delivered separately as a comment event' });
  });

  it('keeps field changes made together with a comment', () => {
    const ev = anEvent('webhook-issue-updated-assigned', (b) => {
      b.issue_event_type_name = 'issue_commented';
    });
    expect(ev.kind).toBe('updated');
    expect(ev.traits.has('assigned')).toBe(true);
  });

  it('ignores an update that changed no field', () => {
    const result = parseWebhookEvent(
      aWebhook('webhook-issue-updated-assigned', (b) => {
        b.changelog = { items: [] };
      }),
    );
    expect(result).toEqual({ ignored: 'issue updated without any field change' });
  });
});
