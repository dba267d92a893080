import { describe, expect, it } from 'vitest';
import {
  checkWebhookFilter,
  evaluateJql,
  isBounded,
  JqlError,
  type JqlIssueView,
  parseJql,
  referencedValues,
  sortIssues,
} from '../../support/jira/jql.js';

const NOW = Date.parse('2025-06-15T12:00:00.000Z');

function issue(over: Partial<JqlIssueView> & { key: string }): JqlIssueView {
  return {
    project: over.key.split('-')[0]!,
    summary: '',
    description: '',
    status: 'To Do',
    statusCategory: 'To Do',
    issuetype: 'Task',
    priority: 'Medium',
    assignee: null,
    reporter: 'acc-alice',
    labels: [],
    created: '2025-06-01T09:00:00.000+0000',
    updated: '2025-06-01T09:00:00.000+0000',
    comments: [],
    ...over,
  };
}

const ALPHA1 = issue({
  key: 'ALPHA-1',
  id: '10001',
  summary: 'Login page crashes on Safari',
  description: 'Steps: open the login page in Safari 17.',
  status: 'In Progress',
  statusCategory: 'In Progress',
  issuetype: 'Bug',
  priority: 'High',
  assignee: 'acc-bob',
  labels: ['frontend', 'urgent'],
  created: '2025-06-10T08:00:00.000+0000',
  updated: '2025-06-14T08:00:00.000+0000',
  comments: ['Reproduced on the staging cluster'],
});
const ALPHA2 = issue({
  key: 'ALPHA-2',
  id: '10002',
  summary: 'Write release notes',
  status: 'Done',
  statusCategory: 'Done',
  priority: null,
  created: '2025-06-12T08:00:00.000+0000',
});
const ALPHA10 = issue({ key: 'ALPHA-10', summary: 'Crash reporter uploads', assignee: 'acc-alice', priority: 'Low' });
const BETA1 = issue({
  key: 'BETA-1',
  summary: 'SECRET roadmap',
  labels: ['backend'],
  priority: 'Highest',
  created: '2025-05-01T08:00:00.000+0000',
});
const ALL = [ALPHA1, ALPHA2, ALPHA10, BETA1];

function keysMatching(jql: string, ctx: { currentAccountId?: string } = {}): string[] {
  const q = parseJql(jql);
  return ALL.filter((i) => evaluateJql(q, i, { ...ctx, now: NOW })).map((i) => i.key);
}

function jqlErrorOf(jql: string): string {
  try {
    parseJql(jql);
  } catch (e) {
    if (e instanceof JqlError) return e.message;
    throw e;
  }
  throw new Error(`expected ${jql} to be refused`);
}

describe('evaluating JQL against issues', () => {
  it.each<[string, string[]]>([
    ['project = ALPHA', ['ALPHA-1', 'ALPHA-2', 'ALPHA-10']],
    ['project = alpha', ['ALPHA-1', 'ALPHA-2', 'ALPHA-10']],
    ['PROJECT = "BETA"', ['BETA-1']],
    ["project = 'BETA'", ['BETA-1']],
    ['project != ALPHA', ['BETA-1']],
    ['project in (ALPHA, BETA) AND status = "in progress"', ['ALPHA-1']],
    ['key = ALPHA-1', ['ALPHA-1']],
    ['issuekey in (alpha-2, BETA-1)', ['ALPHA-2', 'BETA-1']],
    ['id = 10002', ['ALPHA-2']],
    ['status != Done AND project = ALPHA', ['ALPHA-1', 'ALPHA-10']],
    ['statusCategory = Done', ['ALPHA-2']],
    ['statusCategory != done', ['ALPHA-1', 'ALPHA-10', 'BETA-1']],
    ['statusCategory = "In Progress"', ['ALPHA-1']],
    ['issuetype = Bug', ['ALPHA-1']],
    ['type != Bug', ['ALPHA-2', 'ALPHA-10', 'BETA-1']],
    ['priority = high', ['ALPHA-1']],
    ['priority IS EMPTY', ['ALPHA-2']],
    ['priority is null', ['ALPHA-2']],
    ['priority = EMPTY', ['ALPHA-2']],
    ['priority not in (High, Low)', ['BETA-1']],
    ['priority in (High, EMPTY)', ['ALPHA-1', 'ALPHA-2']],
    ['assignee IS NOT EMPTY', ['ALPHA-1', 'ALPHA-10']],
    ['assignee = acc-bob', ['ALPHA-1']],
    ['assignee != acc-bob', ['ALPHA-10']],
    ['NOT assignee = acc-bob', ['ALPHA-10']],
    ['reporter = "acc-alice" AND project = BETA', ['BETA-1']],
    ['labels = urgent', ['ALPHA-1']],
    ['labels in (backend, frontend)', ['ALPHA-1', 'BETA-1']],
    ['labels not in (urgent)', ['BETA-1']],
    ['labels is EMPTY', ['ALPHA-2', 'ALPHA-10']],
    ['summary ~ crash', ['ALPHA-1', 'ALPHA-10']],
    ['summary ~ crashes', ['ALPHA-1', 'ALPHA-10']],
    ['summary ~ "the crash"', ['ALPHA-1', 'ALPHA-10']],
    ['summary ~ "saf?ri"', ['ALPHA-1']],
    ['summary ~ "rep*"', ['ALPHA-10']],
    ['summary ~ "CRASHES safari"', ['ALPHA-1']],
    ['summary ~ "safari release"', []],
    ['summary ~ "\\"login page\\""', ['ALPHA-1']],
    ['summary ~ "\\"page login\\""', []],
    ['summary !~ "crash*"', ['ALPHA-2', 'BETA-1']],
    ['description ~ steps', ['ALPHA-1']],
    ['description IS EMPTY', ['ALPHA-2', 'ALPHA-10', 'BETA-1']],
    ['text ~ staging', ['ALPHA-1']],
    ['comment ~ "staging cluster"', ['ALPHA-1']],
    ['text ~ "release notes"', ['ALPHA-2']],
    ['created >= "2025-06-10"', ['ALPHA-1', 'ALPHA-2']],
    ['created < "2025/06/01 09:00"', ['BETA-1']],
    ['created = "2025-06-01 09:00"', ['ALPHA-10']],
    ['updated >= -2d', ['ALPHA-1']],
    ['created > -1w', ['ALPHA-1', 'ALPHA-2']],
    ['created < startOfDay(-30d)', ['BETA-1']],
    ['project = ALPHA AND (priority = Low OR labels = frontend)', ['ALPHA-1', 'ALPHA-10']],
    ['project = BETA OR project = ALPHA AND priority = Low', ['ALPHA-10', 'BETA-1']],
    ['!(project = ALPHA OR project = BETA)', []],
    ['project = ALPHA && priority = Low || project = BETA', ['ALPHA-10', 'BETA-1']],
    ['assignee = "acc\\u002dbob"', ['ALPHA-1']],
  ])('%s selects %j', (jql, keys) => {
    expect(keysMatching(jql)).toEqual(keys);
  });

  it('resolves currentUser() to the caller, and to nobody for an anonymous caller', () => {
    expect(keysMatching('assignee = currentUser()', { currentAccountId: 'acc-alice' })).toEqual(['ALPHA-10']);
    expect(keysMatching('reporter = currentUser() AND project = ALPHA', { currentAccountId: 'acc-alice' })).toEqual([
      'ALPHA-1',
      'ALPHA-2',
      'ALPHA-10',
    ]);
    expect(keysMatching('assignee = currentUser()')).toEqual([]);
  });

  it('pushes NOT down onto the operator like Jira, so a negated match never selects an empty field', () => {
    // NOT (a AND b) is NOT a OR NOT b, and NOT priority = High is priority != High, which skips ALPHA-2 (no priority).
    expect(keysMatching('NOT (project = ALPHA AND priority = High)')).toEqual(['ALPHA-10', 'BETA-1']);
    expect(keysMatching('priority != High')).toEqual(['ALPHA-10', 'BETA-1']);
    expect(keysMatching('priority != High OR priority IS EMPTY')).toEqual(['ALPHA-2', 'ALPHA-10', 'BETA-1']);
  });

  it('selects every issue when the query has no restriction', () => {
    expect(keysMatching('')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-10', 'BETA-1']);
    expect(keysMatching('ORDER BY key')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-10', 'BETA-1']);
  });
});

describe('quoted values cannot break out of their quotes', () => {
  it.each<[string, string]>([
    ['summary ~ "x\\" OR project = SECRET"', 'x" OR project = SECRET'],
    ["summary ~ 'x\\' OR project = SECRET'", "x' OR project = SECRET"],
    ['summary ~ "x\' OR project = SECRET"', "x' OR project = SECRET"],
    ['summary ~ "a) OR (project = SECRET"', 'a) OR (project = SECRET'],
    ['summary ~ "back\\\\slash"', 'back\\slash'],
  ])('%s is one clause on summary whose text is %j', (jql, text) => {
    const q = parseJql(jql);
    expect(q.where).toEqual({
      kind: 'term',
      field: 'summary',
      fieldText: 'summary',
      op: '~',
      operand: { kind: 'single', value: { kind: 'text', text } },
    });
    expect(referencedValues(q).projects).toEqual([]);
    expect(keysMatching(jql)).toEqual([]);
  });

  it('leaves an injected quote after an escaped backslash unterminated, so the whole query is refused', () => {
    expect(jqlErrorOf('summary ~ "x\\\\" OR project = SECRET"')).toBe(
      "Error in the JQL Query: The quoted string '' has not been completed. (line 1, character 36)",
    );
  });
});

describe('refusing JQL that Jira refuses', () => {
  it.each<[string, string]>([
    [
      'project = ALPHA foo',
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 17)",
    ],
    [
      'summary ~ "abc',
      "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)",
    ],
    [
      'reporter=a/user/with/slash',
      "Error in the JQL Query: The character '/' is a reserved JQL character. You must enclose it in a string or use the escape '\\u002f' instead. (line 1, character 11)",
    ],
    [
      'summary ~ x*',
      "Error in the JQL Query: The character '*' is a reserved JQL character. You must enclose it in a string or use the escape '\\u002a' instead. (line 1, character 12)",
    ],
    [
      'project = DO',
      "Error in the JQL Query: 'DO' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)",
    ],
    [
      'project = \\u0061nd',
      "Error in the JQL Query: 'and' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)",
    ],
    [
      'project = AND',
      "Error in the JQL Query: Expecting either a value, list or function but got 'AND'. You must surround 'AND' in quotation marks to use it as a value. (line 1, character 11)",
    ],
    [
      'project = ',
      'Error in the JQL Query: Expecting either a value, list or function before the end of the query. (line 1, character 11)',
    ],
    [
      'project ALPHA',
      "Error in the JQL Query: Expecting operator but got 'ALPHA'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)",
    ],
    ['(project = A', "Error in the JQL Query: Expecting ')' before the end of the query. (line 1, character 13)"],
    ['project in (A, B', "Error in the JQL Query: Expecting ')' before the end of the query. (line 1, character 17)"],
    ['project = A order created', "Error in the JQL Query: Expecting 'by' but got 'created'. (line 1, character 19)"],
    [
      'project = A ORDER BY created sideways',
      "Error in the JQL Query: Expecting either 'ASC' or 'DESC' but got 'sideways'. Use ',' to separate sort fields. (line 1, character 30)",
    ],
    [
      'project = A AND\nsummary ~ "x',
      "Error in the JQL Query: The quoted string 'x' has not been completed. (line 2, character 11)",
    ],
    [
      'summary ~ "bad \\q escape"',
      "Error in the JQL Query: The escape sequence '\\q' in the string 'bad ' is illegal. (line 1, character 16)",
    ],
    ['foo = bar', "Field 'foo' does not exist or you do not have permission to view it."],
    ['cf[10010] = x', "Field 'cf[10010]' does not exist or you do not have permission to view it."],
    ['project ~ ALPHA', "The operator '~' is not supported by the 'project' field."],
    ['summary = "Login"', "The operator '=' is not supported by the 'summary' field."],
    ['priority > High', "The operator '>' is not supported by the 'priority' field."],
    ['project in ALPHA', "Operator 'in' does not support the non-list value '\"ALPHA\"' for field 'project'."],
    ['project = (A, B)', "Operator '=' does not support the list value '(\"A\", \"B\")' for field 'project'."],
    ['assignee is acc-bob', "The operator 'is' only supports the keywords 'EMPTY' and 'NULL' for field 'assignee'."],
    ['key = foo', "The issue key 'foo' for field 'key' is invalid."],
    [
      'created > "yesterday"',
      "Date value 'yesterday' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
    ],
    ['project = myFunc()', "Unable to find JQL function 'myFunc()'."],
    ['project = currentUser()', "A value provided by the function 'currentUser' is invalid for the field 'project'."],
    [
      'summary ~ "*ash"',
      "The text query '*ash' for field 'summary' is not allowed to start with a wildcard character.",
    ],
    ['project = A ORDER BY labels', "Field 'labels' does not support sorting."],
    ['ORDER BY created, created DESC', "The sort field 'created' is referenced multiple times in the JQL sort."],
  ])('%j is refused with %j', (jql, message) => {
    expect(jqlErrorOf(jql)).toBe(message);
  });

  it('takes keywords, field names and functions in any case', () => {
    expect(keysMatching('PrOjEcT = alpha aNd ASSIGNEE iS nOt eMpTy oRdEr By KEY dEsC')).toEqual([
      'ALPHA-1',
      'ALPHA-10',
    ]);
    expect(keysMatching('assignee = CURRENTUSER()', { currentAccountId: 'acc-bob' })).toEqual(['ALPHA-1']);
  });
});

describe('ORDER BY', () => {
  const order = (jql: string): string[] => sortIssues(parseJql(jql), ALL).map((i) => i.key);

  it.each<[string, string[]]>([
    ['ORDER BY key', ['ALPHA-1', 'ALPHA-2', 'ALPHA-10', 'BETA-1']],
    ['ORDER BY key DESC', ['BETA-1', 'ALPHA-10', 'ALPHA-2', 'ALPHA-1']],
    ['project = ALPHA ORDER BY created DESC', ['ALPHA-2', 'ALPHA-1', 'ALPHA-10', 'BETA-1']],
    ['ORDER BY priority DESC, key ASC', ['ALPHA-2', 'BETA-1', 'ALPHA-1', 'ALPHA-10']],
    ['ORDER BY priority, key', ['ALPHA-10', 'ALPHA-1', 'BETA-1', 'ALPHA-2']],
    ['ORDER BY updated DESC, key', ['ALPHA-1', 'ALPHA-2', 'ALPHA-10', 'BETA-1']],
    ['', ['ALPHA-2', 'ALPHA-1', 'ALPHA-10', 'BETA-1']],
  ])('%j sorts to %j', (jql, keys) => {
    expect(order(jql)).toEqual(keys);
  });

  it('returns a sorted copy and leaves the input alone', () => {
    const input = [...ALL];
    sortIssues(parseJql('ORDER BY key DESC'), input);
    expect(input).toEqual(ALL);
  });
});

describe('referencedValues', () => {
  it.each<[string, { projects: string[]; keys: string[] }]>([
    ['project = ALPHA', { projects: ['ALPHA'], keys: [] }],
    [
      'project in (ALPHA, "Beta") OR project != GAMMA AND key in (ALPHA-1, beta-7, 10001)',
      { projects: ['ALPHA', 'Beta', 'GAMMA'], keys: ['ALPHA-1', 'beta-7'] },
    ],
    ['NOT (issuekey = ZED-9 OR project = ZED)', { projects: ['ZED'], keys: ['ZED-9'] }],
    ['project = ALPHA AND project = ALPHA', { projects: ['ALPHA'], keys: [] }],
    ['project IS NOT EMPTY AND summary ~ "project = SECRET"', { projects: [], keys: [] }],
    ['', { projects: [], keys: [] }],
  ])('%j names %j', (jql, expected) => {
    expect(referencedValues(parseJql(jql))).toEqual(expected);
  });
});

describe('isBounded', () => {
  it.each<[string, boolean]>([
    ['', false],
    ['   ', false],
    ['ORDER BY created DESC', false],
    ['project = ALPHA', true],
    ['assignee = currentUser() ORDER BY updated DESC', true],
    ['key in (ALPHA-1, ALPHA-2)', true],
  ])('%j is bounded: %s', (jql, bounded) => {
    expect(isBounded(parseJql(jql))).toBe(bounded);
  });
});

describe('checkWebhookFilter', () => {
  it.each([
    'project = ALPHA',
    'project IN (ALPHA, BETA) AND status = Done',
    'issueKey = ALPHA-1 OR (issuetype != Bug AND assignee = acc-bob)',
    'project = ALPHA AND reporter NOT IN (acc-a, acc-b)',
    'key in (ALPHA-1, ALPHA-2)',
  ])('accepts %j', (jql) => {
    expect(checkWebhookFilter(jql)).toBeNull();
  });

  it.each<[string, string]>([
    ['labels = urgent', 'The clause labels is unsupported'],
    ['project = ALPHA AND priority = High', 'The clause priority is unsupported'],
    ['summary ~ crash', 'The clause summary is unsupported'],
    ['project = ALPHA AND created > -1d', 'The clause created is unsupported'],
    ['NOT project = ALPHA', 'The clause NOT is unsupported'],
    ['assignee IS EMPTY', "The operator 'IS' in the clause assignee is unsupported"],
    ['assignee = EMPTY', 'The value EMPTY in the clause assignee is unsupported'],
    ['assignee = currentUser()', 'The function currentUser() in the clause assignee is unsupported'],
    ['project = ALPHA ORDER BY key', 'The clause ORDER BY is unsupported'],
    ['', 'The JQL filter must not be empty.'],
    [
      'project = ',
      'Error in the JQL Query: Expecting either a value, list or function before the end of the query. (line 1, character 11)',
    ],
  ])('refuses %j: %s', (jql, message) => {
    expect(checkWebhookFilter(jql)).toBe(message);
  });
});
