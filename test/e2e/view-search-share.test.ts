import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { connectedSite, JIRA, SLACK } from '../support/sites.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
  await connectedSite(h);
  h.jira.addIssue({
    key: 'ALPHA-2',
    project: 'ALPHA',
    summary: 'Payroll export for staff',
    reporter: JIRA.grace,
    security: { name: 'Staff only', users: [JIRA.grace] },
  });
  await h.connectUser(SLACK.ada, JIRA.ada);
});
afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  expect(h.jira.contractViolations).toEqual([]);
  await h.close();
});

const json = (x: unknown) => JSON.stringify(x);

/** Labels of every button in a Slack message body. */
function buttons(reply: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'button') out.push(String((o.text as { text: string }).text));
    for (const v of Object.values(o)) walk(v);
  };
  walk(reply.blocks);
  return out;
}

/** Runs a command and returns its reply along with the response_url it went to (for clicks). */
async function command(user: string, text: string, channel?: string) {
  const res = await h.slack.sendCommand({ user, text, channel });
  const reply = await h.slack.waitForResponse(res.responseUrl);
  return { reply, responseUrl: res.responseUrl };
}

/** Clicks a button in the ephemeral posted through `responseUrl` and waits for the app's answer. */
async function click(user: string, responseUrl: string, label: string) {
  const res = await h.slack.click(user, { responseUrl }, label);
  if (!res.responseUrl) throw new Error('the click had no response_url');
  return res.responseUrl;
}

describe('/jira view', () => {
  it('shows a visible issue as an ephemeral card with its buttons', async () => {
    const reply = await h.command(SLACK.ada, 'view ALPHA-1');
    expect(reply.response_type).toBe('ephemeral');
    expect(json(reply)).toContain('ALPHA-1: Fix login');
    expect(json(reply)).toContain('Ada Lovelace'); // reporter
    expect(buttons(reply)).toEqual([
      'Comment',
      'Assign to me',
      'Transition',
      'Watch',
      'Open in Jira',
      'Share in channel',
    ]);
    expect(reply).toMatchSnapshot();
  });

  it('answers a bare /jira KEY like /jira view KEY', async () => {
    const bare = await h.command(SLACK.ada, 'alpha-1');
    const view = await h.command(SLACK.ada, 'view ALPHA-1');
    expect(bare).toEqual(view);
  });

  it('answers an issue the user cannot see exactly like one that does not exist', async () => {
    // HR is outside Ada's projects; ALPHA-2 is in her project but behind a security level she isn't in.
    const hidden = await h.command(SLACK.ada, 'view HR-1');
    const missing = await h.command(SLACK.ada, 'view HR-404');
    expect(json(hidden).replaceAll('HR-1', 'KEY')).toBe(json(missing).replaceAll('HR-404', 'KEY'));
    const secured = await h.command(SLACK.ada, 'view ALPHA-2');
    const missingAlpha = await h.command(SLACK.ada, 'view ALPHA-404');
    expect(json(secured).replaceAll('ALPHA-2', 'KEY')).toBe(json(missingAlpha).replaceAll('ALPHA-404', 'KEY'));
    expect(json(secured)).toContain('doesn’t exist or you don’t have permission to see it');
    expect(h.slack.everythingSaidTo(SLACK.ada)).not.toMatch(/Salary review|Payroll export/);
  });

  it('shows a security-level issue only to users in its level, and never offers to share it', async () => {
    await h.connectUser(SLACK.grace, JIRA.grace);
    const grace = await h.command(SLACK.grace, 'view ALPHA-2');
    expect(json(grace)).toContain('ALPHA-2: Payroll export for staff');
    expect(json(grace)).toContain('Security level: Staff only');
    expect(buttons(grace)).not.toContain('Share in channel');
    const ada = await h.command(SLACK.ada, 'view ALPHA-2');
    expect(json(ada)).not.toContain('Payroll');
  });

  it('asks for a key when none or a bad one is given', async () => {
    expect(json(await h.command(SLACK.ada, 'view'))).toContain('/jira view &lt;KEY&gt;');
    expect(json(await h.command(SLACK.ada, 'view not-a-key!'))).toContain('isn’t an issue key');
  });

  it('gives an unconnected user the Connect prompt and no issue data', async () => {
    const before = h.jira.requests.length;
    const reply = await h.command(SLACK.bob, 'view ALPHA-1');
    expect(buttons(reply)).toEqual(['Connect your Jira account']);
    expect(h.slack.everythingSaidTo(SLACK.bob)).not.toContain('Fix login');
    expect(h.jira.requests.slice(before).filter((r) => r.apiPath.startsWith('/rest/'))).toEqual([]);
    const search = await h.command(SLACK.bob, 'search login');
    expect(buttons(search)).toEqual(['Connect your Jira account']);
  });

  it('makes exactly one Jira call for a warm view', async () => {
    await h.command(SLACK.ada, 'view ALPHA-1');
    const before = h.jira.requests.length;
    await h.command(SLACK.ada, 'view BETA-1');
    const calls = h.jira.requests.slice(before);
    expect(calls.map((r) => `${r.method} ${r.apiPath}`)).toEqual(['GET /rest/api/3/issue/BETA-1']);
    expect(calls[0]?.actor).toBe(JIRA.ada);
  });
});

describe('/jira search', () => {
  beforeEach(() => {
    h.jira.addIssue({ key: 'ALPHA-3', project: 'ALPHA', summary: 'Login page is slow', status: 'Done' });
    h.jira.addIssue({ key: 'NOPE-2', project: 'NOPE', summary: 'Done but hidden', status: 'Done' });
    h.jira.addIssue({ key: 'HR-2', project: 'HR', summary: 'Done in HR', status: 'Done' });
  });

  it('finds issues by free text, only in reachable projects', async () => {
    const reply = await h.command(SLACK.ada, 'search login');
    expect(reply.response_type).toBe('ephemeral');
    expect(json(reply)).toContain('ALPHA-1: Fix login');
    expect(json(reply)).toContain('ALPHA-3: Login page is slow');
    const search = h.jira.requests.find((r) => r.apiPath === '/rest/api/3/search/jql');
    expect((search?.body as { jql?: string } | undefined)?.jql).toBe(
      'project in ("ALPHA", "BETA") AND (text ~ "login") ORDER BY updated DESC',
    );
  });

  it('runs JQL', async () => {
    const reply = await h.command(SLACK.ada, 'search status = Done');
    expect(json(reply)).toContain('ALPHA-3');
    expect(json(reply)).not.toContain('ALPHA-1:');
  });

  it('never lets JQL widen the scope beyond the user’s projects', async () => {
    // Ada can browse NOPE in Jira, but the service account can't, so NOPE is not hers from Slack.
    const reply = await h.command(SLACK.ada, 'search status = Done OR project = NOPE');
    expect(json(reply)).toContain('ALPHA-3');
    expect(json(reply)).not.toContain('NOPE-');
    // HR is invisible to Ada in Jira too: Jira refuses to name it, and nothing from HR is shown.
    const hr = await h.command(SLACK.ada, 'search status = Done OR project = HR');
    expect(json(hr)).toContain('Jira couldn’t run that search');
    expect(h.slack.everythingSaidTo(SLACK.ada)).not.toMatch(/HR-\d|Done in HR|hidden/);
  });

  it('keeps a project banned by the workspace out even for a user who can browse it in Jira', async () => {
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, bannedProjects: ['HR'] }));
    await h.connectUser(SLACK.grace, JIRA.grace);
    const reply = await h.command(SLACK.grace, 'search status = Done OR project = HR');
    expect(json(reply)).toContain('ALPHA-3');
    expect(json(reply)).not.toContain('HR-');
  });

  it('refuses JQL that tries to close the scope’s parenthesis', async () => {
    const before = h.jira.count({ path: /search/ });
    const reply = await h.command(SLACK.ada, 'search status = Done) OR (project = HR');
    expect(json(reply)).toContain('without a matching');
    expect(h.jira.count({ path: /search/ })).toBe(before);
  });

  it('says when no issues match, and asks for words when none are given', async () => {
    expect(json(await h.command(SLACK.ada, 'search zebra'))).toContain('No issues match');
    expect(json(await h.command(SLACK.ada, 'search'))).toContain('/jira search &lt;text or JQL&gt;');
  });

  it('pages with More results, replacing the ephemeral each time', async () => {
    for (let n = 0; n < 23; n++) h.jira.addIssue({ project: 'ALPHA', summary: `Bulk ${n}`, labels: ['bulk'] });
    const first = await command(SLACK.ada, 'search labels = bulk');
    expect(json(first.reply)).toContain('(1–10, more below)');
    const again = await click(SLACK.ada, first.responseUrl, 'More results');
    const page2 = await h.slack.waitForResponse(again);
    expect(page2.replace_original).toBe(true);
    expect(json(page2)).toContain('(11–20, more below)');
    const third = await click(SLACK.ada, first.responseUrl, 'More results');
    const page3 = await h.slack.waitForResponse(third);
    expect(json(page3)).toContain('(21–23)');
    expect(buttons(page3)).not.toContain('More results');
    const shown = h.slack.ephemeralsTo(SLACK.ada).find((e) => e.responseUrl === first.responseUrl);
    expect(shown?.replaced).toBe(2);
    const keys = [first.reply, page2, page3].flatMap((r) => json(r).match(/ALPHA-\d+(?=:)/g) ?? []);
    expect(new Set(keys).size).toBe(23);
  });

  it('keeps a search longer than a button value in Redis and still pages', async () => {
    for (let n = 0; n < 12; n++) h.jira.addIssue({ project: 'ALPHA', summary: `Bulk ${n}`, labels: ['bulk'] });
    const padding = Array.from({ length: 200 }, (_, i) => `labels != pad${i}`).join(' AND ');
    const first = await command(SLACK.ada, `search labels = bulk AND ${padding}`);
    const value = json(first.reply).match(/"value":"(\{\\"s\\":[^}]+\})"/);
    expect(value).not.toBeNull();
    const next = await h.slack.waitForResponse(await click(SLACK.ada, first.responseUrl, 'More results'));
    expect(json(next)).toContain('(11–12)');
  });

  it('makes exactly one Jira call for a warm search', async () => {
    await h.command(SLACK.ada, 'search login');
    const before = h.jira.requests.length;
    await h.command(SLACK.ada, 'search status = Done');
    const calls = h.jira.requests.slice(before);
    expect(calls.map((r) => `${r.method} ${r.apiPath}`)).toEqual(['POST /rest/api/3/search/jql']);
    expect(calls[0]?.actor).toBe(JIRA.ada);
  });
});

describe('Share in channel', () => {
  it('posts the card in the channel, saying who shared it, with only Open in Jira', async () => {
    const { responseUrl } = await command(SLACK.ada, 'view ALPHA-1');
    await h.slack.click(SLACK.ada, { responseUrl }, 'Share in channel');
    const call = await h.slack.waitForCall('chat.postMessage');
    expect(call.ok).toBe(true);
    expect(call.args).toMatchSnapshot();
    const [posted] = h.slack.messagesIn(h.slack.defaultChannel);
    expect(json(posted?.blocks)).toContain(`Shared by <@${SLACK.ada}>`);
    expect(buttons({ blocks: posted?.blocks })).toEqual(['Open in Jira']);
  });

  it('refuses, checking again on click, once the issue has a security level', async () => {
    const { responseUrl } = await command(SLACK.ada, 'view ALPHA-1');
    h.jira.act.update(JIRA.service, 'ALPHA-1', { security: { name: 'Leads', users: [JIRA.ada] } });
    const answer = await click(SLACK.ada, responseUrl, 'Share in channel');
    const refusal = await h.slack.waitForResponse(answer);
    expect(refusal.response_type).toBe('ephemeral');
    expect(json(refusal)).toContain('ALPHA-1 has a security level, so it can’t be shared in a channel');
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('refuses when previews were turned off after the card was shown', async () => {
    const { responseUrl } = await command(SLACK.ada, 'view ALPHA-1');
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, previews: 'off' }));
    const refusal = await h.slack.waitForResponse(await click(SLACK.ada, responseUrl, 'Share in channel'));
    expect(json(refusal)).toContain('turned issue previews off');
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(buttons(await h.command(SLACK.ada, 'view ALPHA-1'))).not.toContain('Share in channel');
  });

  it('refuses when the clicker can no longer see the issue', async () => {
    const { responseUrl } = await command(SLACK.ada, 'view ALPHA-1');
    h.jira.act.update(JIRA.service, 'ALPHA-1', { security: { name: 'Leads', users: [JIRA.grace] } });
    const refusal = await h.slack.waitForResponse(await click(SLACK.ada, responseUrl, 'Share in channel'));
    expect(json(refusal)).toContain('ALPHA-1 doesn’t exist or you don’t have permission to see it');
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('says plainly when the bot cannot post in the channel', async () => {
    h.slack.addChannel({ id: 'C0PRIVATE1', name: 'secret-plans', isPrivate: true, botIsMember: false });
    const { responseUrl } = await command(SLACK.ada, 'view ALPHA-1', 'C0PRIVATE1');
    const refusal = await h.slack.waitForResponse(await click(SLACK.ada, responseUrl, 'Share in channel'));
    expect(json(refusal)).toContain('Jira Bridge can’t post in this channel');
    expect(h.slack.messagesIn('C0PRIVATE1')).toEqual([]);
  });
});
