import { describe, expect, it } from 'vitest';
import type { CreateMetaField } from '../../../src/jira/types.js';
import {
  createInJiraUrl,
  type FieldPlan,
  fieldBlock,
  jiraErrorsToBlocks,
  kindOf,
  messagePrefill,
  parseState,
  planFields,
  splitProjectAndSummary,
  toJiraFields,
  valuesFromState,
} from '../../../src/slack/create-fields.js';

const CF = 'com.atlassian.jira.plugin.system.customfieldtypes';

const aField = (over: Partial<CreateMetaField> & Pick<CreateMetaField, 'fieldId' | 'schema'>): CreateMetaField => ({
  key: over.fieldId,
  name: over.fieldId,
  required: false,
  ...over,
});

describe('the createmeta → Block Kit mapping table', () => {
  it.each([
    ['summary', { type: 'string', system: 'summary' }, 'summary'],
    ['description', { type: 'string', system: 'description' }, 'description'],
    ['priority', { type: 'priority', system: 'priority' }, 'priority'],
    ['assignee', { type: 'user', system: 'assignee' }, 'assignee'],
    ['labels', { type: 'array', items: 'string', system: 'labels' }, 'labels'],
    ['duedate', { type: 'date', system: 'duedate' }, 'duedate'],
    ['components', { type: 'array', items: 'component', system: 'components' }, 'components'],
    ['environment', { type: 'string', system: 'environment' }, 'textarea'],
    ['customfield_1', { type: 'string', custom: `${CF}:textfield` }, 'text'],
    ['customfield_2', { type: 'string', custom: `${CF}:textarea` }, 'textarea'],
    ['customfield_3', { type: 'number', custom: `${CF}:float` }, 'number'],
    ['customfield_4', { type: 'option', custom: `${CF}:select` }, 'option'],
    ['customfield_5', { type: 'array', items: 'option', custom: `${CF}:multiselect` }, 'options'],
    ['customfield_6', { type: 'user', custom: `${CF}:userpicker` }, 'user'],
    ['customfield_7', { type: 'date', custom: `${CF}:datepicker` }, 'date'],
    ['customfield_8', { type: 'array', items: 'string', custom: `${CF}:labels` }, 'strings'],
    ['customfield_9', { type: 'option-with-child', custom: `${CF}:cascadingselect` }, null],
    ['attachment', { type: 'array', items: 'attachment', system: 'attachment' }, null],
    ['parent', { type: 'issuelink', system: 'parent' }, null],
    ['customfield_10', { type: 'datetime', custom: `${CF}:datetime` }, null],
    ['customfield_11', { type: 'any', custom: 'com.example:weird' }, null],
  ] as const)('%s (%j) renders as %s', (fieldId, schema, kind) => {
    expect(kindOf({ fieldId, schema: { ...schema } })).toBe(kind);
  });

  it('maps each kind to the element Slack has for it', () => {
    const plans: FieldPlan[] = [
      { id: 'summary', name: 'Summary', kind: 'summary', required: true },
      { id: 'description', name: 'Description', kind: 'description', required: false },
      { id: 'customfield_3', name: 'Points', kind: 'number', required: true },
      { id: 'priority', name: 'Priority', kind: 'priority', required: false, options: [{ id: '1', label: 'High' }] },
      { id: 'customfield_5', name: 'Teams', kind: 'options', required: true, options: [{ id: '9', label: 'Red' }] },
      { id: 'assignee', name: 'Assignee', kind: 'assignee', required: false },
      { id: 'labels', name: 'Labels', kind: 'labels', required: false },
      { id: 'duedate', name: 'Due date', kind: 'duedate', required: false },
    ];
    const elements = plans.map((p) => {
      const b = fieldBlock(p);
      return [b.block_id, b.optional, b.element.type, 'multiline' in b.element ? b.element.multiline : undefined];
    });
    expect(elements).toEqual([
      ['create_field_summary', false, 'plain_text_input', undefined],
      ['create_field_description', true, 'plain_text_input', true],
      ['create_field_customfield_3', false, 'number_input', undefined],
      ['create_field_priority', true, 'static_select', undefined],
      ['create_field_customfield_5', false, 'multi_static_select', undefined],
      ['create_field_assignee', true, 'users_select', undefined],
      ['create_field_labels', true, 'plain_text_input', undefined],
      ['create_field_duedate', true, 'datepicker', undefined],
    ]);
  });
});

describe('planFields', () => {
  const summary = aField({
    fieldId: 'summary',
    name: 'Summary',
    required: true,
    schema: { type: 'string', system: 'summary' },
  });
  const options = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1), value: `Option ${i + 1}` }));

  it('shows the standard fields, and other fields only when required, summary first', () => {
    const plan = planFields([
      aField({
        fieldId: 'customfield_1',
        name: 'Team',
        required: true,
        schema: { type: 'string', custom: `${CF}:textfield` },
      }),
      aField({ fieldId: 'customfield_2', name: 'Notes', schema: { type: 'string', custom: `${CF}:textfield` } }),
      aField({
        fieldId: 'reporter',
        required: true,
        hasDefaultValue: true,
        schema: { type: 'user', system: 'reporter' },
      }),
      aField({ fieldId: 'issuetype', required: true, schema: { type: 'issuetype', system: 'issuetype' } }),
      summary,
    ]);
    expect(plan.inputs.map((p) => p.id)).toEqual(['summary', 'customfield_1']);
    expect(plan.blocking).toEqual([]);
  });

  it('blocks on a required field it cannot render, unless Jira has a default for it', () => {
    const plan = planFields([
      summary,
      aField({ fieldId: 'customfield_9', name: 'Region', required: true, schema: { type: 'option-with-child' } }),
      aField({
        fieldId: 'customfield_10',
        name: 'When',
        required: true,
        hasDefaultValue: true,
        schema: { type: 'datetime' },
      }),
    ]);
    expect(plan.blocking).toEqual([{ id: 'customfield_9', name: 'Region' }]);
  });

  it('treats a select with more than 100 options as unrenderable, and skips an optional one', () => {
    const plan = planFields([
      summary,
      aField({
        fieldId: 'customfield_4',
        name: 'Big',
        required: true,
        schema: { type: 'option' },
        allowedValues: options(101),
      }),
      aField({
        fieldId: 'components',
        schema: { type: 'array', items: 'component', system: 'components' },
        allowedValues: [],
      }),
    ]);
    expect(plan.blocking.map((b) => b.id)).toEqual(['customfield_4']);
    expect(plan.inputs.map((p) => p.id)).toEqual(['summary']);
  });

  it('starts selects at Jira’s default value', () => {
    const plan = planFields([
      aField({
        fieldId: 'priority',
        schema: { type: 'priority', system: 'priority' },
        allowedValues: [
          { id: '2', name: 'High' },
          { id: '3', name: 'Medium' },
        ],
        hasDefaultValue: true,
        defaultValue: { id: '3', name: 'Medium' },
      }),
    ]);
    expect(plan.inputs[0]).toMatchObject({ kind: 'priority', initial: '3' });
    expect(fieldBlock(plan.inputs[0]!).element).toMatchObject({ initial_option: { value: '3' } });
  });

  it('keeps within Slack’s block limit by leaving optional fields out first', () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      aField({ fieldId: `customfield_${i}`, name: `F${i}`, required: true, schema: { type: 'string' } }),
    );
    const plan = planFields(
      [summary, aField({ fieldId: 'labels', schema: { type: 'array', items: 'string', system: 'labels' } }), ...many],
      4,
    );
    expect(plan.inputs.map((p) => p.id)).toEqual(['summary', 'customfield_0', 'customfield_1', 'customfield_2']);
    expect(plan.blocking.map((b) => b.id)).toEqual(['customfield_4', 'customfield_3']);
  });
});

describe('the modal state → Jira fields', () => {
  const plans: FieldPlan[] = [
    { id: 'summary', name: 'Summary', kind: 'summary', required: true },
    { id: 'description', name: 'Description', kind: 'description', required: false },
    { id: 'priority', name: 'Priority', kind: 'priority', required: false },
    { id: 'assignee', name: 'Assignee', kind: 'assignee', required: false },
    { id: 'labels', name: 'Labels', kind: 'labels', required: false },
    { id: 'duedate', name: 'Due date', kind: 'duedate', required: false },
    { id: 'components', name: 'Components', kind: 'components', required: false },
    { id: 'customfield_3', name: 'Points', kind: 'number', required: true },
    { id: 'customfield_4', name: 'Customer', kind: 'option', required: true },
    { id: 'customfield_5', name: 'Notes', kind: 'textarea', required: false },
  ];
  const v = (type: string, value: Record<string, unknown>) => ({ create_value: { type, ...value } });
  const state = parseState({
    create_field_summary: v('plain_text_input', { value: '  Fix login  ' }),
    create_field_description: v('plain_text_input', { value: 'Line one\nLine two' }),
    create_field_priority: v('static_select', {
      selected_option: { value: '2', text: { type: 'plain_text', text: 'High' } },
    }),
    create_field_assignee: v('users_select', { selected_user: 'U0ADA00001' }),
    create_field_labels: v('plain_text_input', { value: 'ui, login  ui\nbackend' }),
    create_field_duedate: v('datepicker', { selected_date: '2026-12-24' }),
    create_field_components: v('multi_static_select', { selected_options: [{ value: '7' }, { value: '8' }] }),
    create_field_customfield_3: v('number_input', { value: '2.5' }),
    create_field_customfield_4: v('static_select', { selected_option: { value: '20001' } }),
    create_field_customfield_5: v('plain_text_input', { value: null }),
  });

  it('turns every kind into the shape Jira’s create takes, people left to be matched', () => {
    const draft = toJiraFields(valuesFromState(state, plans), plans, {
      projectKey: 'ALPHA',
      issueTypeId: '10001',
      linkBack: { url: 'https://x.slack.com/archives/C1/p1', text: 'Created from a Slack message' },
    });
    expect(draft.errors).toEqual({});
    expect(draft.people).toEqual([{ fieldId: 'assignee', slackUserId: 'U0ADA00001' }]);
    expect(draft.fields).toEqual({
      project: { key: 'ALPHA' },
      issuetype: { id: '10001' },
      summary: 'Fix login',
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Line one' }, { type: 'hardBreak' }, { type: 'text', text: 'Line two' }],
          },
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: 'Created from a Slack message',
                marks: [{ type: 'link', attrs: { href: 'https://x.slack.com/archives/C1/p1' } }],
              },
            ],
          },
        ],
      },
      priority: { id: '2' },
      labels: ['ui', 'login', 'backend'],
      duedate: '2026-12-24',
      components: [{ id: '7' }, { id: '8' }],
      customfield_3: 2.5,
      customfield_4: { id: '20001' },
    });
  });

  it('reports empty required fields by block_id, without asking Jira', () => {
    const draft = toJiraFields({ summary: '   ' }, plans, { projectKey: 'ALPHA', issueTypeId: '10001' });
    expect(draft.errors).toEqual({
      create_field_summary: 'Enter a summary.',
      create_field_customfield_3: 'Points is required.',
      create_field_customfield_4: 'Customer is required.',
    });
  });

  it('puts Jira’s errors under the fields shown and the rest under the summary', () => {
    const errors = jiraErrorsToBlocks(
      { fieldErrors: { assignee: "User 'x' cannot be assigned issues.", customfield_77: 'Bad' }, messages: ['Nope.'] },
      plans,
      'create_field_summary',
    );
    expect(errors).toEqual({
      create_field_assignee: "User 'x' cannot be assigned issues.",
      create_field_summary: 'Jira refused the issue: Nope. customfield_77: Bad',
    });
  });
});

describe('createInJiraUrl', () => {
  it('prefills Jira’s create screen with the project, type, summary and description', () => {
    const url = createInJiraUrl('https://acme.atlassian.net/', {
      projectId: '10777',
      issueTypeId: '10011',
      summary: 'A & B',
      description: 'x y',
    });
    expect(url).toBe(
      'https://acme.atlassian.net/secure/CreateIssueDetails!init.jspa?pid=10777&issuetype=10011&summary=A%20%26%20B&description=x%20y',
    );
  });

  it('shortens a long description to keep the link within 3000 characters', () => {
    const url = createInJiraUrl('https://acme.atlassian.net', {
      projectId: '1',
      issueTypeId: '2',
      summary: 'S',
      description: 'ü'.repeat(3000),
    });
    expect(url.length).toBeLessThanOrEqual(3000);
    expect(new URL(url).searchParams.get('description')).toMatch(/^ü+…$/);
  });
});

describe('messagePrefill', () => {
  it('takes the first line as the summary and the readable text as the description', () => {
    const pre = messagePrefill(
      '\nCheckout &amp; pay fails <@U0ADA00001>\nSee <https://status.example.com|status> and <#C123|ops> <!here>',
      { U0ADA00001: 'Ada' },
    );
    expect(pre).toEqual({
      summary: 'Checkout & pay fails @Ada',
      description: 'Checkout & pay fails @Ada\nSee status (https://status.example.com) and #ops @here',
    });
  });

  it('keeps the summary within 255 characters', () => {
    expect(messagePrefill('x'.repeat(400)).summary).toHaveLength(255);
  });
});

describe('splitProjectAndSummary', () => {
  it.each([
    ['alpha Fix it', { projectKey: 'ALPHA', summary: 'Fix it' }],
    ['BETA Launch', { refusedKey: 'BETA', summary: 'Launch' }],
    ['HR Salary', { summary: 'HR Salary' }],
    ['Fix the build', { summary: 'Fix the build' }],
    ['', { summary: '' }],
  ])('reads %j', (text, expected) => {
    expect(splitProjectAndSummary(text, ['ALPHA'], ['ALPHA', 'BETA'])).toEqual(expected);
  });
});
