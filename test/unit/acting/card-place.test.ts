import { describe, expect, it } from 'vitest';
import { issueCard } from '../../../src/slack/blocks/issue-card.js';
import { cardOptionsOf, decodeMeta, encodeMeta, readCardAction } from '../../../src/slack/card-place.js';

const RESPONSE_URL = 'https://hooks.slack.test/actions/T1/1/abc';

/** A card button's block_actions payload, shaped like ../shared/reference/slack/payloads/BlockActionPayload.json. */
function aCardAction(over: Record<string, unknown> = {}, action: Record<string, unknown> = {}) {
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: 'U1', username: 'ada', name: 'ada', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'x',
    container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: true },
    trigger_id: '123.456.abc',
    channel: { id: 'C1', name: 'general' },
    response_url: RESPONSE_URL,
    actions: [
      { type: 'button', action_id: 'issue_assign_to_me', block_id: 'issue_actions', value: 'alpha-1', ...action },
    ],
    ...over,
  };
}

const card = issueCard(
  {
    key: 'ALPHA-1',
    url: 'https://acme.atlassian.net/browse/ALPHA-1',
    summary: 'Fix login',
    status: 'To Do',
    statusCategory: 'new',
    type: null,
    priority: null,
    assignee: null,
    reporter: null,
    labels: [],
    securityLevel: null,
    projectKey: 'ALPHA',
    projectName: 'Alpha',
  },
  { actions: true, share: true, sharedBy: 'U0GRACE001' },
);

describe('reading a card button press', () => {
  it('places an ephemeral card at its response_url', () => {
    expect(readCardAction(aCardAction())).toEqual({
      viewer: { teamId: 'T1', userId: 'U1', channelId: 'C1' },
      key: 'ALPHA-1',
      place: { kind: 'ephemeral', responseUrl: RESPONSE_URL, channel: 'C1' },
      triggerId: '123.456.abc',
    });
  });

  it('places a card the app posted at its channel and ts, with the parts it carried', () => {
    const a = readCardAction(
      aCardAction({
        container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: false },
        message: { type: 'message', ts: '1.2', app_id: 'A1', bot_id: 'B1', blocks: card.blocks },
      }),
    );
    expect(a?.place).toEqual({
      kind: 'message',
      channel: 'C1',
      ts: '1.2',
      responseUrl: RESPONSE_URL,
      actions: true,
      share: true,
      sharedBy: 'U0GRACE001',
    });
  });

  it.each([
    ['someone else’s message', { ts: '1.2', user: 'U2', blocks: card.blocks }, {}],
    ['an app unfurl', { ts: '1.2', user: 'U2' }, { is_app_unfurl: true }],
  ])('leaves a card in %s alone', (_what, message, container) => {
    const a = readCardAction(
      aCardAction({
        container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: false, ...container },
        message,
      }),
    );
    expect(a?.place.kind).toBe('elsewhere');
  });

  it.each([
    ['a value that is not an issue key', aCardAction({}, { value: 'DROP TABLE' })],
    ['no value', aCardAction({}, { value: undefined })],
    ['no user', aCardAction({ user: undefined })],
    ['no actions', aCardAction({ actions: [] })],
    ['a response_url that is not a URL', aCardAction({ response_url: 'javascript:alert(1)' })],
    ['another payload type', aCardAction({ type: 'view_submission' })],
  ])('drops %s', (_what, payload) => {
    expect(readCardAction(payload)).toBeNull();
  });
});

describe('card modal metadata', () => {
  it('round-trips the key and where the card is', () => {
    const meta = { key: 'ALPHA-1', place: { kind: 'ephemeral' as const, responseUrl: RESPONSE_URL } };
    expect(decodeMeta(encodeMeta(meta))).toEqual(meta);
  });

  it.each([
    ['not JSON', 'nope'],
    ['another modal’s', '{"project":"ALPHA"}'],
    ['empty', ''],
  ])('refuses metadata that is %s', (_what, raw) => {
    expect(decodeMeta(raw)).toBeNull();
  });

  it('reads a plain card without the optional parts', () => {
    expect(cardOptionsOf([{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }])).toEqual({
      actions: false,
      share: false,
    });
  });
});
