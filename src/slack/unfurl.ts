import type { LinkUnfurls } from '@slack/types';
import { ISSUE_KEY } from '../jira/jql.js';
import { type CardIssue, compactCard, condensedCard } from './blocks/issue-card.js';
import { unesc } from './blocks/mrkdwn.js';

/** At most this many issues are previewed per message; more would bury the message under cards. */
export const MAX_UNFURLS = 5;

/** What a preview card shows; `project` and `security` are what the gate decides on. */
export const PREVIEW_FIELDS = [
  'summary',
  'status',
  'assignee',
  'priority',
  'issuetype',
  'project',
  'security',
] as const;

/** A shared URL (exactly as Slack sent it: `chat.unfurl` is keyed by it) and the issue it points at. */
export interface IssueLink {
  url: string;
  key: string;
}

/**
 * The issue key a Jira URL on `siteHost` points at: `/browse/KEY-1`, `…/projects/X/issues/KEY-1`, or any
 * page with `?selectedIssue=KEY-1`; query strings and fragments are fine. `undefined` for another host,
 * another scheme, or a page that names no issue.
 */
export function issueKeyOfUrl(url: string, siteHost: string): string | undefined {
  let u: URL;
  try {
    // Slack escapes `&` in event payloads the way it does in message text.
    u = new URL(unesc(url.trim()));
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  // `https://acme.atlassian.net@evil.example/…` parses to evil.example; credentials on our host are odd enough to skip.
  if (u.username || u.password || u.host.toLowerCase() !== siteHost.toLowerCase()) return undefined;
  const inPath =
    /^\/browse\/([^/]+)\/?$/.exec(u.pathname)?.[1] ?? /\/projects\/[^/]+\/issues\/([^/]+)\/?$/.exec(u.pathname)?.[1];
  for (const candidate of [inPath, u.searchParams.get('selectedIssue') ?? undefined]) {
    const key = candidate?.toUpperCase();
    if (key && ISSUE_KEY.test(key)) return key;
  }
  return undefined;
}

/**
 * The issue links among `urls` that point at the workspace's Jira site, in the order shared, one entry
 * per distinct URL. Only the first {@link MAX_UNFURLS} distinct issues are kept (every URL of a kept
 * issue stays, so each one gets its preview).
 */
export function issueLinks(urls: readonly string[], siteUrl: string): IssueLink[] {
  let siteHost: string;
  try {
    siteHost = new URL(siteUrl).host;
  } catch {
    return [];
  }
  const keys = new Set<string>();
  const out: IssueLink[] = [];
  for (const url of new Set(urls)) {
    const key = issueKeyOfUrl(url, siteHost);
    if (!key) continue;
    if (!keys.has(key)) {
      if (keys.size >= MAX_UNFURLS) continue;
      keys.add(key);
    }
    out.push({ url, key });
  }
  return out;
}

/**
 * `chat.unfurl`'s `unfurls` for the links whose issue may be previewed (`cards`, by key): a lone preview
 * gets the compact card, several get condensed cards so a message with five links stays readable.
 * Empty when nothing may be previewed.
 */
export function previewUnfurls(links: readonly IssueLink[], cards: ReadonlyMap<string, CardIssue>): LinkUnfurls {
  const shown = links.filter((l) => cards.has(l.key));
  const card = shown.length === 1 ? compactCard : condensedCard;
  const unfurls: LinkUnfurls = {};
  for (const l of shown) unfurls[l.url] = { blocks: card(cards.get(l.key)!) };
  return unfurls;
}
