import type { Deps } from '../deps.js';
import { renderPage } from './pages.js';
import { type Route, sendText } from './server.js';

/**
 * The browser side of connecting Jira: Slack's URL button → `/jira/connect` → Atlassian consent →
 * `/jira/oauth/callback` → a page that says what happened. `/jira/oauth/site` finishes a choice of site
 * or a confirmed change of site.
 */
export function jiraOAuthRoutes(deps: Deps): Route[] {
  const page = (res: Parameters<Route['handler']>[1], p: Awaited<ReturnType<Deps['connect']['callback']>>) =>
    sendText(res, p.status, renderPage(p), 'text/html; charset=utf-8');
  return [
    {
      method: 'GET',
      path: '/jira/connect',
      handler: (_req, res, url) => {
        const state = url.searchParams.get('state') ?? '';
        if (!/^[A-Za-z0-9_-]{16,128}$/.test(state)) {
          page(res, {
            status: 400,
            tone: 'problem',
            title: 'This link is incomplete',
            lines: ['Open the Jira Bridge app’s Home tab in Slack and use the Connect button there.'],
          });
          return;
        }
        // The state is checked (and consumed) when Atlassian sends the browser back.
        res.writeHead(302, { location: deps.jira.oauth.authorizeUrl(state), 'cache-control': 'no-store' });
        res.end();
      },
    },
    {
      method: 'GET',
      path: '/jira/oauth/callback',
      handler: async (_req, res, url) => {
        const q = url.searchParams;
        page(
          res,
          await deps.connect.callback({
            code: q.get('code') ?? undefined,
            state: q.get('state') ?? undefined,
            error: q.get('error') ?? undefined,
            errorDescription: q.get('error_description') ?? undefined,
          }),
        );
      },
    },
    {
      method: 'GET',
      path: '/jira/oauth/site',
      handler: async (_req, res, url) => {
        const q = url.searchParams;
        page(
          res,
          await deps.connect.continuePending({
            p: q.get('p') ?? undefined,
            site: q.get('site') ?? undefined,
            confirm: q.get('confirm') ?? undefined,
            cancel: q.get('cancel') ?? undefined,
          }),
        );
      },
    },
  ];
}
