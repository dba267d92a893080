import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { connectedSite, JIRA, SLACK } from '../support/sites.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
  await connectedSite(h);
  await h.connectUser(SLACK.ada, JIRA.ada);
  await h.app.deps.stores.subscriptions.put({
    id: 'sub1',
    teamId: h.slack.teamId,
    channelId: 'C0GENERAL1',
    projectKey: 'ALPHA',
    events: ['created'],
    filters: {},
    includeSecurityLevel: false,
    createdBy: SLACK.ada,
    createdAt: new Date().toISOString(),
  });
  await h.app.deps.notifications.resync(h.slack.teamId);
  expect(h.jira.webhooks()).toHaveLength(1);
});
afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  await h.close();
});

/** Every key of this test's Redis namespace that names the workspace. */
async function teamKeys(): Promise<string[]> {
  const all = await h.redis.keys(`${h.prefix}*`);
  return all.filter((k) => k.includes(`:${h.slack.teamId}`));
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the workspace was not forgotten');
    await new Promise((r) => setTimeout(r, 20)); // polling Redis for the outcome, not synchronizing on time
  }
}

describe('removing the app from a workspace', () => {
  it('deletes every token and record of the workspace and its Jira webhooks on app_uninstalled', async () => {
    expect((await teamKeys()).length).toBeGreaterThan(3);
    await h.slack.sendEvent({ type: 'app_uninstalled' });
    await until(async () => (await teamKeys()).length === 0);
    expect(await h.app.deps.stores.workspaces.get(h.slack.teamId)).toBeNull();
    expect(await h.app.deps.stores.users.get(h.slack.teamId, SLACK.ada)).toBeNull();
    expect(h.jira.webhooks()).toEqual([]);
  });

  it('does the same when the bot token is revoked', async () => {
    await h.slack.sendEvent({ type: 'tokens_revoked', tokens: { oauth: [], bot: [h.slack.botUserId] } });
    await until(async () => (await teamKeys()).length === 0);
    expect(h.jira.webhooks()).toEqual([]);
  });
});
