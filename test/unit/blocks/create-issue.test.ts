import { describe, expect, it } from 'vitest';
import {
  type CreateForm,
  type CreateMeta,
  createdModal,
  createIssueModal,
  creatingModal,
  decodeMeta,
  encodeMeta,
  errorModal,
  loadingModal,
  metaPlans,
  planTuples,
  STARTER_FIELDS,
} from '../../../src/slack/blocks/create-issue.js';
import type { FieldPlan } from '../../../src/slack/create-fields.js';
import { validateView } from '../../support/slack/block-kit.js';

const meta: CreateMeta = {
  v: 1,
  ch: 'C0GENERAL1',
  src: { ch: 'C0GENERAL1', ts: '1700000000.000100', link: 'https://t.slack.com/archives/C0GENERAL1/p1700000000000100' },
};
const projects = [
  { id: '10000', key: 'ALPHA', name: 'Alpha' },
  { id: '10001', key: 'CUST', name: 'Customers <&> Partners' },
];
const types = [
  { id: '10001', name: 'Task' },
  { id: '10002', name: 'Bug' },
];
const inputs: FieldPlan[] = [
  ...STARTER_FIELDS,
  {
    id: 'priority',
    name: 'Priority',
    kind: 'priority',
    required: false,
    options: [
      { id: '2', label: 'High' },
      { id: '3', label: 'Medium' },
    ],
    initial: '3',
  },
  { id: 'assignee', name: 'Assignee', kind: 'assignee', required: false },
  { id: 'labels', name: 'Labels', kind: 'labels', required: false },
  { id: 'duedate', name: 'Due date', kind: 'duedate', required: false },
  { id: 'customfield_10051', name: 'Story points', kind: 'number', required: true },
];

const forms: Record<string, CreateForm> = {
  'before a project is chosen': {
    meta,
    projects,
    inputs: STARTER_FIELDS,
    values: { summary: 'Checkout fails', description: 'Checkout fails\nfor EU cards' },
  },
  'a project the person may not create in was named': {
    meta: { v: 1 },
    projects,
    inputs: STARTER_FIELDS,
    values: {},
    notice: ':warning: You can’t create issues in BETA. Choose another project.',
  },
  'the fields of a type, with answers kept': {
    meta: { ...meta, p: 'ALPHA', pid: '10000', t: '10001', f: planTuples(inputs) },
    projects,
    project: projects[0],
    types,
    typeId: '10001',
    inputs,
    values: { summary: 'Fix login', priority: '2', assignee: 'U0ADA00001', duedate: '2026-12-24' },
  },
  'a required field Slack can’t show': {
    meta: { v: 1, p: 'CUST', pid: '10001', t: '10002', f: [] },
    projects,
    project: projects[1],
    types,
    typeId: '10002',
    inputs: [],
    values: {},
    blocking: [{ name: 'Region and country' }],
    createInJiraUrl:
      'https://acme.atlassian.net/secure/CreateIssueDetails!init.jspa?pid=10001&issuetype=10002&summary=Angry',
  },
  'no project to create in': { meta: { v: 1 }, projects: [], inputs: [], values: {} },
  'a project without a creatable issue type': {
    meta: { v: 1, p: 'ALPHA', pid: '10000' },
    projects,
    project: projects[0],
    types: [],
    inputs: [],
    values: {},
  },
};

describe('the create-issue modal', () => {
  for (const [name, form] of Object.entries(forms)) {
    it(`renders valid Block Kit when ${name}`, () => {
      const view = createIssueModal(form);
      expect(validateView(view, 'modal')).toEqual([]);
      expect(view).toMatchSnapshot();
    });
  }

  it('has no submit button when it offers Create in Jira instead', () => {
    expect(createIssueModal(forms['a required field Slack can’t show']!).submit).toBeUndefined();
    expect(createIssueModal(forms['the fields of a type, with answers kept']!).submit).toEqual({
      type: 'plain_text',
      text: 'Create',
    });
  });

  it('offers at most 100 projects, always including the chosen one', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ id: String(i), key: `P${i}`, name: `Project ${i}` }));
    const view = createIssueModal({
      meta: { v: 1 },
      projects: many,
      project: many[140],
      inputs: STARTER_FIELDS,
      values: {},
    });
    expect(validateView(view, 'modal')).toEqual([]);
    const select = JSON.stringify(view.blocks[0]);
    expect((select.match(/"value"/g) ?? []).length).toBe(101); // 100 options + the initial option
    expect(select).toContain('"P140"');
    expect(JSON.stringify(view.blocks)).toContain('Showing 100 of your 150 projects');
  });

  it.each([
    ['loading', loadingModal(meta)],
    ['creating', creatingModal()],
    [
      'created',
      createdModal({ key: 'ALPHA-2', url: 'https://acme.atlassian.net/browse/ALPHA-2', summary: 'Fix <login>' }),
    ],
    [
      'error with a button',
      errorModal({
        text: 'Connect your Jira account.',
        button: { text: 'Connect your Jira account', url: 'https://app.example/connect', actionId: 'connect_user' },
      }),
    ],
  ])('renders the %s view', (_name, view) => {
    expect(validateView(view, 'modal')).toEqual([]);
    expect(view).toMatchSnapshot();
  });
});

describe('private_metadata', () => {
  it('round-trips what the modal remembers', () => {
    const m: CreateMeta = { ...meta, p: 'ALPHA', t: '10001', f: planTuples(inputs) };
    const back = decodeMeta(encodeMeta(m));
    expect(back).toEqual(m);
    expect(metaPlans(back!).map((p) => [p.id, p.kind, p.required])).toEqual(
      inputs.map((p) => [p.id, p.kind, p.required]),
    );
  });

  it('refuses anything that is not what the modal wrote', () => {
    expect(decodeMeta('{"v":2}')).toBeNull();
    expect(decodeMeta('not json')).toBeNull();
    expect(decodeMeta(JSON.stringify({ v: 1, f: [['summary', 'rocket', 1, 'x']] }))).toBeNull();
  });

  it('stays within 3000 characters by shedding field names, then carried text', () => {
    const lots: FieldPlan[] = Array.from({ length: 60 }, (_, i) => ({
      id: `customfield_${10000 + i}`,
      name: `A rather long custom field name ${i}`,
      kind: 'text',
      required: true,
    }));
    const encoded = encodeMeta({ v: 1, f: planTuples(lots), carry: { d: 'x'.repeat(1500) } });
    expect(encoded.length).toBeLessThanOrEqual(3000);
    expect(decodeMeta(encoded)?.f).toHaveLength(60);
  });
});
