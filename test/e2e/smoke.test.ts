import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { JIRA, SLACK, seedStandardSite } from '../support/sites.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
  seedStandardSite(h);
});
afterEach(async () => {
  await h.close();
});

describe('the app against both emulators', () => {
  it('answers /jira help with the commands it knows, ephemerally', async () => {
    const reply = await h.command(SLACK.ada, 'help');
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply)).toContain('/jira connect');
    expect(h.slack.problems).toEqual([]);
  });

  it('answers unknown input with help, never an error', async () => {
    const reply = await h.command(SLACK.ada, 'frobnicate the widgets');
    expect(JSON.stringify(reply)).toContain('/jira help');
  });

  it('publishes a Home tab that starts with Connection status', async () => {
    await h.slack.openHome(SLACK.ada);
    const home = await h.waitForHome(SLACK.ada);
    expect(JSON.stringify(home.blocks)).toContain('Connection status');
    expect(JSON.stringify(home.blocks)).not.toContain('Connect service account');
    expect(h.slack.problems).toEqual([]);
  });

  it('lets a Slack admin connect the service account from Home', async () => {
    const page = await h.connectService(SLACK.admin, JIRA.service);
    expect(page).toContain('Jira is connected to this workspace');
    expect(page).toContain('Main authorized user is Jira Service');
    const home = await h.waitForHome(SLACK.admin, (v) => JSON.stringify(v.blocks).includes('Main authorized user is'));
    expect(JSON.stringify(home.blocks)).toContain('*Jira Service*');
    expect(h.jira.contractViolations).toEqual([]);
  });
});
