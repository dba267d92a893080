import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type types, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../support/slack/index.js';
import { fillStateValues, initialStateValues, submitRefusals } from '../../support/slack/view-state.js';

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });
const summaryInput = {
  type: 'input' as const,
  block_id: 'summary',
  label: plain('Summary'),
  element: { type: 'plain_text_input' as const, action_id: 'value', min_length: 3 },
};
const projectSelect = {
  type: 'actions' as const,
  block_id: 'project',
  elements: [
    {
      type: 'static_select' as const,
      action_id: 'pick',
      options: [
        { text: plain('Alpha'), value: 'ALPHA' },
        { text: plain('Beta'), value: 'BETA' },
      ],
    },
  ],
};
const modal = (blocks: unknown[] = [summaryInput], extra: Record<string, unknown> = {}) =>
  ({
    type: 'modal',
    callback_id: 'create_issue',
    title: plain('Create issue'),
    submit: plain('Create'),
    blocks,
    ...extra,
  }) as unknown as types.ModalView;

describe('view state, as Slack’s client builds it', () => {
  const blocks = [
    summaryInput,
    {
      type: 'input',
      block_id: 'prio',
      label: plain('Priority'),
      element: {
        type: 'radio_buttons',
        action_id: 'r',
        options: [
          { text: plain('High'), value: 'high' },
          { text: plain('Low'), value: 'low' },
        ],
        initial_option: { text: plain('Low'), value: 'low' },
      },
    },
    {
      type: 'input',
      block_id: 'points',
      optional: true,
      label: plain('Points'),
      element: { type: 'number_input', action_id: 'n', is_decimal_allowed: false, max_value: '13' },
    },
    {
      type: 'input',
      block_id: 'when',
      optional: true,
      label: plain('When'),
      element: { type: 'checkboxes', action_id: 'c', options: [{ text: plain('Now'), value: 'now' }] },
    },
  ];

  it('starts every input at its initial value or empty', () => {
    expect(initialStateValues(blocks)).toEqual({
      summary: { value: { type: 'plain_text_input', value: null } },
      prio: { r: { type: 'radio_buttons', selected_option: { text: plain('Low'), value: 'low' } } },
      points: { n: { type: 'number_input', value: null } },
      when: { c: { type: 'checkboxes', selected_options: [] } },
    });
  });

  it('fills by block_id or label and picks options by value or text', () => {
    const values = fillStateValues(blocks, {}, { summary: 'Login fails', Priority: 'High', when: ['Now'] });
    expect(values.summary?.value?.value).toBe('Login fails');
    expect(values.prio?.r?.selected_option?.value).toBe('high');
    expect(values.when?.c?.selected_options).toEqual([{ text: plain('Now'), value: 'now' }]);
  });

  it('throws on a field the view does not have, naming the ones it has', () => {
    expect(() => fillStateValues(blocks, {}, { Sumary: 'x' })).toThrow(/summary \("Summary"\)/);
  });

  it('refuses numbers the input does not accept', () => {
    expect(() => fillStateValues(blocks, {}, { Points: '1.5' })).toThrow(/not a number/);
  });

  it('refuses to submit empty required fields and text outside its length limits', () => {
    expect(submitRefusals(blocks, initialStateValues(blocks))).toEqual(['"Summary" (summary) is required']);
    expect(submitRefusals(blocks, fillStateValues(blocks, {}, { Summary: 'ab', Points: '21' }))).toEqual([
      '"Summary" needs at least 3 characters',
      '"Points" must be at most 13',
    ]);
  });
});

describe('interactions against a scripted app', () => {
  let emu: SlackEmulator;
  let client: InstanceType<typeof webApi.WebClient>;
  let answer: (payload: Record<string, unknown>) => unknown;
  const payloads: Array<Record<string, unknown>> = [];
  let close: () => Promise<void>;

  beforeEach(async () => {
    emu = await startSlackEmulator();
    emu.addUser({ id: 'U0ADA', name: 'ada' });
    client = new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    payloads.length = 0;
    answer = () => undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const form = new URLSearchParams(raw);
        const payload = form.has('payload')
          ? (JSON.parse(form.get('payload') as string) as Record<string, unknown>)
          : Object.fromEntries(form);
        payloads.push(payload);
        const body = answer(payload);
        res.writeHead(200, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    emu.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });

  afterEach(async () => {
    await close();
    await emu.close();
  });

  const openModal = async (view = modal()) => {
    const res = await client.views.open({ trigger_id: emu.issueTrigger('U0ADA'), view });
    return res.view?.id as string;
  };

  it('closes the modal when the app acknowledges a submission with an empty body', async () => {
    const id = await openModal();
    await emu.submitModal('U0ADA', id, { Summary: 'Login fails' });
    expect(emu.openModals('U0ADA')).toEqual([]);
    expect(payloads[0]).toMatchObject({
      type: 'view_submission',
      view: { id, callback_id: 'create_issue', state: { values: { summary: { value: { value: 'Login fails' } } } } },
    });
  });

  it('applies response_action update, push and clear', async () => {
    const id = await openModal();
    const before = emu.view(id)?.hash;
    answer = () => ({ response_action: 'update', view: modal([section('Created ALPHA-1')], { submit: undefined }) });
    await emu.submitModal('U0ADA', id, { Summary: 'Login fails' });
    expect(emu.openModals('U0ADA').map((v) => v.id)).toEqual([id]);
    expect(emu.view(id)?.blocks).toMatchObject([section('Created ALPHA-1')]);
    expect(emu.view(id)?.hash).not.toBe(before);

    const id2 = await openModal();
    answer = () => ({ response_action: 'push', view: modal([summaryInput]) });
    await emu.submitModal('U0ADA', id2, { Summary: 'Login fails' });
    const stack = emu.openModals('U0ADA');
    expect(stack).toHaveLength(2);
    expect(stack[1]?.previous_view_id).toBe(id2);

    answer = () => ({ response_action: 'clear' });
    await emu.submitModal('U0ADA', stack[1]?.id as string, { Summary: 'Login fails' });
    expect(emu.openModals('U0ADA')).toEqual([]);
    expect(emu.problems).toEqual([]);
  });

  it('records answers Slack cannot apply: errors on a non-input block, an invalid view', async () => {
    const id = await openModal(modal([summaryInput, { ...section('x'), block_id: 'info' }]));
    answer = () => ({ response_action: 'errors', errors: { info: 'nope' } });
    await emu.submitModal('U0ADA', id, { Summary: 'Login fails' });
    answer = () => ({ response_action: 'update', view: modal([section('')]) });
    await emu.submitModal('U0ADA', id, { Summary: 'Login fails' });
    expect(emu.problems).toEqual([
      expect.stringContaining('not input blocks: info'),
      expect.stringContaining('[json-pointer:/view/blocks/0/text/text]'),
    ]);
  });

  it('keeps a selection made in a view in its state and sends it with the next payloads', async () => {
    const id = await openModal(modal([projectSelect, summaryInput]));
    await emu.sendBlockAction({
      user: 'U0ADA',
      actionId: 'pick',
      selectedOption: { value: 'BETA' },
      container: { type: 'view', viewId: id },
    });
    expect(payloads[0]).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: id },
      actions: [{ action_id: 'pick', block_id: 'project', selected_option: { value: 'BETA', text: { text: 'Beta' } } }],
    });
    expect(payloads[0]).not.toHaveProperty('response_url');
    await emu.submitModal('U0ADA', id, { Summary: 'Login fails' });
    expect(payloads[1]).toMatchObject({
      view: { state: { values: { project: { pick: { selected_option: { value: 'BETA' } } } } } },
    });
    await expect(
      emu.sendBlockAction({
        user: 'U0ADA',
        actionId: 'pick',
        selectedOption: { value: 'GAMMA' },
        container: { type: 'view', viewId: id },
      }),
    ).rejects.toThrow(/view .* is not open|not an option/);
  });

  it('lets views.push use a trigger from an interaction inside the modal', async () => {
    const id = await openModal(modal([projectSelect, summaryInput]));
    const res = await emu.sendBlockAction({
      user: 'U0ADA',
      actionId: 'pick',
      selectedOption: { value: 'ALPHA' },
      container: { type: 'view', viewId: id },
    });
    await client.views.push({ trigger_id: res.triggerId, view: modal() });
    expect(emu.openModals('U0ADA')).toHaveLength(2);
  });

  it('sends view_closed only when the view asked to be notified', async () => {
    const quiet = await openModal();
    expect(await emu.closeModal('U0ADA', quiet)).toBeUndefined();
    const loud = await openModal(modal([summaryInput], { notify_on_close: true }));
    await emu.closeModal('U0ADA', loud);
    expect(payloads.at(-1)).toMatchObject({ type: 'view_closed', view: { id: loud } });
    expect(emu.openModals('U0ADA')).toEqual([]);
  });

  it('deletes the original message on delete_original and allows five posts per response_url', async () => {
    const { ts } = await client.chat.postMessage({
      channel: emu.defaultChannel,
      text: 'card',
      blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'dismiss', text: plain('Dismiss') }] }],
    });
    const click = await emu.click('U0ADA', { channel: emu.defaultChannel, ts: ts as string }, 'Dismiss');
    const url = click.responseUrl as string;
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ delete_original: true })).status).toBe(200);
    expect(emu.messagesIn(emu.defaultChannel)).toEqual([]);
    for (let i = 0; i < 4; i++) expect((await post({ text: `reply ${i}` })).status).toBe(200);
    expect((await post({ text: 'one too many' })).status).toBe(404);
    expect((await post({})).status).toBe(404);
    expect(emu.responses(url)).toHaveLength(5);
  });

  it('refuses a response_url post with neither text nor blocks', async () => {
    const { responseUrl } = await emu.sendCommand({ user: 'U0ADA', text: 'x' });
    const res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: 'no_text' });
  });

  it('records an ack body with invalid blocks as a problem and shows nothing', async () => {
    answer = () => ({ blocks: [section('')] });
    await emu.sendCommand({ user: 'U0ADA', text: 'x' });
    expect(emu.ephemeralsTo('U0ADA')).toEqual([]);
    expect(emu.problems).toEqual([expect.stringContaining('ack body refused (invalid_blocks)')]);
  });
});
