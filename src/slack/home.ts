import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { type HomeState, homeView } from './blocks/home.js';

/** Gathers what the viewer's Home tab shows and publishes it. */
export async function publishHome(deps: Deps, client: WebClient, teamId: string, userId: string): Promise<void> {
  const [workspace, user] = await Promise.all([
    deps.stores.workspaces.get(teamId),
    deps.stores.users.get(teamId, userId),
  ]);
  const state: HomeState = {
    service: workspace
      ? { displayName: workspace.displayName, siteName: workspace.siteName, siteUrl: workspace.siteUrl }
      : null,
    user: user ? { displayName: user.displayName } : null,
  };
  await client.views.publish({ user_id: userId, view: homeView(state) });
}
