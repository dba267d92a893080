import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { isCodedError } from '../errors.js';
import { type HomeState, homeView } from './blocks/home.js';

/** Gathers what the viewer's Home tab shows and publishes it. Never throws for a Jira outage. */
export async function publishHome(deps: Deps, client: WebClient, teamId: string, userId: string): Promise<void> {
  await client.views.publish({ user_id: userId, view: homeView(await homeState(deps, teamId, userId)) });
}

export async function homeState(deps: Deps, teamId: string, userId: string): Promise<HomeState> {
  const { workspaces, users, settings } = deps.stores;
  const [stored, user, viewerIsAdmin] = await Promise.all([
    workspaces.get(teamId),
    users.get(teamId, userId),
    deps.isAdmin(teamId, userId).catch(() => false),
  ]);
  const ws = stored && viewerIsAdmin ? await deps.gate.recheckServiceAdmin(stored, deps.now(), deps.log) : stored;
  const userState: HomeState['user'] = user
    ? ws && user.generation !== ws.generation
      ? { displayName: user.displayName, status: 'needs_reauth', reason: 'service_account_changed' }
      : { displayName: user.displayName, status: user.status, reason: user.status === 'ok' ? undefined : 'broken' }
    : null;

  let reach: HomeState['reach'] = null;
  if (ws && ws.status === 'ok' && userState?.status === 'ok') {
    try {
      const access = await deps.gate.access({ teamId, userId });
      reach = { projects: access.projects };
    } catch (err) {
      if (!isCodedError(err)) deps.log.warn({ err }, 'could not compute reach for Home');
      reach = { unavailable: 'Jira didn’t answer, so we can’t show which projects you can reach right now.' };
    }
  }
  const needsUserLink = Boolean(ws) && userState?.status !== 'ok';
  const links: HomeState['links'] = {
    connectUser: needsUserLink ? await deps.links.connect({ teamId, userId }, 'user') : undefined,
    connectService: viewerIsAdmin ? await deps.links.connect({ teamId, userId }, 'service') : undefined,
  };
  return {
    viewerIsAdmin,
    service: ws
      ? {
          displayName: ws.displayName,
          siteName: ws.siteName,
          siteUrl: ws.siteUrl,
          status: ws.status,
          isJiraAdmin: ws.isJiraAdmin,
          webhookError: ws.webhook?.error,
        }
      : null,
    user: userState,
    reach,
    links,
    settings: viewerIsAdmin ? await settings.get(teamId) : undefined,
    subscriptions: viewerIsAdmin ? await deps.stores.subscriptions.count(teamId) : undefined,
  };
}
