import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { JiraEvent } from '../../../src/notify/event.js';
import type { PersonalReason } from '../../../src/notify/personal.js';
import {
  channelNotification,
  NOTIF_OPEN_IN_JIRA,
  type NotificationMessage,
  personalNotification,
} from '../../../src/slack/blocks/notifications.js';
import { ADA, anEvent, anUpdate, GRACE, jiraUser } from './fixtures.js';

const urlOf = (ev: JiraEvent) => ({ issueUrl: `${ev.issue.siteUrl}/browse/${ev.issue.key}` });
const channel = (ev: JiraEvent) => channelNotification(ev, urlOf(ev));
const personal = (ev: JiraEvent, reason: PersonalReason) => personalNotification(ev, reason, urlOf(ev));

const transition = (to = 'Done') =>
  anUpdate([{ field: 'status', fieldId: 'status', fromText: 'To Do', toText: to }], (b) => {
    b.issue.fields.status = { name: to, statusCategory: { key: 'done' } };
  });
const resolve = () =>
  anUpdate([
    { field: 'resolution', fieldId: 'resolution', to: '10000', toText: 'Done' },
    { field: 'status', fieldId: 'status', fromText: 'In Progress', toText: 'Done' },
  ]);
const reopen = () =>
  anUpdate([
    { field: 'resolution', fieldId: 'resolution', from: '10000', fromText: 'Done' },
    { field: 'status', fieldId: 'status', fromText: 'Done', toText: 'To Do' },
  ]);
const reassign = (to: typeof GRACE | null) =>
  anUpdate([{ field: 'assignee', fieldId: 'assignee', to: to?.accountId, toText: to?.displayName }], (b) => {
    b.issue.fields.assignee = to ? jiraUser(to) : null;
  });
const severalFields = () =>
  anUpdate([
    { field: 'priority', fieldId: 'priority', from: '2', fromText: 'High', to: '4', toText: 'Low' },
    { field: 'labels', fieldId: 'labels', fromText: 'test-label', toText: '' },
    { field: 'Fix Version', fieldId: 'fixVersions', to: '10000', toText: '1.2' },
  ]);
const commentBy = (body: string) =>
  anEvent('webhook-cloud-comment-created', (b) => {
    b.comment = { ...b.comment, author: jiraUser(ADA), body };
  });

function sectionTexts(m: NotificationMessage): string[] {
  return m.blocks.flatMap((b: KnownBlock) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

function expectWithinSlackLimits(m: NotificationMessage) {
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const t of sectionTexts(m)) {
    expect(t.length).toBeGreaterThan(0);
    expect(t.length).toBeLessThanOrEqual(3000);
  }
}

describe('channelNotification', () => {
  const variants: Array<[string, () => JiraEvent, string]> = [
    ['a created issue', () => anEvent('webhook-issue-created'), 'Test User created TES-41: Unit test summary'],
    [
      'a created issue with a security level',
      () => anEvent('webhook-issue-created-with-security-level'),
      'Test User created TES-41: Unit test summary',
    ],
    ['a transition', () => transition(), 'Ada Lovelace moved TES-41: Unit test summary 1 to Done'],
    [
      'an assignment',
      () => anEvent('webhook-issue-updated-assigned'),
      'Test User assigned TES-41: Unit test summary 1 to themselves',
    ],
    [
      'an assignment to someone else',
      () => reassign(GRACE),
      'Ada Lovelace assigned TES-41: Unit test summary 1 to Grace Hopper',
    ],
    ['an unassignment', () => reassign(null), 'Ada Lovelace unassigned TES-41: Unit test summary 1'],
    ['a resolution', resolve, 'Ada Lovelace resolved TES-41: Unit test summary 1'],
    ['a reopening', reopen, 'Ada Lovelace reopened TES-41: Unit test summary 1'],
    ['several changed fields', severalFields, 'Ada Lovelace updated TES-41: Unit test summary 1'],
    [
      'one changed custom field',
      () => anEvent('webhook-cloud-issue-updated-custom-field'),
      'Sample User updated TES-14: v',
    ],
    [
      'a new comment',
      () => anEvent('webhook-cloud-comment-created'),
      'Test User commented on TES-41: Unit test summary 1',
    ],
    [
      'a new comment with markup',
      () => commentBy('*Bold* claim with a [link|https://example.com] and\n{code}x < y{code}'),
      'Ada Lovelace commented on TES-41: Unit test summary 1',
    ],
    [
      'an edited comment',
      () => anEvent('webhook-cloud-comment-updated'),
      'Test User edited a comment on TES-41: Unit test summary 1',
    ],
    ['a deleted comment', () => anEvent('webhook-cloud-comment-deleted'), 'A comment was deleted on KT-7: s'],
    ['a deleted issue', () => anEvent('webhook-issue-deleted'), 'Test User deleted IDT-19: hey'],
  ];

  it.each(variants)('tells a channel about %s in one sentence', (_name, make, text) => {
    const m = channel(make());
    expect(m.text).toBe(text);
    expectWithinSlackLimits(m);
    expect(m).toMatchSnapshot();
  });

  it('links the issue and moves the new status into bold', () => {
    const [first] = sectionTexts(channel(transition('In Review')));
    expect(first).toBe(
      'Ada Lovelace moved <https://some-instance-test.atlassian.net/browse/TES-41|TES-41: Unit test summary 1> to *In Review*',
    );
  });

  it('writes one line per changed field, with empty values as None', () => {
    const [first] = sectionTexts(channel(severalFields()));
    expect(first?.split('\n').slice(1)).toEqual([
      '*Priority:* High → Low',
      '*Labels:* test-label → None',
      '*Fix Version:* None → 1.2',
    ]);
  });

  it('lists at most ten changed fields and counts the rest', () => {
    const items = Array.from({ length: 14 }, (_, i) => ({ field: `Field ${i}`, toText: `v${i}` }));
    const [first] = sectionTexts(channel(anUpdate(items)));
    const lines = first?.split('\n') ?? [];
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('_and 4 more fields_');
  });

  it('quotes a comment excerpt of about 300 characters', () => {
    const m = channel(commentBy(`${'word '.repeat(200)}end`));
    const [first] = sectionTexts(m);
    const quoted = first?.split('\n').slice(1).join('\n') ?? '';
    expect(quoted.startsWith('>')).toBe(true);
    expect(quoted.length).toBeLessThan(400);
    expect(quoted).not.toContain('end');
  });

  it('names mentioned people it knows in the excerpt, and @someone otherwise', () => {
    const ev = commentBy(`[~accountid:${ADA.accountId}] asks [~accountid:${GRACE.accountId}] and [~accountid:nobody]`);
    const names = (id: string) => (id === GRACE.accountId ? GRACE.displayName : undefined);
    const [first] = sectionTexts(channelNotification(ev, { ...urlOf(ev), mentionName: names }));
    expect(first?.split('\n')[1]).toBe('> @Ada Lovelace asks @Grace Hopper and @someone');
  });

  it('puts project, type, priority and status in the context line', () => {
    const m = channel(anEvent('webhook-cloud-issue-created-many-fields'));
    expect(m.blocks[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Koch Testing · Task · Medium · To Do' }],
    });
  });

  it('marks an issue with a security level as restricted in the context line', () => {
    const m = channel(anEvent('webhook-issue-created-with-security-level'));
    expect(JSON.stringify(m.blocks[1])).toContain('Restricted: 10001');
  });

  it('offers Open in Jira as a URL button, except for a deleted issue', () => {
    const m = channel(anEvent('webhook-issue-created'));
    expect(m.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: NOTIF_OPEN_IN_JIRA,
          text: { type: 'plain_text', text: 'Open in Jira' },
          url: 'https://some-instance-test.atlassian.net/browse/TES-41',
        },
      ],
    });
    expect(channel(anEvent('webhook-issue-deleted')).blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('personalNotification', () => {
  const variants: Array<[string, () => JiraEvent, PersonalReason, string]> = [
    ['an assignment', () => reassign(GRACE), 'assigned', 'Ada Lovelace assigned you TES-41: Unit test summary 1'],
    [
      'an issue created for them',
      () =>
        anEvent('webhook-issue-created', (b) => {
          b.issue.fields.assignee = jiraUser(GRACE);
        }),
      'assigned',
      'Test User assigned you TES-41: Unit test summary',
    ],
    [
      'a mention in a comment',
      () => commentBy(`Over to you [~accountid:${GRACE.accountId}]`),
      'mentioned',
      'Ada Lovelace mentioned you in a comment on TES-41: Unit test summary 1',
    ],
    [
      'a mention in a description',
      () =>
        anEvent('webhook-issue-created', (b) => {
          b.issue.fields.description = `Needs [~accountid:${GRACE.accountId}] to *review*`;
        }),
      'mentioned',
      'Test User mentioned you on TES-41: Unit test summary',
    ],
    [
      'a comment on a watched issue',
      () => commentBy('Looks good'),
      'watching',
      'Ada Lovelace commented on TES-41: Unit test summary 1, which you watch',
    ],
    [
      'a transition of a reported issue',
      () => transition(),
      'reported',
      'Ada Lovelace moved TES-41: Unit test summary 1, which you reported, to Done',
    ],
    [
      'a transition of a watched issue',
      () => transition('In Review'),
      'watching',
      'Ada Lovelace moved TES-41: Unit test summary 1, which you watch, to In Review',
    ],
    [
      'a resolution of a watched issue',
      resolve,
      'watching',
      'Ada Lovelace resolved TES-41: Unit test summary 1, which you watch',
    ],
    [
      'a reopening of a reported issue',
      reopen,
      'reported',
      'Ada Lovelace reopened TES-41: Unit test summary 1, which you reported',
    ],
    [
      'another change to a watched issue',
      severalFields,
      'watching',
      'Ada Lovelace updated TES-41: Unit test summary 1, which you watch',
    ],
  ];

  it.each(variants)('speaks to the reader about %s', (_name, make, reason, text) => {
    const m = personal(make(), reason);
    expect(m.text).toBe(text);
    expectWithinSlackLimits(m);
    expect(m).toMatchSnapshot();
  });
});

describe('text from Jira', () => {
  const hostile = '<!channel> & <!here> <@U123> <https://evil.example|click>';
  const hostileEvents: Array<[string, () => JiraEvent]> = [
    [
      'summary, names and field values',
      () =>
        anUpdate(
          [
            { field: '<!everyone>', fromText: hostile, toText: hostile },
            { field: 'status', fieldId: 'status', fromText: hostile, toText: hostile },
          ],
          (b) => {
            b.user = jiraUser({ accountId: ADA.accountId, displayName: hostile });
            b.issue.fields.summary = hostile;
            b.issue.fields.project = { key: 'TES', name: hostile };
            b.issue.fields.issuetype = { name: hostile };
            b.issue.fields.priority = { name: hostile };
            b.issue.fields.status = { name: hostile };
            b.issue.fields.security = { name: hostile };
          },
        ),
    ],
    ['a transition to a hostile status', () => anUpdate([{ field: 'status', fieldId: 'status', toText: hostile }])],
    [
      'an assignment to a hostile name',
      () => anUpdate([{ field: 'assignee', fieldId: 'assignee', to: GRACE.accountId, toText: hostile }]),
    ],
    ['a comment', () => commentBy(`${hostile}\n{quote}${hostile}{quote}`)],
    [
      'a deleted issue',
      () =>
        anEvent('webhook-issue-deleted', (b) => {
          b.issue.fields.summary = hostile;
        }),
    ],
  ];

  it.each(hostileEvents)('never lets a group mention or link in %s through unescaped', (_name, make) => {
    const ev = make();
    const messages = [
      channel(ev),
      ...(['assigned', 'mentioned', 'watching', 'reported'] as const).map((r) => personal(ev, r)),
    ];
    for (const m of messages) {
      const json = JSON.stringify(m);
      expect(json).not.toContain('<!channel>');
      expect(json).not.toContain('<!here>');
      expect(json).not.toContain('<!everyone>');
      expect(json).not.toContain('<@U123>');
      expect(json).not.toContain('<https://evil.example');
      expectWithinSlackLimits(m);
    }
  });

  it('stays within Slack limits however long Jira text is', () => {
    const long = 'x'.repeat(5000);
    const ev = anUpdate(
      Array.from({ length: 30 }, (_, i) => ({ field: `${long}${i}`, fromText: long, toText: long })),
      (b) => {
        b.issue.fields.summary = long;
        b.user = jiraUser({ accountId: ADA.accountId, displayName: long });
      },
    );
    expectWithinSlackLimits(channel(ev));
    expectWithinSlackLimits(personal(ev, 'watching'));
    expectWithinSlackLimits(channel(commentBy(long.replace(/x/g, '<&> '))));
  });
});
