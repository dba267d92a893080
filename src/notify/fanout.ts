import type { Deps } from '../deps.js';
import { isCodedError } from '../errors.js';
import { isJiraError } from '../jira/errors.js';
import { channelNotification, personalNotification } from '../slack/blocks/notifications.js';
import type { AccountIndex } from './accounts.js';
import { isIgnored, type JiraEvent, parseWebhookEvent, withIssueFields } from './event.js';
import type { EventJob, PostJob } from './jobs.js';
import { SubscriptionIndex } from './match.js';
import { personalRecipients } from './personal.js';

const ENRICH_FIELDS = ['security', 'reporter', 'labels'];

/**
 * The events stage: one webhook delivery → the posts it causes. The issue is read with the service
 * account first (comment bodies lack security level, reporter and labels; anything may have changed
 * since Jira sent it), so matching never guesses. Returns no posts, with the reason logged, when the
 * workspace, the site or the issue is out of reach.
 */
export async function fanOut(
  deps: Pick<Deps, 'gate' | 'stores' | 'log'> & { accounts: AccountIndex },
  job: EventJob,
): Promise<PostJob[]> {
  const log = deps.log.child({ team: job.teamId, delivery: job.deliveryId });
  const none = (reason: string) => {
    log.info({ reason }, 'webhook delivery posts nothing');
    return [];
  };
  let ws: Awaited<ReturnType<Deps['gate']['workspace']>>;
  try {
    ws = await deps.gate.workspace(job.teamId);
  } catch (err) {
    if (isCodedError(err)) return none(`workspace unusable: ${err.code}`);
    throw err;
  }
  const parsed = parseWebhookEvent(job.body, { deliveryId: job.deliveryId });
  if (isIgnored(parsed)) return none(parsed.ignored);
  let ev: JiraEvent = parsed;
  if (new URL(ws.siteUrl).origin !== ev.issue.siteUrl) return none(`issue is on ${ev.issue.siteUrl}, not this site`);

  const service = deps.gate.serviceClient(ws);
  const key = ev.issue.key;
  if (ev.kind !== 'deleted') {
    try {
      const issue = await service.getIssue(key, ENRICH_FIELDS);
      const f = issue.fields;
      const user = (u: typeof f.reporter) => (u ? { accountId: u.accountId, displayName: u.displayName } : null);
      ev = withIssueFields(ev, {
        securityLevel: f.security?.name ?? null,
        reporter: user(f.reporter),
        ...(f.labels ? { labels: f.labels } : {}),
      });
      if (f.project.key.toUpperCase() !== ev.issue.projectKey.toUpperCase())
        return none('issue moved to another project');
    } catch (err) {
      if (isJiraError(err) && (err.code === 'not_found' || err.code === 'forbidden')) {
        return none('the service account cannot read the issue (gone or restricted)');
      }
      throw err;
    }
  }
  const issueUrl = `${ws.siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
  const base = {
    teamId: job.teamId,
    deliveryId: job.deliveryId,
    issueKey: key,
    projectKey: ev.issue.projectKey.toUpperCase(),
    // Unknown (a deleted issue's trimmed body) counts as restricted: fail closed.
    securityLevel: ev.issue.securityLevelKnown ? ev.issue.securityLevel : (ev.issue.securityLevel ?? 'unknown'),
  };

  const posts: PostJob[] = [];
  const subs = await deps.stores.subscriptions.listByProject(job.teamId, ev.issue.projectKey);
  const matched = new SubscriptionIndex(subs).match(ev, { teamId: job.teamId });
  if (matched.length) {
    const message = channelNotification(ev, { issueUrl });
    for (const s of matched) {
      posts.push({ ...base, target: { kind: 'channel', channelId: s.channelId, subscriptionId: s.id }, message });
    }
  }

  const followable = ev.kind === 'comment_created' || (ev.kind === 'updated' && ev.traits.has('transitioned'));
  const watchers = followable ? await service.getWatchers(key).catch(() => []) : [];
  const recipients = personalRecipients(ev, { watchers });
  const people = await deps.accounts.slackUsers(
    job.teamId,
    recipients.map((r) => r.accountId),
  );
  for (const r of recipients) {
    const userId = people.get(r.accountId);
    if (!userId) continue;
    const prefs = await deps.stores.notifyPrefs.get(job.teamId, userId);
    if (!prefs[r.reason]) continue;
    posts.push({
      ...base,
      target: { kind: 'dm', userId, reason: r.reason },
      message: personalNotification(ev, r.reason, { issueUrl }),
    });
  }
  if (posts.length === 0) return none('no subscription or person to tell');
  log.debug({ channels: matched.length, people: posts.length - matched.length }, 'webhook delivery fans out');
  return posts;
}
