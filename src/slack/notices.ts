import type { WebClient } from '@slack/web-api';
import { hostOf } from '../access/connect.js';
import type { ConnectionRef } from '../access/tokens.js';
import type { Deps } from '../deps.js';
import { reauthPrompt, serviceBrokenNotice } from './blocks/prompts.js';
import { publishHome } from './home.js';

/** How long a Re-authorize link sent by DM keeps working (it is single use and bound to its owner). */
const DM_LINK_TTL_SEC = 24 * 3600;

/**
 * Tells people about connection changes: a DM with a button, and a fresh Home tab. Each broken
 * connection is announced once; connecting again resets that.
 */
export class Notices {
  constructor(private readonly deps: Deps) {}

  /** Implements the token layer's listener: a connection just went bad. */
  async connectionBroken(ref: ConnectionRef): Promise<void> {
    try {
      if (ref.kind === 'user') await this.promptUser(ref.teamId, ref.userId, 'broken');
      else await this.announceServiceBroken(ref.teamId);
    } catch (err) {
      this.deps.log.warn({ err }, 'could not tell people about a broken connection');
    }
  }

  /** DM + Home banner asking one user to re-authorize; at most once until they reconnect. */
  async promptUser(teamId: string, userId: string, reason: 'broken' | 'service_account_changed'): Promise<void> {
    const { users, workspaces } = this.deps.stores;
    const conn = await users.get(teamId, userId);
    if (!conn || conn.reauthNotifiedAt) return;
    await users.update(teamId, userId, (c) => ({ ...c, reauthNotifiedAt: new Date(this.deps.now()).toISOString() }));
    const client = await this.deps.slackFor(teamId);
    const ws = await workspaces.get(teamId);
    const url = await this.deps.links.connect({ teamId, userId }, 'user', DM_LINK_TTL_SEC);
    await this.dm(client, userId, reauthPrompt(url, reason, ws?.displayName));
    await publishHome(this.deps, client, teamId, userId);
  }

  /** The service account is broken: tell the admin who connected it (and app managers) once; every Home shows it. */
  async announceServiceBroken(teamId: string): Promise<void> {
    const { workspaces, settings, users } = this.deps.stores;
    const ws = await workspaces.get(teamId);
    if (!ws || ws.brokenNotifiedAt) return;
    await workspaces.update(teamId, (c) => ({ ...c, brokenNotifiedAt: new Date(this.deps.now()).toISOString() }));
    const client = await this.deps.slackFor(teamId);
    const admins = new Set([ws.connectedBy, ...(await settings.get(teamId)).managers]);
    for (const admin of admins) {
      const url = await this.deps.links.connect({ teamId, userId: admin }, 'service', DM_LINK_TTL_SEC);
      await this.dm(client, admin, serviceBrokenNotice(hostOf(ws.siteUrl), ws.displayName, url));
    }
    await this.republishHomes(teamId, [...admins, ...(await users.listUserIds(teamId))]);
  }

  /**
   * After the main authorized user changed: every user connection made under the old one stops being
   * used (the generation check), and each affected person is asked to re-authorize.
   */
  async serviceChanged(teamId: string, generation: number): Promise<void> {
    const { users } = this.deps.stores;
    for (const userId of await users.listUserIds(teamId)) {
      const conn = await users.get(teamId, userId).catch(() => null);
      if (!conn || conn.generation === generation) continue;
      await users.update(teamId, userId, (c) => ({ ...c, reauthNotifiedAt: undefined }));
      await this.promptUser(teamId, userId, 'service_account_changed').catch((err: unknown) =>
        this.deps.log.warn({ err, userId }, 'could not prompt a user to re-authorize'),
      );
    }
  }

  async republishHomes(teamId: string, userIds: Iterable<string>): Promise<void> {
    const client = await this.deps.slackFor(teamId);
    for (const userId of new Set(userIds)) {
      await publishHome(this.deps, client, teamId, userId).catch((err: unknown) =>
        this.deps.log.warn({ err, userId }, 'could not republish Home'),
      );
    }
  }

  private async dm(client: WebClient, userId: string, message: { text: string; blocks: unknown[] }): Promise<void> {
    const im = await client.conversations.open({ users: userId });
    const channel = im.channel?.id;
    if (!channel) return;
    await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
  }
}
