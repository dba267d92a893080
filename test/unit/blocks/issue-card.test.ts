import { describe, expect, it } from 'vitest';
import type { JiraIssue } from '../../../src/jira/types.js';
import {
  type CardIssue,
  compactCard,
  condensedCard,
  issueCard,
  toCardIssue,
} from '../../../src/slack/blocks/issue-card.js';
import { ACTIONS } from '../../../src/slack/ids.js';
import { validateMessageBlocks } from '../../support/slack/block-kit.js';

const SITE = 'https://acme.atlassian.net';

function aCardIssue(over: Partial<CardIssue> = {}): CardIssue {
  return {
    key: 'ALPHA-1',
    url: `${SITE}/browse/ALPHA-1`,
    summary: 'Fix login on Safari',
    status: 'In Review',
    statusCategory: 'indeterminate',
    type: 'Bug',
    priority: 'High',
    assignee: 'Ada Lovelace',
    reporter: 'Grace Hopper',
    labels: ['frontend', 'safari'],
    description: 'Steps:\n• open the page\n• *log in*',
    securityLevel: null,
    projectKey: 'ALPHA',
    projectName: 'Alpha',
    ...over,
  };
}

const HOSTILE = aCardIssue({
  summary: `<!channel> &<> <@U123> ${'x'.repeat(5000)}`,
  status: '<!here>',
  assignee: '<!everyone> & co',
  reporter: '<@U999|boss>',
  labels: ['<b>', '&amp;'],
  type: '<script>',
  priority: '>>>',
  projectName: 'Alpha & <Omega>',
  securityLevel: '<Secret>',
  description: 'x'.repeat(5000),
});

const everyText = (v: unknown): string => JSON.stringify(v);

describe('issueCard', () => {
  it('shows the full card with the acting buttons and share when asked', () => {
    const card = issueCard(aCardIssue(), { actions: true, share: true });
    expect(card).toMatchSnapshot();
    expect(validateMessageBlocks(card.blocks)).toEqual([]);
  });

  it('shows only Open in Jira when actions are off', () => {
    const card = issueCard(aCardIssue());
    expect(card).toMatchSnapshot();
    const actions = card.blocks.at(-1);
    expect(actions?.type === 'actions' && actions.elements.map((e) => e.action_id)).toEqual([ACTIONS.openInJira]);
  });

  it('says who shared it when the card is posted in a channel', () => {
    const card = issueCard(aCardIssue(), { sharedBy: 'U0ADA' });
    expect(card).toMatchSnapshot();
    expect(everyText(card)).toContain('Shared by <@U0ADA>');
  });

  it('never lets a forged sharer id become markup', () => {
    expect(everyText(issueCard(aCardIssue(), { sharedBy: '!channel' }))).not.toContain('Shared by');
  });

  it('reads empty fields as None or Unassigned and shows the security level', () => {
    const card = issueCard(
      aCardIssue({
        assignee: null,
        reporter: null,
        priority: null,
        type: null,
        labels: [],
        description: undefined,
        securityLevel: 'Staff only',
        status: 'Done',
        statusCategory: 'done',
      }),
      { actions: true },
    );
    expect(card).toMatchSnapshot();
    expect(validateMessageBlocks(card.blocks)).toEqual([]);
  });

  it('escapes hostile Jira text and stays within Block Kit limits', () => {
    const card = issueCard(HOSTILE, { actions: true, share: true });
    expect(card).toMatchSnapshot();
    expect(validateMessageBlocks(card.blocks)).toEqual([]);
    const s = everyText(card);
    expect(s).not.toMatch(/<!(channel|here|everyone)>|<@U/);
    expect(card.text.length).toBeLessThan(200);
  });

  it('gives every action button the issue key as its value and has no more than one primary', () => {
    const card = issueCard(aCardIssue(), { actions: true, share: true });
    const actions = card.blocks.at(-1);
    if (actions?.type !== 'actions') throw new Error('no actions block');
    for (const e of actions.elements) expect(e.type === 'button' && e.value).toBe('ALPHA-1');
    expect(actions.elements.filter((e) => e.type === 'button' && e.style === 'primary').length).toBeLessThanOrEqual(1);
  });
});

describe('compactCard and condensedCard', () => {
  it('shows a search result as link, status · assignee · priority and Open in Jira', () => {
    const blocks = compactCard(aCardIssue());
    expect(blocks).toMatchSnapshot();
    expect(validateMessageBlocks(blocks)).toEqual([]);
  });

  it('shows a condensed preview as link and status only', () => {
    const blocks = condensedCard(aCardIssue({ status: 'To Do', statusCategory: 'new' }));
    expect(blocks).toMatchSnapshot();
    expect(validateMessageBlocks(blocks)).toEqual([]);
  });

  it('escapes hostile text in compact and condensed cards', () => {
    const blocks = [...compactCard(HOSTILE), ...condensedCard(HOSTILE)];
    expect(blocks).toMatchSnapshot();
    expect(validateMessageBlocks(blocks)).toEqual([]);
    expect(everyText(blocks)).not.toMatch(/<!(channel|here|everyone)>|<@U/);
  });
});

describe('toCardIssue', () => {
  const issue: JiraIssue = {
    id: '10001',
    key: 'ALPHA-1',
    fields: {
      summary: 'Fix login',
      status: { name: 'To Do', statusCategory: { key: 'new', name: 'To Do' } },
      issuetype: { id: '1', name: 'Bug' },
      priority: { id: '2', name: 'High' },
      assignee: { accountId: 'a1', displayName: 'Ada' },
      reporter: null,
      labels: ['x'],
      security: { id: '5', name: 'Staff' },
      project: { id: '100', key: 'ALPHA', name: 'Alpha' },
      description: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `Hello <!channel> ${'y'.repeat(3000)}` }] }],
      },
    },
  };

  it('reads a Jira issue into card fields, the description as escaped mrkdwn of at most 1500 characters', () => {
    const card = toCardIssue(issue, `${SITE}/`);
    expect({ ...card, description: undefined }).toMatchSnapshot();
    expect(card.url).toBe(`${SITE}/browse/ALPHA-1`);
    expect(card.description?.startsWith('Hello &lt;!channel&gt;')).toBe(true);
    expect(card.description?.length).toBeLessThanOrEqual(1500);
  });

  it('leaves the description out when the issue has none', () => {
    const { description: _, ...fields } = issue.fields;
    expect(toCardIssue({ ...issue, fields }, SITE).description).toBeUndefined();
  });
});
