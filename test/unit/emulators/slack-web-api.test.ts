import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../support/slack/index.js';

const { WebClient } = webApi;

let emu: SlackEmulator;
let client: InstanceType<typeof WebClient>;

beforeEach(async () => {
  emu = await startSlackEmulator();
  client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
  emu.addUser({ id: 'U0ADA', name: 'ada', realName: 'Ada Lovelace', email: 'ada@example.com', isAdmin: true });
  emu.addUser({ id: 'U0GRACE', name: 'grace', realName: 'Grace Hopper', email: 'grace@example.com' });
  emu.addChannel({ id: 'C0PUBLIC', name: 'dev', botIsMember: true, members: ['U0ADA'] });
  emu.addChannel({ id: 'C0SECRET', name: 'secret', isPrivate: true });
  emu.addChannel({ id: 'C0OLD', name: 'old', archived: true, botIsMember: true });
});

afterEach(async () => {
  await emu.close();
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Create issue' },
  blocks: [],
  ...extra,
});

async function raw(method: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${emu.apiUrl}${method}`, { method: 'POST', body, headers });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

function slackError(err: unknown): { error?: string; messages?: string[] } {
  const data = (err as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
  return { error: data?.error, messages: data?.response_metadata?.messages };
}

describe('Web API: held calls', () => {
  it('parks calls until released, then handles them as usual', async () => {
    const held = emu.hold('chat.postMessage');
    const pending = client.chat.postMessage({ channel: 'C0PUBLIC', text: 'later' });
    await emu.waitFor(() => held.count() === 1 || undefined);
    expect(emu.callsTo('chat.postMessage')).toEqual([]);
    held.release();
    expect((await pending).ok).toBe(true);
    expect(emu.messagesIn('C0PUBLIC').map((m) => m.text)).toEqual(['later']);
  });

  it('drops parked calls unrecorded, as if their sender died before they left', async () => {
    const held = emu.hold('chat.postMessage');
    const pending = client.chat.postMessage({ channel: 'C0PUBLIC', text: 'never' });
    await emu.waitFor(() => held.count() === 1 || undefined);
    held.drop();
    await expect(pending).rejects.toThrow();
    expect(emu.callsTo('chat.postMessage')).toEqual([]);
    expect(emu.messagesIn('C0PUBLIC')).toEqual([]);
  });
});

describe('Web API: transport and auth', () => {
  it('records a form-encoded chat.postMessage from the WebClient with its blocks decoded', async () => {
    const res = await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'hello', blocks: [section('*hi*')] });
    expect(res.ok).toBe(true);
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);
    expect(res.message?.bot_id).toBe(emu.botId);
    const [call] = emu.callsTo('chat.postMessage');
    expect(call?.args.blocks).toEqual([section('*hi*')]);
    expect(call?.args).not.toHaveProperty('token');
    expect(emu.messagesIn('C0PUBLIC')).toMatchObject([{ ts: res.ts, text: 'hello', user: emu.botUserId }]);
  });

  it('accepts JSON bodies with a Bearer token', async () => {
    const res = await raw('chat.postMessage', JSON.stringify({ channel: 'C0PUBLIC', text: 'json' }), {
      'content-type': 'application/json; charset=utf-8',
      authorization: `Bearer ${emu.botToken}`,
    });
    expect(res.body).toMatchObject({ ok: true, channel: 'C0PUBLIC' });
  });

  it('answers not_authed to a JSON body carrying its token in the body, as Slack does', async () => {
    const res = await raw('auth.test', JSON.stringify({ token: emu.botToken }), { 'content-type': 'application/json' });
    expect(res.body).toEqual({ ok: false, error: 'not_authed' });
  });

  it('reads the token from a form field', async () => {
    const res = await raw('auth.test', `token=${emu.botToken}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.body).toMatchObject({ ok: true, user_id: emu.botUserId, team_id: emu.teamId, bot_id: emu.botId });
  });

  it('answers not_authed without a token and invalid_auth with a wrong one', async () => {
    expect((await raw('auth.test', '', { 'content-type': 'application/x-www-form-urlencoded' })).body.error).toBe(
      'not_authed',
    );
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    await expect(wrong.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('answers token_revoked after revokeToken', async () => {
    emu.revokeToken();
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: 'token_revoked' } });
  });

  it('answers unknown_method with HTTP 200', async () => {
    const res = await raw('chat.fly', '', { authorization: `Bearer ${emu.botToken}` });
    expect(res).toMatchObject({ status: 200, body: { ok: false, error: 'unknown_method' } });
  });

  it('rate limits with HTTP 429, Retry-After and ratelimited, then recovers', async () => {
    emu.rateLimit('chat.postMessage', 7);
    const limited = await raw('chat.postMessage', 'channel=C0PUBLIC&text=x', {
      authorization: `Bearer ${emu.botToken}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(limited).toMatchObject({ status: 429, retryAfter: '7', body: { ok: false, error: 'ratelimited' } });
    const res = await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'x' });
    expect(res.ok).toBe(true);
    expect(emu.callsTo('chat.postMessage').map((c) => [c.status, c.error])).toEqual([
      [429, 'ratelimited'],
      [200, undefined],
    ]);
  });

  it('lets the WebClient honour Retry-After and retry', async () => {
    emu.rateLimit('users.info', 0, 2);
    const retrying = new WebClient(emu.botToken, {
      slackApiUrl: emu.apiUrl,
      retryConfig: { retries: 3, minTimeout: 1, maxTimeout: 1 },
    });
    const res = await retrying.users.info({ user: 'U0ADA' });
    expect(res.ok).toBe(true);
    expect(emu.callsTo('users.info').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('fails the next calls with the error asked for', async () => {
    emu.failNext('chat.postMessage', 'fatal_error', 2);
    await expect(client.chat.postMessage({ channel: 'C0PUBLIC', text: 'a' })).rejects.toMatchObject({
      data: { error: 'fatal_error' },
    });
    await expect(client.chat.postMessage({ channel: 'C0PUBLIC', text: 'a' })).rejects.toMatchObject({
      data: { error: 'fatal_error' },
    });
    expect((await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'a' })).ok).toBe(true);
  });

  it('waits for a call that arrives later', async () => {
    const waiting = emu.waitForCall('chat.postMessage', (a) => a.text === 'later');
    await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'sooner' });
    await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'later' });
    expect((await waiting).args.text).toBe('later');
  });

  it('rejects a wait that times out with the recent calls listed', async () => {
    await client.auth.test();
    await expect(emu.waitForCall('views.publish', undefined, 50)).rejects.toThrow(
      /views\.publish[\s\S]*auth\.test → ok/,
    );
  });
});

describe('Web API: chat', () => {
  it('refuses unknown, private-without-bot and archived channels', async () => {
    const post = (channel: string) => client.chat.postMessage({ channel, text: 'x' }).catch(slackError);
    expect(await post('C0NOPE')).toMatchObject({ error: 'channel_not_found' });
    expect(await post('C0SECRET')).toMatchObject({ error: 'not_in_channel' });
    expect(await post('C0OLD')).toMatchObject({ error: 'is_archived' });
  });

  it('refuses a message with neither text nor blocks', async () => {
    expect(await client.chat.postMessage({ channel: 'C0PUBLIC', text: '' }).catch(slackError)).toMatchObject({
      error: 'no_text',
    });
  });

  it('refuses invalid blocks with invalid_blocks and Slack’s messages', async () => {
    const err = await client.chat
      .postMessage({ channel: 'C0PUBLIC', text: 'x', blocks: [section('')] })
      .catch(slackError);
    expect(err).toEqual({
      error: 'invalid_blocks',
      messages: ['[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
    });
    expect(emu.messagesIn('C0PUBLIC')).toEqual([]);
  });

  it('refuses blocks that are not a JSON array with invalid_blocks_format', async () => {
    const res = await raw('chat.postMessage', 'channel=C0PUBLIC&text=x&blocks=%7Bnope', {
      authorization: `Bearer ${emu.botToken}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.body).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('truncates text past 40,000 characters with a message_truncated warning', async () => {
    const res = await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'x'.repeat(40_001) });
    expect(res.warning).toBe('message_truncated');
    expect(emu.messagesIn('C0PUBLIC')[0]?.text).toHaveLength(40_000);
  });

  it('updates and deletes the bot’s messages, keeping threads', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'parent' });
    const reply = await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'reply', thread_ts: parent.ts });
    await client.chat.update({
      channel: 'C0PUBLIC',
      ts: parent.ts as string,
      text: 'edited',
      blocks: [section('new')],
    });
    expect(emu.messagesIn('C0PUBLIC')).toMatchObject([
      {
        ts: parent.ts,
        text: 'edited',
        blocks: [{ type: 'section', text: { text: 'new' } }],
        edited: { user: emu.botUserId },
      },
      { ts: reply.ts, thread_ts: parent.ts },
    ]);
    await client.chat.delete({ channel: 'C0PUBLIC', ts: reply.ts as string });
    expect(emu.messagesIn('C0PUBLIC').map((m) => m.text)).toEqual(['edited']);
    expect(
      await client.chat.update({ channel: 'C0PUBLIC', ts: '1.000001', text: 'x' }).catch(slackError),
    ).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('refuses to update a message a person posted', async () => {
    const ts = emu.addMessage('C0PUBLIC', { user: 'U0ADA', text: 'mine' });
    expect(await client.chat.update({ channel: 'C0PUBLIC', ts, text: 'x' }).catch(slackError)).toMatchObject({
      error: 'cant_update_message',
    });
  });

  it('fills in block_id and action_id the app left out, as Slack does', async () => {
    await client.chat.postMessage({
      channel: 'C0PUBLIC',
      text: 'x',
      blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' } }] }],
    });
    const block = emu.messagesIn('C0PUBLIC')[0]?.blocks?.[0] as {
      block_id: string;
      elements: Array<{ action_id: string }>;
    };
    expect(block.block_id).toMatch(/\S+/);
    expect(block.elements[0]?.action_id).toMatch(/\S+/);
  });

  it('posts ephemerals only to members of the channel', async () => {
    const res = await client.chat.postEphemeral({ channel: 'C0PUBLIC', user: 'U0ADA', text: 'psst' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(emu.ephemeralsTo('U0ADA')).toMatchObject([{ channel: 'C0PUBLIC', text: 'psst', ts: res.message_ts }]);
    expect(
      await client.chat.postEphemeral({ channel: 'C0PUBLIC', user: 'U0GRACE', text: 'psst' }).catch(slackError),
    ).toMatchObject({ error: 'user_not_in_channel' });
    expect(emu.everythingSaidTo('U0ADA')).toContain('psst');
    expect(emu.everythingSaidTo('U0GRACE')).not.toContain('psst');
  });

  it('gives a permalink to a known message', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0PUBLIC', text: 'x' });
    const res = await client.chat.getPermalink({ channel: 'C0PUBLIC', message_ts: ts as string });
    expect(res.permalink).toBe(
      `https://${emu.teamDomain}.slack.com/archives/C0PUBLIC/p${(ts as string).replace('.', '')}`,
    );
  });
});

describe('Web API: users and conversations', () => {
  it('describes users with admin flags, email and real name', async () => {
    const { user } = await client.users.info({ user: 'U0ADA' });
    expect(user).toMatchObject({
      id: 'U0ADA',
      name: 'ada',
      real_name: 'Ada Lovelace',
      is_admin: true,
      is_owner: false,
      is_bot: false,
      profile: { email: 'ada@example.com', real_name: 'Ada Lovelace' },
    });
    expect(await client.users.info({ user: 'U0NOBODY' }).catch(slackError)).toMatchObject({ error: 'user_not_found' });
  });

  it('looks users up by email, case-insensitively, and answers users_not_found otherwise', async () => {
    expect((await client.users.lookupByEmail({ email: 'GRACE@example.com' })).user?.id).toBe('U0GRACE');
    expect(await client.users.lookupByEmail({ email: 'nobody@example.com' }).catch(slackError)).toMatchObject({
      error: 'users_not_found',
    });
  });

  it('opens one IM channel per user and files DMs under it', async () => {
    const first = await client.conversations.open({ users: 'U0GRACE' });
    const again = await client.conversations.open({ users: 'U0GRACE' });
    expect(first.channel?.id).toMatch(/^D/);
    expect(again.channel?.id).toBe(first.channel?.id);
    await client.chat.postMessage({ channel: first.channel?.id as string, text: 'Ada assigned you ALPHA-1' });
    await client.chat.postMessage({ channel: 'U0GRACE', text: 'by user id' });
    expect(emu.dmsTo('U0GRACE').map((m) => m.text)).toEqual(['Ada assigned you ALPHA-1', 'by user id']);
    expect(emu.dmsTo('U0ADA')).toEqual([]);
    expect(emu.everythingSaidTo('U0GRACE')).toContain('ALPHA-1');
  });

  it('joins public channels but not private ones', async () => {
    emu.addChannel({ id: 'C0JOIN', name: 'join-me' });
    await client.conversations.join({ channel: 'C0JOIN' });
    expect((await client.conversations.info({ channel: 'C0JOIN' })).channel?.is_member).toBe(true);
    expect(await client.conversations.info({ channel: 'C0SECRET' }).catch(slackError)).toMatchObject({
      error: 'channel_not_found',
    });
  });

  it('describes the team', async () => {
    expect((await client.team.info()).team).toMatchObject({ id: emu.teamId, domain: emu.teamDomain });
  });
});

describe('Web API: views', () => {
  it('publishes a Home tab per user and refuses a modal there', async () => {
    const res = await client.views.publish({
      user_id: 'U0ADA',
      view: { type: 'home', blocks: [section('Connection status')] },
    });
    expect(res.view?.id).toMatch(/^V/);
    expect(emu.homeOf('U0ADA')?.blocks).toMatchObject([section('Connection status')]);
    expect(emu.homeOf('U0GRACE')).toBeUndefined();
    const err = await client.views.publish({ user_id: 'U0ADA', view: modal() }).catch(slackError);
    expect(err).toEqual({
      error: 'invalid_arguments',
      messages: ['[ERROR] must be home for this method [json-pointer:/view/type]'],
    });
  });

  it('refuses an invalid view with one [ERROR] line per problem', async () => {
    const err = await client.views
      .publish({
        user_id: 'U0ADA',
        view: { type: 'home', blocks: [section(''), { type: 'header', text: { type: 'mrkdwn', text: 'x' } }] },
      })
      .catch(slackError);
    expect(err).toEqual({
      error: 'invalid_arguments',
      messages: [
        '[ERROR] must be more than 0 characters [json-pointer:/view/blocks/0/text/text]',
        '[ERROR] must be plain_text [json-pointer:/view/blocks/1/text/type]',
      ],
    });
  });

  it('opens a modal once per trigger_id', async () => {
    const trigger = emu.issueTrigger('U0ADA');
    const res = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(emu.openModals('U0ADA').map((v) => v.id)).toEqual([res.view?.id]);
    expect(await client.views.open({ trigger_id: trigger, view: modal() }).catch(slackError)).toMatchObject({
      error: 'exchanged_trigger_id',
    });
  });

  it('refuses a trigger_id older than three seconds and one it never issued', async () => {
    const trigger = emu.issueTrigger('U0ADA');
    emu.expireTrigger(trigger);
    expect(await client.views.open({ trigger_id: trigger, view: modal() }).catch(slackError)).toMatchObject({
      error: 'expired_trigger_id',
    });
    expect(await client.views.open({ trigger_id: '1.2.made-up', view: modal() }).catch(slackError)).toMatchObject({
      error: 'invalid_trigger_id',
    });
  });

  it('updates a view by id or external_id and refuses a stale hash', async () => {
    const opened = await client.views.open({
      trigger_id: emu.issueTrigger('U0ADA'),
      view: modal({ external_id: 'create-1' }),
    });
    const id = opened.view?.id as string;
    const hash = opened.view?.hash as string;
    await client.views.update({ view_id: id, hash, view: modal({ blocks: [section('Loaded')] }) });
    expect(await client.views.update({ view_id: id, hash, view: modal() }).catch(slackError)).toMatchObject({
      error: 'hash_conflict',
    });
    await client.views.update({
      external_id: 'create-1',
      view: modal({ external_id: 'create-1', blocks: [section('Again')] }),
    });
    expect(emu.view(id)?.blocks).toMatchObject([section('Again')]);
    expect(await client.views.update({ view_id: 'V0NOPE', view: modal() }).catch(slackError)).toMatchObject({
      error: 'not_found',
    });
  });

  it('refuses a modal with inputs but no submit button', async () => {
    const view = modal({
      blocks: [
        { type: 'input', label: { type: 'plain_text', text: 'Summary' }, element: { type: 'plain_text_input' } },
      ],
    });
    const err = await client.views.open({ trigger_id: emu.issueTrigger('U0ADA'), view }).then(() => ({}), slackError);
    expect(err).toEqual({ error: 'invalid_arguments', messages: [expect.stringContaining('submit')] });
  });

  it('pushes only from an interaction inside an open modal, at most three deep', async () => {
    expect(
      await client.views.push({ trigger_id: emu.issueTrigger('U0ADA'), view: modal() }).catch(slackError),
    ).toMatchObject({ error: 'not_found' });
    const root = await client.views.open({ trigger_id: emu.issueTrigger('U0ADA'), view: modal() });
    const rootId = root.view?.id as string;
    await client.views.push({ trigger_id: emu.issueTrigger('U0ADA', rootId), view: modal() });
    await client.views.push({ trigger_id: emu.issueTrigger('U0ADA', rootId), view: modal() });
    expect(
      await client.views.push({ trigger_id: emu.issueTrigger('U0ADA', rootId), view: modal() }).catch(slackError),
    ).toMatchObject({ error: 'push_limit_reached' });
    expect(emu.openModals('U0ADA')).toHaveLength(3);
  });
});
