import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseAssignArgs } from '../../../src/slack/commands/assign.js';
import { parseCommentArgs } from '../../../src/slack/commands/comment.js';
import { parseTransitionArgs } from '../../../src/slack/commands/transition.js';

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);

describe('parsing /jira comment', () => {
  it('keeps the text as typed, newlines and markup included, and upper-cases the key', () => {
    expect(parseCommentArgs('alpha-1 *Done*\n• one\n• two')).toEqual({ key: 'ALPHA-1', text: '*Done*\n• one\n• two' });
  });

  it('takes an issue URL (Slack sends it escaped in <…>)', () => {
    expect(parseCommentArgs('<https://acme.atlassian.net/browse/ALPHA-7> hi').key).toBe('ALPHA-7');
  });

  it.each([
    ['no key', ''],
    ['not a key', 'hello world'],
    ['no text', 'ALPHA-1   '],
  ])('refuses %s with the usage line', (_what, rest) => {
    expect(() => parseCommentArgs(rest)).toThrow(UsageError);
  });
});

describe('parsing /jira assign', () => {
  it.each([
    ['ALPHA-1 me', { kind: 'me' }],
    ['ALPHA-1 ME', { kind: 'me' }],
    ['ALPHA-1 none', { kind: 'none' }],
    ['ALPHA-1 unassigned', { kind: 'none' }],
    ['ALPHA-1 <@U0GRACE001|grace>', { kind: 'user', slackUserId: 'U0GRACE001' }],
    ['ALPHA-1 <@W0ENTERPR1>', { kind: 'user', slackUserId: 'W0ENTERPR1' }],
  ])('reads "%s"', (text, target) => {
    expect(parseAssignArgs(words(text))).toEqual({ key: 'ALPHA-1', target });
  });

  it.each([
    ['a bare @name Slack did not resolve', 'ALPHA-1 @grace'],
    ['nobody named', 'ALPHA-1'],
    ['two people', 'ALPHA-1 <@U0GRACE001> <@U0ADA00001>'],
    ['a channel', 'ALPHA-1 <#C0GENERAL1|general>'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseAssignArgs(words(text))).toThrow(UsageError);
  });
});

describe('parsing /jira transition', () => {
  it('keeps several words of target and squeezes spaces', () => {
    expect(parseTransitionArgs('ALPHA-1 In   Progress ')).toEqual({ key: 'ALPHA-1', target: 'In Progress' });
  });

  it('allows an empty target (the reply lists the choices)', () => {
    expect(parseTransitionArgs('ALPHA-1')).toEqual({ key: 'ALPHA-1', target: '' });
  });
});
