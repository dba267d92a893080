import { describe, expect, it } from 'vitest';
import { pickTransition } from '../../../src/jira/transitions.js';
import type { JiraTransition } from '../../../src/jira/types.js';

const t = (id: string, name: string, to: string, isAvailable?: boolean): JiraTransition =>
  ({ id, name, to: { name: to }, ...(isAvailable === undefined ? {} : { isAvailable }) }) as JiraTransition;

const FROM_TODO = [t('11', 'Start progress', 'In Progress'), t('31', 'Mark Done', 'Done')];
const TWO_TO_DONE = [...FROM_TODO, t('51', 'Resolve', 'Done')];
const NAMED_LIKE_STATUS = [t('61', 'Done', 'Done'), t('71', 'Close', 'Done')];

describe('pickTransition', () => {
  it.each([
    ['a target status, any case', FROM_TODO, 'in progress', '11'],
    ['a transition name', FROM_TODO, 'Mark Done', '31'],
    ['extra spaces', FROM_TODO, '  start   PROGRESS ', '11'],
    ['a status reached by one transition only', FROM_TODO, 'done', '31'],
    ['a transition name over a status match', NAMED_LIKE_STATUS, 'done', '61'],
    ['a name in a workflow where the status is ambiguous', TWO_TO_DONE, 'resolve', '51'],
  ])('picks the one transition for %s', (_what, list, target, id) => {
    const pick = pickTransition(list, target);
    expect(pick.kind).toBe('one');
    expect(pick.kind === 'one' && pick.transition.id).toBe(id);
  });

  it('never guesses between two transitions to the same status', () => {
    const pick = pickTransition(TWO_TO_DONE, 'Done');
    expect(pick.kind).toBe('ambiguous');
    expect(pick.kind === 'ambiguous' && pick.matches.map((m) => m.id)).toEqual(['31', '51']);
  });

  it.each([
    ['an unknown name', 'Finished'],
    ['a prefix of a name', 'Start'],
    ['nothing at all', '   '],
  ])('offers every available transition for %s', (_what, target) => {
    const pick = pickTransition(FROM_TODO, target);
    expect(pick).toEqual({ kind: 'none', choices: FROM_TODO });
  });

  it('ignores transitions Jira marks unavailable', () => {
    const list = [t('11', 'Start progress', 'In Progress', false), t('31', 'Mark Done', 'Done')];
    expect(pickTransition(list, 'start progress')).toEqual({ kind: 'none', choices: [list[1]] });
  });
});
