import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyJiraJwt } from '../../../src/http/jira-webhooks.js';
import { eventJobId, postJobId } from '../../../src/notify/jobs.js';
import { holdChannel, takePostSlot } from '../../../src/notify/pace.js';
import { webhookJql } from '../../../src/notify/registration.js';
import type { Subscription } from '../../../src/notify/subscription.js';
import { subscriptionList } from '../../../src/slack/blocks/subscribe-list.js';
import { subscribeModal } from '../../../src/slack/blocks/subscribe-modal.js';
import { describePrefs, parseNotifyArgs } from '../../../src/slack/commands/notify.js';
import { SUBSCRIBE_INPUTS as F } from '../../../src/slack/ids.js';
import { readSubscribeForm } from '../../../src/slack/views/subscribe.js';
import { DEFAULT_NOTIFY_PREFS } from '../../../src/store/notify-prefs.js';
import { isolatedRedis } from '../../support/redis.js';
import { validateMessageBlocks, validateView } from '../../support/slack/block-kit.js';

const SECRET = 'client-secret-0123456789abcdef';
const sign = (secret: string, alg = 'HS256', exp = 180) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ context: { cloudId: 'cloud-1' } })
    .setProtectedHeader({ alg })
    .setIssuedAt(now)
    .setExpirationTime(now + exp)
    .sign(new TextEncoder().encode(secret));
};

describe('verifyJiraJwt', () => {
  it('accepts an HS256 token signed with the client secret and reads the cloudId', async () => {
    expect(await verifyJiraJwt(`Bearer ${await sign(SECRET)}`, SECRET)).toEqual({ cloudId: 'cloud-1' });
  });

  it.each([
    ['no header', async () => undefined],
    ['a bare token without Bearer', async () => sign(SECRET)],
    ['the wrong secret', async () => `Bearer ${await sign('another-secret-0123456789abcdef')}`],
    ['HS512', async () => `Bearer ${await sign(SECRET, 'HS512')}`],
    ['an expired token', async () => `Bearer ${await sign(SECRET, 'HS256', -60)}`],
    [
      'alg none',
      async () => {
        const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `Bearer ${b64({ alg: 'none' })}.${b64({ context: { cloudId: 'cloud-1' } })}.`;
      },
    ],
  ])('refuses %s', async (_, header) => {
    expect(await verifyJiraJwt(await header(), SECRET)).toBeNull();
  });
});

describe('webhookJql', () => {
  it('lists projects once, sorted and quoted, with only IN', () => {
    expect(webhookJql(['beta', 'ALPHA', 'BETA'])).toBe('project IN ("ALPHA", "BETA")');
  });

  it('is null when there is nothing to follow', () => {
    expect(webhookJql([])).toBeNull();
  });
});

describe('job ids', () => {
  it('are deterministic and free of the colons BullMQ refuses', () => {
    const ch = { kind: 'channel', channelId: 'C1', subscriptionId: 's1' } as const;
    expect(postJobId('T1', 'a:b-c', ch)).toBe(postJobId('T1', 'a:b-c', ch));
    expect(postJobId('T1', 'a:b-c', ch)).not.toContain(':');
    expect(postJobId('T1', 'd', ch)).not.toBe(postJobId('T1', 'd', { kind: 'dm', userId: 'U1', reason: 'assigned' }));
    expect(eventJobId('T1', 'x:y')).toBe('ev-T1-x_y');
  });
});

describe('takePostSlot', () => {
  const r = isolatedRedis('pace');
  afterAll(() => r.cleanup());

  it('lets a burst through, then one post per interval per channel', async () => {
    const opts = { intervalMs: 1000, burst: 3 };
    const at = (now: number, ch = 'C1') => takePostSlot(r.redis, 'T1', ch, { now, ...opts });
    expect([await at(10_000), await at(10_000), await at(10_000)]).toEqual([0, 0, 0]);
    expect(await at(10_000)).toBe(1000);
    expect(await at(10_000, 'C2')).toBe(0);
    expect(await at(11_000)).toBe(0);
    expect(await at(11_000)).toBe(1000);
  });

  it('holds every post of a channel until Slack’s Retry-After has passed', async () => {
    const opts = { intervalMs: 1000, burst: 3 };
    await holdChannel(r.redis, 'T1', 'C9', 25_000, { now: 20_000, ...opts });
    expect(await takePostSlot(r.redis, 'T1', 'C9', { now: 20_000, ...opts })).toBe(5000);
    expect(await takePostSlot(r.redis, 'T1', 'C9', { now: 25_000, ...opts })).toBe(0);
    expect(await takePostSlot(r.redis, 'T1', 'C8', { now: 20_000, ...opts })).toBe(0);
  });
});

describe('readSubscribeForm', () => {
  const values = (over: Record<string, unknown> = {}) => ({
    [F.project]: { [F.project]: { type: 'static_select', selected_option: { value: 'ALPHA' } } },
    [F.events]: { [F.events]: { type: 'checkboxes', selected_options: [{ value: 'created' }, { value: 'bogus' }] } },
    [F.labels]: { [F.labels]: { type: 'plain_text_input', value: ' ui, backend ,ui,' } },
    [F.statuses]: { [F.statuses]: { type: 'plain_text_input', value: '' } },
    [F.assignees]: { [F.assignees]: { type: 'multi_users_select', selected_users: ['U1'] } },
    ...over,
  });

  it('reads project, known events, comma lists and people, dropping what it does not know', () => {
    expect(readSubscribeForm(values())).toEqual({
      ok: true,
      projectKey: 'ALPHA',
      events: ['created'],
      filters: { labels: ['ui', 'backend'] },
      assigneeSlackUsers: ['U1'],
      includeSecurityLevel: false,
    });
  });

  it('asks for a project and at least one event', () => {
    const form = readSubscribeForm(
      values({
        [F.project]: { [F.project]: { type: 'static_select', selected_option: { value: 'not a key' } } },
        [F.events]: { [F.events]: { type: 'checkboxes', selected_options: [] } },
      }),
    );
    expect(form).toEqual({
      ok: false,
      errors: { [F.project]: 'Choose a project.', [F.events]: 'Pick at least one thing to post about.' },
    });
  });

  it('reads the restricted-issues checkbox', () => {
    const form = readSubscribeForm(
      values({ [F.security]: { [F.security]: { type: 'checkboxes', selected_options: [{ value: 'include' }] } } }),
    );
    expect(form.ok && form.includeSecurityLevel).toBe(true);
  });
});

describe('parseNotifyArgs', () => {
  it('reads on/off and kinds, plural or not; nothing means "show me"', () => {
    expect(parseNotifyArgs([])).toBeNull();
    expect(parseNotifyArgs(['off'])).toEqual({ on: false });
    expect(parseNotifyArgs(['ON', 'mentions', 'watching'])).toEqual({ on: true, kinds: ['mentioned', 'watching'] });
  });

  it('refuses words it does not know with the usage line', () => {
    expect(() => parseNotifyArgs(['maybe'])).toThrow('Say `on` or `off`.');
    expect(() => parseNotifyArgs(['off', 'everything'])).toThrow('is not a kind of notification');
  });

  it('describes preferences in words', () => {
    expect(describePrefs(DEFAULT_NOTIFY_PREFS)).toContain('assigned to you');
    expect(describePrefs({ ...DEFAULT_NOTIFY_PREFS, watching: false })).toContain('Off: issues you watch');
  });
});

describe('subscribe blocks', () => {
  const projects = [
    { key: 'ALPHA', name: 'Alpha' },
    { key: 'BETA', name: 'Beta <b>' },
  ];

  it.each([
    ['a member', false],
    ['an admin', true],
  ])('builds a modal Slack accepts for %s', (_, isAdmin) => {
    const view = subscribeModal({ channelId: 'C1', projects, project: 'beta', isAdmin });
    expect(validateView(view, 'modal')).toEqual([]);
    expect(JSON.stringify(view).includes('security level')).toBe(isAdmin);
    expect(view).toMatchSnapshot();
  });

  it('lists subscriptions with escaped descriptions and a confirmed Remove each', () => {
    const sub: Subscription = {
      id: 'abc',
      teamId: 'T1',
      channelId: 'C1',
      projectKey: 'ALPHA',
      events: ['created', 'commented'],
      filters: { labels: ['<script>'] },
      includeSecurityLevel: true,
      createdBy: 'U1',
      createdAt: '2025-01-01T00:00:00.000Z',
    };
    const msg = subscriptionList('C1', [sub]);
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('&lt;script&gt;');
    expect(msg).toMatchSnapshot();
    expect(subscriptionList('C1', []).text).toContain('has no Jira subscriptions');
  });
});
