import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreviewOutcome } from '../../src/slack/preview-signals.js';
import { Harness } from '../support/harness.js';
import { connectedSite, JIRA, OTHER_SITE, SITE, SLACK } from '../support/sites.js';

const CHANNEL = 'C0GENERAL1';
const SEARCH = '/rest/api/3/search/jql';
const GET_ISSUE = /^\/rest\/api\/3\/issue\/[^/]+$/;
const browse = (key: string) => `${SITE.url}/browse/${key}`;

let h: Harness;
let seq = 0;

beforeEach(async () => {
  h = await Harness.start();
  await connectedSite(h);
  h.jira.addIssue({ key: 'ALPHA-2', project: 'ALPHA', summary: 'Second', assignee: JIRA.ada, priority: 'High' });
  h.jira.addIssue({ key: 'ALPHA-3', project: 'ALPHA', summary: 'Third' });
  h.jira.addIssue({ key: 'ALPHA-4', project: 'ALPHA', summary: 'Fourth', status: 'Done' });
  h.jira.addIssue({
    key: 'ALPHA-5',
    project: 'ALPHA',
    summary: 'Staff only',
    security: { name: 'Staff', users: [JIRA.ada] },
  });
  h.jira.addIssue({
    key: 'ALPHA-6',
    project: 'ALPHA',
    summary: 'Grace only',
    security: { name: 'HR', users: [JIRA.grace] },
  });
});

afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  expect(h.jira.contractViolations).toEqual([]);
  await h.close();
});

/**
 * Shares links as `user` and resolves once the app has finished with that event, whether or not it
 * previewed anything: "no preview" leaves nothing in Slack to wait for.
 */
async function share(
  user: string,
  urls: string[],
  opts: { source?: 'composer'; channel?: string } = {},
): Promise<PreviewOutcome> {
  const unfurlId = `test-unfurl-${++seq}`;
  const handled = h.app.deps.previews.next(unfurlId);
  await h.slack.shareLinks({ user, channel: opts.channel ?? CHANNEL, urls, unfurlId, source: opts.source });
  return handled;
}

const unfurledUrls = () => h.slack.unfurls().flatMap((u) => Object.keys(u.unfurls));

describe('link previews', () => {
  it('previews one link with the compact card, keyed by the URL exactly as shared', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const url = `${browse('ALPHA-2')}?focusedCommentId=10001#comment-10001`;
    await share(SLACK.ada, [url]);
    const call = await h.slack.waitForCall('chat.unfurl');
    expect(call.args.channel).toBe(CHANNEL);
    expect(typeof call.args.ts).toBe('string');
    expect(h.slack.callsTo('chat.unfurl')).toHaveLength(1);
    const [{ unfurls }] = h.slack.unfurls() as [{ unfurls: Record<string, unknown> }];
    expect(Object.keys(unfurls)).toEqual([url]);
    expect(unfurls).toMatchSnapshot();
    const text = JSON.stringify(unfurls);
    expect(text).toContain('ALPHA-2: Second');
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Open in Jira');
  });

  it('previews five links with condensed cards from a single Jira search', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.resetLog();
    const urls = [
      browse('ALPHA-1'),
      `${SITE.url}/jira/software/projects/ALPHA/issues/ALPHA-2`,
      `${SITE.url}/jira/software/c/projects/ALPHA/boards/1?modal=detail&selectedIssue=ALPHA-3`,
      browse('ALPHA-4'),
      browse('BETA-1'),
    ];
    const done = await share(SLACK.ada, urls);
    expect(done.unfurled).toEqual(urls);
    expect(h.jira.count({ path: SEARCH })).toBe(1);
    expect(h.jira.count({ path: GET_ISSUE })).toBe(0);
    const [rec] = h.slack.unfurls();
    expect(Object.keys(rec!.unfurls)).toEqual(urls);
    expect(rec!.unfurls).toMatchSnapshot();
    expect(JSON.stringify(rec!.unfurls)).not.toContain('Open in Jira');
  });

  it('never previews an issue with a security level, even to a poster who can see it, while the other links still preview', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const done = await share(SLACK.ada, [browse('ALPHA-5'), browse('ALPHA-1')]);
    expect(done.unfurled).toEqual([browse('ALPHA-1')]);
    expect(unfurledUrls()).toEqual([browse('ALPHA-1')]);
    expect(JSON.stringify(h.slack.unfurls())).not.toContain('Staff only');
  });

  it('never previews a lone issue with a security level', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await share(SLACK.ada, [browse('ALPHA-5')]);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
  });

  it('previews nothing for a poster who is not connected, and nudges them once a day, ephemerally', async () => {
    await share(SLACK.bob, [browse('ALPHA-1')]);
    await share(SLACK.bob, [browse('ALPHA-2')]);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
    const nudges = h.slack.ephemeralsTo(SLACK.bob);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.channel).toBe(CHANNEL);
    expect(JSON.stringify(nudges[0])).toContain('Connect your Jira account');
    expect(h.slack.everythingSaidTo(SLACK.admin)).not.toContain('ALPHA-1');
  });

  it('previews nothing for an unconnected poster even when Jira authorization is not required', async () => {
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, requireAuth: false }));
    h.jira.resetLog();
    await share(SLACK.bob, [browse('ALPHA-1')]);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
    expect(h.jira.count({ path: SEARCH }) + h.jira.count({ path: GET_ISSUE })).toBe(0);
  });

  it('previews nothing for a poster whose connection needs re-authorization', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.revokeGrant(JIRA.ada);
    await h.app.deps.gate.invalidateUser(h.slack.teamId, SLACK.ada);
    await share(SLACK.ada, [browse('ALPHA-1')]);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
    expect(h.slack.messagesIn(CHANNEL).filter((m) => m.via !== 'user')).toEqual([]);
  });

  it('previews nothing, and asks Jira nothing, when previews are off', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, previews: 'off' }));
    h.jira.resetLog();
    await share(SLACK.ada, [browse('ALPHA-1'), browse('ALPHA-2')]);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
    expect(h.jira.requests).toEqual([]);
    expect(h.slack.ephemeralsTo(SLACK.ada).filter((m) => m.via === 'chat.postEphemeral')).toEqual([]);
  });

  it('previews nothing from a project banned in the settings', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, bannedProjects: ['ALPHA'] }));
    await share(SLACK.ada, [browse('ALPHA-1')]);
    const done = await share(SLACK.ada, [browse('ALPHA-2'), browse('BETA-1')]);
    expect(done.unfurled).toEqual([browse('BETA-1')]);
    expect(unfurledUrls()).toEqual([browse('BETA-1')]);
  });

  it('ignores links to another Jira site', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.resetLog();
    const other = `${OTHER_SITE.url}/browse/ALPHA-1`;
    await share(SLACK.ada, [other]);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
    expect(h.jira.count({ path: SEARCH })).toBe(0);
    const done = await share(SLACK.ada, [other, browse('ALPHA-1')]);
    expect(done.unfurled).toEqual([browse('ALPHA-1')]);
    expect(unfurledUrls()).toEqual([browse('ALPHA-1')]);
  });

  it('previews nothing the poster cannot see: a project they cannot browse, or an issue level they are not in', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.connectUser(SLACK.bob, JIRA.bob);
    await share(SLACK.bob, [browse('BETA-1')]);
    await share(SLACK.ada, [browse('HR-1'), browse('NOPE-1')]);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
    const done = await share(SLACK.ada, [browse('ALPHA-6'), browse('ALPHA-1')]);
    expect(done.unfurled).toEqual([browse('ALPHA-1')]);
    expect(JSON.stringify(h.slack.unfurls())).not.toContain('Grace only');
  });

  it('previews a link still in the composer by its unfurl_id', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const done = await share(SLACK.ada, [browse('ALPHA-1')], { source: 'composer' });
    expect(done.unfurled).toEqual([browse('ALPHA-1')]);
    const [call] = h.slack.callsTo('chat.unfurl');
    expect(call!.args.unfurl_id).toBe(done.unfurlId);
    expect(call!.args.source).toBe('composer');
    expect(call!.args.channel).toBeUndefined();
    expect(call!.args.ts).toBeUndefined();
  });

  it('reports idle only once the links just shared have been handled', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const seen: PreviewOutcome[] = [];
    const off = h.app.deps.previews.onHandled((o) => seen.push(o));
    await h.slack.shareLinks({ user: SLACK.ada, channel: CHANNEL, urls: [browse('ALPHA-5')] });
    await h.app.deps.previews.idle();
    off();
    expect(seen.map((o) => o.reason)).toEqual(['nothing_previewable']);
    expect(h.slack.callsTo('chat.unfurl')).toEqual([]);
  });

  it('still previews the valid links when one key does not exist (Jira refuses the batch search)', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.resetLog();
    const urls = [browse('ALPHA-1'), browse('ALPHA-999'), browse('ALPHA-2')];
    const done = await share(SLACK.ada, urls);
    expect(done.unfurled).toEqual([browse('ALPHA-1'), browse('ALPHA-2')]);
    expect(h.jira.requests.filter((r) => r.apiPath === SEARCH).map((r) => r.status)).toEqual([400]);
    expect(h.jira.count({ path: GET_ISSUE })).toBeLessThanOrEqual(3);
    const [rec] = h.slack.unfurls();
    expect(Object.keys(rec!.unfurls)).toEqual([browse('ALPHA-1'), browse('ALPHA-2')]);
  });
});
