// Pure parsers for the `/jira admin …` text forms. Each throws a UsageError naming what was wrong and
// carrying the usage line, so the reply shows how to type it.
import { UsageError } from '../../errors.js';

/** Jira's default project key rule (letters, digits, underscore; a letter first). Keys are upper case. */
export const PROJECT_KEY = /^[A-Z][A-Z0-9_]+$/;

/** Splits "alpha, BETA hr" into upper-cased keys (first occurrence order, no repeats) and the words that aren't keys. */
export function splitProjectKeys(text: string): { keys: string[]; invalid: string[] } {
  const keys: string[] = [];
  const invalid: string[] = [];
  for (const word of text.split(/[\s,;]+/).filter(Boolean)) {
    const key = word.toUpperCase();
    if (!PROJECT_KEY.test(key)) invalid.push(word);
    else if (!keys.includes(key)) keys.push(key);
  }
  return { keys, invalid };
}

/** One or more project keys; anything that isn't a key fails the whole command (nothing is half-applied). */
export function parseProjectKeys(rest: string, usage: string): string[] {
  const { keys, invalid } = splitProjectKeys(rest);
  if (invalid.length) {
    throw new UsageError(
      `${invalid.map((w) => `“${w}”`).join(', ')} ${invalid.length === 1 ? 'is not a Jira project key' : 'are not Jira project keys'} (keys look like ALPHA or HR_2).`,
      usage,
    );
  }
  if (!keys.length) throw new UsageError('Name at least one project key.', usage);
  return keys;
}

/** Exactly one of `choices` (case-insensitive). */
export function parseChoice<const T extends string>(args: string[], choices: readonly T[], usage: string): T {
  const word = args.length === 1 ? args[0]?.toLowerCase() : undefined;
  const hit = choices.find((c) => c === word);
  if (!hit) throw new UsageError(`Choose one of: ${choices.join(', ')}.`, usage);
  return hit;
}

/** `on` / `off` as a boolean. */
export function parseOnOff(args: string[], usage: string): boolean {
  return parseChoice(args, ['on', 'off'], usage) === 'on';
}

// Slack sends a mention as `<@U123>` or, with "escape channels, users and links" on, `<@U123|name>`.
const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/** Slack user ids mentioned in `rest`, in order without repeats; `none` means nobody. */
export function parseManagers(rest: string, usage: string): string[] {
  const text = rest.trim();
  if (text.toLowerCase() === 'none') return [];
  const ids: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const id = m[1] as string;
    if (!ids.includes(id)) ids.push(id);
  }
  const leftover = text
    .replace(MENTION, ' ')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (leftover.length) {
    throw new UsageError(
      `Mention each person with @ so Slack can tell who they are (not understood: ${leftover.join(' ')}).`,
      usage,
    );
  }
  if (!ids.length)
    throw new UsageError('Mention at least one person, or say `none` to remove every app manager.', usage);
  return ids;
}
