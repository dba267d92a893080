// The Jira Cloud REST API v3 routes the app uses, reached at /ex/jira/{cloudId}/rest/api/3/… with a 3LO
// Bearer token. Visibility is Jira's: an issue the caller cannot see answers exactly like a missing one.
import { createHash } from 'node:crypto';
import type { JqlEngine, JqlQuery } from './jql-bridge.js';
import {
  type AdfDoc,
  adfIsEmpty,
  adfProblem,
  type CreateField,
  type EmuIssue,
  type EmuProject,
  PRIORITIES,
  type SiteHandle,
  SYSTEM_CREATE_FIELDS,
} from './model.js';
import type { AccessToken, HttpReply } from './oauth.js';
import {
  commentJson,
  type Flavour,
  issueJson,
  issueTypeJson,
  projectJson,
  selectFields,
  statusJson,
  userJson,
} from './represent.js';
import type { JiraState } from './state.js';
import { WEBHOOK_EVENTS, type WebhookHub } from './webhooks.js';

export interface RestCtx {
  state: JiraState;
  jql: JqlEngine;
  hooks: WebhookHub;
  token: AccessToken;
  actor: string;
  site: SiteHandle;
  f: Flavour;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

interface RouteDef {
  method: string;
  path: string;
  /** Classic OAuth scopes the spec lists for the operation; the token needs all of them. */
  scopes: string[];
  handle: (c: RestCtx) => HttpReply;
}

const ok = (body: unknown, status = 200): HttpReply => ({ status, body });
const noContent = (): HttpReply => ({ status: 204 });
export const jiraError = (status: number, messages: string[], errors: Record<string, string> = {}): HttpReply => ({
  status,
  body: { errorMessages: messages, errors },
});
const ISSUE_NOT_FOUND = () => jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
const R = 'read:jira-work';
const W = 'write:jira-work';
const U = 'read:jira-user';
const HOOK = ['read:jira-work', 'manage:jira-webhook'];

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intParam(q: URLSearchParams, name: string, def: number): number | HttpReply {
  const raw = q.get(name);
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) return jiraError(400, [`Invalid ${name} parameter: ${raw}`]);
  return n;
}

function multi(q: URLSearchParams, name: string): string[] | null {
  const all = q.getAll(name);
  return all.length
    ? all
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

function visible(c: RestCtx, idOrKey: string | undefined): EmuIssue | undefined {
  return idOrKey ? c.state.visibleIssue(c.actor, c.site.cloudId, idOrKey) : undefined;
}

function visibleProject(c: RestCtx, keyOrId: string): EmuProject | undefined {
  const p = c.state.project(keyOrId, c.site.cloudId);
  return p && c.state.canBrowse(c.actor, p) ? p : undefined;
}

// ------------------------------------------------------------------------------------------ permissions

const PERMISSIONS: Record<string, { id: string; type: 'GLOBAL' | 'PROJECT'; name: string }> = {
  ADMINISTER: { id: '0', type: 'GLOBAL', name: 'Administer Jira' },
  SYSTEM_ADMIN: { id: '44', type: 'GLOBAL', name: 'Administer Jira system' },
  USER_PICKER: { id: '27', type: 'GLOBAL', name: 'Browse users and groups' },
  BROWSE_PROJECTS: { id: '10', type: 'PROJECT', name: 'Browse Projects' },
  CREATE_ISSUES: { id: '11', type: 'PROJECT', name: 'Create Issues' },
  EDIT_ISSUES: { id: '12', type: 'PROJECT', name: 'Edit Issues' },
  ASSIGN_ISSUES: { id: '13', type: 'PROJECT', name: 'Assign Issues' },
  RESOLVE_ISSUES: { id: '14', type: 'PROJECT', name: 'Resolve Issues' },
  ADD_COMMENTS: { id: '15', type: 'PROJECT', name: 'Add Comments' },
  DELETE_ISSUES: { id: '16', type: 'PROJECT', name: 'Delete Issues' },
  ASSIGNABLE_USER: { id: '17', type: 'PROJECT', name: 'Assignable User' },
  CLOSE_ISSUES: { id: '18', type: 'PROJECT', name: 'Close Issues' },
  LINK_ISSUES: { id: '21', type: 'PROJECT', name: 'Link Issues' },
  ADMINISTER_PROJECTS: { id: '23', type: 'PROJECT', name: 'Administer Projects' },
  VIEW_VOTERS_AND_WATCHERS: { id: '31', type: 'PROJECT', name: 'View Voters and Watchers' },
  MANAGE_WATCHERS: { id: '32', type: 'PROJECT', name: 'Manage Watchers' },
  TRANSITION_ISSUES: { id: '46', type: 'PROJECT', name: 'Transition Issues' },
};

/** Project permissions follow BROWSE, except creating (its own list) and the project-admin ones (admins). */
function hasProjectPermission(state: JiraState, accountId: string, p: EmuProject, key: string): boolean {
  if (key === 'CREATE_ISSUES') return state.canCreate(accountId, p);
  if (['ADMINISTER_PROJECTS', 'DELETE_ISSUES', 'MANAGE_WATCHERS'].includes(key)) {
    return state.isAdmin(accountId) && state.canBrowse(accountId, p);
  }
  return state.canBrowse(accountId, p);
}

function myPermissions(c: RestCtx): HttpReply {
  const keys = multi(c.query, 'permissions');
  if (!keys) return jiraError(400, ['The permissions query parameter is required.']);
  const unknown = keys.filter((k) => !PERMISSIONS[k]);
  if (unknown.length)
    return jiraError(
      400,
      unknown.map((k) => `Permission key '${k}' does not exist.`),
    );
  let projects: EmuProject[] = [...c.state.projects.values()].filter((p) => p.site === c.site.cloudId);
  let issue: EmuIssue | undefined;
  const pk = c.query.get('projectKey') ?? c.query.get('projectId');
  const ik = c.query.get('issueKey') ?? c.query.get('issueId');
  if (pk) {
    const p = visibleProject(c, pk);
    if (!p) return jiraError(404, [`No project could be found with key '${pk}'.`]);
    projects = [p];
  }
  if (ik) {
    issue = visible(c, ik);
    if (!issue) return ISSUE_NOT_FOUND();
    projects = [c.state.projects.get(issue.project)!];
  }
  const permissions: Record<string, unknown> = {};
  for (const k of keys) {
    const def = PERMISSIONS[k]!;
    const have =
      def.type === 'GLOBAL'
        ? k === 'USER_PICKER' || c.state.isAdmin(c.actor)
        : projects.some((p) => hasProjectPermission(c.state, c.actor, p, k));
    permissions[k] = {
      id: def.id,
      key: k,
      name: def.name,
      type: def.type,
      description: def.name,
      havePermission: have,
    };
  }
  return ok({ permissions });
}

function permittedProjects(c: RestCtx): HttpReply {
  if (!isObj(c.body) || !Array.isArray(c.body.permissions)) {
    return jiraError(400, ['permissions must be provided.']);
  }
  const keys = c.body.permissions.map(String);
  const unknown = keys.filter((k) => PERMISSIONS[k]?.type !== 'PROJECT');
  if (unknown.length)
    return jiraError(
      400,
      unknown.map((k) => `Invalid project permission key: ${k}`),
    );
  const projects = [...c.state.projects.values()]
    .filter((p) => p.site === c.site.cloudId && keys.every((k) => hasProjectPermission(c.state, c.actor, p, k)))
    .map((p) => ({ id: Number(p.id), key: p.key }));
  return ok({ projects });
}

// ------------------------------------------------------------------------------------------- projects

function projectSearch(c: RestCtx): HttpReply {
  const startAt = intParam(c.query, 'startAt', 0);
  if (typeof startAt !== 'number') return startAt;
  const maxResults = intParam(c.query, 'maxResults', 50);
  if (typeof maxResults !== 'number') return maxResults;
  const action = c.query.get('action') ?? 'view';
  if (!['view', 'browse', 'edit', 'create'].includes(action)) {
    return jiraError(400, [`Invalid action '${action}'. Valid values: view, browse, edit, create.`]);
  }
  const admin = c.state.isAdmin(c.actor);
  const keys = multi(c.query, 'keys');
  const text = c.query.get('query')?.toLowerCase();
  const all = [...c.state.projects.values()]
    .filter((p) => p.site === c.site.cloudId)
    .filter((p) => {
      // `view` lists every project to an Administer Jira holder, even ones it cannot browse.
      if (action === 'view') return admin || c.state.canBrowse(c.actor, p);
      if (action === 'browse') return c.state.canBrowse(c.actor, p);
      if (action === 'edit') return admin;
      return c.state.canCreate(c.actor, p);
    })
    .filter((p) => !keys || keys.includes(p.key))
    .filter((p) => !text || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text))
    .sort((a, b) => a.key.localeCompare(b.key));
  const page = all.slice(startAt, startAt + Math.min(maxResults, 100));
  const expandTypes = (c.query.get('expand') ?? '').split(',').includes('issueTypes');
  const isLast = startAt + page.length >= all.length;
  const self = `${c.f.base}/project/search?startAt=${startAt}&maxResults=${maxResults}`;
  return ok({
    self,
    ...(isLast
      ? {}
      : { nextPage: `${c.f.base}/project/search?startAt=${startAt + page.length}&maxResults=${maxResults}` }),
    maxResults,
    startAt,
    total: all.length,
    isLast,
    values: page.map((p) => ({
      ...projectJson(c.f, p),
      ...(expandTypes ? { issueTypes: p.issueTypes.map((t) => issueTypeJson(c.f, p, t.name)) } : {}),
    })),
  });
}

function getProject(c: RestCtx): HttpReply {
  const key = c.params.projectIdOrKey!;
  const p = visibleProject(c, key);
  if (!p) return jiraError(404, [`No project could be found with key '${key}'.`]);
  return ok({ ...projectJson(c.f, p), issueTypes: p.issueTypes.map((t) => issueTypeJson(c.f, p, t.name)) });
}

// --------------------------------------------------------------------------------------------- search

function pageToken(offset: number, jql: string): string {
  const h = createHash('sha256').update(jql).digest('hex').slice(0, 12);
  return Buffer.from(JSON.stringify({ o: offset, h })).toString('base64url');
}

function readToken(token: string, jql: string): number | null {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString()) as { o?: unknown; h?: unknown };
    const h = createHash('sha256').update(jql).digest('hex').slice(0, 12);
    return typeof t.o === 'number' && t.h === h ? t.o : null;
  } catch {
    return null;
  }
}

interface SearchArgs {
  jql: unknown;
  nextPageToken: unknown;
  maxResults: unknown;
  fields: string[] | null;
}

function search(c: RestCtx, a: SearchArgs): HttpReply {
  const jql = typeof a.jql === 'string' ? a.jql : '';
  let q: JqlQuery | null;
  try {
    q = jql.trim() === '' ? null : c.jql.parse(jql);
  } catch (e) {
    return jiraError(400, [(e as Error).message]);
  }
  if (q === null || !c.jql.bounded(q)) {
    return jiraError(400, [
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    ]);
  }
  // Naming a project or key the caller cannot see is an error, not an empty result.
  const query = q;
  const refs = c.jql.referenced(query);
  const problems = [
    ...refs.projects
      .filter(
        (p) =>
          !visibleProject(c, p) &&
          ![...c.state.projects.values()].some((x) => x.name === p && c.state.canBrowse(c.actor, x)),
      )
      .map((p) => `The value '${p}' does not exist for the field 'project'.`),
    ...refs.keys.filter((k) => !visible(c, k)).map((k) => `An issue with key '${k}' does not exist for field 'key'.`),
  ];
  if (problems.length) return jiraError(400, problems);
  const sel = selectFields(a.fields, 'id');
  const cap = sel.ids ? 5000 : 100;
  let maxResults = 50;
  if (a.maxResults !== undefined && a.maxResults !== null) {
    const n = Number(a.maxResults);
    if (!Number.isInteger(n) || n < 0) return jiraError(400, [`Invalid maxResults: ${String(a.maxResults)}`]);
    maxResults = Math.min(n, cap);
  }
  let offset = 0;
  if (typeof a.nextPageToken === 'string' && a.nextPageToken !== '') {
    const o = readToken(a.nextPageToken, jql);
    if (o === null) return jiraError(400, ['The provided next page token is invalid or expired.']);
    offset = o;
  }
  const views = [...c.state.issues.values()]
    .filter((i) => c.state.projects.get(i.project)?.site === c.site.cloudId && c.state.canSee(c.actor, i))
    .map((i) => ({ ...c.state.jqlView(i), issue: i }))
    .filter((v) => c.jql.matches(query, v, { currentAccountId: c.actor, now: c.state.now() }));
  const hits = c.jql.sort(query, views).map((v) => v.issue);
  const page = hits.slice(offset, offset + maxResults);
  const isLast = offset + page.length >= hits.length;
  return ok({
    issues: page.map((i) => (sel.ids ? { id: i.id } : issueJson(c.f, c.state, i, c.actor, sel.pick))),
    ...(isLast ? {} : { nextPageToken: pageToken(offset + page.length, jql) }),
    isLast,
  });
}

// --------------------------------------------------------------------------------------------- issues

function getIssue(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  return ok(issueJson(c.f, c.state, issue, c.actor, selectFields(multi(c.query, 'fields'), '*all').pick));
}

function createMetaTypes(c: RestCtx): HttpReply {
  const key = c.params.projectIdOrKey!;
  const p = visibleProject(c, key);
  if (!p || !c.state.canCreate(c.actor, p)) {
    return jiraError(400, [
      `No project could be found with key '${key}' or you do not have permission to create issues in it.`,
    ]);
  }
  const startAt = intParam(c.query, 'startAt', 0);
  if (typeof startAt !== 'number') return startAt;
  const maxResults = intParam(c.query, 'maxResults', 50);
  if (typeof maxResults !== 'number') return maxResults;
  const types = p.issueTypes.map((t) => issueTypeJson(c.f, p, t.name));
  const page = types.slice(startAt, startAt + maxResults);
  return ok({ maxResults, startAt, total: types.length, issueTypes: page, createMetaIssueType: page });
}

function screenFields(c: RestCtx, p: EmuProject, typeId: string): Array<CreateField & { fieldId: string }> {
  const t = p.issueTypes.find((x) => x.id === typeId)!;
  const system: Array<CreateField & { fieldId: string }> = [
    {
      key: 'issuetype',
      fieldId: 'issuetype',
      name: 'Issue Type',
      required: true,
      schema: { type: 'issuetype', system: 'issuetype' },
      allowedValues: [issueTypeJson(c.f, p, t.name)],
    },
    {
      key: 'project',
      fieldId: 'project',
      name: 'Project',
      required: true,
      schema: { type: 'project', system: 'project' },
      allowedValues: [projectJson(c.f, p)],
    },
    {
      key: 'reporter',
      fieldId: 'reporter',
      name: 'Reporter',
      required: true,
      schema: { type: 'user', system: 'reporter' },
      autoCompleteUrl: `${c.f.base}/user/recommend?context=Reporter&issueKey=`,
      hasDefaultValue: true,
    },
  ];
  return [...t.fields.map((f) => ({ ...f, fieldId: f.key })), ...system].map((f) => ({
    ...f,
    operations: f.operations ?? (f.schema.type === 'array' ? ['add', 'set', 'remove'] : ['set']),
    hasDefaultValue: f.hasDefaultValue ?? false,
  }));
}

function createMetaFields(c: RestCtx): HttpReply {
  const key = c.params.projectIdOrKey!;
  const p = visibleProject(c, key);
  if (!p || !c.state.canCreate(c.actor, p)) {
    return jiraError(400, [
      `No project could be found with key '${key}' or you do not have permission to create issues in it.`,
    ]);
  }
  if (!p.issueTypes.some((t) => t.id === c.params.issueTypeId)) {
    return jiraError(400, [`The issue type with id '${c.params.issueTypeId}' does not exist in project '${p.key}'.`]);
  }
  const startAt = intParam(c.query, 'startAt', 0);
  if (typeof startAt !== 'number') return startAt;
  const maxResults = intParam(c.query, 'maxResults', 50);
  if (typeof maxResults !== 'number') return maxResults;
  const fields = screenFields(c, p, c.params.issueTypeId!);
  const page = fields.slice(startAt, startAt + maxResults);
  return ok({ maxResults, startAt, total: fields.length, fields: page, results: page });
}

function refName(v: unknown): { id?: string; name?: string; key?: string; value?: string } | null {
  if (!isObj(v)) return null;
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  return { id: s('id'), name: s('name'), key: s('key'), value: s('value') };
}

function createIssue(c: RestCtx): HttpReply {
  if (!isObj(c.body)) return jiraError(400, ['Request body must be a JSON object.']);
  const fields = isObj(c.body.fields) ? c.body.fields : {};
  const pref = refName(fields.project);
  const p = pref ? visibleProject(c, pref.key ?? pref.id ?? '') : undefined;
  if (!p) return jiraError(400, [], { project: 'Specify a valid project ID or key' });
  if (!c.state.canCreate(c.actor, p)) {
    return jiraError(400, [], { project: 'You do not have permission to create issues in this project.' });
  }
  const tref = refName(fields.issuetype);
  const type = p.issueTypes.find((t) => (tref?.id ? t.id === tref.id : t.name === tref?.name));
  if (!type) return jiraError(400, [], { issuetype: 'Specify an issue type' });
  const errors: Record<string, string> = {};
  const onScreen = new Map(screenFields(c, p, type.id).map((f) => [f.key, f]));
  for (const k of Object.keys(fields)) {
    if (!onScreen.has(k) && !SYSTEM_CREATE_FIELDS.includes(k)) {
      errors[k] = `Field '${k}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
  }
  for (const f of type.fields) {
    const v = fields[f.key];
    const missing = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (f.required && missing) {
      errors[f.key] = f.key === 'summary' ? 'You must specify a summary of the issue.' : `${f.name} is required.`;
    }
  }
  const summary = fields.summary;
  if (summary !== undefined && typeof summary !== 'string') errors.summary = 'Summary must be a string.';
  else if (typeof summary === 'string' && summary.length > 255)
    errors.summary = 'Summary must be less than 255 characters.';
  else if (typeof summary === 'string' && summary.includes('\n'))
    errors.summary = 'The summary is invalid because it contains newline characters.';
  let description: AdfDoc | null = null;
  if (fields.description !== undefined && fields.description !== null) {
    if (adfProblem(fields.description)) {
      errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
    } else description = fields.description as AdfDoc;
  }
  let priority: string | undefined;
  if (fields.priority !== undefined) {
    const r = refName(fields.priority);
    const found = PRIORITIES.find((x) => x.id === r?.id || x.name === r?.name);
    if (!found) errors.priority = 'Specify a valid value for priority';
    else priority = found.name;
  }
  let assignee: string | null = null;
  if (fields.assignee !== undefined && fields.assignee !== null) {
    const id = isObj(fields.assignee) ? fields.assignee.accountId : undefined;
    if (id === '-1' || id === null) assignee = null;
    else if (typeof id !== 'string' || !c.state.user(id) || !c.state.assignable(id, p)) {
      errors.assignee = `User '${String(id)}' cannot be assigned issues.`;
    } else assignee = id;
  }
  let reporter: string = c.actor;
  if (fields.reporter !== undefined) {
    const id = isObj(fields.reporter) ? fields.reporter.accountId : undefined;
    if (typeof id !== 'string' || !c.state.user(id)) errors.reporter = 'Specify a valid value for reporter';
    else reporter = id;
  }
  let labels: string[] = [];
  if (fields.labels !== undefined) {
    if (!Array.isArray(fields.labels) || !fields.labels.every((l) => typeof l === 'string'))
      errors.labels = 'Labels must be strings.';
    else {
      const bad = (fields.labels as string[]).find((l) => /\s/.test(l) || l.length === 0);
      if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
      else labels = fields.labels as string[];
    }
  }
  let duedate: string | null = null;
  if (fields.duedate !== undefined && fields.duedate !== null) {
    if (typeof fields.duedate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(fields.duedate)) {
      errors.duedate = `Error parsing date string: ${String(fields.duedate)}`;
    } else duedate = fields.duedate;
  }
  let components: string[] = [];
  if (fields.components !== undefined) {
    const allowed = onScreen.get('components')?.allowedValues ?? [];
    const refs = Array.isArray(fields.components) ? fields.components.map(refName) : [null];
    const names = refs.map((r) => allowed.find((a) => a.id === r?.id || a.name === r?.name)?.name);
    if (names.some((n) => typeof n !== 'string')) errors.components = 'Component name is not valid';
    else components = names as string[];
  }
  const customFields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!k.startsWith('customfield_') || errors[k] || v === undefined || v === null) continue;
    const def = onScreen.get(k)!;
    const problem = customFieldProblem(def, v);
    if (problem) errors[k] = problem;
    else customFields[k] = resolveOption(def, v);
  }
  if (Object.keys(errors).length) return jiraError(400, [], errors);
  const issue = c.state.createIssue(
    c.actor,
    {
      project: p.key,
      type: type.name,
      summary: summary as string,
      description,
      ...(priority ? { priority } : {}),
      assignee,
      reporter,
      labels,
      duedate,
      components,
      customFields,
    },
    'api',
  );
  return ok({ id: issue.id, key: issue.key, self: `${c.f.base}/issue/${issue.id}` }, 201);
}

function customFieldProblem(def: CreateField, v: unknown): string | null {
  const t = def.schema.type;
  const optionOk = (x: unknown) => {
    const r = refName(x);
    return (def.allowedValues ?? []).some((a) => (r?.id && a.id === r.id) || (r?.value && a.value === r.value));
  };
  if (t === 'string') return typeof v === 'string' ? null : `${def.name} must be a string.`;
  if (t === 'number') return typeof v === 'number' ? null : `${def.name} must be a number.`;
  if (t === 'date')
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : `Error parsing date string: ${String(v)}`;
  if (t === 'option') return optionOk(v) ? null : `Option value '${JSON.stringify(v)}' is not valid`;
  if (t === 'user') return isObj(v) && typeof v.accountId === 'string' ? null : `Specify a valid value for ${def.name}`;
  if (t === 'array') {
    if (!Array.isArray(v)) return `${def.name} must be an array.`;
    if (def.schema.items === 'option' && !v.every(optionOk)) return `Option value is not valid for ${def.name}`;
    if (def.schema.items === 'string' && !v.every((x) => typeof x === 'string')) return `${def.name} must be strings.`;
  }
  return null;
}

function resolveOption(def: CreateField, v: unknown): unknown {
  const find = (x: unknown) => {
    const r = refName(x);
    return (def.allowedValues ?? []).find((a) => (r?.id && a.id === r.id) || (r?.value && a.value === r.value)) ?? x;
  };
  if (def.schema.type === 'option') return find(v);
  if (def.schema.type === 'array' && def.schema.items === 'option' && Array.isArray(v)) return v.map(find);
  return v;
}

function getTransitions(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  const only = c.query.get('transitionId');
  const transitions = c.state
    .transitionsFor(issue)
    .filter((t) => !only || t.id === only)
    .map((t) => ({
      id: t.id,
      name: t.name,
      to: statusJson(c.f, t.to),
      hasScreen: false,
      isGlobal: false,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    }));
  return ok({ expand: 'transitions', transitions });
}

function doTransition(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  const ref = isObj(c.body) ? refName(c.body.transition) : null;
  if (!ref?.id) return jiraError(400, ["Missing 'transition' identifier"]);
  const t = c.state.transitionsFor(issue).find((x) => x.id === ref.id);
  if (!t) return jiraError(400, [`Transition id '${ref.id}' is not valid for this issue.`]);
  c.state.transition(c.actor, issue, t, 'api');
  return noContent();
}

function addComment(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  const body = isObj(c.body) ? c.body.body : undefined;
  if (body === undefined || body === null) return jiraError(400, [], { comment: 'Comment body can not be empty!' });
  if (adfProblem(body)) return jiraError(400, [], { comment: 'Comment body is not valid!' });
  if (adfIsEmpty(body as AdfDoc)) return jiraError(400, [], { comment: 'Comment body can not be empty!' });
  const comment = c.state.comment(c.actor, issue, body as AdfDoc, 'api');
  return ok(commentJson(c.f, c.state, issue, comment, c.actor), 201);
}

function listComments(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  const startAt = intParam(c.query, 'startAt', 0);
  if (typeof startAt !== 'number') return startAt;
  const maxResults = intParam(c.query, 'maxResults', 5000);
  if (typeof maxResults !== 'number') return maxResults;
  const all = issue.comments.map((x) => commentJson(c.f, c.state, issue, x, c.actor));
  return ok({ startAt, maxResults, total: all.length, comments: all.slice(startAt, startAt + maxResults) });
}

function assign(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  if (!isObj(c.body) || !('accountId' in c.body)) return jiraError(400, [], { accountId: 'accountId is required.' });
  const id = c.body.accountId;
  const p = c.state.projects.get(issue.project)!;
  let target: string | null;
  if (id === null || id === '-1') target = null;
  else if (typeof id === 'string' && c.state.user(id) && c.state.assignable(id, p)) target = id;
  else return jiraError(400, [], { assignee: `User '${String(id)}' cannot be assigned issues.` });
  c.state.assign(c.actor, issue, target, 'api');
  return noContent();
}

function getWatchers(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  return ok({
    self: `${c.f.base}/issue/${issue.key}/watchers`,
    isWatching: issue.watchers.includes(c.actor),
    watchCount: issue.watchers.length,
    watchers: issue.watchers
      .map((w) => c.state.user(w))
      .filter((u) => u !== undefined)
      .map((u) => userJson(c.f, u, c.actor)),
  });
}

function addWatcher(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  const target = c.body === undefined ? c.actor : c.body;
  if (typeof target !== 'string')
    return jiraError(400, ['The request body must be a JSON string holding an accountId.']);
  if (target !== c.actor && !c.state.isAdmin(c.actor)) {
    return jiraError(403, ['You do not have the permission to manage the watcher list.']);
  }
  if (!c.state.user(target) || !c.state.canSee(target, issue)) {
    return jiraError(400, [
      `The user "${target}" does not have permission to view this issue. This user will not be added to the watch list.`,
    ]);
  }
  c.state.watch(c.actor, issue, target, 'api');
  return noContent();
}

function removeWatcher(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  const target = c.query.get('accountId');
  if (!target) return jiraError(400, ['Either username or accountId must be provided.']);
  if (target !== c.actor && !c.state.isAdmin(c.actor)) {
    return jiraError(403, ['You do not have the permission to manage the watcher list.']);
  }
  c.state.unwatch(c.actor, issue, target, 'api');
  return noContent();
}

function addRemoteLink(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  if (!isObj(c.body) || !isObj(c.body.object)) return jiraError(400, [], { object: 'object is required.' });
  const o = c.body.object;
  const errors: Record<string, string> = {};
  if (typeof o.url !== 'string' || !/^https?:\/\//.test(o.url))
    errors.url = "'url' is required and must be a valid URL.";
  if (typeof o.title !== 'string' || o.title === '') errors.title = "'title' is required.";
  if (Object.keys(errors).length) return jiraError(400, [], errors);
  const globalId = typeof c.body.globalId === 'string' ? c.body.globalId : null;
  const existing = globalId ? issue.remoteLinks.find((l) => l.globalId === globalId) : undefined;
  const link = {
    id: existing?.id ?? Number(c.state.nextId('link')),
    globalId,
    relationship: typeof c.body.relationship === 'string' ? c.body.relationship : null,
    object: o,
    application: isObj(c.body.application) ? c.body.application : null,
  };
  if (existing) Object.assign(existing, link);
  else issue.remoteLinks.push(link);
  issue.history.push({
    id: c.state.nextId('history'),
    at: c.state.now(),
    actor: c.actor,
    action: 'linked',
    via: 'api',
    items: [],
  });
  return ok({ id: link.id, self: `${c.f.base}/issue/${issue.key}/remotelink/${link.id}` }, existing ? 200 : 201);
}

function listRemoteLinks(c: RestCtx): HttpReply {
  const issue = visible(c, c.params.issueIdOrKey);
  if (!issue) return ISSUE_NOT_FOUND();
  return ok(
    issue.remoteLinks.map((l) => ({
      id: l.id,
      self: `${c.f.base}/issue/${issue.key}/remotelink/${l.id}`,
      ...(l.globalId ? { globalId: l.globalId } : {}),
      ...(l.relationship ? { relationship: l.relationship } : {}),
      ...(l.application ? { application: l.application } : {}),
      object: l.object,
    })),
  );
}

// ---------------------------------------------------------------------------------------------- users

function siteUsers(c: RestCtx) {
  return [...c.state.users.values()].filter((u) => u.active && u.sites.includes(c.site.cloudId));
}

function userMatches(u: { displayName: string; email: string | null; emailVisible: boolean }, q: string): boolean {
  const s = q.toLowerCase();
  const name = u.displayName.toLowerCase();
  if (name.startsWith(s) || name.split(/\s+/).some((w) => w.startsWith(s))) return true;
  // Hidden email addresses are not searchable, as with real profile visibility.
  return u.emailVisible && (u.email?.toLowerCase().startsWith(s) ?? false);
}

function userSearch(c: RestCtx): HttpReply {
  const q = c.query.get('query');
  const id = c.query.get('accountId');
  if (!q && !id) return jiraError(400, ["One of 'query' or 'accountId' must be provided."]);
  const startAt = intParam(c.query, 'startAt', 0);
  if (typeof startAt !== 'number') return startAt;
  const maxResults = intParam(c.query, 'maxResults', 50);
  if (typeof maxResults !== 'number') return maxResults;
  const found = siteUsers(c).filter((u) => (id ? u.accountId === id : true) && (q ? userMatches(u, q) : true));
  return ok(found.slice(startAt, startAt + maxResults).map((u) => userJson(c.f, u, c.actor)));
}

function assignableSearch(c: RestCtx): HttpReply {
  const pk = c.query.get('project');
  const ik = c.query.get('issueKey') ?? c.query.get('issueId');
  if (!pk && !ik) return jiraError(400, ["At least one of the parameters 'project' or 'issueKey' must be provided."]);
  let project: EmuProject | undefined;
  if (ik) {
    const issue = visible(c, ik);
    if (!issue) return ISSUE_NOT_FOUND();
    project = c.state.projects.get(issue.project);
  } else {
    project = visibleProject(c, pk!);
    if (!project) return jiraError(404, [`No project could be found with key '${pk}'.`]);
  }
  const q = c.query.get('query');
  const id = c.query.get('accountId');
  const startAt = intParam(c.query, 'startAt', 0);
  if (typeof startAt !== 'number') return startAt;
  const maxResults = intParam(c.query, 'maxResults', 50);
  if (typeof maxResults !== 'number') return maxResults;
  const found = siteUsers(c)
    .filter((u) => c.state.assignable(u.accountId, project!))
    .filter((u) => (id ? u.accountId === id : true) && (q ? userMatches(u, q) : true));
  return ok(found.slice(startAt, startAt + maxResults).map((u) => userJson(c.f, u, c.actor)));
}

function getUser(c: RestCtx): HttpReply {
  const id = c.query.get('accountId');
  const u = siteUsers(c).find((x) => x.accountId === id);
  if (!u) return jiraError(404, ['Specified user does not exist or you do not have required permissions']);
  return ok({ ...userJson(c.f, u, c.actor), locale: 'en_US' });
}

function myself(c: RestCtx): HttpReply {
  const u = c.state.user(c.actor)!;
  return ok({ ...userJson(c.f, u, c.actor), locale: 'en_US', expand: 'groups,applicationRoles' });
}

function serverInfo(c: RestCtx): HttpReply {
  const t = new Date(c.state.now()).toISOString().replace('Z', '+0000');
  return ok({
    baseUrl: c.site.url,
    displayUrl: c.site.url,
    version: '1001.0.0-SNAPSHOT',
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100298,
    buildDate: '2025-12-01T00:00:00.000+0000',
    serverTime: t,
    scmInfo: 'emulator',
    serverTitle: 'Jira',
    defaultLocale: { locale: 'en_US' },
    serverTimeZone: 'Etc/UTC',
  });
}

// ------------------------------------------------------------------------------------------- webhooks

function registerWebhooks(c: RestCtx): HttpReply {
  const b = c.body;
  if (!isObj(b) || typeof b.url !== 'string' || !Array.isArray(b.webhooks)) {
    return jiraError(400, ['Request must contain a url and a list of webhooks.']);
  }
  const hooks: Array<{ events: string[]; jqlFilter: string; fieldIdsFilter?: string[] }> = [];
  for (const h of b.webhooks) {
    if (!isObj(h) || !Array.isArray(h.events) || typeof h.jqlFilter !== 'string') {
      return jiraError(400, ['Each webhook needs events and a jqlFilter.']);
    }
    const bad = h.events.find((e) => !(WEBHOOK_EVENTS as readonly unknown[]).includes(e));
    if (bad !== undefined) return jiraError(400, [`Unknown webhook event: ${String(bad)}`]);
    hooks.push({
      events: h.events as string[],
      jqlFilter: h.jqlFilter,
      ...(Array.isArray(h.fieldIdsFilter) ? { fieldIdsFilter: h.fieldIdsFilter.map(String) } : {}),
    });
  }
  try {
    const result = c.hooks.register(c.token.clientId, c.site.cloudId, c.actor, b.url, hooks);
    return ok({ webhookRegistrationResult: result });
  } catch (e) {
    const err = e as { status?: number; messages?: string[] };
    if (err.status && err.messages) return jiraError(err.status, err.messages);
    throw e;
  }
}

function listWebhooks(c: RestCtx): HttpReply {
  const startAt = intParam(c.query, 'startAt', 0);
  if (typeof startAt !== 'number') return startAt;
  const maxResults = intParam(c.query, 'maxResults', 100);
  if (typeof maxResults !== 'number') return maxResults;
  const all = c.hooks.forApp(c.token.clientId, c.site.cloudId);
  const page = all.slice(startAt, startAt + maxResults);
  return ok({
    self: `${c.f.base}/webhook?startAt=${startAt}&maxResults=${maxResults}`,
    maxResults,
    startAt,
    total: all.length,
    isLast: startAt + page.length >= all.length,
    values: page.map((r) => ({
      id: r.id,
      jqlFilter: r.jqlFilter,
      ...(r.fieldIdsFilter ? { fieldIdsFilter: r.fieldIdsFilter } : {}),
      events: r.events,
      expirationDate: r.expirationMs,
      url: r.url,
    })),
  });
}

function webhookIds(body: unknown): number[] | null {
  if (!isObj(body) || !Array.isArray(body.webhookIds)) return null;
  return body.webhookIds.every((x) => Number.isInteger(x)) ? (body.webhookIds as number[]) : null;
}

function deleteWebhooks(c: RestCtx): HttpReply {
  const ids = webhookIds(c.body);
  if (!ids) return jiraError(400, ['webhookIds must be a list of webhook ids.']);
  c.hooks.remove(c.token.clientId, c.site.cloudId, ids);
  return { status: 202 };
}

function refreshWebhooks(c: RestCtx): HttpReply {
  const ids = webhookIds(c.body);
  if (!ids) return jiraError(400, ['webhookIds must be a list of webhook ids.']);
  return ok({ expirationDate: c.hooks.refresh(c.token.clientId, c.site.cloudId, ids) });
}

// ------------------------------------------------------------------------------------------- routing

const ROUTES: RouteDef[] = [
  { method: 'GET', path: '/rest/api/3/myself', scopes: [U], handle: myself },
  { method: 'GET', path: '/rest/api/3/serverInfo', scopes: [], handle: serverInfo },
  { method: 'GET', path: '/rest/api/3/mypermissions', scopes: [R], handle: myPermissions },
  { method: 'POST', path: '/rest/api/3/permissions/project', scopes: [R], handle: permittedProjects },
  { method: 'GET', path: '/rest/api/3/project/search', scopes: [R], handle: projectSearch },
  { method: 'GET', path: '/rest/api/3/project/{projectIdOrKey}', scopes: [R], handle: getProject },
  {
    method: 'GET',
    path: '/rest/api/3/search/jql',
    scopes: [R],
    handle: (c) =>
      search(c, {
        jql: c.query.get('jql'),
        nextPageToken: c.query.get('nextPageToken'),
        maxResults: c.query.get('maxResults') ?? undefined,
        fields: multi(c.query, 'fields'),
      }),
  },
  {
    method: 'POST',
    path: '/rest/api/3/search/jql',
    scopes: [R],
    handle: (c) => {
      if (!isObj(c.body)) return jiraError(400, ['Request body must be a JSON object.']);
      const fields = c.body.fields;
      if (fields !== undefined && (!Array.isArray(fields) || !fields.every((x) => typeof x === 'string'))) {
        return jiraError(400, ['fields must be a list of strings.']);
      }
      return search(c, {
        jql: c.body.jql,
        nextPageToken: c.body.nextPageToken,
        maxResults: c.body.maxResults,
        fields: (fields as string[] | undefined) ?? null,
      });
    },
  },
  { method: 'POST', path: '/rest/api/3/issue', scopes: [W], handle: createIssue },
  {
    method: 'GET',
    path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes',
    scopes: [R],
    handle: createMetaTypes,
  },
  {
    method: 'GET',
    path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    scopes: [R],
    handle: createMetaFields,
  },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}', scopes: [R], handle: getIssue },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/transitions', scopes: [R], handle: getTransitions },
  { method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/transitions', scopes: [W], handle: doTransition },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/comment', scopes: [R], handle: listComments },
  { method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/comment', scopes: [W], handle: addComment },
  { method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}/assignee', scopes: [W], handle: assign },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/watchers', scopes: [R], handle: getWatchers },
  { method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/watchers', scopes: [W], handle: addWatcher },
  { method: 'DELETE', path: '/rest/api/3/issue/{issueIdOrKey}/watchers', scopes: [W], handle: removeWatcher },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/remotelink', scopes: [R], handle: listRemoteLinks },
  { method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/remotelink', scopes: [W], handle: addRemoteLink },
  { method: 'GET', path: '/rest/api/3/user', scopes: [U], handle: getUser },
  { method: 'GET', path: '/rest/api/3/user/search', scopes: [U], handle: userSearch },
  { method: 'GET', path: '/rest/api/3/user/assignable/search', scopes: [U], handle: assignableSearch },
  { method: 'POST', path: '/rest/api/3/webhook', scopes: HOOK, handle: registerWebhooks },
  { method: 'GET', path: '/rest/api/3/webhook', scopes: HOOK, handle: listWebhooks },
  { method: 'DELETE', path: '/rest/api/3/webhook', scopes: HOOK, handle: deleteWebhooks },
  { method: 'PUT', path: '/rest/api/3/webhook/refresh', scopes: HOOK, handle: refreshWebhooks },
];

/** Every REST route the emulator serves, as spec path templates (removed endpoints are not listed). */
export const EMULATED_ROUTES: Array<{ method: string; path: string }> = ROUTES.map((r) => ({
  method: r.method,
  path: r.path,
}));

const COMPILED = ROUTES.map((r) => ({
  route: r,
  re: new RegExp(`^${r.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

/** Endpoints Atlassian has removed; they answer 410 like the real API. */
const REMOVED: Array<{ path: RegExp; message: string }> = [
  {
    path: /^\/rest\/api\/[23]\/search$/,
    message:
      'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  },
];

export type RouteMatch =
  | { kind: 'route'; route: RouteDef; params: Record<string, string> }
  | { kind: 'removed'; message: string }
  | { kind: 'method_not_allowed' }
  | { kind: 'not_found' };

export function matchRoute(method: string, path: string): RouteMatch {
  const removed = REMOVED.find((r) => r.path.test(path));
  if (removed) return { kind: 'removed', message: removed.message };
  let pathMatched = false;
  for (const { route, re } of COMPILED) {
    const m = re.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
    return { kind: 'route', route, params };
  }
  return pathMatched ? { kind: 'method_not_allowed' } : { kind: 'not_found' };
}
