import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/notify/subscription.js';
import { Harness } from '../support/harness.js';
import { connectedSite, JIRA, SITE, SLACK } from '../support/sites.js';

const WEBHOOK_DIR = fileURLToPath(new URL('../../../shared/reference/jira/webhooks/', import.meta.url));
const GENERAL = 'C0GENERAL1';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function start(opts: Parameters<typeof Harness.start>[0] = {}): Promise<Harness> {
  h = await Harness.start(opts);
  await connectedSite(h);
  return h;
}

/** Everything Jira sent has been answered and every queued notification is done. */
async function settle(): Promise<void> {
  await h.jira.settled();
  for (const a of h.apps) await a.deps.notifications.idle();
}

function subscription(over: Partial<Subscription> & { id: string; channelId: string }): Subscription {
  return {
    teamId: h.slack.teamId,
    projectKey: 'ALPHA',
    events: ['created', 'transitioned', 'assigned', 'commented', 'resolved', 'updated'],
    filters: {},
    includeSecurityLevel: false,
    createdBy: SLACK.ada,
    createdAt: new Date().toISOString(),
    ...over,
  };
}

/** Runs `/jira subscribe …` in `channel` as `user` and submits the modal with `fill`. */
async function subscribeThroughModal(
  user: string,
  channel: string,
  text: string,
  fill: Record<string, string | string[]>,
) {
  const before = h.slack.callsTo('views.open').length;
  await h.slack.sendCommand({ user, text, channel });
  await h.slack.waitFor(() => h.slack.callsTo('views.open').length > before);
  const modal = h.slack.openModals(user).at(-1);
  if (!modal) throw new Error(`no modal open: ${JSON.stringify(h.slack.ephemeralsTo(user))}`);
  return { modal, answer: await h.slack.submitModal(user, modal.id, fill) };
}

const texts = (channel: string) => h.slack.messagesIn(channel).map((m) => m.text);

async function jwtFor(secret: string, alg = 'HS256'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ context: { cloudId: SITE.cloudId } })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 180)
    .sign(new TextEncoder().encode(secret));
}

/** `alg: none`: a header and payload with an empty signature, as an attacker would send. */
function unsignedJwt(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ context: { cloudId: SITE.cloudId }, iat: now, exp: now + 180 })}.`;
}

async function postWebhook(body: unknown, opts: { authorization?: string; id: string }): Promise<number> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-atlassian-webhook-identifier': opts.id,
  };
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  const res = await fetch(`${h.url}/jira/webhooks`, { method: 'POST', headers, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

describe('channel notifications', () => {
  it('registers one webhook set for the projects the service account can browse when it connects', async () => {
    await start();
    const hooks = h.jira.webhooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      url: `${h.url}/jira/webhooks`,
      jqlFilter: 'project IN ("ALPHA", "BETA", "HR")',
      owner: JIRA.service,
    });
    const ws = await h.app.deps.stores.workspaces.get(h.slack.teamId);
    expect(ws?.webhook).toMatchObject({ ids: [hooks[0]?.id], jqlFilter: 'project IN ("ALPHA", "BETA", "HR")' });
    expect(ws?.webhook?.error).toBeUndefined();
    expect(h.jira.contractViolations).toEqual([]);
  });

  it('posts created, transitioned, assigned and commented issues to a channel subscribed through the modal', async () => {
    await start();
    await h.connectUser(SLACK.ada, JIRA.ada);
    const { answer } = await subscribeThroughModal(SLACK.ada, GENERAL, 'subscribe ALPHA', {
      'Post when': ['created', 'transitioned', 'assigned', 'commented'],
    });
    expect(answer.status).toBe(200);
    await h.slack.waitFor(() => texts(GENERAL).some((t) => t.includes('Subscribed this channel')));
    const subs = await h.app.deps.stores.subscriptions.listByChannel(h.slack.teamId, GENERAL);
    expect(subs).toHaveLength(1);
    expect(texts(GENERAL).at(-1)).toContain('Subscribed this channel to Jira updates for ALPHA');
    const announced = texts(GENERAL).length;

    const issue = h.jira.act.createIssue(JIRA.grace, { project: 'ALPHA', summary: 'Checkout button is grey' });
    await settle();
    h.jira.act.transition(JIRA.grace, issue.key, 'In Progress');
    await settle();
    h.jira.act.assign(JIRA.grace, issue.key, JIRA.bob);
    await settle();
    h.jira.act.comment(JIRA.bob, issue.key, 'Looking into it');
    await settle();

    expect(texts(GENERAL).slice(announced)).toEqual([
      `Grace Hopper created ${issue.key}: Checkout button is grey`,
      `Grace Hopper moved ${issue.key}: Checkout button is grey to In Progress`,
      `Grace Hopper assigned ${issue.key}: Checkout button is grey to Bob Builder`,
      `Bob Builder commented on ${issue.key}: Checkout button is grey`,
    ]);
    expect(h.slack.problems).toEqual([]);
    expect(h.jira.contractViolations).toEqual([]);
  });

  it('never lets an issue with a security level into a channel unless an admin’s subscription allows it', async () => {
    await start();
    h.slack.addChannel({ id: 'C0OPEN0001', name: 'open', botIsMember: true });
    h.slack.addChannel({ id: 'C0STAFF001', name: 'staff', botIsMember: true });
    await h.app.deps.stores.subscriptions.put(subscription({ id: 'open', channelId: 'C0OPEN0001' }));
    await h.app.deps.stores.subscriptions.put(
      subscription({ id: 'staff', channelId: 'C0STAFF001', includeSecurityLevel: true, createdBy: SLACK.admin }),
    );
    const secret = h.jira.act.createIssue(JIRA.ada, {
      project: 'ALPHA',
      summary: 'Payroll export leaks',
      security: { name: 'Staff only', users: [JIRA.service, JIRA.ada] },
    });
    await settle();
    h.jira.act.comment(JIRA.ada, secret.key, 'Still leaking');
    await settle();
    const open = h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Public roadmap' });
    await settle();

    expect(texts('C0OPEN0001')).toEqual([`Ada Lovelace created ${open.key}: Public roadmap`]);
    expect(texts('C0STAFF001')).toEqual([
      `Ada Lovelace created ${secret.key}: Payroll export leaks`,
      `Ada Lovelace commented on ${secret.key}: Payroll export leaks`,
      `Ada Lovelace created ${open.key}: Public roadmap`,
    ]);
  });

  it('stops letting restricted issues into a channel once the admin who allowed it is no longer one', async () => {
    await start();
    h.slack.addChannel({ id: 'C0STAFF001', name: 'staff', botIsMember: true });
    await h.app.deps.stores.subscriptions.put(
      subscription({ id: 'staff', channelId: 'C0STAFF001', includeSecurityLevel: true, createdBy: SLACK.admin }),
    );
    h.slack.addUser({
      id: SLACK.admin,
      name: 'admin',
      realName: 'Slack Admin',
      email: 'admin@acme.test',
      isAdmin: false,
    });
    const secret = h.jira.act.createIssue(JIRA.ada, {
      project: 'ALPHA',
      summary: 'Payroll export leaks',
      security: { name: 'Staff only', users: [JIRA.service, JIRA.ada] },
    });
    await settle();
    const open = h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Public roadmap' });
    await settle();
    expect(texts('C0STAFF001')).toEqual([`Ada Lovelace created ${open.key}: Public roadmap`]);
    expect(JSON.stringify(h.slack.messagesIn('C0STAFF001'))).not.toContain(secret.key);
  });

  it('stops posting a project to channels as soon as the settings ban it', async () => {
    await start();
    await h.app.deps.stores.subscriptions.put(subscription({ id: 's', channelId: GENERAL }));
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, bannedProjects: ['ALPHA'] }));
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Banned now' });
    await settle();
    expect(h.jira.deliveries.length).toBeGreaterThan(0);
    expect(texts(GENERAL)).toEqual([]);
  });

  it('refuses an admin-only subscription option and projects outside the subscriber’s own access', async () => {
    await start();
    await h.connectUser(SLACK.bob, JIRA.bob);
    const reply = await h.command(SLACK.bob, 'subscribe BETA');
    expect(JSON.stringify(reply)).toContain('You can’t subscribe to BETA');
    const { modal } = await subscribeThroughModal(SLACK.bob, GENERAL, 'subscribe', { Project: 'ALPHA' });
    expect(JSON.stringify(modal.blocks)).not.toContain('security level');
    expect(await h.app.deps.stores.subscriptions.listAll(h.slack.teamId)).toHaveLength(1);
  });

  it('explains that it cannot post in a private channel it was not invited to', async () => {
    await start();
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.slack.addChannel({ id: 'C0SECRET01', name: 'secret', isPrivate: true, botIsMember: false });
    const reply = await h.command(SLACK.ada, 'subscribe ALPHA', 'C0SECRET01');
    expect(JSON.stringify(reply)).toContain('Invite me first');
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('follows the subscribers setting: only admins may subscribe when it says admins', async () => {
    await start();
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, subscribers: 'admins' }));
    const reply = await h.command(SLACK.ada, 'subscribe ALPHA');
    expect(JSON.stringify(reply)).toContain('Only workspace admins can manage channel subscriptions');
  });

  it('lists a channel’s subscriptions and removes one with its Remove button', async () => {
    await start();
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.app.deps.stores.subscriptions.put(subscription({ id: 'abc123', channelId: GENERAL }));
    const res = await h.slack.sendCommand({ user: SLACK.ada, text: 'subscriptions', channel: GENERAL });
    const list = await h.slack.waitForResponse(res.responseUrl);
    expect(JSON.stringify(list)).toContain('abc123');
    const click = await h.slack.click(SLACK.ada, { responseUrl: res.responseUrl }, 'Remove');
    await h.slack.waitForResponse(click.responseUrl ?? res.responseUrl, (b) =>
      JSON.stringify(b).includes('has no Jira subscriptions'),
    );
    expect(await h.app.deps.stores.subscriptions.listAll(h.slack.teamId)).toEqual([]);
  });

  it('lets only admins remove another channel’s subscription', async () => {
    await start();
    await h.app.deps.stores.subscriptions.put(subscription({ id: 'elsewhere', channelId: 'C0OTHER001' }));
    const refused = JSON.stringify(await h.command(SLACK.bob, 'unsubscribe elsewhere', GENERAL));
    expect(refused).toContain('belongs to another channel');
    expect(await h.app.deps.stores.subscriptions.get(h.slack.teamId, 'elsewhere')).not.toBeNull();
    await h.command(SLACK.admin, 'unsubscribe elsewhere', GENERAL);
    expect(await h.app.deps.stores.subscriptions.get(h.slack.teamId, 'elsewhere')).toBeNull();
  });

  it('disables a subscription whose channel was archived and tells its creator', async () => {
    await start();
    h.slack.addChannel({ id: 'C0ARCHIVE1', name: 'old', botIsMember: true, archived: true });
    await h.app.deps.stores.subscriptions.put(subscription({ id: 'gone', channelId: 'C0ARCHIVE1' }));
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Into the void' });
    await settle();
    const sub = await h.app.deps.stores.subscriptions.get(h.slack.teamId, 'gone');
    expect(sub?.disabled?.reason).toContain('archived');
    expect(h.slack.dmsTo(SLACK.ada).map((m) => m.text)).toEqual([
      'Jira notifications for ALPHA have stopped: the channel was archived.',
    ]);
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Still nothing' });
    await settle();
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ARCHIVE1')).toHaveLength(1);
  });
});

describe('delivery', () => {
  it('posts once when Slack rate-limits chat.postMessage, after the Retry-After wait', async () => {
    await start();
    await h.app.deps.stores.subscriptions.put(subscription({ id: 's', channelId: GENERAL }));
    h.slack.rateLimit('chat.postMessage', 1, 1);
    const issue = h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Slow down' });
    await settle();
    const calls = h.slack.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(texts(GENERAL)).toEqual([`Ada Lovelace created ${issue.key}: Slow down`]);
  });

  it('posts every channel of a 200-channel fan-out exactly once when an instance stops in the middle', async () => {
    await start({ instances: 2 });
    const channels = Array.from({ length: 200 }, (_, i) => `C0FAN${String(i).padStart(5, '0')}`);
    for (const [i, id] of channels.entries()) {
      h.slack.addChannel({ id, name: `fan-${i}`, botIsMember: true });
      await h.app.deps.stores.subscriptions.put(subscription({ id: `fan${i}`, channelId: id, events: ['created'] }));
    }
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Everyone hears this' });
    await h.jira.settled();
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length >= 20, { timeoutMs: 10_000 });
    await h.apps[0]?.close();
    await h.apps[1]?.deps.notifications.idle();
    for (const id of channels) expect(texts(id), id).toHaveLength(1);
  });
});

describe('a crash in the middle of a fan-out', () => {
  it('posts every channel of a 200-channel fan-out exactly once when the app is killed and restarted', async () => {
    // Claims on jobs lapse after 1 s here (30 s in production), so the restart recovers them quickly.
    await start({ notifications: { lockDurationMs: 1000, stalledIntervalMs: 500 } });
    const channels = Array.from({ length: 200 }, (_, i) => `C0KIL${String(i).padStart(5, '0')}`);
    for (const [i, id] of channels.entries()) {
      h.slack.addChannel({ id, name: `kill-${i}`, botIsMember: true });
      await h.app.deps.stores.subscriptions.put(subscription({ id: `kill${i}`, channelId: id, events: ['created'] }));
    }
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Survives a crash' });
    await h.jira.settled();
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length >= 30 || undefined);
    // Some posts are on their way when the process dies: they never reach Slack.
    const inFlight = h.slack.hold('chat.postMessage');
    await h.slack.waitFor(() => inFlight.count() >= 5 || undefined);
    // Crash while the only posts being worked on are those in flight: a post Slack accepted but whose
    // "posted" mark the process never wrote could not be told apart from one Slack never saw.
    const crashed = h.apps[0]!;
    const deadline = Date.now() + 10_000;
    while ((await crashed.deps.notifications.activePosts()) !== inFlight.count()) {
      if (Date.now() > deadline) throw new Error('posts never settled into the in-flight set');
      await new Promise((r) => setTimeout(r, 20)); // polling queue state, not synchronizing on time
    }
    crashed.deps.notifications.kill();
    crashed.deps.redis.disconnect();
    inFlight.drop();
    const restarted = await h.addInstance();
    await restarted.deps.notifications.idle();
    for (const id of channels) expect(texts(id), id).toHaveLength(1);
  });
});

describe('receiving webhooks', () => {
  it('accepts every captured Jira Cloud body with a valid JWT, posting nothing for sites it does not serve', async () => {
    await start();
    await h.app.deps.stores.subscriptions.put(subscription({ id: 's', channelId: GENERAL }));
    const files = readdirSync(WEBHOOK_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const body = JSON.parse(readFileSync(`${WEBHOOK_DIR}${f}`, 'utf8')) as unknown;
      const status = await postWebhook(body, {
        id: `captured-${f}`,
        authorization: `Bearer ${await jwtFor(h.jira.clientSecret)}`,
      });
      expect([200, 202], f).toContain(status);
    }
    await settle();
    expect(texts(GENERAL)).toEqual([]);
  });

  it('refuses forged, missing, wrongly signed and unsigned JWTs with 401 and posts nothing', async () => {
    await start();
    await h.app.deps.stores.subscriptions.put(subscription({ id: 's', channelId: GENERAL }));
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Real one' });
    await settle();
    expect(texts(GENERAL)).toHaveLength(1);
    const body = h.jira.deliveries[0]?.body;
    const valid = await jwtFor(h.jira.clientSecret);
    const [head, payload] = valid.split('.');
    const forged = `${head}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const attempts: Array<string | undefined> = [
      undefined,
      'Bearer',
      `Bearer ${forged}`,
      `Bearer ${await jwtFor('the-wrong-secret-0123456789abcdef')}`,
      `Bearer ${unsignedJwt()}`,
      `Bearer ${await jwtFor(h.jira.clientSecret, 'HS512')}`,
      valid, // no "Bearer"
    ];
    for (const [i, authorization] of attempts.entries()) {
      expect(await postWebhook(body, { id: `forged-${i}`, authorization }), String(authorization)).toBe(401);
    }
    await settle();
    expect(texts(GENERAL)).toHaveLength(1);
  });

  it('posts once when the same delivery arrives twice', async () => {
    await start();
    await h.app.deps.stores.subscriptions.put(subscription({ id: 's', channelId: GENERAL }));
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Echo' });
    await settle();
    const first = h.jira.deliveries[0];
    if (!first) throw new Error('no delivery');
    const again = await postWebhook(first.body, {
      id: first.webhookIdentifier,
      authorization: `Bearer ${await jwtFor(h.jira.clientSecret)}`,
    });
    expect(again).toBe(200);
    await settle();
    expect(texts(GENERAL)).toHaveLength(1);
  });

  it('answers 503 while Redis is unreachable, so Jira retries later', async () => {
    await start();
    h.app.deps.redis.disconnect();
    try {
      const full = JSON.parse(readFileSync(`${WEBHOOK_DIR}webhook-issue-created.json`, 'utf8')) as unknown;
      const status = await postWebhook(full, {
        id: 'while-down',
        authorization: `Bearer ${await jwtFor(h.jira.clientSecret)}`,
      });
      expect(status).toBe(503);
    } finally {
      await h.app.deps.redis.connect();
    }
  });

  it('stores a failed registration on the workspace record for the admins’ Home', async () => {
    await start();
    h.jira.fault({ method: 'POST', path: /\/rest\/api\/3\/webhook$/ }, { status: 400 });
    await h.app.deps.stores.subscriptions.put(subscription({ id: 's', channelId: GENERAL, projectKey: 'BETA' }));
    await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({ ...s, bannedProjects: ['HR'] }));
    await h.app.deps.notifications.registration.sync(h.slack.teamId);
    const ws = await h.app.deps.stores.workspaces.get(h.slack.teamId);
    expect(ws?.webhook?.error).toContain('Jira refused the webhook registration');
    await h.slack.openHome(SLACK.admin);
    const home = await h.waitForHome(SLACK.admin, (v) =>
      JSON.stringify(v.blocks).includes('Jira notifications are failing'),
    );
    expect(JSON.stringify(home.blocks)).toContain('*Channel subscriptions:* 1');
    await h.slack.openHome(SLACK.ada);
    const member = await h.waitForHome(SLACK.ada);
    expect(JSON.stringify(member.blocks)).not.toContain('Jira notifications are failing');
  });
});

describe('personal DMs', () => {
  it('DMs the assignee, the reporter and watchers, but never about their own action', async () => {
    await start();
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.connectUser(SLACK.grace, JIRA.grace);
    h.jira.act.assign(JIRA.grace, 'ALPHA-1', JIRA.ada);
    await settle();
    expect(h.slack.dmsTo(SLACK.ada).map((m) => m.text)).toEqual(['Grace Hopper assigned you ALPHA-1: Fix login']);

    h.jira.act.comment(JIRA.ada, 'ALPHA-1', 'On it');
    await settle();
    expect(h.slack.dmsTo(SLACK.ada)).toHaveLength(1);

    h.jira.act.watch(JIRA.grace, 'ALPHA-1');
    h.jira.act.transition(JIRA.ada, 'ALPHA-1', 'In Progress');
    await settle();
    expect(h.slack.dmsTo(SLACK.grace).map((m) => m.text)).toEqual([
      'Ada Lovelace moved ALPHA-1: Fix login, which you watch, to In Progress',
    ]);
    expect(h.slack.dmsTo(SLACK.ada)).toHaveLength(1);
    expect(h.slack.problems).toEqual([]);
  });

  it('never DMs someone who cannot see the issue with their own Jira account', async () => {
    await start();
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.connectUser(SLACK.bob, JIRA.bob);
    h.jira.addIssue({
      key: 'ALPHA-50',
      project: 'ALPHA',
      summary: 'Board minutes',
      reporter: JIRA.grace,
      watchers: [JIRA.ada, JIRA.bob],
      security: { name: 'Board', users: [JIRA.service, JIRA.ada, JIRA.grace] },
    });
    h.jira.act.comment(JIRA.grace, 'ALPHA-50', 'Minutes attached');
    await settle();
    expect(h.slack.dmsTo(SLACK.ada).map((m) => m.text)).toEqual([
      'Grace Hopper commented on ALPHA-50: Board minutes, which you watch',
    ]);
    expect(h.slack.dmsTo(SLACK.bob)).toEqual([]);
    expect(h.slack.everythingSaidTo(SLACK.bob)).not.toContain('Board minutes');
  });

  it('stops a kind of DM after /jira notify off for it', async () => {
    await start();
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'notify off assigned');
    expect(JSON.stringify(reply)).toContain('Off: assigned to you');
    h.jira.act.assign(JIRA.grace, 'ALPHA-1', JIRA.ada);
    h.jira.act.comment(JIRA.grace, 'ALPHA-1', `Over to you [~accountid:${JIRA.ada}]`);
    await settle();
    expect(h.slack.dmsTo(SLACK.ada).map((m) => m.text)).toEqual([
      'Grace Hopper mentioned you in a comment on ALPHA-1: Fix login',
    ]);
  });
});
