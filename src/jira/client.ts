import { z } from 'zod';
import { JiraError } from './errors.js';
import { JiraHttp, type JiraHttpOptions, type QueryParams } from './http.js';
import {
  type AccessibleResource,
  AccessibleResourceSchema,
  CommentSchema,
  type CreatedIssue,
  CreatedIssueSchema,
  type CreateMetaField,
  CreateMetaFieldsPageSchema,
  type CreateMetaIssueType,
  CreateMetaIssueTypesPageSchema,
  type JiraIssue,
  JiraIssueSchema,
  type JiraProject,
  type JiraProjectRef,
  JiraProjectSchema,
  type JiraTransition,
  type JiraUser,
  JiraUserSchema,
  type JiraWebhook,
  JiraWebhookSchema,
  MyPermissionsSchema,
  PermittedProjectsSchema,
  pageBean,
  REQUIRED_ISSUE_FIELDS,
  SearchJqlPageSchema,
  TransitionsSchema,
  WebhookRegistrationResponseSchema,
  WebhooksExpirationSchema,
} from './types.js';

/** `GET /issue/{key}/watchers`, read only for the accountIds. */
const WatchersSchema = z.looseObject({
  watchers: z.array(z.looseObject({ accountId: z.string() })).optional(),
});

// Every Jira path the app uses, as spec templates relative to /rest/api/3. Each one is checked
// against the OpenAPI spec (exists, not deprecated) by test/unit/jira-client/routes.test.ts.
const ROUTES = {
  myself: { method: 'GET', route: '/myself' },
  myPermissions: { method: 'GET', route: '/mypermissions' },
  projectSearch: { method: 'GET', route: '/project/search' },
  permittedProjects: { method: 'POST', route: '/permissions/project' },
  searchJql: { method: 'POST', route: '/search/jql' },
  getIssue: { method: 'GET', route: '/issue/{issueIdOrKey}' },
  createIssue: { method: 'POST', route: '/issue' },
  createMetaIssueTypes: { method: 'GET', route: '/issue/createmeta/{projectIdOrKey}/issuetypes' },
  createMetaFields: { method: 'GET', route: '/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}' },
  getTransitions: { method: 'GET', route: '/issue/{issueIdOrKey}/transitions' },
  doTransition: { method: 'POST', route: '/issue/{issueIdOrKey}/transitions' },
  addComment: { method: 'POST', route: '/issue/{issueIdOrKey}/comment' },
  assignIssue: { method: 'PUT', route: '/issue/{issueIdOrKey}/assignee' },
  getWatchers: { method: 'GET', route: '/issue/{issueIdOrKey}/watchers' },
  addWatcher: { method: 'POST', route: '/issue/{issueIdOrKey}/watchers' },
  removeWatcher: { method: 'DELETE', route: '/issue/{issueIdOrKey}/watchers' },
  findUsers: { method: 'GET', route: '/user/search' },
  assignableUsers: { method: 'GET', route: '/user/assignable/search' },
  addRemoteLink: { method: 'POST', route: '/issue/{issueIdOrKey}/remotelink' },
  registerWebhooks: { method: 'POST', route: '/webhook' },
  listWebhooks: { method: 'GET', route: '/webhook' },
  deleteWebhooks: { method: 'DELETE', route: '/webhook' },
  refreshWebhooks: { method: 'PUT', route: '/webhook/refresh' },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; route: string }>;

/** The Jira REST paths this client calls, as templates under `/rest/api/3`, for the spec check. */
export const CLIENT_ROUTES: Array<{ method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string }> = Object.values(
  ROUTES,
).map((r) => ({ method: r.method, path: `/rest/api/3${r.route}` }));

/** Path parameters are always encoded: issue keys come from users. */
function fill(route: string, values: Record<string, string>): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${route}`);
    return encodeURIComponent(v);
  });
}

/** A response that does not match what the app reads fails here, not deep inside a handler. */
function parse<S extends z.ZodType>(schema: S, data: unknown, route: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const where = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new JiraError('unavailable', `Jira sent an unexpected response for ${route}: ${where}`);
}

function withRequiredFields(fields: readonly string[]): string[] {
  if (fields.some((f) => f === '*all' || f === '*navigable')) return [...fields];
  return [...new Set([...fields, ...REQUIRED_ISSUE_FIELDS])];
}

// Stops a misbehaving server (isLast never true) from looping forever.
const MAX_PAGES = 100;

export interface WebhookSpec {
  events: string[];
  jqlFilter: string;
}

export interface IssueApi {
  getIssue(key: string, fields: readonly string[]): Promise<JiraIssue>;
  createIssue(fields: Record<string, unknown>): Promise<CreatedIssue>;
  createMetaIssueTypes(projectKey: string): Promise<CreateMetaIssueType[]>;
  createMetaFields(projectKey: string, issueTypeId: string): Promise<CreateMetaField[]>;
  getTransitions(key: string): Promise<JiraTransition[]>;
  doTransition(key: string, transitionId: string): Promise<void>;
  addComment(key: string, adfBody: unknown): Promise<{ id: string }>;
  assignIssue(key: string, accountId: string | null): Promise<void>;
  addWatcher(key: string, accountId: string): Promise<void>;
  removeWatcher(key: string, accountId: string): Promise<void>;
  addRemoteLink(key: string, link: { url: string; title: string }): Promise<void>;
}

export interface SearchApi {
  searchJql(q: {
    jql: string;
    fields: readonly string[];
    maxResults?: number;
    nextPageToken?: string;
  }): Promise<{ issues: JiraIssue[]; nextPageToken?: string; isLast?: boolean }>;
}

export interface ProjectApi {
  browsableProjects(): Promise<JiraProject[]>;
  /** `perm` is a Jira permission key such as `CREATE_ISSUES` or `BROWSE_PROJECTS`. */
  projectsWithPermission(perm: string): Promise<JiraProjectRef[]>;
}

export interface UserApi {
  myself(): Promise<JiraUser>;
  findUsers(query: string): Promise<JiraUser[]>;
  assignableUsers(q: { project?: string; issueKey?: string; query?: string }): Promise<JiraUser[]>;
}

export interface PermissionApi {
  myPermissions(
    perms: readonly string[],
    opts?: { projectKey?: string; issueKey?: string },
  ): Promise<Record<string, boolean>>;
}

export interface WebhookApi {
  registerWebhooks(url: string, hooks: readonly WebhookSpec[]): Promise<Array<{ id?: number; errors?: string[] }>>;
  listWebhooks(): Promise<JiraWebhook[]>;
  deleteWebhooks(ids: readonly number[]): Promise<void>;
  refreshWebhooks(ids: readonly number[]): Promise<{ expirationDate: string }>;
}

/** One site, one connection's token. Handlers see these methods, never a URL, axios or a status. */
export class JiraClient implements IssueApi, SearchApi, ProjectApi, UserApi, PermissionApi, WebhookApi {
  constructor(private readonly http: JiraHttp) {}

  // --- users and permissions ---

  async myself(): Promise<JiraUser> {
    const { route } = ROUTES.myself;
    return parse(JiraUserSchema, await this.http.get(route, { route }), route);
  }

  async myPermissions(
    perms: readonly string[],
    opts: { projectKey?: string; issueKey?: string } = {},
  ): Promise<Record<string, boolean>> {
    const { route } = ROUTES.myPermissions;
    const params: QueryParams = { permissions: perms.join(','), projectKey: opts.projectKey, issueKey: opts.issueKey };
    const res = parse(MyPermissionsSchema, await this.http.get(route, { route, params }), route);
    // A permission Jira leaves out is one we must not assume.
    return Object.fromEntries(perms.map((p) => [p, res.permissions[p]?.havePermission === true]));
  }

  async findUsers(query: string): Promise<JiraUser[]> {
    const { route } = ROUTES.findUsers;
    const res = await this.http.get(route, { route, params: { query } });
    return parse(JiraUserSchema.array(), res, route);
  }

  async assignableUsers(q: { project?: string; issueKey?: string; query?: string }): Promise<JiraUser[]> {
    const { route } = ROUTES.assignableUsers;
    const res = await this.http.get(route, {
      route,
      params: { project: q.project, issueKey: q.issueKey, query: q.query },
    });
    return parse(JiraUserSchema.array(), res, route);
  }

  // --- projects ---

  /**
   * Projects the caller can browse. `action=browse` matters: the default `view` lists every project to
   * a Jira admin (the service account), including ones it cannot browse.
   */
  async browsableProjects(): Promise<JiraProject[]> {
    const { route } = ROUTES.projectSearch;
    const schema = pageBean(JiraProjectSchema);
    const out: JiraProject[] = [];
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.http.get(route, { route, params: { action: 'browse', startAt, maxResults: 100 } });
      const p = parse(schema, res, route);
      out.push(...p.values);
      startAt += p.values.length;
      const last = p.isLast ?? (p.total === undefined || startAt >= p.total);
      if (last || p.values.length === 0) break;
    }
    return out;
  }

  /** Projects where the caller holds `perm`. Jira answers ids and keys only, no names. */
  async projectsWithPermission(perm: string): Promise<JiraProjectRef[]> {
    const { route } = ROUTES.permittedProjects;
    // A read, despite the POST.
    const res = await this.http.post(route, { permissions: [perm] }, { route, idempotent: true });
    return parse(PermittedProjectsSchema, res, route).projects;
  }

  // --- search ---

  async searchJql(q: {
    jql: string;
    fields: readonly string[];
    maxResults?: number;
    nextPageToken?: string;
  }): Promise<{ issues: JiraIssue[]; nextPageToken?: string; isLast?: boolean }> {
    const { route } = ROUTES.searchJql;
    const body = {
      jql: q.jql,
      fields: withRequiredFields(q.fields),
      ...(q.maxResults === undefined ? {} : { maxResults: q.maxResults }),
      ...(q.nextPageToken === undefined ? {} : { nextPageToken: q.nextPageToken }),
    };
    const res = parse(SearchJqlPageSchema, await this.http.post(route, body, { route, idempotent: true }), route);
    return {
      issues: res.issues,
      ...(res.nextPageToken === undefined ? {} : { nextPageToken: res.nextPageToken }),
      ...(res.isLast === undefined ? {} : { isLast: res.isLast }),
    };
  }

  // --- issues ---

  async getIssue(key: string, fields: readonly string[]): Promise<JiraIssue> {
    const { route } = ROUTES.getIssue;
    const res = await this.http.get(fill(route, { issueIdOrKey: key }), {
      route,
      params: { fields: withRequiredFields(fields).join(',') },
    });
    return parse(JiraIssueSchema, res, route);
  }

  /** Never retried on 5xx: Jira may have created the issue before failing. */
  async createIssue(fields: Record<string, unknown>): Promise<CreatedIssue> {
    const { route } = ROUTES.createIssue;
    return parse(CreatedIssueSchema, await this.http.post(route, { fields }, { route }), route);
  }

  async createMetaIssueTypes(projectKey: string): Promise<CreateMetaIssueType[]> {
    const { route } = ROUTES.createMetaIssueTypes;
    const path = fill(route, { projectIdOrKey: projectKey });
    return this.offsetPages(path, route, (res) => {
      const p = parse(CreateMetaIssueTypesPageSchema, res, route);
      return { items: p.issueTypes ?? p.createMetaIssueType ?? [], total: p.total };
    });
  }

  async createMetaFields(projectKey: string, issueTypeId: string): Promise<CreateMetaField[]> {
    const { route } = ROUTES.createMetaFields;
    const path = fill(route, { projectIdOrKey: projectKey, issueTypeId });
    return this.offsetPages(path, route, (res) => {
      const p = parse(CreateMetaFieldsPageSchema, res, route);
      return { items: p.fields ?? p.results ?? [], total: p.total };
    });
  }

  async getTransitions(key: string): Promise<JiraTransition[]> {
    const { route } = ROUTES.getTransitions;
    const res = await this.http.get(fill(route, { issueIdOrKey: key }), { route });
    return parse(TransitionsSchema, res, route).transitions;
  }

  /** Not retried on 5xx: the issue may already have moved, and moving it twice is a different act. */
  async doTransition(key: string, transitionId: string): Promise<void> {
    const { route } = ROUTES.doTransition;
    await this.http.post(fill(route, { issueIdOrKey: key }), { transition: { id: transitionId } }, { route });
  }

  /** `adfBody` is an ADF document (see adf.ts). Not retried on 5xx: it could post the comment twice. */
  async addComment(key: string, adfBody: unknown): Promise<{ id: string }> {
    const { route } = ROUTES.addComment;
    const res = await this.http.post(fill(route, { issueIdOrKey: key }), { body: adfBody }, { route });
    return { id: parse(CommentSchema, res, route).id };
  }

  /** `null` unassigns. */
  async assignIssue(key: string, accountId: string | null): Promise<void> {
    const { route } = ROUTES.assignIssue;
    await this.http.put(fill(route, { issueIdOrKey: key }), { accountId }, { route });
  }

  /** AccountIds watching the issue (webhook bodies do not carry them; personal DMs need them). */
  async getWatchers(key: string): Promise<string[]> {
    const { route } = ROUTES.getWatchers;
    const res = parse(WatchersSchema, await this.http.get(fill(route, { issueIdOrKey: key }), { route }), route);
    return (res.watchers ?? []).map((w) => w.accountId);
  }

  async addWatcher(key: string, accountId: string): Promise<void> {
    const { route } = ROUTES.addWatcher;
    // The body is a bare JSON string. Stringified here so an all-digit id is not sent as a number.
    // Watching twice is harmless, so this POST may be retried.
    await this.http.post(fill(route, { issueIdOrKey: key }), JSON.stringify(accountId), { route, idempotent: true });
  }

  async removeWatcher(key: string, accountId: string): Promise<void> {
    const { route } = ROUTES.removeWatcher;
    await this.http.delete(fill(route, { issueIdOrKey: key }), { route, params: { accountId } });
  }

  /**
   * Links the issue to e.g. a Slack message. The URL doubles as `globalId`, which makes Jira update
   * rather than duplicate the link, so the POST may be retried.
   */
  async addRemoteLink(key: string, link: { url: string; title: string }): Promise<void> {
    const { route } = ROUTES.addRemoteLink;
    const keyed = link.url.length <= 255; // Jira's limit on globalId
    await this.http.post(
      fill(route, { issueIdOrKey: key }),
      { ...(keyed ? { globalId: link.url } : {}), object: { url: link.url, title: link.title } },
      { route, idempotent: keyed },
    );
  }

  // --- webhooks (only an OAuth app's own) ---

  /** Results come back in request order: an `id`, or Jira's reasons for refusing that webhook. */
  async registerWebhooks(
    url: string,
    hooks: readonly WebhookSpec[],
  ): Promise<Array<{ id?: number; errors?: string[] }>> {
    const { route } = ROUTES.registerWebhooks;
    const body = { url, webhooks: hooks.map((h) => ({ events: h.events, jqlFilter: h.jqlFilter })) };
    const res = parse(WebhookRegistrationResponseSchema, await this.http.post(route, body, { route }), route);
    return res.webhookRegistrationResult.map((r) => ({
      ...(r.createdWebhookId === undefined ? {} : { id: r.createdWebhookId }),
      ...(r.errors === undefined ? {} : { errors: r.errors }),
    }));
  }

  async listWebhooks(): Promise<JiraWebhook[]> {
    const { route } = ROUTES.listWebhooks;
    const schema = pageBean(JiraWebhookSchema);
    const out: JiraWebhook[] = [];
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const p = parse(schema, await this.http.get(route, { route, params: { startAt, maxResults: 100 } }), route);
      out.push(...p.values);
      startAt += p.values.length;
      const last = p.isLast ?? (p.total === undefined || startAt >= p.total);
      if (last || p.values.length === 0) break;
    }
    return out;
  }

  async deleteWebhooks(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const { route } = ROUTES.deleteWebhooks;
    await this.http.delete(route, { route, body: { webhookIds: ids } });
  }

  /** Extends the given webhooks' life (Jira expires them after 30 days). Returns the new expiry, ISO-8601. */
  async refreshWebhooks(ids: readonly number[]): Promise<{ expirationDate: string }> {
    const { route } = ROUTES.refreshWebhooks;
    const res = await this.http.put(route, { webhookIds: ids }, { route });
    return { expirationDate: parse(WebhooksExpirationSchema, res, route).expirationDate };
  }

  /** Createmeta pagination: startAt/maxResults/total, no isLast. */
  private async offsetPages<T>(
    path: string,
    route: string,
    read: (res: unknown) => { items: T[]; total: number | undefined },
  ): Promise<T[]> {
    const out: T[] = [];
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { items, total } = read(await this.http.get(path, { route, params: { startAt, maxResults: 200 } }));
      out.push(...items);
      startAt += items.length;
      if (items.length === 0 || total === undefined || startAt >= total) break;
    }
    return out;
  }
}

export function createJiraClient(http: JiraHttp): JiraClient {
  return new JiraClient(http);
}

/**
 * The Jira sites a freshly issued token can reach (`GET {apiUrl}/oauth/token/accessible-resources`).
 * Not site-scoped, so it sits outside JiraClient; `http` overrides timeouts, sleep and so on in tests.
 */
export async function accessibleResources(
  apiUrl: string,
  accessToken: string,
  http: Omit<JiraHttpOptions, 'baseUrl' | 'tokens'> = {},
): Promise<AccessibleResource[]> {
  const route = '/oauth/token/accessible-resources';
  const client = new JiraHttp({
    ...http,
    baseUrl: apiUrl,
    // No connection exists yet, so there is nothing to mark broken; the 401 still surfaces as a JiraError.
    tokens: { accessToken: async () => accessToken, unauthorized: async () => {} },
  });
  return parse(AccessibleResourceSchema.array(), await client.get(route, { route }), route);
}
