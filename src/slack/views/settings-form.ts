import { z } from 'zod';
import type { WorkspaceSettings } from '../../store/settings.js';
import { PROJECT_KEY, splitProjectKeys } from '../commands/admin-parse.js';
import { SETTINGS_INPUTS as F } from '../ids.js';

/** What a settings submission means: new settings, or errors keyed by block_id for `response_action: errors`. */
export type SettingsForm = { ok: true; settings: WorkspaceSettings } | { ok: false; errors: Record<string, string> };

// Only what we read is checked; Slack's other keys (type, option texts…) pass through.
const option = z.object({ value: z.string() });
const radio = z.object({ selected_option: option.nullish() });
const projectsValue = z.union([
  z.object({ selected_options: z.array(option) }),
  z.object({ value: z.string().nullish() }),
]);
const checkboxes = z.object({ selected_options: z.array(option).nullish() });
const users = z.object({ selected_users: z.array(z.string()).nullish() });
const stateValues = z.record(z.string(), z.record(z.string(), z.unknown()));

const SLACK_USER = /^[UW][A-Z0-9]+$/;
const UNREADABLE = 'This form could not be read. Close it and open the settings again.';

/** One input's value (block_id and action_id are the same id in this modal); undefined when absent. */
function inputValue<T extends z.ZodType>(
  values: z.infer<typeof stateValues>,
  id: string,
  schema: T,
): z.infer<T> | undefined | 'unreadable' {
  const raw = values[id]?.[id];
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : 'unreadable';
}

const notKeys = (words: string[]) =>
  `${words.map((w) => `“${w}”`).join(', ')} ${words.length === 1 ? 'is not a Jira project key' : 'are not Jira project keys'} (keys look like ALPHA or HR_2).`;

/**
 * Reads a submitted settings modal (`view.state.values`) into settings, validating everything a forged
 * or stale submission could get wrong. Pure.
 */
export function readSettingsForm(input: unknown): SettingsForm {
  const all = stateValues.safeParse(input);
  if (!all.success) return { ok: false, errors: { [F.projectsMode]: UNREADABLE } };
  const values = all.data;
  const errors: Record<string, string> = {};

  const modeValue = inputValue(values, F.projectsMode, radio);
  const mode = modeValue === 'unreadable' ? undefined : modeValue?.selected_option?.value;
  if (mode !== 'all' && mode !== 'only' && mode !== 'except')
    errors[F.projectsMode] = 'Choose which projects can be reached.';

  let keys: string[] = [];
  const projects = inputValue(values, F.projects, projectsValue);
  if (projects === 'unreadable') errors[F.projects] = UNREADABLE;
  else if (projects && 'selected_options' in projects) {
    keys = [...new Set(projects.selected_options.map((o) => o.value))];
    const bad = keys.filter((k) => !PROJECT_KEY.test(k));
    if (bad.length) errors[F.projects] = notKeys(bad);
  } else {
    const split = splitProjectKeys(projects?.value ?? '');
    keys = split.keys;
    if (split.invalid.length) errors[F.projects] = notKeys(split.invalid);
  }
  if ((mode === 'only' || mode === 'except') && !keys.length && !errors[F.projects]) {
    errors[F.projects] = 'Choose at least one project, or choose “All projects” above.';
  }

  const auth = inputValue(values, F.requireAuth, checkboxes);
  if (auth === 'unreadable') errors[F.requireAuth] = UNREADABLE;
  const requireAuth = auth !== 'unreadable' && (auth?.selected_options ?? []).some((o) => o.value === 'on');

  const previewsValue = inputValue(values, F.previews, radio);
  const previews = previewsValue === 'unreadable' ? undefined : previewsValue?.selected_option?.value;
  if (previews !== 'off' && previews !== 'connected') errors[F.previews] = 'Choose how link previews work.';

  const subscribersValue = inputValue(values, F.subscribers, radio);
  const subscribers = subscribersValue === 'unreadable' ? undefined : subscribersValue?.selected_option?.value;
  if (subscribers !== 'admins' && subscribers !== 'everyone') {
    errors[F.subscribers] = 'Choose who may create channel subscriptions.';
  }

  const managersValue = inputValue(values, F.managers, users);
  const managers = managersValue === 'unreadable' ? [] : [...new Set(managersValue?.selected_users ?? [])];
  if (managersValue === 'unreadable' || managers.some((m) => !SLACK_USER.test(m))) {
    errors[F.managers] = 'Choose people from this workspace.';
  }

  if (
    Object.keys(errors).length ||
    !(mode === 'all' || mode === 'only' || mode === 'except') ||
    !(previews === 'off' || previews === 'connected') ||
    !(subscribers === 'admins' || subscribers === 'everyone')
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    settings: {
      allowedProjects: mode === 'only' ? keys : [],
      bannedProjects: mode === 'except' ? keys : [],
      requireAuth,
      previews,
      subscribers,
      managers,
    },
  };
}
