import { describe, expect, it } from 'vitest';
import { type CodedError, ErrorCode } from '../../../src/errors.js';
import { buildSearchJql, jqlFingerprint } from '../../../src/slack/commands/search.js';
import { parseViewArgs } from '../../../src/slack/commands/view.js';

const MINE = ['ALPHA', 'BETA'];
const SCOPE = 'project in ("ALPHA", "BETA") AND (';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return (err as CodedError).code;
  }
  return undefined;
}

describe('buildSearchJql', () => {
  it.each([
    ['searches words as text', 'fix login', `${SCOPE}text ~ "fix login") ORDER BY updated DESC`],
    [
      'drops Lucene syntax from words',
      'fix [login] && crash!',
      `${SCOPE}text ~ "fix login crash") ORDER BY updated DESC`,
    ],
    ['keeps quotes inside the text literal', 'say "hi" \\o/', `${SCOPE}text ~ "say hi o") ORDER BY updated DESC`],
    ['runs JQL inside the scope', 'status = Done', `${SCOPE}status = Done) ORDER BY updated DESC`],
    [
      'keeps an OR inside the parenthesis, so it cannot widen the scope',
      'status = Done OR project = HR',
      `${SCOPE}status = Done OR project = HR) ORDER BY updated DESC`,
    ],
    [
      'keeps the person’s ORDER BY outside the parenthesis',
      'assignee = currentUser() ORDER BY created DESC',
      `${SCOPE}assignee = currentUser()) ORDER BY created DESC`,
    ],
    ['runs a bare ORDER BY over the scope alone', 'order by created', 'project in ("ALPHA", "BETA") ORDER BY created'],
    [
      'reads a closing parenthesis inside quotes as text',
      'summary ~ "a) OR (project = HR"',
      `${SCOPE}summary ~ "a) OR (project = HR") ORDER BY updated DESC`,
    ],
  ])('%s', (_name, input, expected) => {
    expect(buildSearchJql(input, MINE)).toBe(expected);
  });

  it.each([
    ['an unbalanced closing parenthesis', 'status = Done) OR (project = HR'],
    ['an unclosed quote', 'summary ~ "Done\\") OR project = HR'],
    ['a quote that closes early', '") OR project = HR'],
    ['an ORDER BY smuggling a clause', 'status = Done ORDER BY created) OR (project = HR'],
    ['a backslash outside quotes', 'status = Done \\) OR project = HR'],
    ['nothing at all', '   '],
    ['words that are all syntax', '&& || !!'],
  ])('refuses %s with a usage error', (_name, input) => {
    expect(codeOf(() => buildSearchJql(input, MINE))).toBe(ErrorCode.Usage);
  });

  it('never runs a search when the person can reach no project', () => {
    expect(codeOf(() => buildSearchJql('status = Done', []))).toBe(ErrorCode.NoProjects);
    expect(codeOf(() => buildSearchJql('fix login', []))).toBe(ErrorCode.NoProjects);
  });

  it('fingerprints the scoped JQL so a change of projects is noticed', () => {
    expect(jqlFingerprint(buildSearchJql('x', ['ALPHA']))).not.toBe(jqlFingerprint(buildSearchJql('x', MINE)));
    expect(jqlFingerprint(buildSearchJql('x', MINE))).toBe(jqlFingerprint(buildSearchJql('x', MINE)));
  });
});

describe('parseViewArgs', () => {
  it.each([
    [['ALPHA-1'], 'ALPHA-1'],
    [['alpha-12'], 'ALPHA-12'],
    [['https://acme.atlassian.net/browse/BETA-3'], 'BETA-3'],
    [['<https://acme.atlassian.net/browse/BETA-3>'], 'BETA-3'],
    [['<https://acme.atlassian.net/browse/BETA-3|BETA-3: Launch>'], 'BETA-3'],
  ])('reads %j as %s', (args, key) => {
    expect(parseViewArgs(args)).toBe(key);
  });

  it.each([[[]], [['hello']], [['ALPHA-1', 'ALPHA-2']], [['ALPHA-1;DROP']]])('refuses %j with usage', (args) => {
    expect(codeOf(() => parseViewArgs(args))).toBe(ErrorCode.Usage);
  });
});
