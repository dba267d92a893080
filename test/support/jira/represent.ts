// How Jira shows things: the REST v3 representation (ADF, `self` at the API gateway) and the v2
// representation webhooks carry (wiki markup, `self` at the site's /rest/api/2/).
import {
  adfToWiki,
  type EmuComment,
  type EmuIssue,
  type EmuProject,
  type EmuUser,
  PRIORITIES,
  type SiteHandle,
  STATUSES,
  statusByName,
} from './model.js';
import type { JiraState } from './state.js';

/** Where `self` links point and which body format text fields take. */
export interface Flavour {
  base: string; // e.g. http://127.0.0.1:1234/ex/jira/<cloudId>/rest/api/3 or https://acme.atlassian.net/rest/api/2
  version: 2 | 3;
  site: SiteHandle;
}

export function avatarUrls(id: string): Record<string, string> {
  const u = `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${encodeURIComponent(id)}`;
  return { '48x48': `${u}/48`, '24x24': `${u}/24`, '16x16': `${u}/16`, '32x32': `${u}/32` };
}

export function userJson(f: Flavour, u: EmuUser, viewer: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    self: `${f.base}/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId,
    accountType: 'atlassian',
  };
  if (u.email && (u.emailVisible || viewer === u.accountId)) out.emailAddress = u.email;
  out.avatarUrls = avatarUrls(u.accountId);
  out.displayName = u.displayName;
  out.active = u.active;
  out.timeZone = 'Etc/UTC';
  return out;
}

function userOrNull(f: Flavour, state: JiraState, id: string | null, viewer: string | null) {
  const u = state.user(id);
  return u ? userJson(f, u, viewer) : null;
}

export function projectJson(f: Flavour, p: EmuProject): Record<string, unknown> {
  return {
    self: `${f.base}/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    avatarUrls: avatarUrls(`project-${p.id}`),
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

export function statusJson(f: Flavour, name: string): Record<string, unknown> {
  const s = statusByName(name) ?? STATUSES[0]!;
  return {
    self: `${f.base}/status/${s.id}`,
    description: '',
    iconUrl: `${f.site.url}/images/icons/statuses/generic.png`,
    name: s.name,
    id: s.id,
    statusCategory: {
      self: `${f.base}/statuscategory/${s.category.id}`,
      id: s.category.id,
      key: s.category.key,
      colorName: s.category.colorName,
      name: s.category.name,
    },
  };
}

export function issueTypeJson(f: Flavour, p: EmuProject, name: string): Record<string, unknown> {
  const t = p.issueTypes.find((x) => x.name === name) ?? p.issueTypes[0]!;
  return {
    self: `${f.base}/issuetype/${t.id}`,
    id: t.id,
    description: '',
    iconUrl: `${f.site.url}/rest/api/2/universal_avatar/view/type/issuetype/avatar/10318?size=medium`,
    name: t.name,
    subtask: false,
    avatarId: 10318,
    hierarchyLevel: 0,
  };
}

export function priorityJson(f: Flavour, name: string | null): Record<string, unknown> | null {
  const p = PRIORITIES.find((x) => x.name === name);
  if (!p) return null;
  return {
    self: `${f.base}/priority/${p.id}`,
    iconUrl: `${f.site.url}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
    name: p.name,
    id: p.id,
  };
}

export function commentJson(
  f: Flavour,
  state: JiraState,
  issue: EmuIssue,
  c: EmuComment,
  viewer: string | null,
): Record<string, unknown> {
  return {
    self: `${f.base}/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    author: userOrNull(f, state, c.author, viewer),
    body: f.version === 3 ? c.body : adfToWiki(c.body),
    updateAuthor: userOrNull(f, state, c.updateAuthor, viewer),
    created: c.created,
    updated: c.updated,
    jsdPublic: true,
  };
}

/** Every field the emulator can show, keyed by field id. */
export function allFields(
  f: Flavour,
  state: JiraState,
  issue: EmuIssue,
  viewer: string | null,
): Record<string, unknown> {
  const p = state.projects.get(issue.project)!;
  const comments = issue.comments.map((c) => commentJson(f, state, issue, c, viewer));
  return {
    statuscategorychangedate: issue.statuscategorychangedate,
    issuetype: issueTypeJson(f, p, issue.type),
    project: projectJson(f, p),
    fixVersions: [],
    resolution: issue.resolution
      ? {
          self: `${f.base}/resolution/10000`,
          id: '10000',
          description: 'Work has been completed.',
          name: issue.resolution,
        }
      : null,
    resolutiondate: issue.resolutiondate,
    watches: {
      self: `${f.base}/issue/${issue.key}/watchers`,
      watchCount: issue.watchers.length,
      isWatching: viewer !== null && issue.watchers.includes(viewer),
    },
    created: issue.created,
    priority: priorityJson(f, issue.priority),
    labels: [...issue.labels],
    versions: [],
    issuelinks: [],
    assignee: userOrNull(f, state, issue.assignee, viewer),
    updated: issue.updated,
    status: statusJson(f, issue.status),
    components: issue.components.map((name, i) => ({
      self: `${f.base}/component/${10000 + i}`,
      id: String(10000 + i),
      name,
    })),
    description: f.version === 3 ? issue.description : issue.description ? adfToWiki(issue.description) : null,
    security: issue.security
      ? {
          self: `${f.base}/securitylevel/${issue.security.id}`,
          id: issue.security.id,
          description: '',
          name: issue.security.name,
        }
      : null,
    summary: issue.summary,
    creator: userOrNull(f, state, issue.creator, viewer),
    subtasks: [],
    reporter: userOrNull(f, state, issue.reporter, viewer),
    duedate: issue.duedate,
    comment: {
      comments,
      self: `${f.base}/issue/${issue.id}/comment`,
      maxResults: comments.length,
      total: comments.length,
      startAt: 0,
    },
    ...issue.customFields,
  };
}

/** Jira's `fields` parameter: `*all`, `*navigable`, names, `-name` exclusions; null means the endpoint's default. */
export function selectFields(
  requested: string[] | null,
  fallback: '*all' | 'id',
): { ids: boolean; pick: (k: string) => boolean } {
  const list = (requested && requested.length > 0 ? requested : [fallback])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const include = new Set(list.filter((s) => !s.startsWith('-')));
  const exclude = new Set(list.filter((s) => s.startsWith('-')).map((s) => s.slice(1)));
  const all = include.has('*all');
  const navigable = include.has('*navigable') || (include.size === 0 && exclude.size > 0);
  const onlyId = !all && !navigable && [...include].every((s) => s === 'id' || s === 'key');
  return {
    ids: onlyId && !include.has('key'),
    pick: (k) => !exclude.has(k) && (all || (navigable && k !== 'comment') || include.has(k)),
  };
}

export function issueJson(
  f: Flavour,
  state: JiraState,
  issue: EmuIssue,
  viewer: string | null,
  pick: (k: string) => boolean = () => true,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(allFields(f, state, issue, viewer))) if (pick(k)) fields[k] = v;
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${f.base}/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
}

const COMMENT_ISSUE_FIELDS = ['summary', 'issuetype', 'project', 'assignee', 'priority', 'status'];

/** The issue as a comment webhook carries it: a handful of fields only (see the captured bodies). */
export function commentEventIssueJson(f: Flavour, state: JiraState, issue: EmuIssue): Record<string, unknown> {
  return issueJson(f, state, issue, null, (k) => COMMENT_ISSUE_FIELDS.includes(k));
}
