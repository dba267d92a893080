import { describe, expect, it } from 'vitest';
import {
  MAX_PROJECT_OPTIONS,
  settingsLoadingModal,
  settingsModal,
  settingsNoticeModal,
} from '../../../src/slack/blocks/settings-modal.js';
import { settingsSummary } from '../../../src/slack/blocks/settings-summary.js';
import { SETTINGS_INPUTS } from '../../../src/slack/ids.js';
import { readSettingsForm } from '../../../src/slack/views/settings-form.js';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../../src/store/settings.js';
import { validateMessageBlocks, validateView } from '../../support/slack/block-kit.js';
import { fillStateValues, initialStateValues } from '../../support/slack/view-state.js';

const PROJECTS = [
  { key: 'ALPHA', name: 'Alpha' },
  { key: 'BETA', name: 'Beta & <friends>' },
  { key: 'HR', name: 'Human Resources' },
];
const settings = (over: Partial<WorkspaceSettings> = {}): WorkspaceSettings => ({ ...DEFAULT_SETTINGS, ...over });
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `P${i}`, name: `Project ${i}` }));

describe('the settings modal', () => {
  const variants: Array<[string, Parameters<typeof settingsModal>[0]]> = [
    ['defaults, projects listed', { settings: settings(), projects: PROJECTS }],
    [
      'an allow-list with a key the service account cannot browse, managers named, everything tightened',
      {
        settings: settings({
          allowedProjects: ['ALPHA', 'NOPE'],
          requireAuth: false,
          previews: 'off',
          subscribers: 'admins',
          managers: ['U0ADA00001'],
        }),
        projects: PROJECTS,
      },
    ],
    ['a ban list', { settings: settings({ bannedProjects: ['HR'] }), projects: PROJECTS }],
    [
      'Jira unavailable: keys as text',
      { settings: settings({ bannedProjects: ['HR', 'BETA'] }), projects: { unavailable: 'Jira didn’t answer.' } },
    ],
    ['no browsable projects: keys as text', { settings: settings(), projects: [] }],
  ];

  it.each(variants)('renders %s as a valid modal', (_name, input) => {
    const view = settingsModal(input);
    expect(validateView(view, 'modal')).toEqual([]);
    expect(view).toMatchSnapshot();
  });

  it('asks for keys as text past Slack’s 100 options', () => {
    const ok = settingsModal({ settings: settings(), projects: many(MAX_PROJECT_OPTIONS) });
    const over = settingsModal({ settings: settings({ allowedProjects: ['P1'] }), projects: many(101) });
    expect(JSON.stringify(ok)).toContain('multi_static_select');
    expect(JSON.stringify(over)).not.toContain('multi_static_select');
    expect(JSON.stringify(over)).toContain('101 projects, too many to list');
    expect(validateView(ok, 'modal')).toEqual([]);
    expect(validateView(over, 'modal')).toEqual([]);
  });

  it('keeps the project key visible when a long name is clipped', () => {
    const view = settingsModal({ settings: settings(), projects: [{ key: 'LONGKEY', name: 'n'.repeat(200) }] });
    expect(validateView(view, 'modal')).toEqual([]);
    expect(JSON.stringify(view)).toContain('… (LONGKEY)');
  });

  it('renders the Loading and notice modals validly', () => {
    expect(validateView(settingsLoadingModal(), 'modal')).toEqual([]);
    const notice = settingsNoticeModal('Only workspace admins can change Jira Bridge settings.');
    expect(validateView(notice, 'modal')).toEqual([]);
    expect(notice).toMatchSnapshot();
  });
});

describe('reading a submitted settings modal', () => {
  const submit = (input: Parameters<typeof settingsModal>[0], fill: Record<string, string | string[]>) => {
    const view = settingsModal(input);
    return readSettingsForm(fillStateValues(view.blocks, initialStateValues(view.blocks), fill));
  };

  it.each([
    settings(),
    settings({ allowedProjects: ['ALPHA', 'NOPE'], managers: ['U0ADA00001'], previews: 'off' }),
    settings({ bannedProjects: ['HR'], requireAuth: false, subscribers: 'admins' }),
  ])('gives back the settings it was opened with when nothing is touched (%#)', (s) => {
    expect(submit({ settings: s, projects: PROJECTS }, {})).toEqual({ ok: true, settings: s });
    expect(submit({ settings: s, projects: { unavailable: 'down' } }, {})).toEqual({ ok: true, settings: s });
  });

  it('reads every field a person changed', () => {
    const form = submit(
      { settings: settings(), projects: PROJECTS },
      {
        [SETTINGS_INPUTS.projectsMode]: 'except',
        [SETTINGS_INPUTS.projects]: ['HR', 'BETA'],
        [SETTINGS_INPUTS.requireAuth]: [],
        [SETTINGS_INPUTS.previews]: 'off',
        [SETTINGS_INPUTS.subscribers]: 'admins',
        [SETTINGS_INPUTS.managers]: ['U0ADA00001', 'U0GRACE001'],
      },
    );
    expect(form).toEqual({
      ok: true,
      settings: {
        allowedProjects: [],
        bannedProjects: ['HR', 'BETA'],
        requireAuth: false,
        previews: 'off',
        subscribers: 'admins',
        managers: ['U0ADA00001', 'U0GRACE001'],
      },
    });
  });

  it('drops the chosen projects when All projects is chosen', () => {
    const form = submit(
      { settings: settings({ allowedProjects: ['ALPHA'] }), projects: PROJECTS },
      { [SETTINGS_INPUTS.projectsMode]: 'all' },
    );
    expect(form.ok && form.settings).toMatchObject({ allowedProjects: [], bannedProjects: [] });
  });

  it('reads typed keys, upper-cased, when the projects are a text input', () => {
    const form = submit(
      { settings: settings(), projects: { unavailable: 'down' } },
      { [SETTINGS_INPUTS.projectsMode]: 'only', [SETTINGS_INPUTS.projects]: 'alpha, beta' },
    );
    expect(form.ok && form.settings.allowedProjects).toEqual(['ALPHA', 'BETA']);
  });

  it('asks for a project when Only is chosen with none', () => {
    const form = submit({ settings: settings(), projects: PROJECTS }, { [SETTINGS_INPUTS.projectsMode]: 'only' });
    expect(form).toEqual({
      ok: false,
      errors: { [SETTINGS_INPUTS.projects]: 'Choose at least one project, or choose “All projects” above.' },
    });
  });

  it('names typed words that are not project keys', () => {
    const form = submit(
      { settings: settings(), projects: { unavailable: 'down' } },
      { [SETTINGS_INPUTS.projectsMode]: 'except', [SETTINGS_INPUTS.projects]: 'HR, x-1' },
    );
    expect(form).toEqual({
      ok: false,
      errors: { [SETTINGS_INPUTS.projects]: '“x-1” is not a Jira project key (keys look like ALPHA or HR_2).' },
    });
  });

  it('refuses forged values Slack’s client could not have sent', () => {
    const form = readSettingsForm({
      [SETTINGS_INPUTS.projectsMode]: { [SETTINGS_INPUTS.projectsMode]: { selected_option: { value: 'some' } } },
      [SETTINGS_INPUTS.projects]: { [SETTINGS_INPUTS.projects]: { selected_options: [{ value: 'bad key' }] } },
      [SETTINGS_INPUTS.previews]: { [SETTINGS_INPUTS.previews]: { selected_option: { value: 'everyone' } } },
      [SETTINGS_INPUTS.subscribers]: { [SETTINGS_INPUTS.subscribers]: { selected_option: null } },
      [SETTINGS_INPUTS.managers]: { [SETTINGS_INPUTS.managers]: { selected_users: ['<!channel>'] } },
    });
    expect(form.ok).toBe(false);
    expect(!form.ok && Object.keys(form.errors).sort()).toEqual(
      [
        SETTINGS_INPUTS.managers,
        SETTINGS_INPUTS.previews,
        SETTINGS_INPUTS.projects,
        SETTINGS_INPUTS.projectsMode,
        SETTINGS_INPUTS.subscribers,
      ].sort(),
    );
  });

  it('refuses a state that is not Slack’s shape at all', () => {
    expect(readSettingsForm('nonsense').ok).toBe(false);
    expect(readSettingsForm({ [SETTINGS_INPUTS.projects]: { [SETTINGS_INPUTS.projects]: 42 } }).ok).toBe(false);
  });
});

describe('the settings summary an admin text form replies with', () => {
  it('shows warnings and the settings now in effect', () => {
    const msg = settingsSummary(
      settings({ allowedProjects: ['ALPHA', 'NOPE'], managers: ['U0ADA00001'], requireAuth: false }),
      {
        headline: 'Only ALPHA and NOPE can be reached from Slack now.',
        warnings: [
          'The service account can’t browse NOPE, so nobody can reach it from Slack until the service account can.',
        ],
      },
    );
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
    expect(msg).toMatchSnapshot();
  });

  it('says what the defaults mean', () => {
    expect(settingsSummary(settings(), { headline: 'Project limits are cleared.' })).toMatchSnapshot();
  });
});
