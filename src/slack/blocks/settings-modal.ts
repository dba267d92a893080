import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { WorkspaceSettings } from '../../store/settings.js';
import { SETTINGS_INPUTS, VIEWS } from '../ids.js';
import { clip } from './mrkdwn.js';

/** Slack's cap on a select's options; past it the modal asks for keys as text. */
export const MAX_PROJECT_OPTIONS = 100;

export type ProjectMode = 'all' | 'only' | 'except';

export interface SettingsModalInput {
  settings: WorkspaceSettings;
  /** Projects the service account can browse, or why they can't be listed. */
  projects: Array<{ key: string; name: string }> | { unavailable: string };
}

const TITLE = { type: 'plain_text', text: 'Jira Bridge settings' } as const;
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (value: string, text: string, description?: string): PlainTextOption => ({
  text: plain(clip(text, 75)),
  value,
  ...(description ? { description: plain(clip(description, 75)) } : {}),
});

const MODES: Record<ProjectMode, PlainTextOption> = {
  all: option('all', 'All projects', 'Every project the service account can browse'),
  only: option('only', 'Only the projects below'),
  except: option('except', 'All except the projects below'),
};
const PREVIEWS: Record<WorkspaceSettings['previews'], PlainTextOption> = {
  connected: option('connected', 'Connected posters only', 'When the poster is connected and can see the issue'),
  off: option('off', 'Off'),
};
const SUBSCRIBERS: Record<WorkspaceSettings['subscribers'], PlainTextOption> = {
  everyone: option('everyone', 'Everyone', 'Each only for projects they can reach'),
  admins: option('admins', 'Admins only'),
};
const REQUIRE_AUTH = option(
  'on',
  'Require Jira authorization',
  'Unless ticked, unconnected people see what the service account can',
);

/** The project mode the stored settings are in (a non-empty allow-list wins, as in the gate). */
export function projectMode(s: WorkspaceSettings): ProjectMode {
  if (s.allowedProjects.length) return 'only';
  if (s.bannedProjects.length) return 'except';
  return 'all';
}

/** Shown at once on the trigger, while the project list is read from Jira. */
export function settingsLoadingModal(): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.settings,
    title: TITLE,
    close: plain('Cancel'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading settings…' } }],
  };
}

/** A modal with one message and a Close button (a refusal, or a failure after the modal opened). */
export function settingsNoticeModal(mrkdwn: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.settings,
    title: TITLE,
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, 3000) } }],
  };
}

/**
 * The settings modal. Projects are a multi-select of what the service account can browse (plus any
 * key already set that it can't, so saving doesn't silently drop it); past Slack's 100 options, or
 * when Jira can't be asked, it is a text input of keys instead.
 */
export function settingsModal(input: SettingsModalInput): ModalView {
  const s = input.settings;
  const mode = projectMode(s);
  const current = mode === 'only' ? s.allowedProjects : mode === 'except' ? s.bannedProjects : [];
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'These apply to everyone in this workspace from their next request. Nobody ever sees more than their own Jira account allows.',
        },
      ],
    },
    {
      type: 'input',
      block_id: SETTINGS_INPUTS.projectsMode,
      label: plain('Projects reachable from Slack'),
      element: {
        type: 'radio_buttons',
        action_id: SETTINGS_INPUTS.projectsMode,
        options: [MODES.all, MODES.only, MODES.except],
        initial_option: MODES[mode],
      },
    },
    projectsInput(input.projects, current),
    {
      type: 'input',
      block_id: SETTINGS_INPUTS.requireAuth,
      label: plain('People who haven’t connected Jira'),
      optional: true,
      element: {
        type: 'checkboxes',
        action_id: SETTINGS_INPUTS.requireAuth,
        options: [REQUIRE_AUTH],
        ...(s.requireAuth ? { initial_options: [REQUIRE_AUTH] } : {}),
      },
    },
    {
      type: 'input',
      block_id: SETTINGS_INPUTS.previews,
      label: plain('Link previews'),
      element: {
        type: 'radio_buttons',
        action_id: SETTINGS_INPUTS.previews,
        options: [PREVIEWS.connected, PREVIEWS.off],
        initial_option: PREVIEWS[s.previews],
      },
    },
    {
      type: 'input',
      block_id: SETTINGS_INPUTS.subscribers,
      label: plain('Who may create channel subscriptions'),
      element: {
        type: 'radio_buttons',
        action_id: SETTINGS_INPUTS.subscribers,
        options: [SUBSCRIBERS.everyone, SUBSCRIBERS.admins],
        initial_option: SUBSCRIBERS[s.subscribers],
      },
    },
    {
      type: 'input',
      block_id: SETTINGS_INPUTS.managers,
      label: plain('App managers'),
      hint: plain('They may manage Jira Bridge as Slack admins and owners can.'),
      optional: true,
      element: {
        type: 'multi_users_select',
        action_id: SETTINGS_INPUTS.managers,
        placeholder: plain('Choose people'),
        ...(s.managers.length ? { initial_users: s.managers } : {}),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: VIEWS.settings,
    title: TITLE,
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  };
}

function projectsInput(projects: SettingsModalInput['projects'], current: string[]): InputBlock {
  const base = {
    type: 'input' as const,
    block_id: SETTINGS_INPUTS.projects,
    label: plain('Projects'),
    optional: true,
  };
  const options = Array.isArray(projects) ? projectOptions(projects, current) : [];
  if (Array.isArray(projects) && options.length > 0 && options.length <= MAX_PROJECT_OPTIONS) {
    const chosen = options.filter((o) => current.includes(o.value ?? ''));
    return {
      ...base,
      hint: plain('Used by “Only” and “All except”. Lists the projects the service account can browse.'),
      element: {
        type: 'multi_static_select',
        action_id: SETTINGS_INPUTS.projects,
        placeholder: plain('Choose projects'),
        options,
        ...(chosen.length ? { initial_options: chosen } : {}),
      },
    };
  }
  const why = Array.isArray(projects)
    ? options.length
      ? `The service account can browse ${projects.length} projects, too many to list.`
      : 'The service account can’t browse any project yet.'
    : projects.unavailable;
  return {
    ...base,
    hint: plain(`Used by “Only” and “All except”. Type project keys, separated by commas. ${why}`),
    element: {
      type: 'plain_text_input',
      action_id: SETTINGS_INPUTS.projects,
      placeholder: plain('ALPHA, BETA'),
      ...(current.length ? { initial_value: current.join(', ') } : {}),
    },
  };
}

function projectOptions(projects: Array<{ key: string; name: string }>, current: string[]): PlainTextOption[] {
  const known = new Set(projects.map((p) => p.key));
  // Clip the name, not the key: the key is what tells two similar names apart.
  const listed = projects.map((p) => option(p.key, `${clip(p.name, 72 - p.key.length)} (${p.key})`));
  // A key set earlier that the service account can't browse stays visible (and removable).
  const stale = current
    .filter((k) => !known.has(k))
    .map((k) => option(k, `${k} (the service account can’t browse it)`));
  return [...listed, ...stale];
}
