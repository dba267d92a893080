import { describe, expect, it } from 'vitest';
import { type HomeState, homeView } from '../../../src/slack/blocks/home.js';
import { DEFAULT_SETTINGS } from '../../../src/store/settings.js';
import { validateView } from '../../support/slack/block-kit.js';

const service: NonNullable<HomeState['service']> = {
  displayName: 'Jira Service',
  siteName: 'acme',
  siteUrl: 'https://acme.atlassian.net',
  status: 'ok',
  isJiraAdmin: true,
};
const links = {
  connectUser: 'https://bridge.example/jira/connect?state=u',
  connectService: 'https://bridge.example/jira/connect?state=s',
};
const base: HomeState = {
  viewerIsAdmin: false,
  service,
  user: null,
  reach: null,
  links: { connectUser: links.connectUser },
};

const states: Record<string, HomeState> = {
  'workspace not connected, member': { ...base, service: null, links: {} },
  'workspace not connected, admin': {
    ...base,
    service: null,
    viewerIsAdmin: true,
    links: { connectService: links.connectService },
  },
  'user not connected': base,
  'user connected': {
    ...base,
    user: { displayName: 'Ada <!channel> Lovelace', status: 'ok' },
    reach: {
      projects: [
        { key: 'ALPHA', name: 'Alpha' },
        { key: 'BETA', name: 'Beta & Co' },
      ],
    },
    links: {},
  },
  'user needs re-authorization': { ...base, user: { displayName: 'Ada', status: 'needs_reauth', reason: 'broken' } },
  'main authorized user changed': {
    ...base,
    user: { displayName: 'Ada', status: 'needs_reauth', reason: 'service_account_changed' },
  },
  'service account broken, member': {
    ...base,
    service: { ...service, status: 'needs_reauth' },
    user: { displayName: 'Ada', status: 'ok' },
    links: {},
  },
  'admin view': {
    ...base,
    viewerIsAdmin: true,
    service: { ...service, webhookError: 'Jira refused the webhook' },
    user: { displayName: 'Admin', status: 'ok' },
    reach: { projects: Array.from({ length: 14 }, (_, i) => ({ key: `P${i}`, name: `Project ${i}` })) },
    links: { connectService: links.connectService },
    settings: { ...DEFAULT_SETTINGS, bannedProjects: ['HR'] },
    subscriptions: 3,
  },
  'service account broken, admin': {
    ...base,
    viewerIsAdmin: true,
    service: { ...service, status: 'needs_reauth' },
    links: { connectService: links.connectService, connectUser: links.connectUser },
    settings: DEFAULT_SETTINGS,
  },
};

describe('the App Home tab', () => {
  for (const [name, state] of Object.entries(states)) {
    it(`renders "${name}" as Slack accepts it`, () => {
      const view = homeView(state);
      expect(validateView(view, 'home')).toEqual([]);
      expect(JSON.stringify(view.blocks)).toContain('Connection status');
      expect(view).toMatchSnapshot();
    });
  }

  it('offers Change only to admins', () => {
    expect(JSON.stringify(homeView(states['user connected']!))).not.toContain('"Change"');
    expect(JSON.stringify(homeView(states['admin view']!))).toContain('"Change"');
  });

  it('never lets a Jira display name ping a channel', () => {
    expect(JSON.stringify(homeView(states['user connected']!))).not.toContain('<!channel>');
  });
});
