import { describe, expect, it } from 'vitest';
import type { CardIssue } from '../../../src/slack/blocks/issue-card.js';
import { previewNudge } from '../../../src/slack/blocks/preview-nudge.js';
import { issueKeyOfUrl, issueLinks, MAX_UNFURLS, previewUnfurls } from '../../../src/slack/unfurl.js';
import { validateMessageBlocks, validateUnfurls } from '../../support/slack/block-kit.js';

const SITE = 'https://acme.atlassian.net';
const HOST = 'acme.atlassian.net';

function aCardIssue(key: string, over: Partial<CardIssue> = {}): CardIssue {
  return {
    key,
    url: `${SITE}/browse/${key}`,
    summary: `Summary of ${key}`,
    status: 'In Progress',
    statusCategory: 'indeterminate',
    type: 'Task',
    priority: 'Medium',
    assignee: 'Ada Lovelace',
    reporter: null,
    labels: [],
    securityLevel: null,
    projectKey: key.split('-')[0]!,
    projectName: 'Alpha',
    ...over,
  };
}

describe('issueKeyOfUrl', () => {
  const table: Array<[string, string | undefined]> = [
    [`${SITE}/browse/ALPHA-1`, 'ALPHA-1'],
    [`${SITE}/browse/ALPHA-12/`, 'ALPHA-12'],
    [`${SITE}/browse/alpha-3`, 'ALPHA-3'],
    [`${SITE}/browse/ALPHA-1?focusedCommentId=10001`, 'ALPHA-1'],
    [`${SITE}/browse/ALPHA-1#comment-10001`, 'ALPHA-1'],
    [`${SITE}/jira/software/projects/ALPHA/issues/ALPHA-7`, 'ALPHA-7'],
    [`${SITE}/jira/core/projects/BETA/issues/BETA-2?filter=allissues`, 'BETA-2'],
    [`${SITE}/projects/ALPHA/issues/ALPHA-8`, 'ALPHA-8'],
    [`${SITE}/jira/software/c/projects/ALPHA/boards/1?selectedIssue=ALPHA-9`, 'ALPHA-9'],
    [`${SITE}/jira/software/c/projects/ALPHA/boards/1?modal=detail&selectedIssue=ALPHA-10#x`, 'ALPHA-10'],
    // Slack escapes `&` in event payloads.
    [`${SITE}/jira/software/c/projects/ALPHA/boards/1?modal=detail&amp;selectedIssue=ALPHA-11`, 'ALPHA-11'],
    [`${SITE}/issues/?jql=project%20%3D%20ALPHA&selectedIssue=ALPHA-4`, 'ALPHA-4'],
    ['https://ACME.atlassian.net/browse/ALPHA-5', 'ALPHA-5'],
    ['https://acme.atlassian.net:443/browse/ALPHA-6', 'ALPHA-6'],
    ['http://acme.atlassian.net/browse/ALPHA-6', 'ALPHA-6'],
    // Not an issue, or not our site.
    [`${SITE}/browse/ALPHA`, undefined],
    [`${SITE}/browse/ALPHA-1/extra`, undefined],
    [`${SITE}/jira/software/projects/ALPHA/boards/1`, undefined],
    [`${SITE}/wiki/spaces/ALPHA-1`, undefined],
    ['https://globex.atlassian.net/browse/ALPHA-1', undefined],
    ['https://acme.atlassian.net.evil.example/browse/ALPHA-1', undefined],
    ['https://evil.example/browse/ALPHA-1?x=https://acme.atlassian.net', undefined],
    ['https://acme.atlassian.net@evil.example/browse/ALPHA-1', undefined],
    ['https://user:pw@acme.atlassian.net/browse/ALPHA-1', undefined],
    ['ftp://acme.atlassian.net/browse/ALPHA-1', undefined],
    ['not a url', undefined],
    [`${SITE}/browse/ALPHA-1%22)%20OR%20(1=1`, undefined],
    [`${SITE}/issues/?selectedIssue=ALPHA-1"%20OR%20key%3DX-1`, undefined],
  ];
  it.each(table)('reads %s as %s', (url, key) => {
    expect(issueKeyOfUrl(url, HOST)).toBe(key);
  });
});

describe('issueLinks', () => {
  it('keeps only links to the site, in the order shared, keyed by the URL exactly as sent', () => {
    const urls = [
      'https://globex.atlassian.net/browse/ALPHA-1',
      `${SITE}/browse/ALPHA-2?focusedCommentId=1`,
      'https://example.com/',
      `${SITE}/browse/ALPHA-1`,
    ];
    expect(issueLinks(urls, SITE)).toEqual([
      { url: `${SITE}/browse/ALPHA-2?focusedCommentId=1`, key: 'ALPHA-2' },
      { url: `${SITE}/browse/ALPHA-1`, key: 'ALPHA-1' },
    ]);
  });

  it(`stops at ${MAX_UNFURLS} distinct issues but keeps every URL of the issues it kept`, () => {
    const urls = [1, 2, 3, 4, 5, 6, 7].map((n) => `${SITE}/browse/ALPHA-${n}`);
    urls.push(`${SITE}/jira/software/c/projects/ALPHA/boards/1?selectedIssue=ALPHA-1`, urls[0]!);
    const links = issueLinks(urls, SITE);
    expect(new Set(links.map((l) => l.key))).toEqual(new Set(['ALPHA-1', 'ALPHA-2', 'ALPHA-3', 'ALPHA-4', 'ALPHA-5']));
    expect(links).toHaveLength(6);
  });

  it('finds nothing when the site URL is unusable', () => {
    expect(issueLinks([`${SITE}/browse/ALPHA-1`], 'not a url')).toEqual([]);
  });
});

describe('previewUnfurls', () => {
  it('gives a lone preview the compact card', () => {
    const links = [{ url: `${SITE}/browse/ALPHA-1?x=1`, key: 'ALPHA-1' }];
    const unfurls = previewUnfurls(links, new Map([['ALPHA-1', aCardIssue('ALPHA-1')]]));
    expect(unfurls).toMatchSnapshot();
    expect(JSON.stringify(unfurls)).toContain('Open in Jira');
    expect(validateUnfurls(unfurls)).toEqual([]);
  });

  it('gives several previews condensed cards, and none to links it may not preview', () => {
    const links = ['ALPHA-1', 'ALPHA-2', 'BETA-1'].map((key) => ({ url: `${SITE}/browse/${key}`, key }));
    const cards = new Map([
      ['ALPHA-1', aCardIssue('ALPHA-1')],
      ['BETA-1', aCardIssue('BETA-1', { status: 'Done', statusCategory: 'done', summary: '<!channel> & co' })],
    ]);
    const unfurls = previewUnfurls(links, cards);
    expect(unfurls).toMatchSnapshot();
    expect(Object.keys(unfurls)).toEqual([`${SITE}/browse/ALPHA-1`, `${SITE}/browse/BETA-1`]);
    expect(JSON.stringify(unfurls)).not.toContain('<!channel>');
    expect(validateUnfurls(unfurls)).toEqual([]);
  });

  it('is empty when nothing may be previewed', () => {
    expect(previewUnfurls([{ url: `${SITE}/browse/ALPHA-1`, key: 'ALPHA-1' }], new Map())).toEqual({});
  });
});

describe('previewNudge', () => {
  it.each(['not_connected', 'needs_reauth'] as const)('asks a %s poster to connect with one link button', (reason) => {
    const msg = previewNudge('https://app.example/jira/connect?s=1', 'acme.atlassian.net', reason);
    expect(msg).toMatchSnapshot();
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
  });
});
