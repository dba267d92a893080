import type { Page } from '../http/pages.js';
import type { JiraClient } from '../jira/client.js';
import type { AccessibleResource } from '../jira/types.js';
import type { Logger } from '../log.js';
import type { OAuthState, OAuthStateStore } from '../store/oauth-state.js';
import type { PendingConnection, PendingConnectionStore } from '../store/pending-connections.js';
import type { TokenSet } from '../store/records.js';
import type { UserConnectionStore } from '../store/user-connections.js';
import type { WorkspaceConnection, WorkspaceStore } from '../store/workspaces.js';

export interface ConnectFlowDeps {
  log: Logger;
  now: () => number;
  publicUrl: string;
  /** Pins the site when the service account reaches several (JIRA_SITE_URL). */
  pinnedSiteUrl?: string;
  oauth: { exchangeCode(code: string): Promise<TokenSet> };
  accessibleResources(accessToken: string): Promise<AccessibleResource[]>;
  /** A client for a site using a token we hold in hand (no stored connection yet). */
  jiraWithToken(cloudId: string, accessToken: string): JiraClient;
  states: OAuthStateStore;
  pending: PendingConnectionStore;
  workspaces: WorkspaceStore;
  users: UserConnectionStore;
  isAdmin(teamId: string, userId: string): Promise<boolean>;
  /** How a Slack user is named to people (real name and @handle), for the confirmation page. */
  slackName(teamId: string, userId: string): Promise<string>;
  /** Told after a connection changes, to refresh caches, Home tabs and prompts. */
  events: {
    userConnected(teamId: string, userId: string): Promise<void>;
    serviceConnected(ws: WorkspaceConnection, previous: WorkspaceConnection | null): Promise<void>;
  };
}

const slackHome = (teamId: string) => ({
  label: 'Back to Slack',
  href: `slack://open?team=${encodeURIComponent(teamId)}`,
});
const START_AGAIN = 'Open the Jira Bridge app’s Home tab in Slack and start again from there.';

/**
 * What happens when the browser comes back from Atlassian: every outcome is a page that says what
 * happened and what to do next. Nothing here throws to the HTTP layer.
 */
export class ConnectFlow {
  constructor(private readonly d: ConnectFlowDeps) {}

  connectUrl(state: string): string {
    return `${this.d.publicUrl}/jira/connect?state=${encodeURIComponent(state)}`;
  }

  async callback(q: { code?: string; state?: string; error?: string; errorDescription?: string }): Promise<Page> {
    const st = q.state ? await this.d.states.consume(q.state) : null;
    if (q.error) {
      return problem(
        403,
        'Jira was not connected',
        [
          q.error === 'access_denied'
            ? 'You declined access in Atlassian’s consent screen, so nothing was connected.'
            : 'Atlassian did not complete the authorization, so nothing was connected.',
          `To try again: ${START_AGAIN}`,
        ],
        st?.teamId,
      );
    }
    if (!st) {
      return problem(400, 'This link has expired or was already used', [
        'Connect links work once and only for a few minutes, to keep your account safe.',
        START_AGAIN,
      ]);
    }
    if (!q.code)
      return problem(400, 'Jira was not connected', ['Atlassian sent no authorization code.', START_AGAIN], st.teamId);

    let tokens: TokenSet;
    let sites: AccessibleResource[];
    try {
      tokens = await this.d.oauth.exchangeCode(q.code);
      sites = await this.d.accessibleResources(tokens.accessToken);
    } catch (err) {
      this.d.log.warn({ err: (err as Error).message }, 'OAuth code exchange failed');
      return problem(
        502,
        'Jira didn’t answer',
        ['We could not finish connecting to Atlassian. Please try again in a minute.', START_AGAIN],
        st.teamId,
      );
    }
    try {
      return st.kind === 'user' ? await this.finishUser(st, tokens, sites) : await this.startService(st, tokens, sites);
    } catch (err) {
      this.d.log.error({ err }, 'connecting failed');
      return problem(
        502,
        'Jira didn’t answer',
        ['We could not finish connecting to Jira. Please try again in a minute.'],
        st.teamId,
      );
    }
  }

  private async finishUser(st: OAuthState, tokens: TokenSet, sites: AccessibleResource[]): Promise<Page> {
    const ws = await this.d.workspaces.get(st.teamId);
    if (!ws) {
      return problem(
        409,
        'Jira isn’t set up in this workspace yet',
        ['A Slack admin must first connect the workspace’s Jira service account from the Jira Bridge Home tab.'],
        st.teamId,
      );
    }
    const site = sites.find((s) => s.id === ws.cloudId);
    if (!site) {
      const theirs = sites.map((s) => hostOf(s.url)).join(', ') || 'no Jira site';
      return problem(
        403,
        'That Jira account is on another site',
        [
          `Your Jira account is on ${theirs}, but this workspace is connected to ${hostOf(ws.siteUrl)}.`,
          `Connect with an account on ${hostOf(ws.siteUrl)}. ${START_AGAIN}`,
        ],
        st.teamId,
      );
    }
    const me = await this.d.jiraWithToken(ws.cloudId, tokens.accessToken).myself();
    // Connect links can be forwarded: whoever completes consent is linked to the Slack user the link was
    // made for. Saying exactly who is linked to whom, and asking, lets a person who was sent someone
    // else's link stop before their Jira account acts for that person.
    const slackName = await this.d.slackName(st.teamId, st.slackUserId).catch(() => 'the Slack user who asked');
    const id = await this.d.pending.create({
      teamId: st.teamId,
      slackUserId: st.slackUserId,
      sites: [{ id: site.id, url: site.url, name: site.name }],
      cloudId: ws.cloudId,
      kind: 'user',
      account: { accountId: me.accountId, displayName: me.displayName },
      tokens,
    });
    const link = (q: string) => `${this.d.publicUrl}/jira/oauth/site?p=${encodeURIComponent(id)}&${q}`;
    return {
      status: 200,
      tone: 'success',
      title: `Connect ${me.displayName} to ${slackName} in Slack?`,
      lines: [
        `Jira Bridge will use the Jira account ${me.displayName} on ${hostOf(ws.siteUrl)} for the Slack user ${slackName}: everything ${slackName} sees and does with /jira will be as ${me.displayName}.`,
        `Only continue if you are ${slackName} in Slack. If someone sent you this link, cancel.`,
      ],
      actions: [
        { label: 'Yes, connect', href: link('confirm=yes'), primary: true },
        { label: 'Cancel', href: link('cancel=yes') },
      ],
    };
  }

  private async storeUser(p: PendingConnection & { cloudId: string }): Promise<Page> {
    const ws = await this.d.workspaces.get(p.teamId);
    const account = p.account;
    if (!ws || ws.cloudId !== p.cloudId || !account) {
      return problem(409, 'Jira’s setup changed meanwhile', ['Nothing was connected.', START_AGAIN], p.teamId);
    }
    await this.d.users.put({
      teamId: p.teamId,
      slackUserId: p.slackUserId,
      accountId: account.accountId,
      displayName: account.displayName,
      cloudId: ws.cloudId,
      siteUrl: ws.siteUrl,
      generation: ws.generation,
      status: 'ok',
      connectedAt: new Date(this.d.now()).toISOString(),
      tokens: p.tokens,
    });
    await this.d.events.userConnected(p.teamId, p.slackUserId);
    return success(
      'Your Jira account is connected',
      [
        `You are connected to ${hostOf(ws.siteUrl)} as ${account.displayName}.`,
        'In Slack you will see and do only what this Jira account can. You can close this tab.',
      ],
      p.teamId,
    );
  }

  private async startService(st: OAuthState, tokens: TokenSet, sites: AccessibleResource[]): Promise<Page> {
    if (!(await this.d.isAdmin(st.teamId, st.slackUserId))) {
      return problem(
        403,
        'Only workspace admins can connect the service account',
        ['Ask a Slack workspace admin (or a Jira Bridge app manager) to connect it from the Jira Bridge Home tab.'],
        st.teamId,
      );
    }
    const pinned = this.d.pinnedSiteUrl ? sites.find((s) => sameSite(s.url, this.d.pinnedSiteUrl!)) : undefined;
    if (this.d.pinnedSiteUrl && !pinned) {
      return problem(
        403,
        'That account can’t reach the configured Jira site',
        [
          `This Jira Bridge is pinned to ${hostOf(this.d.pinnedSiteUrl)} (JIRA_SITE_URL), but the account you authorized can reach ${sites.map((s) => hostOf(s.url)).join(', ') || 'no Jira site'}.`,
          'Authorize with a Jira administrator account on that site.',
        ],
        st.teamId,
      );
    }
    const pending: PendingConnection = {
      teamId: st.teamId,
      slackUserId: st.slackUserId,
      sites: sites.map((s) => ({ id: s.id, url: s.url, name: s.name })),
      tokens,
    };
    const only = pinned ?? (sites.length === 1 ? sites[0] : undefined);
    if (!only) {
      if (!sites.length) {
        return problem(
          403,
          'That account can’t reach any Jira site',
          ['Authorize with a Jira administrator account on your Jira Cloud site.'],
          st.teamId,
        );
      }
      const id = await this.d.pending.create(pending);
      return {
        status: 200,
        tone: 'success',
        title: 'Choose the Jira site',
        lines: ['The account you authorized can reach several Jira sites. Which one should this Slack workspace use?'],
        actions: sites.map((s) => ({
          label: `${s.name} (${hostOf(s.url)})`,
          href: `${this.d.publicUrl}/jira/oauth/site?p=${encodeURIComponent(id)}&site=${encodeURIComponent(s.id)}`,
        })),
      };
    }
    return this.finishService({ ...pending, cloudId: only.id }, false);
  }

  /** The admin picked a site (several were possible) or confirmed a change of site. */
  async continuePending(q: { p?: string; site?: string; confirm?: string; cancel?: string }): Promise<Page> {
    const pending = q.p ? await this.d.pending.consume(q.p) : null;
    if (!pending) {
      return problem(400, 'This link has expired or was already used', [START_AGAIN]);
    }
    if (q.cancel === 'yes') {
      return problem(
        200,
        'Nothing was connected',
        ['You cancelled, and Jira Bridge has forgotten this consent.'],
        pending.teamId,
      );
    }
    if (pending.kind === 'user') {
      if (q.confirm !== 'yes' || !pending.cloudId)
        return problem(400, 'Nothing was connected', [START_AGAIN], pending.teamId);
      return this.storeUser({ ...pending, cloudId: pending.cloudId });
    }
    const cloudId = q.site ?? pending.cloudId;
    if (!cloudId || !pending.sites.some((s) => s.id === cloudId)) {
      return problem(
        400,
        'Unknown Jira site',
        ['That site is not one the authorized account can reach.', START_AGAIN],
        pending.teamId,
      );
    }
    return this.finishService({ ...pending, cloudId }, q.confirm === 'yes');
  }

  private async finishService(p: PendingConnection & { cloudId: string }, confirmedSiteChange: boolean): Promise<Page> {
    const site = p.sites.find((s) => s.id === p.cloudId)!;
    const previous = await this.d.workspaces.get(p.teamId);
    if (previous && previous.cloudId !== p.cloudId && !confirmedSiteChange) {
      const id = await this.d.pending.create(p);
      return {
        status: 200,
        tone: 'problem',
        title: 'Switch this workspace to another Jira site?',
        lines: [
          `This workspace is connected to ${hostOf(previous.siteUrl)}. You authorized an account on ${hostOf(site.url)}.`,
          `If you switch, every person’s Jira connection stops working and each of them must connect an account on ${hostOf(site.url)}. Channel subscriptions and links to ${hostOf(previous.siteUrl)} will no longer work.`,
        ],
        actions: [
          {
            label: `Yes, switch to ${hostOf(site.url)}`,
            href: `${this.d.publicUrl}/jira/oauth/site?p=${encodeURIComponent(id)}&confirm=yes`,
            primary: true,
          },
          slackHome(p.teamId),
        ],
      };
    }
    const jira = this.d.jiraWithToken(p.cloudId, p.tokens.accessToken);
    const [me, perms] = await Promise.all([jira.myself(), jira.myPermissions(['ADMINISTER'])]);
    if (!perms.ADMINISTER) {
      return problem(
        403,
        `${me.displayName} is not a Jira administrator`,
        [
          `The service account must have the “Administer Jira” global permission on ${hostOf(site.url)}: it registers webhooks and decides the most anyone can reach from Slack.`,
          'Ask a Jira admin to grant it (Jira settings → System → Global permissions), or authorize with an administrator account. Nothing was changed.',
        ],
        p.teamId,
      );
    }
    const sameAccount = previous?.accountId === me.accountId && previous?.cloudId === p.cloudId;
    const ws: WorkspaceConnection = {
      teamId: p.teamId,
      cloudId: p.cloudId,
      siteUrl: site.url.replace(/\/+$/, ''),
      siteName: site.name,
      accountId: me.accountId,
      displayName: me.displayName,
      // A different account (or site) starts a new generation: connections made under the old one stop.
      generation: previous ? (sameAccount ? previous.generation : previous.generation + 1) : 1,
      isJiraAdmin: true,
      adminCheckedAt: new Date(this.d.now()).toISOString(),
      status: 'ok',
      connectedBy: p.slackUserId,
      connectedAt: new Date(this.d.now()).toISOString(),
      webhook: sameAccount ? previous?.webhook : undefined,
      tokens: p.tokens,
    };
    await this.d.workspaces.put(ws);
    await this.d.events.serviceConnected(ws, previous);
    const lines = [`Main authorized user is ${me.displayName} on ${hostOf(site.url)}.`];
    if (previous && !sameAccount)
      lines.push('Everyone who had connected their Jira account has been asked to re-authorize.');
    else
      lines.push('People can now connect their own Jira accounts from the Jira Bridge Home tab or with /jira connect.');
    return success('Jira is connected to this workspace', lines, p.teamId);
  }
}

function success(title: string, lines: string[], teamId: string): Page {
  return { status: 200, tone: 'success', title, lines, actions: [slackHome(teamId)] };
}

function problem(status: number, title: string, lines: string[], teamId?: string): Page {
  return { status, tone: 'problem', title, lines, actions: teamId ? [slackHome(teamId)] : [] };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function sameSite(a: string, b: string): boolean {
  return hostOf(a).toLowerCase() === hostOf(b).toLowerCase();
}
