import { describe, expect, it } from 'vitest';
import {
  ISSUE_KEY,
  JqlInputError,
  jqlList,
  jqlString,
  keyInJql,
  looksLikeJql,
  NoProjectsError,
  parseIssueKey,
  restrictToProjects,
  textSearchJql,
} from '../../../src/jira/jql.js';

// Reads back a JQL string literal the way Jira's lexer does; `undefined` if it is not exactly one.
function readLiteral(jql: string): string | undefined {
  if (!jql.startsWith('"')) return undefined;
  let value = '';
  for (let i = 1; i < jql.length; i++) {
    const c = jql[i]!;
    if (c === '\\') {
      value += jql[++i] ?? '';
    } else if (c === '"') {
      return i === jql.length - 1 ? value : undefined;
    } else {
      value += c;
    }
  }
  return undefined;
}

const INJECTIONS = [
  'x OR project = SECRET',
  '") OR project = SECRET OR ("',
  '\\" OR 1=1',
  '\\\\" OR project = SECRET OR "',
  'a"b',
  'line\nOR project = SECRET',
  'tab\tand\rreturn\u2028sep\u0000nul',
  'ünïcødé 日本語 😀 \u202eRTL',
  '\ud800 lone surrogate',
  '',
];

describe('jqlString', () => {
  it.each(INJECTIONS)('keeps %j inside one string literal', (value) => {
    const literal = jqlString(value);
    const back = readLiteral(literal);
    expect(back).toBeDefined();
    expect([...literal].some((c) => c.charCodeAt(0) < 0x20 || c === '\u2028' || c === '\u2029')).toBe(false);
  });

  it('escapes backslashes and quotes and turns control characters into spaces', () => {
    expect(jqlString('a"b\\c\nd')).toBe('"a\\"b\\\\c d"');
    expect(readLiteral(jqlString('say "hi" \\o/'))).toBe('say "hi" \\o/');
  });
});

describe('jqlList', () => {
  it('quotes each value', () => {
    expect(jqlList(['A', 'B"C'])).toBe('("A", "B\\"C")');
  });

  it('refuses an empty list, which would not be JQL', () => {
    expect(() => jqlList([])).toThrow(RangeError);
  });
});

describe('looksLikeJql', () => {
  it.each([
    'project = ALPHA',
    'project=ALPHA',
    'status != Done',
    'summary ~ "login"',
    'text ~ crash',
    'assignee = currentUser() AND resolution is EMPTY',
    'assignee is not empty',
    'labels in (a, b)',
    'status not in (Done, Closed)',
    'cf[10010] > 3',
    '"Story Points" >= 5',
    'created >= -7d',
    'status was "In Progress"',
    'ORDER BY created DESC',
    'priority = High order by updated',
    '(project = A OR project = B)',
  ])('treats %j as JQL', (input) => {
    expect(looksLikeJql(input)).toBe(true);
  });

  it.each([
    'login page crashes',
    'fix the status page',
    'the status was wrong',
    'a = b',
    'why is project broken?',
    'ALPHA-12',
    'order of operations',
    '',
  ])('treats %j as words', (input) => {
    expect(looksLikeJql(input)).toBe(false);
  });
});

describe('textSearchJql', () => {
  it('searches the words inside one string literal', () => {
    expect(textSearchJql('login crash')).toBe('text ~ "login crash"');
  });

  it('removes the characters that make Jira text search fail', () => {
    const out = textSearchJql('fix: login (prod) +a -b && c || !d {e} [f] ^g ~h *i ?j \\k "l" /m/');
    expect(out).toBe('text ~ "fix login prod a b c d e f g h i j k l m"');
  });

  it('reads AND, OR and NOT as words', () => {
    expect(textSearchJql('cats AND dogs OR NOT birds')).toBe('text ~ "cats and dogs or not birds"');
  });

  it.each(INJECTIONS.filter((s) => /\w/.test(s)))('cannot break out with %j', (input) => {
    const out = textSearchJql(input);
    expect(out.startsWith('text ~ ')).toBe(true);
    expect(readLiteral(out.slice('text ~ '.length))).toBeDefined();
  });

  it('refuses text with nothing to search for', () => {
    expect(() => textSearchJql('  ()*? ')).toThrow(JqlInputError);
  });
});

describe('restrictToProjects', () => {
  const keys = ['ALPHA', 'BETA'];
  const SCOPE = 'project in ("ALPHA", "BETA")';

  it('puts the project restriction first and the user clause in parentheses', () => {
    expect(restrictToProjects('status = Done', keys)).toBe(`${SCOPE} AND (status = Done) ORDER BY updated DESC`);
  });

  it('keeps the user ORDER BY outside the parentheses', () => {
    expect(restrictToProjects('assignee = currentUser() ORDER BY created DESC, priority', keys)).toBe(
      `${SCOPE} AND (assignee = currentUser()) ORDER BY created DESC, priority`,
    );
    expect(restrictToProjects('order by "Story Points" asc, cf[10010]', keys)).toBe(
      `${SCOPE} ORDER BY "Story Points" asc, cf[10010]`,
    );
  });

  it('searches everything in the projects when the user gave no clause', () => {
    expect(restrictToProjects('   ', keys)).toBe(`${SCOPE} ORDER BY updated DESC`);
  });

  it.each([
    ['x OR project = SECRET', `${SCOPE} AND (x OR project = SECRET) ORDER BY updated DESC`],
    ['status = Done\nOR project = SECRET', `${SCOPE} AND (status = Done OR project = SECRET) ORDER BY updated DESC`],
    ['") OR project = SECRET OR ("', `${SCOPE} AND (") OR project = SECRET OR (") ORDER BY updated DESC`],
    ['summary ~ "a\\" ) OR (b"', `${SCOPE} AND (summary ~ "a\\" ) OR (b") ORDER BY updated DESC`],
    ["summary ~ 'it\\'s' OR labels in (a)", `${SCOPE} AND (summary ~ 'it\\'s' OR labels in (a)) ORDER BY updated DESC`],
    ['(a = 1) OR (project = SECRET)', `${SCOPE} AND ((a = 1) OR (project = SECRET)) ORDER BY updated DESC`],
    ['summary ~ "日本語 😀"', `${SCOPE} AND (summary ~ "日本語 😀") ORDER BY updated DESC`],
  ])('contains %j', (input, expected) => {
    expect(restrictToProjects(input, keys)).toBe(expected);
  });

  it.each([
    [') OR (project = SECRET', /without a matching "\("/],
    ['status = Done) OR project = SECRET OR (status = Done', /without a matching "\("/],
    ['((status = Done)', /without a matching "\)"/],
    ['summary ~ "unclosed) OR project = SECRET', /never closed/],
    ["summary ~ 'unclosed", /never closed/],
    ['\\" OR 1=1', /Backslashes/],
    ['summary ~ "a\nb"', /spans lines/],
    ['status = Done ORDER BY created) OR (project = SECRET', /without a matching/],
    ['status = Done ORDER BY created OR project = SECRET', /ORDER BY/],
    ['status = Done ORDER BY', /ORDER BY/],
    ['a = 1 ORDER BY x ORDER BY y', /ORDER BY/],
  ])('refuses %j rather than widen the search', (input, message) => {
    expect(() => restrictToProjects(input, keys)).toThrow(JqlInputError);
    expect(() => restrictToProjects(input, keys)).toThrow(message);
  });

  it('always starts with the restriction and keeps every accepted clause parenthesised', () => {
    const clauses = ['a', 'a OR b', '(a) OR (b)', '"x" OR y', 'a ORDER BY b', 'ORDER BY b', '', 'not (a)'];
    for (const clause of clauses) {
      const out = restrictToProjects(clause, ['ALPHA']);
      expect(out.startsWith('project in ("ALPHA")')).toBe(true);
      const rest = out.slice('project in ("ALPHA")'.length);
      expect(rest).toMatch(/^( AND \(.*\))? ORDER BY .+$/);
    }
  });

  it('quotes project keys and ignores repeats', () => {
    expect(restrictToProjects('', ['ALPHA', 'ALPHA', 'we"ird'])).toBe(
      'project in ("ALPHA", "we\\"ird") ORDER BY updated DESC',
    );
  });

  it('throws NoProjectsError when there are no projects, so the caller can say so', () => {
    expect(() => restrictToProjects('status = Done', [])).toThrow(NoProjectsError);
    expect(() => restrictToProjects('status = Done', ['  '])).toThrow(NoProjectsError);
  });

  it('gives JqlInputError a stable code and a message for people', () => {
    try {
      restrictToProjects(') OR (x', keys);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JqlInputError);
      expect((e as JqlInputError).code).toBe('jb_invalid_jql');
      expect((e as Error).message).not.toMatch(/undefined|\[object/);
    }
  });
});

describe('keyInJql', () => {
  it('builds key in (…) from valid keys, upper-cased and without repeats', () => {
    expect(keyInJql(['ALPHA-1', 'alpha-1', ' beta-22 ', 'BETA_2-3'])).toBe('key in ("ALPHA-1", "BETA-22", "BETA_2-3")');
  });

  it('drops anything that is not an issue key', () => {
    expect(
      keyInJql(['A-1', '1A-2', 'ALPHA-', 'ALPHA-1") OR project = SECRET OR key in ("X-1', 'ALPHA 1', 'ALPHA-1x']),
    ).toBeUndefined();
  });
});

describe('ISSUE_KEY and parseIssueKey', () => {
  it('matches whole uppercase keys only, and is safe to reuse', () => {
    expect(ISSUE_KEY.test('ALPHA-12')).toBe(true);
    expect(ISSUE_KEY.test('ALPHA-12')).toBe(true);
    expect(ISSUE_KEY.test('alpha-12')).toBe(false);
    expect(ISSUE_KEY.test('see ALPHA-12')).toBe(false);
  });

  it.each([
    ['ALPHA-12', 'ALPHA-12'],
    [' alpha-12 ', 'ALPHA-12'],
    ['https://acme.atlassian.net/browse/ALPHA-12', 'ALPHA-12'],
    ['https://acme.atlassian.net/browse/alpha-12?focusedCommentId=1', 'ALPHA-12'],
    ['https://acme.atlassian.net/jira/software/projects/ALPHA/boards/1?selectedIssue=ALPHA-7', 'ALPHA-7'],
    ['ALPHA', undefined],
    ['A-1', undefined],
    ['ALPHA-12; DROP', undefined],
    ['', undefined],
  ])('reads %j as %j', (input, expected) => {
    expect(parseIssueKey(input)).toBe(expected);
  });
});
