import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, signSlackRequest, startSlackEmulator } from '../../support/slack/index.js';

interface Captured {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A bare HTTP server standing in for the app, to look at exactly what the signer sends. */
async function startCapture(answer: (c: Captured) => { status?: number; json?: unknown } = () => ({})) {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const c = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(c);
      const a = answer(c);
      res.writeHead(a.status ?? 200, a.json === undefined ? {} : { 'content-type': 'application/json' });
      res.end(a.json === undefined ? '' : JSON.stringify(a.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const verify = (secret: string, c: Captured) =>
  verifySlackRequest({
    signingSecret: secret,
    body: c.body,
    headers: {
      'x-slack-signature': String(c.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(c.headers['x-slack-request-timestamp']),
    },
  });

const payloadOf = (c: Captured) =>
  JSON.parse(new URLSearchParams(c.body).get('payload') ?? 'null') as Record<string, unknown>;

describe('signing', () => {
  it('produces signatures Bolt’s verifySlackRequest accepts, and a changed body fails', () => {
    const body = 'command=%2Fjira&text=help';
    const headers = signSlackRequest('s3cret', body);
    const c = { headers: { ...headers }, body };
    expect(() => verify('s3cret', c)).not.toThrow();
    expect(() => verify('s3cret', { ...c, body: `${body}x` })).toThrow(/signature mismatch/);
    expect(() => verify('other', c)).toThrow();
  });

  it('produces requests Bolt refuses once they are more than five minutes old', () => {
    const body = 'x=1';
    const old = signSlackRequest('s3cret', body, Math.floor(Date.now() / 1000) - 301);
    expect(() => verify('s3cret', { headers: { ...old }, body })).toThrow(/stale/);
  });
});

describe('signer requests', () => {
  let emu: SlackEmulator;
  let app: Awaited<ReturnType<typeof startCapture>>;

  beforeEach(async () => {
    emu = await startSlackEmulator({ signingSecret: 'capture-secret' });
    app = await startCapture();
    emu.setAppUrl(app.url);
    emu.addUser({ id: 'U0ADA', name: 'ada' });
  });
  afterEach(async () => {
    await app.close();
    await emu.close();
  });

  it('sends slash commands form-encoded and signed, with a fresh response_url and trigger_id', async () => {
    const a = await emu.sendCommand({ user: 'U0ADA', text: 'view ALPHA-1' });
    const b = await emu.sendCommand({ user: 'U0ADA', text: 'help' });
    const [first] = app.seen;
    expect(first?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() => verify('capture-secret', first as Captured)).not.toThrow();
    expect(Object.fromEntries(new URLSearchParams(first?.body))).toMatchObject({
      command: '/jira',
      text: 'view ALPHA-1',
      user_id: 'U0ADA',
      user_name: 'ada',
      team_id: emu.teamId,
      channel_id: emu.defaultChannel,
      api_app_id: emu.appId,
      response_url: a.responseUrl,
      trigger_id: a.triggerId,
    });
    expect(a.responseUrl).not.toBe(b.responseUrl);
    expect(a.status).toBe(200);
  });

  it('refuses to send a command for an unknown user or from a channel the user is not in', async () => {
    await expect(emu.sendCommand({ user: 'U0NOBODY', text: 'help' })).rejects.toThrow(/addUser/);
    emu.addChannel({ id: 'C0CLOSED', name: 'closed', members: ['U0OTHER'] });
    await expect(emu.sendCommand({ user: 'U0ADA', text: 'help', channel: 'C0CLOSED' })).rejects.toThrow(/not a member/);
  });

  it('sends events as JSON envelopes, with retry headers and the same event id on retries', async () => {
    const first = await emu.sendEvent({ type: 'app_mention', user: 'U0ADA', text: 'hi', channel: 'C0GENERAL1' });
    await emu.sendEvent(
      { type: 'app_mention', user: 'U0ADA', text: 'hi', channel: 'C0GENERAL1' },
      { retryNum: 1, eventId: first.eventId },
    );
    const [a, b] = app.seen as [Captured, Captured];
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.headers['x-slack-retry-num']).toBeUndefined();
    expect(JSON.parse(a.body)).toMatchObject({
      type: 'event_callback',
      team_id: emu.teamId,
      api_app_id: emu.appId,
      event_id: first.eventId,
      authorizations: [{ team_id: emu.teamId, user_id: emu.botUserId, is_bot: true }],
      event: { type: 'app_mention', user: 'U0ADA' },
    });
    expect(b.headers['x-slack-retry-num']).toBe('1');
    expect(b.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(JSON.parse(b.body).event_id).toBe(first.eventId);
    expect(() => verify('capture-secret', b)).not.toThrow();
  });

  it('sends link_shared with the links’ domains and an unfurl id', async () => {
    const res = await emu.shareLinks({
      user: 'U0ADA',
      channel: 'C0GENERAL1',
      urls: ['https://acme.atlassian.net/browse/ALPHA-1'],
    });
    expect(JSON.parse(app.seen[0]?.body ?? '').event).toMatchObject({
      type: 'link_shared',
      channel: 'C0GENERAL1',
      user: 'U0ADA',
      message_ts: res.messageTs,
      unfurl_id: res.unfurlId,
      source: 'conversations_history',
      links: [{ domain: 'acme.atlassian.net', url: 'https://acme.atlassian.net/browse/ALPHA-1' }],
    });
  });

  it('records an app that is slow to acknowledge or answers an error', async () => {
    await app.close();
    app = await startCapture(() => ({ status: 500 }));
    emu.setAppUrl(app.url);
    await emu.sendCommand({ user: 'U0ADA', text: 'help' });
    expect(emu.problems).toEqual([expect.stringContaining('HTTP 500')]);
  });

  it('sends block_actions with the message, container and element the button really has', async () => {
    const web = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'C0GENERAL1',
        text: 'card',
        blocks: [
          {
            type: 'actions',
            block_id: 'card',
            elements: [
              {
                type: 'button',
                action_id: 'assign_me',
                text: { type: 'plain_text', text: 'Assign to me' },
                value: 'ALPHA-1',
              },
            ],
          },
        ],
      }),
    });
    const { ts } = (await web.json()) as { ts: string };
    const res = await emu.click('U0ADA', { channel: 'C0GENERAL1', ts }, 'Assign to me');
    const payload = payloadOf(app.seen[0] as Captured);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ADA', username: 'ada', team_id: emu.teamId },
      team: { id: emu.teamId },
      api_app_id: emu.appId,
      container: { type: 'message', message_ts: ts, channel_id: 'C0GENERAL1', is_ephemeral: false },
      channel: { id: 'C0GENERAL1', name: 'general' },
      message: { ts, text: 'card', bot_id: emu.botId },
      response_url: res.responseUrl,
      trigger_id: res.triggerId,
      actions: [
        { action_id: 'assign_me', block_id: 'card', type: 'button', value: 'ALPHA-1', text: { text: 'Assign to me' } },
      ],
    });
    await expect(emu.click('U0ADA', { channel: 'C0GENERAL1', ts }, 'Nope')).rejects.toThrow(
      /"Assign to me" \(assign_me\)/,
    );
    await expect(
      emu.sendBlockAction({
        user: 'U0ADA',
        actionId: 'assign_me',
        value: 'ALPHA-2',
        container: { type: 'message', channel: 'C0GENERAL1', ts },
      }),
    ).rejects.toThrow(/value/);
  });
});

describe('end to end with a real Bolt app', () => {
  let emu: SlackEmulator;
  let app: App;
  let server: Server;
  const submitted: unknown[] = [];
  const respondErrors: unknown[] = [];

  const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  const createModal = {
    type: 'modal' as const,
    callback_id: 'create_issue',
    title: plain('Create issue'),
    submit: plain('Create'),
    blocks: [
      {
        type: 'input' as const,
        block_id: 'summary',
        label: plain('Summary'),
        element: { type: 'plain_text_input' as const, action_id: 'value' },
      },
      {
        type: 'input' as const,
        block_id: 'priority',
        label: plain('Priority'),
        element: {
          type: 'static_select' as const,
          action_id: 'value',
          options: [
            { text: plain('High'), value: '2' },
            { text: plain('Low'), value: '4' },
          ],
          initial_option: { text: plain('Low'), value: '4' },
        },
      },
      {
        type: 'input' as const,
        block_id: 'labels',
        optional: true,
        label: plain('Labels'),
        element: {
          type: 'multi_static_select' as const,
          action_id: 'value',
          options: [
            { text: plain('ui'), value: 'ui' },
            { text: plain('api'), value: 'api' },
          ],
        },
      },
      {
        type: 'input' as const,
        block_id: 'assignee',
        optional: true,
        label: plain('Assignee'),
        element: { type: 'users_select' as const, action_id: 'value' },
      },
      {
        type: 'input' as const,
        block_id: 'due',
        optional: true,
        label: plain('Due'),
        element: { type: 'datepicker' as const, action_id: 'value' },
      },
    ],
  };

  beforeAll(async () => {
    emu = await startSlackEmulator();
    emu.addUser({ id: 'U0ADA', name: 'ada', realName: 'Ada Lovelace', isAdmin: true });
    app = new App({
      token: emu.botToken,
      signingSecret: emu.signingSecret,
      clientOptions: { slackApiUrl: emu.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    app.command('/jira', async ({ ack, respond, command }) => {
      await ack();
      if (command.text === 'bad') {
        await respond({ blocks: [section('')] }).catch((e: unknown) => respondErrors.push(e));
      } else if (command.text === 'share') {
        await respond({ response_type: 'in_channel', text: 'ALPHA-1 shared' });
      } else {
        await respond({
          text: `ALPHA-1: ${command.text}`,
          blocks: [
            section(`ALPHA-1: ${command.text}`),
            {
              type: 'actions',
              elements: [
                { type: 'button', action_id: 'assign_me', text: plain('Assign to me'), value: 'ALPHA-1' },
                {
                  type: 'button',
                  action_id: 'open_jira',
                  text: plain('Open in Jira'),
                  url: 'https://acme.atlassian.net/browse/ALPHA-1',
                },
              ],
            },
          ],
        });
      }
    });
    app.command('/quick', async ({ ack }) => {
      await ack({ text: 'Right away' });
    });
    app.action('assign_me', async ({ ack, respond, action }) => {
      await ack();
      await respond({ replace_original: true, text: `Assigned ${'value' in action ? action.value : ''} to you` });
    });
    app.action('open_jira', async ({ ack }) => {
      await ack();
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            section('*Connection status*'),
            { type: 'actions', elements: [{ type: 'button', action_id: 'open_create', text: plain('Create issue') }] },
          ],
        },
      });
    });
    app.action('open_create', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: createModal });
    });
    app.shortcut('create_jira_issue', async ({ ack, shortcut, client }) => {
      await ack();
      await client.views.open({ trigger_id: shortcut.trigger_id, view: createModal });
    });
    app.view('create_issue', async ({ ack, view }) => {
      const summary = view.state.values.summary?.value?.value;
      if (summary === 'x') {
        await ack({ response_action: 'errors', errors: { summary: 'Say a little more' } });
        return;
      }
      submitted.push(view.state.values);
      await ack();
    });
    app.event('link_shared', async ({ event, client }) => {
      const unfurls = Object.fromEntries(event.links.map((l) => [l.url, { blocks: [section(`Preview of ${l.url}`)] }]));
      await client.chat.unfurl({ channel: event.channel, ts: event.message_ts, unfurls });
    });
    server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    emu.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await app.stop();
    await emu.close();
  });

  it('delivers a /jira command whose respond() lands as an ephemeral reply', async () => {
    const { status, responseUrl } = await emu.sendCommand({ user: 'U0ADA', text: 'hello' });
    expect(status).toBe(200);
    const reply = await emu.waitForResponse(responseUrl);
    expect(reply.text).toBe('ALPHA-1: hello');
    expect(emu.ephemeralsTo('U0ADA').at(-1)).toMatchObject({
      text: 'ALPHA-1: hello',
      responseUrl,
      via: 'response_url',
    });
    expect(emu.everythingSaidTo('U0ADA')).toContain('ALPHA-1: hello');
  });

  it('shows an ack with a body as the immediate reply', async () => {
    await emu.sendCommand({ user: 'U0ADA', text: '', command: '/quick' });
    expect(emu.ephemeralsTo('U0ADA').at(-1)).toMatchObject({ text: 'Right away', via: 'ack' });
  });

  it('posts in_channel replies to the channel', async () => {
    const { responseUrl } = await emu.sendCommand({ user: 'U0ADA', text: 'share' });
    await emu.waitForResponse(responseUrl);
    expect(emu.messagesIn(emu.defaultChannel).at(-1)).toMatchObject({ text: 'ALPHA-1 shared', via: 'response_url' });
  });

  it('refuses invalid blocks at a response_url with 400, so respond() throws', async () => {
    await emu.sendCommand({ user: 'U0ADA', text: 'bad' });
    await emu.waitFor(() => respondErrors.length > 0);
    expect(String(respondErrors[0])).toContain('400');
    expect(emu.problems.some((p) => p.includes('invalid_blocks'))).toBe(true);
    emu.problems.length = 0;
  });

  it('replaces the ephemeral card when a button on it answers replace_original', async () => {
    const { responseUrl } = await emu.sendCommand({ user: 'U0ADA', text: 'card' });
    await emu.waitForResponse(responseUrl);
    const before = emu.ephemeralsTo('U0ADA').length;
    const click = await emu.click('U0ADA', { responseUrl }, 'Assign to me');
    await emu.waitForResponse(click.responseUrl as string);
    const after = emu.ephemeralsTo('U0ADA');
    expect(after).toHaveLength(before);
    expect(after.at(-1)).toMatchObject({ text: 'Assigned ALPHA-1 to you', replaced: 1 });
    expect(emu.everythingSaidTo('U0ADA')).toContain('ALPHA-1: card');
  });

  it('opens the browser for a URL button and still sends block_actions', async () => {
    const { responseUrl } = await emu.sendCommand({ user: 'U0ADA', text: 'links' });
    await emu.waitForResponse(responseUrl);
    const res = await emu.click('U0ADA', { responseUrl }, 'Open in Jira');
    expect(res).toMatchObject({ status: 200, url: 'https://acme.atlassian.net/browse/ALPHA-1' });
    expect(emu.urlsOpenedBy('U0ADA')).toContain('https://acme.atlassian.net/browse/ALPHA-1');
  });

  it('delivers app_home_opened and records the Home tab the app publishes', async () => {
    await emu.openHome('U0ADA');
    const call = await emu.waitForCall('views.publish', (a) => a.user_id === 'U0ADA');
    expect(call.ok).toBe(true);
    expect(JSON.stringify(emu.homeOf('U0ADA')?.blocks)).toContain('Connection status');
  });

  it('opens a modal from a Home tab button and submits it with typed values and kept initial values', async () => {
    await emu.openHome('U0ADA');
    await emu.waitFor(() => emu.homeOf('U0ADA'));
    const home = emu.homeOf('U0ADA');
    await emu.click('U0ADA', { viewId: home?.id }, 'Create issue');
    const [modal] = await emu.waitFor(() => (emu.openModals('U0ADA').length > 0 ? emu.openModals('U0ADA') : undefined));
    const viewId = modal?.id as string;

    await expect(emu.submitModal('U0ADA', viewId, {})).rejects.toThrow(/"Summary" \(summary\) is required/);
    await expect(emu.submitModal('U0ADA', viewId, { Summary: 'x', Priority: 'Urgent' })).rejects.toThrow(
      /not one of the options/,
    );

    await emu.submitModal('U0ADA', viewId, { Summary: 'x' });
    expect(emu.viewErrors(viewId)).toEqual({ summary: 'Say a little more' });
    expect(emu.openModals('U0ADA')).toHaveLength(1);

    await emu.submitModal('U0ADA', viewId, {
      summary: 'Login fails',
      labels: ['ui', 'api'],
      Assignee: 'U0ADA',
      Due: '2026-01-31',
    });
    expect(emu.openModals('U0ADA')).toEqual([]);
    expect(submitted.at(-1)).toEqual({
      summary: { value: { type: 'plain_text_input', value: 'Login fails' } },
      priority: { value: { type: 'static_select', selected_option: { text: plain('Low'), value: '4' } } },
      labels: {
        value: {
          type: 'multi_static_select',
          selected_options: [
            { text: plain('ui'), value: 'ui' },
            { text: plain('api'), value: 'api' },
          ],
        },
      },
      assignee: { value: { type: 'users_select', selected_user: 'U0ADA' } },
      due: { value: { type: 'datepicker', selected_date: '2026-01-31' } },
    });
  });

  it('lets a message shortcut open a modal with its single-use trigger', async () => {
    const res = await emu.sendShortcut({
      user: 'U0ADA',
      callbackId: 'create_jira_issue',
      channel: emu.defaultChannel,
      message: { ts: '1700000000.000100', text: 'Login is broken', user: 'U0ADA' },
    });
    expect(res.status).toBe(200);
    const call = await emu.waitForCall('views.open', (a) => a.trigger_id === res.triggerId);
    expect(call.ok).toBe(true);
    expect(emu.messagesIn(emu.defaultChannel).some((m) => m.text === 'Login is broken')).toBe(true);
  });

  it('accepts chat.unfurl only for links that were shared, and records who shared them', async () => {
    const url = 'https://acme.atlassian.net/browse/ALPHA-7';
    const shared = await emu.shareLinks({ user: 'U0ADA', channel: emu.defaultChannel, urls: [url] });
    const call = await emu.waitForCall('chat.unfurl', (a) => a.ts === shared.messageTs);
    expect(call.ok).toBe(true);
    expect(emu.unfurls().at(-1)).toMatchObject({ channel: emu.defaultChannel, ts: shared.messageTs, user: 'U0ADA' });
    expect(emu.everythingSaidTo('U0ADA')).toContain('Preview of https://acme.atlassian.net/browse/ALPHA-7');

    const other = await app.client.chat
      .unfurl({
        channel: emu.defaultChannel,
        ts: shared.messageTs,
        unfurls: { 'https://elsewhere.test/': { text: 'x' } },
      })
      .catch((e: { data?: { error?: string } }) => e.data?.error);
    expect(other).toBe('cannot_unfurl_url');
  });

  it('saw nothing Slack would refuse along the way', () => {
    expect(emu.problems).toEqual([]);
  });
});
