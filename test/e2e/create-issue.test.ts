import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { type CreateField, defaultCreateFields } from '../support/jira/model.js';
import { JIRA, SITE, SLACK, seedStandardSite } from '../support/sites.js';

let h: Harness;

/** The open create modal of `user`, once it shows `what` (a block_id or text). */
async function modalShowing(user: string, what: string, timeoutMs = 3000) {
  return h.slack.waitFor(
    () => {
      const top = h.slack.openModals(user).at(-1);
      return top && JSON.stringify(top).includes(what) ? top : undefined;
    },
    { timeoutMs, what: `${user}'s modal showing ${what}` },
  );
}

const CUSTOMER: CreateField = {
  key: 'customfield_10050',
  name: 'Customer',
  required: true,
  schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId: 10050 },
  allowedValues: [
    { id: '20001', value: 'Acme' },
    { id: '20002', value: 'Globex' },
  ],
};
const POINTS: CreateField = {
  key: 'customfield_10051',
  name: 'Story points',
  required: true,
  schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10051 },
};
const REGION: CreateField = {
  key: 'customfield_10060',
  name: 'Region and country',
  required: true,
  schema: {
    type: 'option-with-child',
    custom: 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect',
    customId: 10060,
  },
  allowedValues: [{ id: '30001', value: 'Europe', children: [{ id: '30002', value: 'France' }] }],
};

beforeEach(async () => {
  h = await Harness.start();
  seedStandardSite(h);
  const fields = defaultCreateFields(`${h.jira.url}/ex/jira/${SITE.cloudId}`);
  // Everyone can see GAMMA; only Ada may create in it.
  h.jira.addProject({ key: 'GAMMA', name: 'Gamma', site: SITE.cloudId, browse: 'everyone', create: [JIRA.ada] });
  h.jira.addProject({
    key: 'CUST',
    id: '10777',
    name: 'Customers',
    site: SITE.cloudId,
    browse: 'everyone',
    issueTypes: [
      { id: '10010', name: 'Request', fields: [...fields, CUSTOMER, POINTS] },
      { id: '10011', name: 'Escalation', fields: [...fields, REGION] },
    ],
  });
  await h.connectService(SLACK.admin, JIRA.service);
  await h.connectUser(SLACK.ada, JIRA.ada);
});
afterEach(async () => {
  expect(h.slack.problems).toEqual([]);
  expect(h.jira.contractViolations).toEqual([]);
  await h.close();
});

describe('/jira create', () => {
  it('opens the form with the project and summary from the command and creates the issue as the user', async () => {
    await h.slack.sendCommand({ user: SLACK.ada, text: 'create alpha Fix the login page' });
    const modal = await modalShowing(SLACK.ada, 'create_field_summary');
    expect(JSON.stringify(modal.blocks)).toContain('Fix the login page');
    await h.slack.submitModal(SLACK.ada, modal.id, {
      Description: 'Users see a blank page.\n\nSince Monday.',
      Priority: 'High',
      Labels: 'login, ui frontend',
      'Due date': '2026-12-24',
    });
    const posted = await h.slack.waitFor(() => h.slack.ephemeralsTo(SLACK.ada).find((e) => e.text.includes('ALPHA-2')));
    expect(posted.channel).toBe(h.slack.defaultChannel);
    const issue = h.jira.issue('ALPHA-2');
    expect(issue).toMatchObject({
      summary: 'Fix the login page',
      reporter: JIRA.ada,
      creator: JIRA.ada,
      priority: 'High',
      labels: ['login', 'ui', 'frontend'],
      duedate: '2026-12-24',
    });
    expect(JSON.stringify(issue?.description)).toContain('Since Monday.');
    const creates = h.jira.requests.filter((r) => r.method === 'POST' && r.apiPath === '/rest/api/3/issue');
    expect(creates.map((r) => r.actor)).toEqual([JIRA.ada]);
    expect(h.slack.openModals(SLACK.ada)).toEqual([]);
  });
});

describe('the create form', () => {
  it('renders required custom fields and sends them to Jira', async () => {
    await h.slack.sendCommand({ user: SLACK.ada, text: 'create CUST Renew the contract' });
    const modal = await modalShowing(SLACK.ada, 'create_field_customfield_10050');
    const blocks = JSON.stringify(modal.blocks);
    expect(blocks).toContain('"Customer"');
    expect(blocks).toContain('"number_input"');
    await h.slack.submitModal(SLACK.ada, modal.id, { Customer: 'Globex', 'Story points': '3.5' });
    await h.slack.waitFor(() => h.jira.issue('CUST-1'));
    expect(h.jira.issue('CUST-1')?.customFields).toMatchObject({
      customfield_10050: { id: '20002', value: 'Globex' },
      customfield_10051: 3.5,
    });
  });

  it('sends the user to Jira with a prefilled link when a required field cannot be shown', async () => {
    await h.slack.sendCommand({ user: SLACK.ada, text: 'create CUST Angry customer' });
    const first = await modalShowing(SLACK.ada, 'create_field_customfield_10050');
    await h.slack.sendBlockAction({
      user: SLACK.ada,
      actionId: 'create_issue_type',
      selectedOption: { value: '10011' },
      container: { type: 'view', viewId: first.id },
    });
    const modal = await modalShowing(SLACK.ada, 'Create in Jira');
    expect(JSON.stringify(modal.blocks)).toContain('Region and country');
    expect(modal.submit).toBeUndefined();
    const click = await h.slack.click(SLACK.ada, { viewId: modal.id }, 'Create in Jira');
    const url = new URL(click.url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${SITE.url}/secure/CreateIssueDetails!init.jspa`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      pid: '10777',
      issuetype: '10011',
      summary: 'Angry customer',
    });
  });

  it('shows Jira’s own validation error under the field and keeps what was typed', async () => {
    await h.connectUser(SLACK.bob, JIRA.bob);
    await h.slack.sendCommand({ user: SLACK.ada, text: 'create BETA Launch checklist' });
    const modal = await modalShowing(SLACK.ada, 'create_field_assignee');
    // Bob is connected, so he maps to his Jira account; but he can't browse BETA, so Jira refuses him.
    await h.slack.submitModal(SLACK.ada, modal.id, { Assignee: SLACK.bob, Labels: 'launch' });
    const errors = h.slack.viewErrors(modal.id);
    expect(errors?.create_field_assignee).toContain('cannot be assigned');
    const still = h.slack.openModals(SLACK.ada).at(-1);
    expect(still?.state.values.create_field_summary?.create_value?.value).toBe('Launch checklist');
    expect(still?.state.values.create_field_labels?.create_value?.value).toBe('launch');
    expect(h.jira.issue('BETA-2')).toBeUndefined();
  });

  it('says when a picked person can’t be matched to a Jira account', async () => {
    await h.slack.sendCommand({ user: SLACK.ada, text: 'create ALPHA Pair on this' });
    const modal = await modalShowing(SLACK.ada, 'create_field_assignee');
    await h.slack.submitModal(SLACK.ada, modal.id, { Assignee: SLACK.grace });
    expect(h.slack.viewErrors(modal.id)?.create_field_assignee).toContain(
      'We couldn’t find Grace’s Jira account: they haven’t connected Jira Bridge and their email isn’t visible in Jira',
    );
    await h.slack.submitModal(SLACK.ada, modal.id, { Assignee: SLACK.ada });
    await h.slack.waitFor(() => h.jira.issue('ALPHA-2'));
    expect(h.jira.issue('ALPHA-2')?.assignee).toBe(JIRA.ada);
  });

  it('opens within Slack’s trigger window and fills in when Jira is slower than 3 seconds', async () => {
    h.jira.fault({ path: /createmeta|permissions/ }, { delayMs: 3500 });
    await h.slack.sendCommand({ user: SLACK.ada, text: 'create ALPHA Slow day' });
    const loading = await modalShowing(SLACK.ada, 'Loading');
    expect(loading.submit).toBeUndefined();
    const modal = await modalShowing(SLACK.ada, 'create_field_summary', 8000);
    expect(JSON.stringify(modal.blocks)).toContain('Slow day');
  });

  it('answers a slow create with a Creating… view and shows the result there', async () => {
    await h.slack.sendCommand({ user: SLACK.ada, text: 'create ALPHA Patience' });
    const modal = await modalShowing(SLACK.ada, 'create_field_summary');
    h.jira.fault({ method: 'POST', path: /\/rest\/api\/3\/issue$/ }, { delayMs: 3000 });
    await h.slack.submitModal(SLACK.ada, modal.id, {});
    expect(JSON.stringify(h.slack.view(modal.id)?.blocks)).toContain('Creating your issue');
    const done = await modalShowing(SLACK.ada, 'ALPHA-2', 8000);
    expect(JSON.stringify(done.blocks)).toContain('Created');
    expect(h.jira.issue('ALPHA-2')?.reporter).toBe(JIRA.ada);
  });
});

describe('who may create where', () => {
  it('offers only projects the user may create in', async () => {
    await h.connectUser(SLACK.grace, JIRA.grace);
    await h.slack.sendCommand({ user: SLACK.grace, text: 'create' });
    const modal = await modalShowing(SLACK.grace, 'create_project');
    const options = JSON.stringify(modal.blocks);
    expect(options).toContain('"ALPHA"');
    expect(options).not.toContain('"BETA"');
    expect(options).not.toContain('"GAMMA"');
    // Naming a project she can see but not create in says so, without opening its fields.
    await h.slack.closeModal(SLACK.grace, modal.id);
    await h.slack.sendCommand({ user: SLACK.grace, text: 'create GAMMA Something' });
    const refused = await modalShowing(SLACK.grace, 'can’t create issues in GAMMA');
    expect(JSON.stringify(refused.blocks)).not.toContain('create_type');
  });

  it('refuses a forged submission naming a project the user can’t create in', async () => {
    await h.connectUser(SLACK.grace, JIRA.grace);
    await h.slack.sendCommand({ user: SLACK.grace, text: 'create ALPHA Sneaky' });
    const modal = await modalShowing(SLACK.grace, 'create_field_summary');
    const values = {
      ...modal.state.values,
      create_project: {
        create_issue_project: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Gamma (GAMMA)' }, value: 'GAMMA' },
        },
      },
    };
    await h.slack.sendViewSubmission({ user: SLACK.grace, viewId: modal.id, values });
    expect(h.slack.viewErrors(modal.id)?.create_field_summary).toContain('can’t create issues in GAMMA');
    expect(h.jira.count({ method: 'POST', path: '/rest/api/3/issue' })).toBe(0);
  });

  it('asks an unconnected user to connect instead of opening a form', async () => {
    const reply = await h.command(SLACK.bob, 'create ALPHA Hello');
    expect(JSON.stringify(reply)).toContain('Connect your Jira account');
    expect(h.slack.callsTo('views.open')).toEqual([]);
  });
});

describe('the Create Jira issue message shortcut', () => {
  it('prefills from the message, replies in its thread and links the issue back to it', async () => {
    const ts = h.slack.addMessage(h.slack.defaultChannel, {
      user: SLACK.grace,
      text: 'Checkout fails for &lt;EU&gt; cards\nSee <https://status.example.com|the status page>',
    });
    await h.slack.sendShortcut({
      user: SLACK.ada,
      callbackId: 'create_jira_issue',
      channel: h.slack.defaultChannel,
      message: { ts, text: 'ignored: already seeded', user: SLACK.grace },
    });
    const first = await modalShowing(SLACK.ada, 'create_project');
    expect(JSON.stringify(first.blocks)).toContain('Checkout fails for <EU> cards');
    await h.slack.sendBlockAction({
      user: SLACK.ada,
      actionId: 'create_issue_project',
      selectedOption: { value: 'ALPHA' },
      container: { type: 'view', viewId: first.id },
    });
    const modal = await modalShowing(SLACK.ada, 'create_field_priority');
    await h.slack.submitModal(SLACK.ada, modal.id, {});
    const reply = await h.slack.waitFor(() =>
      h.slack.messagesIn(h.slack.defaultChannel).find((m) => m.thread_ts === ts && m.text.includes('ALPHA-2')),
    );
    expect(reply.text).toContain(`<@${SLACK.ada}> created`);
    const issue = h.jira.issue('ALPHA-2');
    expect(issue?.summary).toBe('Checkout fails for <EU> cards');
    const permalink = `https://jira-bridge-test.slack.com/archives/${h.slack.defaultChannel}/p${ts.replace('.', '')}`;
    expect(issue?.remoteLinks.map((l) => l.object.url)).toEqual([permalink]);
    const description = JSON.stringify(issue?.description);
    expect(description).toContain('the status page (https://status.example.com)');
    expect(description).toContain(permalink);
    const acts = h.jira.requests.filter((r) => r.method === 'POST' && r.apiPath.startsWith('/rest/api/3/issue'));
    expect(new Set(acts.map((r) => r.actor))).toEqual(new Set([JIRA.ada]));
    expect(acts.map((r) => r.apiPath)).toEqual(['/rest/api/3/issue', '/rest/api/3/issue/ALPHA-2/remotelink']);
  });

  it('confirms ephemerally when the bot can’t post in the thread', async () => {
    const ts = h.slack.addMessage(h.slack.defaultChannel, { user: SLACK.grace, text: 'Printer on fire' });
    await h.slack.sendShortcut({
      user: SLACK.ada,
      callbackId: 'create_jira_issue',
      channel: h.slack.defaultChannel,
      message: { ts, text: 'Printer on fire', user: SLACK.grace },
    });
    const first = await modalShowing(SLACK.ada, 'create_project');
    await h.slack.sendBlockAction({
      user: SLACK.ada,
      actionId: 'create_issue_project',
      selectedOption: { value: 'ALPHA' },
      container: { type: 'view', viewId: first.id },
    });
    const modal = await modalShowing(SLACK.ada, 'create_field_priority');
    h.slack.failNext('chat.postMessage', 'not_in_channel');
    await h.slack.submitModal(SLACK.ada, modal.id, {});
    const note = await h.slack.waitFor(() => h.slack.ephemeralsTo(SLACK.ada).find((e) => e.text.includes('ALPHA-2')));
    expect(note.channel).toBe(h.slack.defaultChannel);
    expect(h.slack.messagesIn(h.slack.defaultChannel).filter((m) => m.thread_ts === ts)).toEqual([]);
  });
});

describe('the Home tab', () => {
  it('has a Create issue button for connected users that opens the form and confirms by DM', async () => {
    await h.slack.openHome(SLACK.ada);
    const home = await h.waitForHome(SLACK.ada, (v) => JSON.stringify(v.blocks).includes('Create issue'));
    await h.slack.click(SLACK.ada, { viewId: home.id }, 'Create issue');
    const first = await modalShowing(SLACK.ada, 'create_project');
    await h.slack.sendBlockAction({
      user: SLACK.ada,
      actionId: 'create_issue_project',
      selectedOption: { value: 'ALPHA' },
      container: { type: 'view', viewId: first.id },
    });
    const modal = await modalShowing(SLACK.ada, 'create_field_priority');
    await h.slack.submitModal(SLACK.ada, modal.id, { Summary: 'From Home' });
    const dm = await h.slack.waitFor(() => h.slack.dmsTo(SLACK.ada).find((m) => m.text.includes('ALPHA-2')));
    expect(dm.text).toContain('From Home');
  });
});
