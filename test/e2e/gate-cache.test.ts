import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotConnectedError } from '../../src/errors.js';
import { Harness } from '../support/harness.js';
import { connectedSite, JIRA, SITE, SLACK } from '../support/sites.js';

let h: Harness;
const viewer = () => ({ teamId: h.slack.teamId, userId: SLACK.bob });
const keys = async () => (await h.app.deps.gate.access(viewer())).projects.map((p) => p.key);
/** Jira changes Bob's permissions behind the app's back: BETA becomes browsable for him. */
const grantBobBeta = () =>
  h.jira.addProject({ key: 'BETA', name: 'Beta', site: SITE.cloudId, browse: [JIRA.service, JIRA.ada, JIRA.bob] });

beforeEach(async () => {
  h = await Harness.start();
  await connectedSite(h);
  await h.connectUser(SLACK.bob, JIRA.bob);
  expect(await keys()).toEqual(['ALPHA']);
  grantBobBeta();
});
afterEach(async () => {
  expect(h.jira.contractViolations).toEqual([]);
  await h.close();
});

describe('the access gate’s cache', () => {
  it('decides a warm request without asking Jira', async () => {
    h.jira.resetLog();
    expect(await keys()).toEqual(['ALPHA']);
    expect(h.jira.requests).toEqual([]);
  });

  it('is dropped when the user connects again (re-authorization)', async () => {
    await h.connectUser(SLACK.bob, JIRA.bob);
    expect(await keys()).toEqual(['ALPHA', 'BETA']);
  });

  it('is dropped on disconnect: nothing is served from it afterwards', async () => {
    await h.command(SLACK.bob, 'disconnect');
    await expect(h.app.deps.gate.access(viewer())).rejects.toBeInstanceOf(NotConnectedError);
    await h.connectUser(SLACK.bob, JIRA.bob);
    expect(await keys()).toEqual(['ALPHA', 'BETA']);
  });

  it('is dropped when the main authorized user changes', async () => {
    h.jira.addUser({ accountId: 'acc-service-2', displayName: 'New Service', admin: true, sites: [SITE.cloudId] });
    // The new service account can browse ALPHA and BETA but not HR.
    h.jira.addProject({
      key: 'HR',
      name: 'Human Resources',
      site: SITE.cloudId,
      browse: [JIRA.service, JIRA.grace, JIRA.bob],
    });
    h.jira.addProject({ key: 'BETA', name: 'Beta', site: SITE.cloudId, browse: ['acc-service-2', JIRA.bob] });
    await h.clickHomeLink(SLACK.admin, 'Change', 'acc-service-2');
    const ws = await h.app.deps.stores.workspaces.get(h.slack.teamId);
    expect(await h.app.deps.gate.serviceProjects(ws!)).toEqual([
      expect.objectContaining({ key: 'ALPHA' }),
      expect.objectContaining({ key: 'BETA' }),
    ]);
    await h.connectUser(SLACK.bob, JIRA.bob);
    expect(await keys()).toEqual(['ALPHA', 'BETA']);
  });

  it('applies a settings change on the very next request', async () => {
    await h.connectUser(SLACK.bob, JIRA.bob);
    expect(await keys()).toEqual(['ALPHA', 'BETA']);
    await h.command(SLACK.admin, 'admin ban BETA');
    h.jira.resetLog();
    expect(await keys()).toEqual(['ALPHA']);
    expect(h.jira.requests).toEqual([]);
  });
});
