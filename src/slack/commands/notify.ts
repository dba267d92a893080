import { UsageError } from '../../errors.js';
import { PERSONAL_REASONS, type PersonalReason } from '../../notify/personal.js';
import type { NotifyPrefs } from '../../store/notify-prefs.js';
import type { Subcommand } from './types.js';

const USAGE = 'notify <on|off> [assigned|mentioned|watching|reported]';

const ALIASES: Record<string, PersonalReason> = {
  assigned: 'assigned',
  assign: 'assigned',
  assignments: 'assigned',
  mentioned: 'mentioned',
  mention: 'mentioned',
  mentions: 'mentioned',
  watching: 'watching',
  watch: 'watching',
  watched: 'watching',
  reported: 'reported',
  report: 'reported',
  reports: 'reported',
};

/** Parses `on|off [kind…]`; no words means "show me". Pure. */
export function parseNotifyArgs(args: string[]): { on: boolean; kinds?: PersonalReason[] } | null {
  if (args.length === 0) return null;
  const [switchWord, ...rest] = args.map((a) => a.toLowerCase());
  if (switchWord !== 'on' && switchWord !== 'off') throw new UsageError('Say `on` or `off`.', USAGE);
  const kinds: PersonalReason[] = [];
  for (const k of rest) {
    const kind = ALIASES[k];
    if (!kind) throw new UsageError(`“${k}” is not a kind of notification.`, USAGE);
    kinds.push(kind);
  }
  return { on: switchWord === 'on', ...(kinds.length ? { kinds } : {}) };
}

const WORDS: Record<PersonalReason, string> = {
  assigned: 'assigned to you',
  mentioned: 'you are mentioned',
  watching: 'issues you watch',
  reported: 'issues you reported',
};

export function describePrefs(p: NotifyPrefs): string {
  const on = PERSONAL_REASONS.filter((r) => p[r]).map((r) => WORDS[r]);
  const off = PERSONAL_REASONS.filter((r) => !p[r]).map((r) => WORDS[r]);
  if (off.length === 0)
    return 'You get a DM when: assigned to you, you are mentioned, issues you watch change, issues you reported change.';
  if (on.length === 0) return 'Personal Jira DMs are off. `/jira notify on` turns them back on.';
  return `You get a DM for: ${on.join(', ')}. Off: ${off.join(', ')}.`;
}

export const notifyCommand: Subcommand = {
  usage: USAGE,
  summary: 'Turn your personal Jira DMs on or off',
  async run({ who, args, deps, respond }) {
    const parsed = parseNotifyArgs(args);
    const prefs = parsed
      ? await deps.stores.notifyPrefs.set(who.teamId, who.userId, parsed.on, parsed.kinds)
      : await deps.stores.notifyPrefs.get(who.teamId, who.userId);
    const connected = Boolean(await deps.stores.users.get(who.teamId, who.userId));
    const tail = connected
      ? ''
      : '\nConnect your Jira account (`/jira connect`) to get them: DMs are only sent to connected people.';
    await respond({ response_type: 'ephemeral', text: `${describePrefs(prefs)}${tail}` });
  },
};
