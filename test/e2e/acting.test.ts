import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adfToMrkdwn } from '../../src/jira/adf.js';
import { issueCard, toCardIssue } from '../../src/slack/blocks/issue-card.js';
import { Harness } from '../support/harness.js';
import { TRANSITIONS } from '../support/jira/model.js';
import { connectedSite, JIRA, SITE, SLACK } from '../support/sites.js';
import { signSlackRequest } from '../support/slack/signing.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
  await connectedSite(h);
  h.jira.resetLog();
});
afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  expect(h.jira.contractViolations).toEqual([]);
  await h.close();
});

const team = () => h.slack.teamId;
const said = (reply: Record<string, unknown>) => JSON.stringify(reply);
/** Every request that changed something in Jira, with the account that made it. */
const writes = () =>
  h.jira.requests
    .filter((r) => r.method !== 'GET' && /^\/rest\/api\/3\/issue\//.test(r.apiPath) && r.status < 300)
    .map((r) => ({ method: r.method, path: r.apiPath, actor: r.actor }));
const attemptedWrites = () =>
  h.jira.requests.filter((r) => r.method !== 'GET' && /^\/rest\/api\/3\/issue\//.test(r.apiPath));

/** `/jira view KEY` as `user`: the ephemeral card and the response_url it came through. */
async function viewCard(user: string, key: string): Promise<string> {
  const res = await h.slack.sendCommand({ user, text: `view ${key}` });
  const card = await h.slack.waitForResponse(res.responseUrl);
  expect(said(card)).toContain('Assign to me');
  return res.responseUrl;
}

/** The ephemeral card that came through `responseUrl`, as `user` sees it now. */
function cardAt(user: string, responseUrl: string) {
  const card = h.slack.ephemeralsTo(user).find((e) => e.responseUrl === responseUrl);
  if (!card) throw new Error('card not found');
  return card;
}

/** A block_actions payload Slack never sent: a real card's button with another issue's key. */
async function forgeCardAction(user: string, actionId: string, key: string, responseUrl: string) {
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'forger', name: 'forger', team_id: team() },
    api_app_id: h.slack.appId,
    token: h.slack.verificationToken,
    team: { id: team(), domain: h.slack.teamDomain },
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: h.slack.defaultChannel,
      is_ephemeral: true,
    },
    trigger_id: h.slack.issueTrigger(user),
    channel: { id: h.slack.defaultChannel, name: 'general' },
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'issue_actions',
        text: { type: 'plain_text', text: 'Assign to me' },
        value: key,
        action_ts: '1700000000.000200',
      },
    ],
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const res = await fetch(`${h.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(h.slack.signingSecret, body) },
    body,
  });
  expect(res.status).toBe(200);
}

describe('/jira comment', () => {
  it('posts the comment as the person who typed it, never as the service account', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'comment alpha-1 Looks *good* to me');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('Commented on ALPHA-1');
    const comments = h.jira.issue('ALPHA-1')!.comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.author).toBe(JIRA.ada);
    expect(writes()).toEqual([{ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/comment', actor: JIRA.ada }]);
  });

  it('round-trips Slack formatting through ADF: bold, italic, strike, code, code block, list, link, mention, emoji', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.connectUser(SLACK.grace, JIRA.grace);
    const typed = [
      '*bold* _italic_ ~strike~ `code`',
      '```const x = 1 &lt; 2;```',
      '• first',
      '• second',
      'See <https://example.com/spec|the spec>, <@U0GRACE001|grace> :tada:',
    ].join('\n');
    const reply = await h.command(SLACK.ada, `comment ALPHA-1 ${typed}`);
    expect(reply.text).toBe('Commented on ALPHA-1');

    const stored = h.jira.issue('ALPHA-1')!.comments[0]!.body;
    const nodes = JSON.stringify(stored);
    for (const mark of ['strong', 'em', 'strike', 'code']) expect(nodes).toContain(`{"type":"${mark}"}`);
    expect(nodes).toContain('"type":"codeBlock"');
    expect(nodes).toContain('"text":"const x = 1 < 2;"');
    expect(nodes).toContain('"type":"bulletList"');
    expect(nodes).toContain('{"type":"link","attrs":{"href":"https://example.com/spec"}}');
    expect(nodes).toContain('{"type":"mention","attrs":{"id":"acc-grace","text":"@Grace Hopper"}}');
    expect(nodes).toContain('"type":"emoji"');

    expect(adfToMrkdwn(stored)).toBe(
      [
        '*bold* _italic_ ~strike~ `code`',
        '',
        '```',
        'const x = 1 &lt; 2;',
        '```',
        '',
        '• first',
        '• second',
        '',
        'See <https://example.com/spec|the spec>, @Grace Hopper :tada:',
      ].join('\n'),
    );
  });

  it('leaves someone it cannot map as plain text and says so', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'comment ALPHA-1 ping <@U0BOB00001|bob>');
    expect(reply.text).toContain('Commented on ALPHA-1');
    expect(reply.text).toContain('<@U0BOB00001> is plain text in the comment');
    const body = JSON.stringify(h.jira.issue('ALPHA-1')!.comments[0]!.body);
    expect(body).toContain('ping @bob');
    expect(body).not.toContain('"mention"');
  });

  it('answers an issue the person cannot see like a missing one, and gives their text back', async () => {
    await h.connectUser(SLACK.bob, JIRA.bob);
    const reply = await h.command(SLACK.bob, 'comment HR-1 Please raise my salary');
    expect(said(reply)).toContain('HR-1 doesn’t exist or you don’t have permission to see it.');
    expect(said(reply)).toContain('Your comment wasn’t posted');
    expect(said(reply)).toContain('Please raise my salary');
    expect(attemptedWrites()).toEqual([]);
    expect(h.jira.issue('HR-1')!.comments).toEqual([]);
  });

  it('retries a 429 after Retry-After and then comments once', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.fault({ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/comment' }, { status: 429, retryAfterSec: 1 });
    const reply = await h.command(SLACK.ada, 'comment ALPHA-1 eventually');
    expect(reply.text).toBe('Commented on ALPHA-1');
    expect(h.jira.count({ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/comment' })).toBe(2);
    expect(h.jira.issue('ALPHA-1')!.comments).toHaveLength(1);
  });

  it('says when to try again when Jira stays busy, keeping the text', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.fault({ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/comment' }, { status: 429, retryAfterSec: 120 });
    const reply = await h.command(SLACK.ada, 'comment ALPHA-1 not now');
    expect(said(reply)).toContain('Jira is busy; try again in 120 seconds.');
    expect(said(reply)).toContain('not now');
    expect(h.jira.issue('ALPHA-1')!.comments).toEqual([]);
  });

  it('names the act when Jira refuses permission', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.fault({ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/comment' }, { status: 403 });
    const reply = await h.command(SLACK.ada, 'comment ALPHA-1 hello');
    expect(said(reply)).toContain('You don’t have permission to comment on ALPHA-1 in Jira.');
  });

  it('says plainly when Jira is down', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.fault({ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/comment' }, { status: 503 });
    const reply = await h.command(SLACK.ada, 'comment ALPHA-1 hello');
    expect(said(reply)).toContain('Jira isn’t answering right now; try again in a few minutes.');
    expect(said(reply)).toContain('hello');
  });

  it('never acts as the service account for someone unconnected, even with require-auth off', async () => {
    await h.app.deps.stores.settings.update(team(), (s) => ({ ...s, requireAuth: false }));
    const reply = await h.command(SLACK.bob, 'comment ALPHA-1 anonymous words');
    expect(said(reply)).toContain('Connect your Jira account');
    expect(attemptedWrites()).toEqual([]);
  });
});

describe('/jira assign', () => {
  it('assigns to me with my own token', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'assign ALPHA-1 me');
    expect(reply.text).toBe('Assigned ALPHA-1 to you');
    const issue = h.jira.issue('ALPHA-1')!;
    expect(issue.assignee).toBe(JIRA.ada);
    expect(issue.history.at(-1)).toMatchObject({ action: 'assigned', actor: JIRA.ada });
  });

  it('assigns to a connected colleague through their connection', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.connectUser(SLACK.grace, JIRA.grace);
    const reply = await h.command(SLACK.ada, 'assign ALPHA-1 <@U0GRACE001|grace>');
    expect(reply.text).toBe('Assigned ALPHA-1 to Grace Hopper');
    expect(h.jira.issue('ALPHA-1')!.assignee).toBe(JIRA.grace);
    expect(writes()).toEqual([{ method: 'PUT', path: '/rest/api/3/issue/ALPHA-1/assignee', actor: JIRA.ada }]);
  });

  it('finds an unconnected colleague by their exact, visible email', async () => {
    await h.connectUser(SLACK.grace, JIRA.grace);
    const reply = await h.command(SLACK.grace, 'assign ALPHA-1 <@U0ADA00001|ada>');
    expect(reply.text).toBe('Assigned ALPHA-1 to Ada Lovelace');
    expect(h.jira.issue('ALPHA-1')!.assignee).toBe(JIRA.ada);
    expect(h.jira.issue('ALPHA-1')!.history.at(-1)).toMatchObject({ action: 'assigned', actor: JIRA.grace });
    const lookups = () => h.slack.callsTo('users.info').filter((c) => c.args.user === SLACK.ada).length;
    expect(lookups()).toBe(1);
    // The match is cached: a second assignment asks neither Slack nor Jira's user search again.
    await h.command(SLACK.grace, 'assign ALPHA-1 <@U0ADA00001|ada>');
    expect(lookups()).toBe(1);
    expect(h.jira.count({ path: '/rest/api/3/user/search' })).toBe(1);
  });

  it('explains why an unconnected colleague with a hidden email cannot be assigned', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'assign ALPHA-1 <@U0GRACE001|grace>');
    expect(said(reply)).toContain(
      'We couldn’t find Grace’s Jira account: they haven’t connected Jira Bridge and their email isn’t visible in Jira. Ask them to run `/jira connect`.',
    );
    expect(h.jira.issue('ALPHA-1')!.assignee).toBeNull();
    expect(attemptedWrites()).toEqual([]);
  });

  it('unassigns with none', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await h.command(SLACK.ada, 'assign ALPHA-1 me');
    const reply = await h.command(SLACK.ada, 'assign ALPHA-1 none');
    expect(reply.text).toBe('Unassigned ALPHA-1');
    expect(h.jira.issue('ALPHA-1')!.assignee).toBeNull();
  });

  it('names the act when Jira refuses permission', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.fault({ method: 'PUT', path: '/rest/api/3/issue/ALPHA-1/assignee' }, { status: 403 });
    const reply = await h.command(SLACK.ada, 'assign ALPHA-1 me');
    expect(said(reply)).toContain('You don’t have permission to assign ALPHA-1 in Jira.');
  });
});

describe('/jira transition', () => {
  it('moves by target status name, case-insensitively, as the person', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'transition ALPHA-1 in progress');
    expect(reply.text).toBe('Moved ALPHA-1 to *In Progress*');
    const issue = h.jira.issue('ALPHA-1')!;
    expect(issue.status).toBe('In Progress');
    expect(issue.history.at(-1)).toMatchObject({ action: 'transitioned', actor: JIRA.ada });
  });

  it('moves by transition name', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'transition ALPHA-1 Mark Done');
    expect(reply.text).toBe('Moved ALPHA-1 to *Done*');
    expect(h.jira.issue('ALPHA-1')!.status).toBe('Done');
  });

  it('lists the transitions open to the person when the name is unknown', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const reply = await h.command(SLACK.ada, 'transition ALPHA-1 Finished');
    expect(said(reply)).toContain('“Finished” isn’t a transition available for ALPHA-1');
    expect(said(reply)).toContain('*Start progress* → In Progress');
    expect(said(reply)).toContain('*Mark Done* → Done');
    expect(h.jira.issue('ALPHA-1')!.status).toBe('To Do');
  });

  describe('in a workflow with two ways to Done', () => {
    const resolve = { id: '51', name: 'Resolve', from: ['To Do'], to: 'Done' };
    beforeEach(() => {
      TRANSITIONS.push(resolve);
    });
    afterEach(() => {
      TRANSITIONS.splice(TRANSITIONS.indexOf(resolve), 1);
    });

    it('lists the matches instead of guessing', async () => {
      await h.connectUser(SLACK.ada, JIRA.ada);
      const reply = await h.command(SLACK.ada, 'transition ALPHA-1 done');
      expect(said(reply)).toContain('“done” matches more than one transition of ALPHA-1');
      expect(said(reply)).toContain('*Mark Done* → Done');
      expect(said(reply)).toContain('*Resolve* → Done');
      expect(h.jira.issue('ALPHA-1')!.status).toBe('To Do');
      expect(attemptedWrites()).toEqual([]);
    });
  });

  it('passes on Jira’s words when Jira refuses the transition', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    h.jira.fault({ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/transitions' }, { status: 400 });
    const reply = await h.command(SLACK.ada, 'transition ALPHA-1 done');
    expect(said(reply)).toContain('Jira refused the transition: Injected fault');
  });
});

describe('/jira watch and unwatch', () => {
  it('adds and removes the person as a watcher with their own token', async () => {
    await h.connectUser(SLACK.grace, JIRA.grace);
    expect((await h.command(SLACK.grace, 'watch ALPHA-1')).text).toBe('You’re watching ALPHA-1');
    expect(h.jira.issue('ALPHA-1')!.watchers).toContain(JIRA.grace);
    expect((await h.command(SLACK.grace, 'watch ALPHA-1')).text).toBe('You’re already watching ALPHA-1');
    expect((await h.command(SLACK.grace, 'unwatch ALPHA-1')).text).toBe('You stopped watching ALPHA-1');
    expect(h.jira.issue('ALPHA-1')!.watchers).not.toContain(JIRA.grace);
    expect(writes().map((w) => w.actor)).toEqual([JIRA.grace, JIRA.grace]);
  });

  it('cannot watch an issue in a project the person cannot browse', async () => {
    await h.connectUser(SLACK.bob, JIRA.bob);
    const reply = await h.command(SLACK.bob, 'watch BETA-1');
    expect(said(reply)).toContain('BETA-1 doesn’t exist or you don’t have permission to see it.');
    expect(attemptedWrites()).toEqual([]);
  });
});

describe('issue card buttons', () => {
  it('Assign to me assigns as the clicker and redraws the ephemeral card in place', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const url = await viewCard(SLACK.ada, 'ALPHA-1');
    const click = await h.slack.click(SLACK.ada, { responseUrl: url }, 'Assign to me');
    await h.slack.waitForResponse(click.responseUrl!, (b) => b.text === 'Assigned ALPHA-1 to you');
    expect(h.jira.issue('ALPHA-1')!.assignee).toBe(JIRA.ada);
    const card = cardAt(SLACK.ada, url);
    expect(card.replaced).toBe(1);
    expect(JSON.stringify(card.blocks)).toContain('*Assignee*\\nAda Lovelace');
    expect(writes()).toEqual([{ method: 'PUT', path: '/rest/api/3/issue/ALPHA-1/assignee', actor: JIRA.ada }]);
  });

  it('Watch adds the clicker as a watcher', async () => {
    await h.connectUser(SLACK.grace, JIRA.grace);
    const url = await viewCard(SLACK.grace, 'ALPHA-1');
    const click = await h.slack.click(SLACK.grace, { responseUrl: url }, 'Watch');
    await h.slack.waitForResponse(click.responseUrl!, (b) => b.text === 'You’re watching ALPHA-1');
    expect(h.jira.issue('ALPHA-1')!.watchers).toContain(JIRA.grace);
    expect(writes()).toEqual([{ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/watchers', actor: JIRA.grace }]);
  });

  it('Transition offers the clicker’s transitions in a modal and moves the issue on submit', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const url = await viewCard(SLACK.ada, 'ALPHA-1');
    await h.slack.click(SLACK.ada, { responseUrl: url }, 'Transition');
    const modal = await h.slack.waitFor(() =>
      h.slack.openModals(SLACK.ada).find((v) => JSON.stringify(v.blocks).includes('Mark Done → Done')),
    );
    expect(JSON.stringify(modal.blocks)).toContain('Start progress → In Progress');
    await h.slack.submitModal(SLACK.ada, modal.id, { transition_pick: 'Mark Done → Done' });
    expect(h.slack.openModals(SLACK.ada)).toEqual([]);
    await h.slack.waitFor(() => cardAt(SLACK.ada, url).replaced === 1);
    expect(h.jira.issue('ALPHA-1')!.status).toBe('Done');
    expect(h.jira.issue('ALPHA-1')!.history.at(-1)).toMatchObject({ action: 'transitioned', actor: JIRA.ada });
    expect(JSON.stringify(cardAt(SLACK.ada, url).blocks)).toContain('*Status*\\nDone');
    await h.slack.waitFor(() => h.slack.everythingSaidTo(SLACK.ada).includes('Moved ALPHA-1 to *Done*'));
  });

  it('Comment opens a modal whose submission comments as the clicker', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const url = await viewCard(SLACK.ada, 'ALPHA-1');
    await h.slack.click(SLACK.ada, { responseUrl: url }, 'Comment');
    const modal = await h.slack.waitFor(() => h.slack.openModals(SLACK.ada)[0]);
    expect(modal!.callback_id).toBe('comment_modal');
    await h.slack.submitModal(SLACK.ada, modal!.id, { comment_text: 'Done in *staging* <b>' });
    expect(h.slack.openModals(SLACK.ada)).toEqual([]);
    const [comment] = h.jira.issue('ALPHA-1')!.comments;
    expect(comment!.author).toBe(JIRA.ada);
    expect(JSON.stringify(comment!.body)).toContain('{"type":"text","text":"staging","marks":[{"type":"strong"}]}');
    expect(JSON.stringify(comment!.body)).toContain('<b>');
    await h.slack.waitFor(() => cardAt(SLACK.ada, url).replaced === 1);
    await h.slack.waitFor(() => h.slack.everythingSaidTo(SLACK.ada).includes('Commented on ALPHA-1'));
  });

  it('keeps what was typed in the comment modal when Jira refuses at once', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const url = await viewCard(SLACK.ada, 'ALPHA-1');
    await h.slack.click(SLACK.ada, { responseUrl: url }, 'Comment');
    const modal = await h.slack.waitFor(() => h.slack.openModals(SLACK.ada)[0]);
    h.jira.fault({ method: 'POST', path: '/rest/api/3/issue/ALPHA-1/comment' }, { status: 403 });
    await h.slack.submitModal(SLACK.ada, modal!.id, { comment_text: 'my careful words' });
    expect(h.slack.viewErrors(modal!.id)).toEqual({
      comment_text: 'You don’t have permission to comment on ALPHA-1 in Jira. Jira says: Injected fault',
    });
    const [still] = h.slack.openModals(SLACK.ada);
    expect(still!.id).toBe(modal!.id);
    expect(still!.state.values.comment_text?.comment_text?.value).toBe('my careful words');
  });

  it('redraws a card the app posted in a channel with chat.update', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const client = await h.app.deps.slackFor(team());
    const issue = await h.app.deps.gate.requireIssue({ teamId: team(), userId: SLACK.ada }, 'ALPHA-1', ['summary']);
    const card = issueCard(toCardIssue(issue.issue, SITE.url), { actions: true });
    const posted = await client.chat.postMessage({ channel: h.slack.defaultChannel, ...card });
    await h.slack.click(SLACK.ada, { channel: h.slack.defaultChannel, ts: posted.ts! }, 'Assign to me');
    await h.slack.waitForCall('chat.update');
    const msg = h.slack.messagesIn(h.slack.defaultChannel).find((m) => m.ts === posted.ts)!;
    expect(JSON.stringify(msg.blocks)).toContain('*Assignee*\\nAda Lovelace');
    expect(JSON.stringify(msg.blocks)).toContain('Assign to me');
    await h.slack.waitFor(() => h.slack.everythingSaidTo(SLACK.ada).includes('Assigned ALPHA-1 to you'));
  });

  it('refuses a forged Assign to me for an issue the clicker cannot see, changing nothing', async () => {
    await h.connectUser(SLACK.bob, JIRA.bob);
    const url = await viewCard(SLACK.bob, 'ALPHA-1');
    await forgeCardAction(SLACK.bob, 'issue_assign_to_me', 'HR-1', url);
    const reply = await h.slack.waitForResponse(url, (b) => said(b).includes('HR-1'));
    expect(said(reply)).toContain('HR-1 doesn’t exist or you don’t have permission to see it.');
    expect(h.jira.issue('HR-1')!.assignee).toBeNull();
    expect(attemptedWrites()).toEqual([]);
  });

  it('refuses a forged Transition for an issue the clicker cannot see, showing no transitions', async () => {
    await h.connectUser(SLACK.bob, JIRA.bob);
    const url = await viewCard(SLACK.bob, 'ALPHA-1');
    await forgeCardAction(SLACK.bob, 'issue_transition', 'BETA-1', url);
    const modal = await h.slack.waitFor(() =>
      h.slack.openModals(SLACK.bob).find((v) => JSON.stringify(v.blocks).includes('doesn’t exist')),
    );
    expect(JSON.stringify(modal.blocks)).toContain('BETA-1 doesn’t exist or you don’t have permission to see it.');
    expect(modal.submit).toBeUndefined();
    expect(h.jira.count({ path: /\/issue\/BETA-1\/transitions/ })).toBe(0);
  });

  it('turns the comment modal into a Connect prompt for someone unconnected', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    const url = await viewCard(SLACK.ada, 'ALPHA-1');
    await h.app.deps.stores.users.delete(team(), SLACK.ada);
    await h.slack.click(SLACK.ada, { responseUrl: url }, 'Comment');
    const modal = await h.slack.waitFor(() =>
      h.slack.openModals(SLACK.ada).find((v) => JSON.stringify(v.blocks).includes('Connect your Jira account')),
    );
    expect(modal.submit).toBeUndefined();
    expect(attemptedWrites()).toEqual([]);
  });
});
