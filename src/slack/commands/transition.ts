import { moved } from '../blocks/acted.js';
import { issueKey, transitionIssue } from '../issue-acts.js';
import type { Subcommand } from './types.js';

const USAGE = 'transition <KEY> <status or transition name>';

/** `KEY the rest` → the key and what to move it to (several words allowed: "In Progress"). */
export function parseTransitionArgs(rest: string): { key: string; target: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
  return { key: issueKey(m?.[1], USAGE), target: (m?.[2] ?? '').trim().replace(/\s+/g, ' ') };
}

export const transitionCommand: Subcommand = {
  usage: USAGE,
  summary: 'Move an issue through its workflow',
  async run({ who, rest, deps, respond }) {
    const { key, target } = parseTransitionArgs(rest);
    const result = await transitionIssue(deps, who, key, { typed: target });
    await respond({ response_type: 'ephemeral', ...moved(result.key, result.status) });
  },
};
