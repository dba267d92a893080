import { createHash } from 'node:crypto';
import type { Viewer } from '../../access/gate.js';
import type { Deps } from '../../deps.js';
import { NoProjectsReachableError, SearchRefusedError, UsageError } from '../../errors.js';
import { isJiraError } from '../../jira/errors.js';
import { JqlInputError, looksLikeJql, NoProjectsError, restrictToProjects, textSearchJql } from '../../jira/jql.js';
import type { SearchPageState } from '../../store/search-pages.js';
import type { Message } from '../blocks/help.js';
import { toCardIssue } from '../blocks/issue-card.js';
import { clip, unesc } from '../blocks/mrkdwn.js';
import { SEARCH_PAGE_SIZE, searchResults } from '../blocks/search-results.js';
import type { Subcommand } from './types.js';

export const SEARCH_USAGE = 'search <text or JQL>';

/** Exactly what a compact card shows, plus what the gate needs. */
export const SEARCH_FIELDS = ['summary', 'status', 'assignee', 'priority', 'issuetype', 'project', 'security'] as const;

/** Slack's button `value` limit; longer states go to Redis and the button carries an id. */
const BUTTON_VALUE_MAX = 2000;

/**
 * The JQL a search runs: the person's JQL, or a text search for their words, always inside
 * `project in (<their projects>)` so nothing they type can widen the scope. Throws coded errors.
 */
export function buildSearchJql(input: string, projectKeys: readonly string[]): string {
  const text = input.trim();
  if (!text) throw new UsageError('Type some words or a JQL query to search for.', SEARCH_USAGE);
  try {
    return restrictToProjects(looksLikeJql(text) ? text : textSearchJql(text), projectKeys);
  } catch (err) {
    if (err instanceof JqlInputError) throw new UsageError(err.message, SEARCH_USAGE);
    if (err instanceof NoProjectsError) throw new NoProjectsReachableError();
    throw err;
  }
}

/** A short fingerprint of the scoped JQL, so a *More results* click notices a changed scope. */
export function jqlFingerprint(jql: string): string {
  return createHash('sha256').update(jql).digest('base64url').slice(0, 16);
}

/** What the *More results* button carries: `{"q":…}` inline, or `{"s":id}` pointing into Redis. */
export async function moreButtonValue(deps: Deps, who: Viewer, state: SearchPageState): Promise<string> {
  const inline = JSON.stringify(state);
  if (inline.length <= BUTTON_VALUE_MAX) return inline;
  return JSON.stringify({ s: await deps.stores.searchPages.put(who.teamId, who.userId, state) });
}

/**
 * One page of a search, read as `who` may see it: their effective access scopes the JQL, Jira runs it
 * with their own token (one call), and the gate checks every result again before it is shown.
 */
export async function searchPage(
  deps: Deps,
  who: Viewer,
  q: { query: string; page: number; token?: string; fingerprint?: string },
): Promise<Message> {
  const access = await deps.gate.access(who);
  const jql = buildSearchJql(
    q.query,
    access.projects.map((p) => p.key),
  );
  const fingerprint = jqlFingerprint(jql);
  // A page token belongs to one JQL; when the person's projects changed since, start over.
  const sameScope = q.fingerprint === fingerprint;
  const page = sameScope ? q.page : 1;
  let res: Awaited<ReturnType<typeof access.client.searchJql>>;
  try {
    res = await access.client.searchJql({
      jql,
      fields: SEARCH_FIELDS,
      maxResults: SEARCH_PAGE_SIZE,
      ...(sameScope && q.token ? { nextPageToken: q.token } : {}),
    });
  } catch (err) {
    if (isJiraError(err) && err.code === 'invalid') {
      const said = [...err.messages, ...Object.values(err.fieldErrors)].join(' ');
      throw new SearchRefusedError(said ? clip(said, 400) : 'Jira didn’t say why.');
    }
    throw err;
  }
  const siteUrl = access.workspace.siteUrl;
  const issues = res.issues
    .filter((i) => deps.gate.visible(access, i))
    .slice(0, SEARCH_PAGE_SIZE)
    .map((i) => toCardIssue(i, siteUrl));
  const more =
    res.nextPageToken && res.isLast !== true
      ? await moreButtonValue(deps, who, { q: q.query, t: res.nextPageToken, p: page + 1, h: fingerprint })
      : undefined;
  return searchResults({ query: q.query, page, issues, ...(more ? { more } : {}) });
}

export const searchCommand: Subcommand = {
  usage: SEARCH_USAGE,
  summary: 'Find issues by text or JQL (only in projects you can reach)',
  async run({ who, rest, deps, respond }) {
    // Slack sends `&`, `<` and `>` in command text escaped; JQL needs them as typed (`priority >= High`).
    const query = unesc(rest).trim();
    if (!query) throw new UsageError('Type some words or a JQL query to search for.', SEARCH_USAGE);
    await respond({ response_type: 'ephemeral', ...(await searchPage(deps, who, { query, page: 1 })) });
  },
};
