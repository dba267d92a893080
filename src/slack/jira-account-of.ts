import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { JiraClient } from '../jira/client.js';

/** A Slack user's Jira account, or the words that explain why there is none. */
export type AccountMatch = { accountId: string } | { problem: string };

/**
 * The Jira account of a Slack user picked in a modal: their own connection when they have a usable one
 * (made under the current main authorized user), else a Jira user search for the email address Slack
 * has for them. Jira hides most people's email addresses, so the search often finds nobody; that is
 * said plainly rather than guessed.
 */
export async function jiraAccountOf(
  deps: Pick<Deps, 'stores' | 'log'>,
  ctx: { slack: WebClient; jira: JiraClient; teamId: string; generation: number },
  slackUserId: string,
): Promise<AccountMatch> {
  const conn = await deps.stores.users.get(ctx.teamId, slackUserId);
  if (conn && conn.status === 'ok' && conn.generation === ctx.generation) return { accountId: conn.accountId };
  let name = 'that person';
  let email: string | undefined;
  try {
    const info = await ctx.slack.users.info({ user: slackUserId });
    const u = info.user;
    name = u?.profile?.real_name || u?.real_name || u?.name || name;
    email = u?.profile?.email?.trim().toLowerCase() || undefined;
  } catch (err) {
    deps.log.warn({ slackError: slackErrorCode(err) }, 'users.info failed while matching a Jira account');
  }
  const problem = `We couldn't match ${name} to a Jira account. They can connect theirs with /jira connect.`;
  if (!email) return { problem };
  const found = await ctx.jira.findUsers(email);
  const exact = found.filter((u) => u.emailAddress?.toLowerCase() === email && u.active !== false);
  if (exact.length === 1 && exact[0]) return { accountId: exact[0].accountId };
  return { problem };
}

/** Slack's error code of a failed Web API call (`not_in_channel`, …), never the request or its token. */
export function slackErrorCode(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  if (typeof data?.error === 'string') return data.error;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}
