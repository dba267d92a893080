import type { HomeView, KnownBlock } from '@slack/types';
import { esc } from './mrkdwn.js';

export interface HomeState {
  service: { displayName: string; siteName: string; siteUrl: string } | null;
  user: { displayName: string } | null;
}

/** The App Home tab: Connection status first. */
export function homeView(s: HomeState): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Connection status' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: s.service
          ? `Site: <${s.service.siteUrl}|${esc(s.service.siteName)}>\nMain authorized user is *${esc(s.service.displayName)}*`
          : 'Jira is not connected to this workspace yet.',
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: s.user ? `You are connected as *${esc(s.user.displayName)}*.` : 'Your Jira account is not connected.',
      },
    },
  ];
  return { type: 'home', blocks };
}
