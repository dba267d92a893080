import type { JiraTransition } from './types.js';

/** What `pickTransition` decided. `choices` are the transitions open to the person, in Jira's order. */
export type TransitionPick =
  | { kind: 'one'; transition: JiraTransition }
  | { kind: 'ambiguous'; matches: JiraTransition[]; choices: JiraTransition[] }
  | { kind: 'none'; choices: JiraTransition[] };

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Matches what a person typed against the transitions Jira offers them, case-insensitively, by
 * transition name ("Mark Done") or by the status it leads to ("Done"); the two differ in Jira. A name
 * match beats a status match, so a transition literally named "Done" wins over "Close" → Done. Several
 * matches of the same kind are ambiguous and never guessed between.
 */
export function pickTransition(transitions: readonly JiraTransition[], target: string): TransitionPick {
  const choices = transitions.filter((t) => t.isAvailable !== false);
  const want = norm(target);
  if (!want) return { kind: 'none', choices };
  const byName = choices.filter((t) => norm(t.name) === want);
  const byStatus = choices.filter((t) => norm(t.to.name) === want);
  for (const matches of [byName, byStatus]) {
    if (matches.length === 1) return { kind: 'one', transition: matches[0]! };
    if (matches.length > 1) return { kind: 'ambiguous', matches, choices };
  }
  return { kind: 'none', choices };
}
