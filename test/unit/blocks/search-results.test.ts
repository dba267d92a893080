import { describe, expect, it } from 'vitest';
import type { CardIssue } from '../../../src/slack/blocks/issue-card.js';
import { SEARCH_PAGE_SIZE, searchResults } from '../../../src/slack/blocks/search-results.js';
import { validateMessageBlocks } from '../../support/slack/block-kit.js';

const anIssue = (n: number, over: Partial<CardIssue> = {}): CardIssue => ({
  key: `ALPHA-${n}`,
  url: `https://acme.atlassian.net/browse/ALPHA-${n}`,
  summary: `Issue number ${n}`,
  status: 'To Do',
  statusCategory: 'new',
  type: 'Task',
  priority: 'Medium',
  assignee: n % 2 ? 'Ada Lovelace' : null,
  reporter: null,
  labels: [],
  securityLevel: null,
  projectKey: 'ALPHA',
  projectName: 'Alpha',
  ...over,
});

describe('searchResults', () => {
  it('lists a first page of compact cards with More results', () => {
    const msg = searchResults({
      query: 'status = Done',
      page: 1,
      issues: Array.from({ length: SEARCH_PAGE_SIZE }, (_, i) => anIssue(i + 1)),
      more: '{"q":"status = Done","t":"tok","p":2,"h":"abc"}',
    });
    expect(msg).toMatchSnapshot();
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
  });

  it('numbers a later page and shows no button on the last one', () => {
    const msg = searchResults({ query: 'login', page: 3, issues: [anIssue(21), anIssue(22)] });
    expect(msg).toMatchSnapshot();
    expect(JSON.stringify(msg)).not.toContain('More results');
  });

  it('says no issues match on an empty first page and no more on an empty later page', () => {
    expect(searchResults({ query: 'nothing', page: 1, issues: [] })).toMatchSnapshot();
    expect(searchResults({ query: 'nothing', page: 2, issues: [] }).text).toContain('No more issues match');
  });

  it('escapes a hostile query and stays within Block Kit limits', () => {
    const msg = searchResults({
      query: `<!channel> \`x\` & ${'y'.repeat(5000)}`,
      page: 1,
      issues: [anIssue(1, { summary: '<!here>' })],
    });
    expect(msg).toMatchSnapshot();
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
    expect(JSON.stringify(msg)).not.toMatch(/<!(channel|here)>/);
  });
});
