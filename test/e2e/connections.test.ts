import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browse, linkIn, pageText } from '../support/browser.js';
import { findUrlButton, Harness } from '../support/harness.js';
import { connectedSite, JIRA, OTHER_SITE, SITE, SLACK, seedStandardSite } from '../support/sites.js';

let h: Harness;
afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  expect(h.jira.contractViolations).toEqual([]);
  await h.close();
});

const refreshes = () =>
  h.jira.requests.filter(
    (r) => r.path === '/oauth/token' && (r.body as { grant_type?: string } | null)?.grant_type === 'refresh_token',
  ).length;
const homeText = (user: string) => JSON.stringify(h.slack.homeOf(user)?.blocks ?? []);

describe('connecting the service account', () => {
  beforeEach(async () => {
    h = await Harness.start();
    seedStandardSite(h);
  });

  it('is offered only to Slack admins on Home', async () => {
    await h.slack.openHome(SLACK.ada);
    await h.waitForHome(SLACK.ada);
    expect(homeText(SLACK.ada)).not.toContain('Connect service account');
    expect(homeText(SLACK.ada)).toContain('A Slack workspace admin can connect it');
  });

  it('refuses a non-admin even with a valid service-account link', async () => {
    const url = await h.app.deps.links.connect({ teamId: h.slack.teamId, userId: SLACK.ada }, 'service');
    const page = await h.consent(url, JIRA.service);
    expect(page.status).toBe(403);
    expect(page.text).toContain('Only workspace admins can connect the service account');
    expect(await h.app.deps.stores.workspaces.get(h.slack.teamId)).toBeNull();
  });

  it('refuses an account that is not a Jira administrator, explaining why', async () => {
    const page = await h.clickHomeLink(SLACK.admin, 'Connect service account', JIRA.notAdmin);
    expect(page.status).toBe(403);
    expect(page.text).toContain('Plain User is not a Jira administrator');
    expect(page.text).toContain('Administer Jira');
    expect(await h.app.deps.stores.workspaces.get(h.slack.teamId)).toBeNull();
  });

  it('lands on an explanatory page when consent is declined', async () => {
    await h.slack.openHome(SLACK.admin);
    const home = await h.waitForHome(SLACK.admin, (v) => JSON.stringify(v.blocks).includes('Connect service account'));
    const click = await h.slack.click(SLACK.admin, { viewId: home.id }, 'Connect service account');
    h.jira.denyNextConsent();
    const page = await browse(click.url!);
    expect(page.status).toBe(403);
    expect(pageText(page.body)).toContain('You declined access');
  });

  it('refuses a link used twice, on a page that says what to do', async () => {
    const url = await h.app.deps.links.connect({ teamId: h.slack.teamId, userId: SLACK.admin }, 'service');
    const first = await h.consent(url, JIRA.service);
    expect(first.text).toContain('Jira is connected');
    // The browser's history replays the callback with the same code and state.
    const again = await browse(first.hops.at(-1)!);
    expect(again.status).toBe(400);
    expect(pageText(again.body)).toContain('This link has expired or was already used');
    expect(pageText(again.body)).toContain('Home tab');
  });

  it('shows a page, not a 500, when Jira is down during the exchange', async () => {
    h.jira.fault({ path: '/oauth/token' }, { status: 503, times: 3 });
    const page = await h.clickHomeLink(SLACK.admin, 'Connect service account', JIRA.service);
    expect(page.status).toBe(502);
    expect(page.text).toContain('try again');
  });

  it('asks the admin to choose when the account reaches several sites', async () => {
    h.jira.addUser({
      accountId: 'acc-multi',
      displayName: 'Multi Admin',
      admin: true,
      sites: [SITE.cloudId, OTHER_SITE.cloudId],
    });
    const page = await h.clickHomeLink(SLACK.admin, 'Connect service account', 'acc-multi');
    expect(page.text).toContain('Choose the Jira site');
    const choose = linkIn(page.body, 'globex');
    expect(choose).toBeDefined();
    const done = await browse(choose!);
    expect(pageText(done.body)).toContain('Main authorized user is Multi Admin on globex.atlassian.net');
    expect((await h.app.deps.stores.workspaces.get(h.slack.teamId))?.cloudId).toBe(OTHER_SITE.cloudId);
  });

  it('stores tokens sealed: no plaintext token anywhere in Redis', async () => {
    await h.connectService(SLACK.admin, JIRA.service);
    const ws = await h.app.deps.stores.workspaces.get(h.slack.teamId);
    const keys = await h.redis.keys(`${h.prefix}*`);
    const own = h.redis.options.keyPrefix ?? '';
    for (const k of keys) {
      const name = k.slice(own.length);
      const v = (await h.redis.type(name)) === 'string' ? await h.redis.get(name) : '';
      expect(v).not.toContain(ws!.tokens.accessToken);
      expect(v).not.toContain(ws!.tokens.refreshToken);
    }
  });
});

describe('the pinned site', () => {
  it('connects to JIRA_SITE_URL without asking, and refuses an account that cannot reach it', async () => {
    h = await Harness.start({ env: { JIRA_SITE_URL: OTHER_SITE.url } });
    seedStandardSite(h);
    const refused = await h.clickHomeLink(SLACK.admin, 'Connect service account', JIRA.service);
    expect(refused.text).toContain('pinned to globex.atlassian.net');
    h.jira.addUser({
      accountId: 'acc-multi',
      displayName: 'Multi Admin',
      admin: true,
      sites: [SITE.cloudId, OTHER_SITE.cloudId],
    });
    const ok = await h.clickHomeLink(SLACK.admin, 'Connect service account', 'acc-multi');
    expect(ok.text).toContain('on globex.atlassian.net');
  });
});

describe('connecting a user', () => {
  beforeEach(async () => {
    h = await Harness.start();
    await connectedSite(h);
  });

  it('connects from /jira connect and says who they are in /jira status', async () => {
    const page = await h.connectUser(SLACK.ada, JIRA.ada);
    expect(page).toContain('You are connected to acme.atlassian.net as Ada Lovelace');
    const status = JSON.stringify(await h.command(SLACK.ada, 'status'));
    expect(status).toContain('Ada Lovelace in Jira');
    expect(status).toContain('Main authorized user is *Jira Service*');
    // ALPHA (everyone) and BETA (service + Ada); NOPE is invisible to the service account, so to everyone.
    expect(status).toContain('2 projects (ALPHA, BETA)');
  });

  it('connects from the Home tab button and republishes Home', async () => {
    const page = await h.clickHomeLink(SLACK.grace, 'Connect your Jira account', JIRA.grace);
    expect(page.text).toContain('as Grace Hopper');
    await h.waitForHome(SLACK.grace, (v) => JSON.stringify(v.blocks).includes('You are connected as *Grace Hopper*'));
    expect(homeText(SLACK.grace)).toContain('ALPHA');
    expect(homeText(SLACK.grace)).toContain('HR');
  });

  it('asks who is being connected to whom before linking, so a forwarded link can be refused', async () => {
    // Grace opens a connect link that was made for Bob (he forwarded it).
    const url = await h.app.deps.links.connect({ teamId: h.slack.teamId, userId: SLACK.bob }, 'user');
    h.jira.consentAs(JIRA.grace);
    const ask = await browse(url);
    expect(pageText(ask.body)).toContain('Connect Grace Hopper to Bob Builder (@bob) in Slack?');
    expect(pageText(ask.body)).toContain('If someone sent you this link, cancel.');
    expect(await h.app.deps.stores.users.get(h.slack.teamId, SLACK.bob)).toBeNull();
    const cancelled = await browse(linkIn(ask.body, 'Cancel')!);
    expect(pageText(cancelled.body)).toContain('Nothing was connected');
    expect(await h.app.deps.stores.users.get(h.slack.teamId, SLACK.bob)).toBeNull();
    // The answer works once: "Yes" after "Cancel" connects nothing.
    const late = await browse(linkIn(ask.body, 'Yes, connect')!);
    expect(pageText(late.body)).toContain('This link has expired or was already used');
    expect(await h.app.deps.stores.users.get(h.slack.teamId, SLACK.bob)).toBeNull();
  });

  it('refuses an account on another site, naming both sites', async () => {
    const page = await h.clickHomeLink(SLACK.bob, 'Connect your Jira account', JIRA.other);
    expect(page.status).toBe(403);
    expect(page.text).toContain(
      'Your Jira account is on globex.atlassian.net, but this workspace is connected to acme.atlassian.net',
    );
    expect(await h.app.deps.stores.users.get(h.slack.teamId, SLACK.bob)).toBeNull();
  });

  it('forgets the tokens on /jira disconnect', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = JSON.stringify(await h.command(SLACK.ada, 'disconnect'));
    expect(reply).toContain('tokens are deleted');
    expect(await h.app.deps.stores.users.get(h.slack.teamId, SLACK.ada)).toBeNull();
    const status = JSON.stringify(await h.command(SLACK.ada, 'status'));
    expect(status).toContain('not connected');
  });

  it('disconnects from the Home tab button', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const home = await h.waitForHome(SLACK.ada, (v) => JSON.stringify(v.blocks).includes('Disconnect'));
    await h.slack.click(SLACK.ada, { viewId: home.id }, 'Disconnect');
    await h.waitForHome(SLACK.ada, (v) => JSON.stringify(v.blocks).includes('Connect your Jira account'));
    expect(await h.app.deps.stores.users.get(h.slack.teamId, SLACK.ada)).toBeNull();
  });
});

describe('changing the main authorized user', () => {
  beforeEach(async () => {
    h = await Harness.start();
    await connectedSite(h);
    h.jira.addUser({ accountId: 'acc-service-2', displayName: 'New Service', admin: true, sites: [SITE.cloudId] });
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.connectUser(SLACK.grace, JIRA.grace);
  });

  it('stops using every old user connection and prompts each affected user by DM and on Home', async () => {
    const page = await h.clickHomeLink(SLACK.admin, 'Change', 'acc-service-2');
    expect(page.text).toContain('Main authorized user is New Service');
    expect(page.text).toContain('asked to re-authorize');
    for (const user of [SLACK.ada, SLACK.grace]) {
      const dm = await h.slack.waitFor(() =>
        h.slack.dmsTo(user).find((m) => JSON.stringify(m).includes('Re-authorize')),
      );
      expect(JSON.stringify(dm)).toContain('The main authorized user for Jira changed to New Service');
      await h.waitForHome(user, (v) => JSON.stringify(v.blocks).includes('The main authorized user changed'));
    }
    // No token from before the change reaches Jira again.
    h.jira.resetLog();
    const reply = JSON.stringify(await h.command(SLACK.ada, 'status'));
    expect(reply).toContain('needs re-authorization');
    expect(h.jira.requests.filter((r) => r.actor === JIRA.ada)).toEqual([]);
  });

  it('restores access when the user follows the Re-authorize button', async () => {
    await h.clickHomeLink(SLACK.admin, 'Change', 'acc-service-2');
    const dm = await h.slack.waitFor(() =>
      h.slack.dmsTo(SLACK.ada).find((m) => JSON.stringify(m).includes('Re-authorize')),
    );
    const url = findUrlButton(dm, 'Re-authorize');
    const page = await h.consent(url!, JIRA.ada);
    expect(page.text).toContain('as Ada Lovelace');
    const status = JSON.stringify(await h.command(SLACK.ada, 'status'));
    expect(status).toContain('You can reach:*');
    expect(status).not.toContain('needs re-authorization');
  });

  it('asks for explicit confirmation before switching to another site', async () => {
    const page = await h.clickHomeLink(SLACK.admin, 'Change', JIRA.other);
    expect(page.text).toContain('Switch this workspace to another Jira site?');
    expect(page.text).toContain('every person’s Jira connection stops working');
    expect((await h.app.deps.stores.workspaces.get(h.slack.teamId))?.cloudId).toBe(SITE.cloudId);
    const confirm = linkIn(page.body, 'Yes, switch');
    const done = await browse(confirm!);
    expect(pageText(done.body)).toContain('Main authorized user is Other Site on globex.atlassian.net');
    expect((await h.app.deps.stores.workspaces.get(h.slack.teamId))?.cloudId).toBe(OTHER_SITE.cloudId);
  });

  it('does not reset anyone when the same account re-authorizes', async () => {
    await h.clickHomeLink(SLACK.admin, 'Change', JIRA.service);
    const status = JSON.stringify(await h.command(SLACK.ada, 'status'));
    expect(status).not.toContain('needs re-authorization');
    expect(h.slack.dmsTo(SLACK.ada)).toEqual([]);
  });
});

describe('the service account losing Jira admin', () => {
  it('shows admins a warning on Home once Jira says so', async () => {
    h = await Harness.start();
    await connectedSite(h);
    h.jira.addUser({ accountId: JIRA.service, displayName: 'Jira Service', admin: false, sites: [SITE.cloudId] });
    // Fifteen minutes later (the re-check interval), an admin opens Home.
    await h.app.deps.stores.workspaces.update(h.slack.teamId, (c) => ({
      ...c,
      adminCheckedAt: new Date(Date.now() - 16 * 60_000).toISOString(),
    }));
    await h.slack.openHome(SLACK.admin);
    await h.waitForHome(SLACK.admin, (v) => JSON.stringify(v.blocks).includes('no longer a Jira administrator'));
    await h.slack.openHome(SLACK.ada);
    await h.waitForHome(SLACK.ada);
    expect(homeText(SLACK.ada)).not.toContain('no longer a Jira administrator');
  });
});

describe('tokens that die', () => {
  it('marks a revoked user connection, prompts once, and never loops on the dead token', async () => {
    h = await Harness.start();
    await connectedSite(h);
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.revokeGrant(JIRA.ada);
    await h.app.deps.gate.invalidateUser(h.slack.teamId, SLACK.ada);
    const first = JSON.stringify(await h.command(SLACK.ada, 'status'));
    expect(first).toContain('needs re-authorization');
    const dm = await h.slack.waitFor(() =>
      h.slack.dmsTo(SLACK.ada).find((m) => JSON.stringify(m).includes('Re-authorize')),
    );
    expect(JSON.stringify(dm)).toContain('expired or was revoked');
    h.jira.resetLog();
    await h.command(SLACK.ada, 'status');
    await h.command(SLACK.ada, 'status');
    expect(h.jira.requests.filter((r) => r.actor === JIRA.ada)).toEqual([]);
    expect(h.slack.dmsTo(SLACK.ada)).toHaveLength(1);
    await h.waitForHome(SLACK.ada, (v) => JSON.stringify(v.blocks).includes('Re-authorize'));
  });

  it('shows a broken service account on everyone’s Home and tells the admin once', async () => {
    h = await Harness.start();
    await connectedSite(h);
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.revokeGrant(JIRA.service);
    await h.app.deps.gate.invalidateWorkspace(h.slack.teamId);
    const reply = JSON.stringify(await h.command(SLACK.ada, 'status'));
    expect(reply).toContain('needs re-authorization by an admin');
    await h.slack.waitFor(() =>
      h.slack.dmsTo(SLACK.admin).find((m) => JSON.stringify(m).includes('lost its connection')),
    );
    await h.waitForHome(SLACK.ada, (v) => JSON.stringify(v.blocks).includes('lost its connection to Jira'));
    await h.command(SLACK.bob, 'status');
    expect(h.slack.dmsTo(SLACK.admin)).toHaveLength(1);
  });

  it('refreshes an expired token exactly once when 50 requests arrive at once across two instances', async () => {
    h = await Harness.start({ instances: 2 });
    await connectedSite(h);
    await h.connectUser(SLACK.ada, JIRA.ada);
    const team = h.slack.teamId;
    await h.app.deps.stores.users.update(team, SLACK.ada, (c) => ({
      ...c,
      tokens: { ...c.tokens, expiresAt: Date.now() - 1000 },
    }));
    for (const app of h.apps) await app.deps.gate.invalidateUser(team, SLACK.ada);
    const before = refreshes();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.apps[i % 2]!.deps.gate.access({ teamId: team, userId: SLACK.ada })),
    );
    expect(refreshes() - before).toBe(1);
    for (const r of results) expect(r.projects.map((p) => p.key)).toEqual(['ALPHA', 'BETA']);
    const conn = await h.app.deps.stores.users.get(team, SLACK.ada);
    expect(conn?.status).toBe('ok');
    expect(conn!.tokens.expiresAt).toBeGreaterThan(Date.now());
  });
});
