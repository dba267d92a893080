import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { SETTINGS_INPUTS } from '../../src/slack/ids.js';
import { DEFAULT_SETTINGS } from '../../src/store/settings.js';
import { Harness } from '../support/harness.js';
import { connectedSite, JIRA, SLACK } from '../support/sites.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
  await connectedSite(h);
});
afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  expect(h.jira.contractViolations).toEqual([]);
  await h.close();
});

const REFUSAL = 'Only workspace admins can change Jira Bridge settings.';
const team = () => h.slack.teamId;
const stored = () => h.app.deps.stores.settings.get(team());
const say = async (user: string, text: string) => JSON.stringify(await h.command(user, text));
const reachable = async (user: string) =>
  (await h.app.deps.gate.access({ teamId: team(), userId: user })).projects.map((p) => p.key);
const accessError = async (user: string) =>
  h.app.deps.gate.access({ teamId: team(), userId: user }).then(
    () => undefined,
    (err: { code?: string }) => err.code,
  );
/** Waits until `user`'s latest Home shows `text` (the Home is re-published after the reply). */
const homeShows = (user: string, text: string) =>
  h.slack.waitFor(
    () => {
      const home = h.slack.homeOf(user);
      return home && JSON.stringify(home.blocks).includes(text) ? home : undefined;
    },
    { what: `${user}'s Home showing ${text}` },
  );
/** Makes a Slack user an ordinary member (or an admin again), as a workspace owner would. */
const setSlackAdmin = (id: string, name: string, isAdmin: boolean) => h.slack.addUser({ id, name, isAdmin });

/** Runs `/jira admin` (or clicks Home's Edit settings) and waits until the Loading view has become the form. */
async function openedModal(user: string) {
  const update = await h.slack.waitForCall('views.update');
  const id = String(update.args.view_id);
  const modal = h.slack.openModals(user).find((v) => v.id === id);
  if (!modal) throw new Error(`settings modal ${id} is not open for ${user}`);
  return modal;
}

describe('admin text forms', () => {
  it.each([
    'admin allow ALPHA',
    'admin ban HR',
    'admin clear',
    'admin require-auth off',
    'admin previews off',
    'admin subscribers admins',
    `admin managers <@${SLACK.ada}|ada>`,
  ])('refuse “/jira %s” from someone who is not a workspace admin, changing nothing', async (text) => {
    const reply = await h.command(SLACK.ada, text);
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply)).toContain(REFUSAL);
    expect(await stored()).toEqual(DEFAULT_SETTINGS);
  });

  it('narrow a connected user’s reach on their very next request when an admin sets an allow-list', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    expect(await reachable(SLACK.ada)).toEqual(['ALPHA', 'BETA']);
    const projectLists = () => h.jira.count({ path: /\/project\/search$/ });
    const before = projectLists();

    const reply = await say(SLACK.admin, 'admin allow alpha');
    expect(reply).toContain('Only ALPHA can be reached from Slack now.');
    expect(reply).toContain('*Projects:* only ALPHA');
    expect((await stored()).allowedProjects).toEqual(['ALPHA']);

    // Settings are read on every request, not cached with the project sets: the warm cache still applies them.
    expect(await reachable(SLACK.ada)).toEqual(['ALPHA']);
    expect(JSON.stringify(await h.command(SLACK.ada, 'status'))).toContain('1 project (ALPHA)');
    expect(projectLists()).toBe(before);
    await homeShows(SLACK.admin, '*Projects:* only ALPHA');
  });

  it('ban projects, replacing an allow-list, and clear both', async () => {
    await h.connectUser(SLACK.ada, JIRA.ada);
    await say(SLACK.admin, 'admin allow ALPHA');
    const reply = await say(SLACK.admin, 'admin ban beta');
    expect(reply).toContain('BETA can’t be reached from Slack now. The allow-list is cleared');
    expect(await stored()).toMatchObject({ allowedProjects: [], bannedProjects: ['BETA'] });
    expect(await reachable(SLACK.ada)).toEqual(['ALPHA']);
    await homeShows(SLACK.admin, '*Projects:* all except BETA');

    expect(await say(SLACK.admin, 'admin clear')).toContain('Project limits are cleared');
    expect(await stored()).toMatchObject({ allowedProjects: [], bannedProjects: [] });
    expect(await reachable(SLACK.ada)).toEqual(['ALPHA', 'BETA']);
    await homeShows(SLACK.admin, 'all the service account can browse');
  });

  it('warn about, but keep, a project the service account cannot browse', async () => {
    const reply = await say(SLACK.admin, 'admin allow ALPHA NOPE');
    expect(reply).toContain('The service account can’t browse NOPE, so nobody can reach it from Slack');
    expect((await stored()).allowedProjects).toEqual(['ALPHA', 'NOPE']);
  });

  it('refuse a word that is not a project key, saving nothing', async () => {
    const reply = await say(SLACK.admin, 'admin allow ALPHA alpha-1');
    expect(reply).toContain('“alpha-1” is not a Jira project key');
    expect(reply).toContain('/jira admin allow &lt;KEY…&gt;');
    expect(await stored()).toEqual(DEFAULT_SETTINGS);
  });

  it('let an unconnected user reach the service account’s allowed projects only while require-auth is off', async () => {
    expect(await accessError(SLACK.bob)).toBe(ErrorCode.NotConnected);

    expect(await say(SLACK.admin, 'admin require-auth off')).toContain('Require Jira authorization is *off*');
    const anonymous = await h.app.deps.gate.access({ teamId: team(), userId: SLACK.bob });
    expect(anonymous.mode).toBe('anonymous');
    expect(anonymous.projects.map((p) => p.key)).toEqual(['ALPHA', 'BETA', 'HR']);
    await say(SLACK.admin, 'admin ban HR');
    expect(await reachable(SLACK.bob)).toEqual(['ALPHA', 'BETA']);

    expect(await say(SLACK.admin, 'admin require-auth on')).toContain('Require Jira authorization is *on*');
    expect(await accessError(SLACK.bob)).toBe(ErrorCode.NotConnected);
  });

  it('store link previews and who may subscribe channels', async () => {
    expect(await say(SLACK.admin, 'admin previews off')).toContain('Link previews are *off*.');
    expect(await say(SLACK.admin, 'admin subscribers ADMINS')).toContain(
      'Only admins can create channel subscriptions',
    );
    expect(await stored()).toMatchObject({ previews: 'off', subscribers: 'admins' });

    expect(await say(SLACK.admin, 'admin previews connected')).toContain('*Link previews:* connected posters only');
    expect(await say(SLACK.admin, 'admin previews sometimes')).toContain('Choose one of: off, connected.');
    expect(await stored()).toMatchObject({ previews: 'connected', subscribers: 'admins' });
  });

  it('name app managers who can then administer, until they are removed', async () => {
    const reply = await say(SLACK.admin, `admin managers <@${SLACK.ada}|ada> <@${SLACK.grace}>`);
    expect(reply).toContain(`<@${SLACK.ada}>, <@${SLACK.grace}> can manage Jira Bridge now`);
    expect((await stored()).managers).toEqual([SLACK.ada, SLACK.grace]);
    // A new manager's Home gains the settings section.
    await homeShows(SLACK.grace, 'Edit settings');

    expect(await say(SLACK.ada, 'admin previews off')).toContain('Link previews are *off*.');
    expect((await stored()).previews).toBe('off');

    expect(await say(SLACK.admin, 'admin managers none')).toContain('There are no app managers now');
    expect(await say(SLACK.ada, 'admin previews connected')).toContain(REFUSAL);
    expect((await stored()).previews).toBe('off');
  });
});

describe('the settings modal', () => {
  it('opens from /jira admin with the service account’s projects, and saves what the admin chose', async () => {
    const cmd = await h.slack.sendCommand({ user: SLACK.admin, text: 'admin' });
    expect(cmd.status).toBe(200);
    const modal = await openedModal(SLACK.admin);
    const shown = JSON.stringify(modal.blocks);
    expect(shown).toContain('Alpha (ALPHA)');
    expect(shown).toContain('Human Resources (HR)');
    expect(shown).not.toContain('NOPE');

    await h.slack.submitModal(SLACK.admin, modal.id, {
      [SETTINGS_INPUTS.projectsMode]: 'only',
      [SETTINGS_INPUTS.projects]: ['BETA', 'ALPHA'],
      [SETTINGS_INPUTS.requireAuth]: [],
      [SETTINGS_INPUTS.previews]: 'off',
      [SETTINGS_INPUTS.subscribers]: 'admins',
      [SETTINGS_INPUTS.managers]: [SLACK.ada],
    });
    expect(h.slack.openModals(SLACK.admin)).toEqual([]);
    expect(await stored()).toEqual({
      allowedProjects: ['BETA', 'ALPHA'],
      bannedProjects: [],
      requireAuth: false,
      previews: 'off',
      subscribers: 'admins',
      managers: [SLACK.ada],
    });
    await homeShows(SLACK.admin, '*Projects:* only BETA, ALPHA');
    expect(h.slack.dmsTo(SLACK.admin)).toEqual([]);
  });

  it('opens from Home’s Edit settings with the current settings filled in', async () => {
    await say(SLACK.admin, 'admin ban HR');
    await h.slack.openHome(SLACK.admin);
    const home = await homeShows(SLACK.admin, 'Edit settings');
    await h.slack.click(SLACK.admin, { viewId: home.id }, 'Edit settings');
    const modal = await openedModal(SLACK.admin);
    expect(
      modal.state.values[SETTINGS_INPUTS.projectsMode]?.[SETTINGS_INPUTS.projectsMode]?.selected_option?.value,
    ).toBe('except');

    await h.slack.submitModal(SLACK.admin, modal.id, { [SETTINGS_INPUTS.projects]: ['HR', 'BETA'] });
    expect(await stored()).toMatchObject({ allowedProjects: [], bannedProjects: ['HR', 'BETA'], requireAuth: true });
  });

  it('keeps the modal open with a field error when Only is chosen without projects', async () => {
    await h.slack.sendCommand({ user: SLACK.admin, text: 'admin' });
    const modal = await openedModal(SLACK.admin);
    await h.slack.submitModal(SLACK.admin, modal.id, { [SETTINGS_INPUTS.projectsMode]: 'only' });
    expect(h.slack.viewErrors(modal.id)).toEqual({
      [SETTINGS_INPUTS.projects]: 'Choose at least one project, or choose “All projects” above.',
    });
    expect(h.slack.openModals(SLACK.admin).map((v) => v.id)).toEqual([modal.id]);
    expect(await stored()).toEqual(DEFAULT_SETTINGS);
  });

  it('is refused to someone who is not a workspace admin, without opening', async () => {
    const cmd = await h.slack.sendCommand({ user: SLACK.ada, text: 'admin' });
    const reply = await h.slack.waitForResponse(cmd.responseUrl);
    expect(JSON.stringify(reply)).toContain(REFUSAL);
    expect(h.slack.callsTo('views.open')).toEqual([]);
    expect(h.slack.openModals(SLACK.ada)).toEqual([]);
  });

  it('refuses, on the server, a submission from someone who stopped being an admin', async () => {
    await h.slack.sendCommand({ user: SLACK.admin, text: 'admin' });
    const modal = await openedModal(SLACK.admin);
    setSlackAdmin(SLACK.admin, 'admin', false);
    await h.slack.submitModal(SLACK.admin, modal.id, { [SETTINGS_INPUTS.previews]: 'off' });
    expect(h.slack.viewErrors(modal.id)).toEqual({ [SETTINGS_INPUTS.projectsMode]: REFUSAL });
    expect(await stored()).toEqual(DEFAULT_SETTINGS);
  });

  it('explains in a modal when a stale Edit settings button is clicked by someone no longer an admin', async () => {
    await h.slack.openHome(SLACK.admin);
    const home = await homeShows(SLACK.admin, 'Edit settings');
    setSlackAdmin(SLACK.admin, 'admin', false);
    await h.slack.click(SLACK.admin, { viewId: home.id }, 'Edit settings');
    const opened = await h.slack.waitForCall('views.open');
    expect(JSON.stringify(opened.args.view)).toContain(REFUSAL);
    expect(JSON.stringify(opened.args.view)).not.toContain('"submit"');
  });

  it('asks for project keys as text when Jira can’t list projects', async () => {
    h.jira.fault({ path: /\/project\/search$/ }, { status: 503, retryAfterSec: 0, times: 10 });
    await h.app.deps.gate.invalidateWorkspace(team());
    await h.slack.sendCommand({ user: SLACK.admin, text: 'admin' });
    const modal = await openedModal(SLACK.admin);
    expect(JSON.stringify(modal.blocks)).toContain('Jira didn’t answer');
    await h.slack.submitModal(SLACK.admin, modal.id, {
      [SETTINGS_INPUTS.projectsMode]: 'except',
      [SETTINGS_INPUTS.projects]: 'hr',
    });
    expect((await stored()).bannedProjects).toEqual(['HR']);
  });
});
