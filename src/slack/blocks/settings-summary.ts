import type { KnownBlock } from '@slack/types';
import type { WorkspaceSettings } from '../../store/settings.js';
import type { Message } from './help.js';
import { esc } from './mrkdwn.js';

/** How the workspace's project setting reads to a person. */
export function projectsInWords(s: Pick<WorkspaceSettings, 'allowedProjects' | 'bannedProjects'>): string {
  if (s.allowedProjects.length) return `only ${s.allowedProjects.map(esc).join(', ')}`;
  if (s.bannedProjects.length) return `all except ${s.bannedProjects.map(esc).join(', ')}`;
  return 'all the service account can browse';
}

/** The effective settings, one line each (mrkdwn). */
export function settingsLines(s: WorkspaceSettings): string[] {
  const managers = s.managers.length
    ? s.managers.map((id) => `<@${esc(id)}>`).join(', ')
    : 'none (Slack admins and owners only)';
  return [
    `*Projects:* ${projectsInWords(s)}`,
    `*Require Jira authorization:* ${s.requireAuth ? 'on' : 'off (people who haven’t connected see what the service account can, minus secured issues)'}`,
    `*Link previews:* ${s.previews === 'off' ? 'off' : 'connected posters only'}`,
    `*Channel subscriptions by:* ${s.subscribers === 'admins' ? 'admins only' : 'everyone'}`,
    `*App managers:* ${managers}`,
  ];
}

/**
 * The reply to an admin text form: what changed, any warnings (kept, never fatal), and the settings
 * now in effect. `headline` and `warnings` are finished mrkdwn: callers escape what they put in.
 */
export function settingsSummary(s: WorkspaceSettings, opts: { headline: string; warnings?: string[] }): Message {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: opts.headline } }];
  for (const w of opts.warnings ?? []) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:warning: ${w}` }] });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: settingsLines(s).join('\n') } });
  return { text: opts.headline, blocks };
}
