import type { Deps } from '../../deps.js';
import { moved } from '../blocks/acted.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { transitionIssue } from '../issue-acts.js';
import { runCardSubmission, type ViewArgs } from './act-submission.js';

function picked(values: ViewArgs['view']['state']['values']): { id: string; label: string } | undefined {
  const o = values[BLOCKS.transitionPick]?.[ACTIONS.transitionPick]?.selected_option;
  return o && typeof o.value === 'string' ? { id: o.value, label: o.text?.text ?? o.value } : undefined;
}

/** The transition modal's submit: moves the issue with the submitter's own token. */
export async function submitTransition(args: ViewArgs, deps: Deps): Promise<void> {
  const choice = picked(args.view.state.values);
  await runCardSubmission(args, deps, {
    what: 'Transition',
    errorBlock: BLOCKS.transitionPick,
    validate: () => (choice ? undefined : 'Choose a transition.'),
    act: (viewer, meta) => transitionIssue(deps, viewer, meta.key, choice!),
    confirm: (done) => moved(done.key, done.status),
  });
}
