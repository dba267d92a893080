import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ChatUnfurlArguments, WebClient } from '@slack/web-api';
import { z } from 'zod';
import { hostOf } from '../../access/connect.js';
import type { AccessGate, EffectiveAccess } from '../../access/gate.js';
import type { Deps } from '../../deps.js';
import { isJiraError } from '../../jira/errors.js';
import { keyInJql, restrictToProjects } from '../../jira/jql.js';
import type { JiraIssue } from '../../jira/types.js';
import type { Logger } from '../../log.js';
import { type CardIssue, toCardIssue } from '../blocks/issue-card.js';
import { previewNudge } from '../blocks/preview-nudge.js';
import type { PreviewOutcome } from '../preview-signals.js';
import { type IssueLink, issueLinks, PREVIEW_FIELDS, previewUnfurls } from '../unfurl.js';

// Slack's link_shared event, checked for what we read. `source` is `conversations_history` or
// `composer` (links still being typed, unfurled by `unfurl_id`).
const linkSharedEvent = z.object({
  channel: z.string().min(1),
  user: z.string().min(1),
  message_ts: z.string().min(1),
  thread_ts: z.string().optional(),
  unfurl_id: z.string().optional(),
  source: z.string().optional(),
  is_bot_user_member: z.boolean().optional(),
  links: z.array(z.object({ domain: z.string(), url: z.string() })).max(100),
});
type LinkShared = z.infer<typeof linkSharedEvent>;

/** One nudge per person per day at most: a prompt on every link would be noise nobody can turn off. */
const NUDGE_TTL_SEC = 24 * 3600;
/** The nudge's Connect link is single use; an ephemeral may sit unread for a while. */
const NUDGE_LINK_TTL_SEC = 3600;

/**
 * Jira links posted in Slack → `chat.unfurl` with issue cards. Channels are audiences: a preview needs
 * previews on, a connected poster whose own account can see the issue, and an issue without a security
 * level. Anything short of that previews nothing, silently (an error card would land in the channel).
 */
export async function linkShared(
  { event, body, context, client }: SlackEventMiddlewareArgs<'link_shared'> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  deps.previews.started();
  const parsed = linkSharedEvent.safeParse(event);
  const teamId = context.teamId ?? body.team_id ?? '';
  const outcome: PreviewOutcome = { teamId, unfurlId: parsed.data?.unfurl_id ?? '', unfurled: [] };
  try {
    if (!parsed.success || !teamId) {
      outcome.reason = 'invalid_event';
      deps.log.warn({ issues: parsed.error?.issues.length }, 'link_shared event we cannot read');
      return;
    }
    await preview(deps, client, teamId, parsed.data, outcome);
  } catch (err) {
    // Failing silently: a preview is a courtesy, and the poster can't act on a failure here.
    outcome.reason = 'failed';
    deps.log.warn({ err, teamId }, 'link preview failed');
  } finally {
    deps.previews.handled(outcome);
  }
}

async function preview(
  deps: Deps,
  client: WebClient,
  teamId: string,
  ev: LinkShared,
  outcome: PreviewOutcome,
): Promise<void> {
  // parse: only links to this workspace's Jira site (Slack sends every domain the app registered).
  const ws = await deps.gate.workspace(teamId).catch(() => null);
  if (!ws) {
    outcome.reason = 'no_site';
    return;
  }
  const links = issueLinks(
    ev.links.map((l) => l.url),
    ws.siteUrl,
  );
  if (links.length === 0) {
    outcome.reason = 'no_issue_links';
    return;
  }

  // authorize: the poster, with their own account.
  const decision = await deps.gate.previewAccess({ teamId, userId: ev.user });
  if ('refused' in decision) {
    outcome.reason = decision.refused;
    if (decision.refused === 'not_connected' || decision.refused === 'needs_reauth') {
      await nudge(deps, client, teamId, ev, hostOf(ws.siteUrl), decision.refused);
    }
    return;
  }
  const { access } = decision;

  // act: one batched search; the final say is the gate's.
  const issues = await readPreviewIssues(deps.gate, access, links, deps.log);
  const cards = new Map<string, CardIssue>();
  for (const issue of issues) {
    if (deps.gate.previewable(access, issue)) cards.set(issue.key.toUpperCase(), toCardIssue(issue, ws.siteUrl));
  }

  // render + reply
  const unfurls = previewUnfurls(links, cards);
  const urls = Object.keys(unfurls);
  if (urls.length === 0) {
    outcome.reason = 'nothing_previewable';
    return;
  }
  // Links still in the composer have no message yet: Slack names them by unfurl_id instead.
  let target: ChatUnfurlArguments;
  if (ev.source !== 'composer') target = { channel: ev.channel, ts: ev.message_ts, unfurls };
  else if (ev.unfurl_id) target = { unfurl_id: ev.unfurl_id, source: 'composer', unfurls };
  else {
    outcome.reason = 'composer_without_unfurl_id';
    return;
  }
  await client.chat.unfurl(target);
  outcome.unfurled = urls;
}

/**
 * The issues behind `links` that the poster's own account reads, in one `key in (…)` search limited to
 * their effective projects. Jira answers 400 to the whole search when one key doesn't exist or can't be
 * seen, so then each key is read on its own (still at most MAX_UNFURLS reads), a failure meaning "no
 * preview" for that key only.
 */
export async function readPreviewIssues(
  gate: AccessGate,
  access: EffectiveAccess,
  links: readonly IssueLink[],
  log: Logger,
): Promise<JiraIssue[]> {
  const reachable = new Set(access.projects.map((p) => p.key));
  const keys = [...new Set(links.map((l) => l.key))].filter((k) => reachable.has(projectOf(k)));
  const keyClause = keyInJql(keys);
  if (!keyClause) return [];
  const jql = restrictToProjects(keyClause, [...new Set(keys.map(projectOf))]);
  try {
    const res = await access.client.searchJql({ jql, fields: PREVIEW_FIELDS, maxResults: keys.length });
    return res.issues;
  } catch (err) {
    if (!(isJiraError(err) && err.code === 'invalid')) throw err;
  }
  const read = await Promise.allSettled(keys.map((k) => gate.readVisibleIssue(access, k, PREVIEW_FIELDS)));
  const out: JiraIssue[] = [];
  for (const r of read) {
    if (r.status === 'fulfilled' && r.value) out.push(r.value);
    else if (r.status === 'rejected') log.warn({ err: r.reason }, 'could not read an issue for a preview');
  }
  return out;
}

function projectOf(key: string): string {
  return key.slice(0, key.lastIndexOf('-'));
}

async function nudge(
  deps: Deps,
  client: WebClient,
  teamId: string,
  ev: LinkShared,
  siteHost: string,
  reason: 'not_connected' | 'needs_reauth',
): Promise<void> {
  // Links still in the composer have no channel to answer in, and Slack refuses ephemerals from a bot
  // that isn't in the conversation.
  if (ev.source === 'composer' || ev.is_bot_user_member === false) return;
  if (!(await deps.stores.dedupe.firstTime('preview-nudge', `${teamId}:${ev.user}`, NUDGE_TTL_SEC))) return;
  try {
    const url = await deps.links.connect({ teamId, userId: ev.user }, 'user', NUDGE_LINK_TTL_SEC);
    await client.chat.postEphemeral({
      channel: ev.channel,
      user: ev.user,
      ...(ev.thread_ts ? { thread_ts: ev.thread_ts } : {}),
      ...previewNudge(url, siteHost, reason),
    });
  } catch (err) {
    deps.log.warn({ err, teamId }, 'could not suggest connecting Jira after a link without preview');
  }
}
