import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { WorkspaceSettings } from '../../store/settings.js';
import { ACTIONS } from '../ids.js';
import { esc } from './mrkdwn.js';

export interface HomeState {
  viewerIsAdmin: boolean;
  service: {
    displayName: string;
    siteName: string;
    siteUrl: string;
    status: 'ok' | 'needs_reauth';
    isJiraAdmin: boolean;
    webhookError?: string;
  } | null;
  user: { displayName: string; status: 'ok' | 'needs_reauth'; reason?: 'broken' | 'service_account_changed' } | null;
  /** What the viewer can reach, when known. */
  reach: { projects: Array<{ key: string; name: string }> } | { unavailable: string } | null;
  links: { connectUser?: string; connectService?: string };
  /** Admins only. */
  settings?: WorkspaceSettings;
  subscriptions?: number;
}

const MAX_PROJECT_NAMES = 10;

const md = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const urlButton = (text: string, url: string, actionId: string, primary = false): Button => ({
  type: 'button',
  text: { type: 'plain_text', text },
  url,
  action_id: actionId,
  ...(primary ? { style: 'primary' as const } : {}),
});

/** The App Home tab. It opens with Connection status; admins also see settings at a glance. */
export function homeView(s: HomeState): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Connection status' } }];
  blocks.push(...serviceBlocks(s));
  if (s.service) blocks.push(...userBlocks(s));
  if (s.viewerIsAdmin && s.service) blocks.push(...adminBlocks(s));
  blocks.push({ type: 'divider' }, context('Type `/jira help` in any conversation to see what Jira Bridge can do.'));
  return { type: 'home', blocks };
}

function serviceBlocks(s: HomeState): KnownBlock[] {
  if (!s.service) {
    if (s.viewerIsAdmin && s.links.connectService) {
      return [
        md(
          'Jira is not connected to this workspace yet. Connect a Jira *service account* (a Jira administrator): it registers webhooks and caps what anyone can reach from Slack.',
        ),
        {
          type: 'actions',
          elements: [urlButton('Connect service account', s.links.connectService, ACTIONS.connectService, true)],
        },
      ];
    }
    return [md('Jira is not connected to this workspace yet. A Slack workspace admin can connect it from this tab.')];
  }
  const svc = s.service;
  const main = md(`Site: <${svc.siteUrl}|${esc(svc.siteName)}>\nMain authorized user is *${esc(svc.displayName)}*`);
  if (s.viewerIsAdmin && s.links.connectService) {
    (main as { accessory?: Button }).accessory = urlButton('Change', s.links.connectService, ACTIONS.changeService);
  }
  const out: KnownBlock[] = [main];
  if (svc.status !== 'ok') {
    out.push(
      md(
        s.viewerIsAdmin
          ? ':warning: *The main authorized user’s Jira authorization expired or was revoked.* Nobody can use Jira from Slack until you re-authorize it.'
          : ':warning: *Jira Bridge has lost its connection to Jira.* A workspace admin needs to re-authorize it; until then Jira is unavailable here.',
      ),
    );
    if (s.viewerIsAdmin && s.links.connectService) {
      out.push({
        type: 'actions',
        elements: [urlButton('Re-authorize', s.links.connectService, ACTIONS.reauthorize, true)],
      });
    }
  } else if (!svc.isJiraAdmin && s.viewerIsAdmin) {
    out.push(
      md(
        ':warning: The main authorized user is no longer a Jira administrator, so webhooks and access checks may fail. Grant it *Administer Jira* or change it.',
      ),
    );
  }
  if (svc.webhookError && s.viewerIsAdmin) {
    out.push(md(`:warning: Jira notifications are failing: ${esc(svc.webhookError)}`));
  }
  return out;
}

function userBlocks(s: HomeState): KnownBlock[] {
  const out: KnownBlock[] = [{ type: 'divider' }];
  const u = s.user;
  if (!u) {
    out.push(
      md(
        'Your Jira account is not connected. Connect it to search, view and act on issues from Slack — you will see only what your own Jira account can.',
      ),
    );
    if (s.links.connectUser) {
      out.push({
        type: 'actions',
        elements: [urlButton('Connect your Jira account', s.links.connectUser, ACTIONS.connectUser, true)],
      });
    }
  } else if (u.status !== 'ok') {
    out.push(
      md(
        u.reason === 'service_account_changed'
          ? `:warning: *The main authorized user changed.* Re-authorize to keep using Jira from Slack (you were connected as ${esc(u.displayName)}).`
          : `:warning: *Your Jira authorization expired or was revoked.* Re-authorize to keep using Jira from Slack (you were connected as ${esc(u.displayName)}).`,
      ),
    );
    if (s.links.connectUser) {
      out.push({
        type: 'actions',
        elements: [urlButton('Re-authorize', s.links.connectUser, ACTIONS.reauthorize, true)],
      });
    }
  } else {
    const line = md(`You are connected as *${esc(u.displayName)}*.`);
    (line as { accessory?: Button }).accessory = {
      type: 'button',
      text: { type: 'plain_text', text: 'Disconnect' },
      action_id: ACTIONS.disconnectUser,
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Disconnect Jira?' },
        text: {
          type: 'plain_text',
          text: 'Jira Bridge will forget your Jira tokens. You can connect again at any time.',
        },
        confirm: { type: 'plain_text', text: 'Disconnect' },
        deny: { type: 'plain_text', text: 'Cancel' },
      },
    };
    out.push(line, {
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Create issue' },
          action_id: ACTIONS.createIssue,
          style: 'primary',
        },
      ],
    });
  }
  if (s.reach && 'projects' in s.reach) {
    const n = s.reach.projects.length;
    const names = s.reach.projects.slice(0, MAX_PROJECT_NAMES).map((p) => `${esc(p.name)} (${esc(p.key)})`);
    const more = n > MAX_PROJECT_NAMES ? ` and ${n - MAX_PROJECT_NAMES} more` : '';
    out.push(
      context(
        n === 0
          ? 'You can’t reach any Jira project from Slack yet.'
          : `You can reach ${n} project${n === 1 ? '' : 's'} from Slack: ${names.join(', ')}${more}.`,
      ),
    );
  } else if (s.reach && 'unavailable' in s.reach) {
    out.push(context(esc(s.reach.unavailable)));
  }
  return out;
}

function adminBlocks(s: HomeState): KnownBlock[] {
  const st = s.settings;
  if (!st) return [];
  const projects = st.allowedProjects.length
    ? `only ${st.allowedProjects.map(esc).join(', ')}`
    : st.bannedProjects.length
      ? `all except ${st.bannedProjects.map(esc).join(', ')}`
      : 'all the service account can browse';
  const lines = [
    `*Projects:* ${projects}`,
    `*Require Jira authorization:* ${st.requireAuth ? 'on' : 'off'}`,
    `*Link previews:* ${st.previews === 'off' ? 'off' : 'connected posters only'}`,
    `*Channel subscriptions by:* ${st.subscribers === 'admins' ? 'admins only' : 'everyone'}`,
  ];
  if (s.subscriptions !== undefined) lines.push(`*Channel subscriptions:* ${s.subscriptions}`);
  const settings = md(lines.join('\n'));
  (settings as { accessory?: Button }).accessory = {
    type: 'button',
    text: { type: 'plain_text', text: 'Edit settings' },
    action_id: ACTIONS.openSettings,
  };
  return [{ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'Workspace settings' } }, settings];
}
