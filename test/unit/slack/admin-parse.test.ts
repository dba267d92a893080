import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/errors.js';
import {
  parseChoice,
  parseManagers,
  parseOnOff,
  parseProjectKeys,
  splitProjectKeys,
} from '../../../src/slack/commands/admin-parse.js';

const usageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string; usage?: string };
  }
  throw new Error('expected a UsageError');
};

describe('project keys in admin text', () => {
  it.each([
    ['ALPHA', ['ALPHA']],
    ['alpha beta', ['ALPHA', 'BETA']],
    ['ALPHA, BETA,HR', ['ALPHA', 'BETA', 'HR']],
    ['  hr_2 ;  alpha  alpha ', ['HR_2', 'ALPHA']],
  ])('reads %j as %j (upper-cased, in order, no repeats)', (text, keys) => {
    expect(parseProjectKeys(text, 'admin allow <KEY…>')).toEqual(keys);
  });

  it.each(['A', '1ALPHA', 'AL-PHA', 'ALPHA-1', 'ÄLPHA', '<@U123>'])('refuses %j as not a project key', (word) => {
    const err = usageOf(() => parseProjectKeys(`ALPHA ${word}`, 'admin allow <KEY…>'));
    expect(err.code).toBe(ErrorCode.Usage);
    expect(err.message).toContain(`“${word}” is not a Jira project key`);
    expect(err.usage).toBe('admin allow <KEY…>');
  });

  it('names every bad word at once', () => {
    expect(splitProjectKeys('ALPHA x-1 B')).toEqual({ keys: ['ALPHA'], invalid: ['x-1', 'B'] });
    expect(usageOf(() => parseProjectKeys('x-1 B', 'u')).message).toContain('are not Jira project keys');
  });

  it('asks for at least one key', () => {
    expect(usageOf(() => parseProjectKeys('  ', 'u')).message).toBe('Name at least one project key.');
  });
});

describe('choices in admin text', () => {
  it('reads on and off in any case', () => {
    expect(parseOnOff(['ON'], 'u')).toBe(true);
    expect(parseOnOff(['off'], 'u')).toBe(false);
  });

  it.each([[[]], [['maybe']], [['on', 'off']]])('refuses %j and lists the choices', (args) => {
    expect(usageOf(() => parseChoice(args, ['off', 'connected'], 'u')).message).toBe('Choose one of: off, connected.');
  });
});

describe('app managers in admin text', () => {
  it('reads mentions Slack escaped with and without a name', () => {
    expect(parseManagers('<@U0ADA00001|ada> <@W0GRACE01>, <@U0ADA00001>', 'u')).toEqual(['U0ADA00001', 'W0GRACE01']);
  });

  it('reads a mention whose name has spaces', () => {
    expect(parseManagers('<@U0ADA00001|Ada Lovelace>', 'u')).toEqual(['U0ADA00001']);
  });

  it('reads none as nobody', () => {
    expect(parseManagers(' None ', 'u')).toEqual([]);
  });

  it('refuses a name Slack did not turn into a mention', () => {
    expect(usageOf(() => parseManagers('<@U0ADA00001> @grace', 'u')).message).toContain('not understood: @grace');
  });

  it('asks for at least one person', () => {
    expect(usageOf(() => parseManagers('', 'u')).message).toContain('Mention at least one person');
  });
});
