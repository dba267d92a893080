// The Jira Cloud emulator: one node:http server that plays Atlassian's auth server (ATLASSIAN_AUTH_URL)
// and the API gateway in front of Jira Cloud REST v3 (ATLASSIAN_API_URL). It is strict like Jira, records
// every request with the account that made it, delivers signed webhooks, and can inject faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest, validateResponse } from './contract.js';
import { type JqlEngine, jqlEngine } from './jql-bridge.js';
import {
  type AdfDoc,
  type CreateField,
  defaultCreateFields,
  type EmuComment,
  type EmuIssue,
  type SiteHandle,
  TRANSITIONS,
  textToAdf,
} from './model.js';
import { AuthServer, type HttpReply } from './oauth.js';
import { jiraError, matchRoute, type RestCtx } from './rest.js';
import { type IssueFieldChanges, type IssueInput, JiraState } from './state.js';
import { type Delivery, WebhookHub } from './webhooks.js';

export { EMULATED_ROUTES } from './rest.js';
export type { AdfDoc, CreateField, Delivery, EmuComment, EmuIssue, IssueFieldChanges, IssueInput, SiteHandle };

export interface JiraEmulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of access tokens (default 3600). */
  accessTokenTtlSec?: number;
  /** How long a rotated refresh token keeps working (default 0: it dies the moment it is exchanged). */
  refreshReuseLeewaySec?: number;
  /** Delay before each webhook retry; its length is the number of retries (default [50, 100, 200]). */
  webhookRetryDelaysMs?: number[];
  /** How long a webhook POST may take before it counts as a timeout (default 5000). */
  webhookTimeoutMs?: number;
  /** Dynamic webhooks per user per app per site (default 5). */
  maxWebhooksPerUser?: number;
  /** Validate every /rest/api/3 request with `./contract.ts`; failures answer 400 and land in `contractViolations`. */
  strictContract?: boolean;
  /** Called with every request (API paths with the /ex/jira/{cloudId} prefix removed). */
  onRequest?: (req: { method: string; path: string; query: Record<string, string>; body: unknown }) => void;
  /** The clock (default Date.now); tokens, webhook expiry and timestamps follow it. */
  now?: () => number;
}

export interface LoggedRequest {
  method: string;
  /** The path as requested, e.g. /ex/jira/<cloudId>/rest/api/3/issue/ALPHA-1. */
  path: string;
  /** The same path without the /ex/jira/{cloudId} prefix, e.g. /rest/api/3/issue/ALPHA-1. */
  apiPath: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** accountId of the Bearer token (or of the grant, for /oauth/token), null when none. */
  actor: string | null;
  at: number;
}

export interface FaultSpec {
  /** Status to answer instead of serving; omit for latency only. */
  status?: number;
  retryAfterSec?: number;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  delayMs?: number;
}

export interface JiraEmulator {
  url: string;
  clientId: string;
  clientSecret: string;
  addSite(s: { cloudId?: string; name: string; url: string }): SiteHandle;
  addUser(u: {
    accountId: string;
    displayName: string;
    email?: string;
    emailVisible?: boolean;
    admin?: boolean;
    sites?: string[];
    active?: boolean;
  }): void;
  addProject(p: {
    key: string;
    name: string;
    id?: string;
    site?: string;
    browse: string[] | 'everyone';
    create?: string[] | 'everyone';
    issueTypes?: Array<{ id: string; name: string; fields?: CreateField[] }>;
  }): void;
  addIssue(i: IssueInput): EmuIssue;
  consentAs(accountId: string): void;
  denyNextConsent(): void;
  revokeGrant(accountId: string): void;
  expireAccessTokens(accountId?: string): void;
  /** Mints tokens for a user without the browser dance (same as completing /authorize + /oauth/token). */
  issueTokens(accountId: string, scopes?: string[]): Promise<{ access_token: string; refresh_token: string }>;
  issue(key: string): EmuIssue | undefined;
  requests: LoggedRequest[];
  count(filter: { method?: string; path?: string | RegExp; actor?: string }): number;
  contractViolations: string[];
  resetLog(): void;
  fault(match: { method?: string; path: string | RegExp }, f: FaultSpec): void;
  act: {
    createIssue(actor: string, i: Omit<IssueInput, 'reporter'> & { reporter?: string | null }): EmuIssue;
    transition(actor: string, key: string, toStatus: string): void;
    comment(actor: string, key: string, text: string): EmuComment;
    editComment(actor: string, key: string, commentId: string, text: string): void;
    deleteComment(actor: string, key: string, commentId: string): void;
    assign(actor: string, key: string, accountId: string | null): void;
    update(actor: string, key: string, fields: IssueFieldChanges): void;
    deleteIssue(actor: string, key: string): void;
    watch(actor: string, key: string): void;
    unwatch(actor: string, key: string): void;
  };
  webhooks(): Array<{
    id: number;
    url: string;
    events: string[];
    jqlFilter: string;
    fieldIdsFilter: string[] | null;
    expirationDate: string;
    owner: string;
    cloudId: string;
  }>;
  deliveries: Delivery[];
  settled(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_SCOPES = [
  'read:jira-work',
  'write:jira-work',
  'read:jira-user',
  'manage:jira-webhook',
  'offline_access',
];

const API_PREFIX = /^\/ex\/jira\/([^/]+)(\/.*)$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function queryRecord(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of new Set(q.keys())) out[k] = q.getAll(k).join(',');
  return out;
}

export async function startJiraEmulator(opts: JiraEmulatorOptions = {}): Promise<JiraEmulator> {
  const now = opts.now ?? Date.now;
  const clientId = opts.clientId ?? 'emu-client-id';
  const clientSecret = opts.clientSecret ?? 'emu-client-secret-0123456789abcdef';
  const jql = jqlEngine;
  const strict = opts.strictContract === true;

  let baseUrl = '';
  const state = new JiraState(now, (cloudId) => defaultCreateFields(`${baseUrl}/ex/jira/${cloudId}`));
  const auth = new AuthServer(state, {
    clientId,
    clientSecret,
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 3600,
    refreshReuseLeewaySec: opts.refreshReuseLeewaySec ?? 0,
    now,
  });
  const hooks = new WebhookHub(state, jql, {
    clientId,
    clientSecret,
    retryDelaysMs: opts.webhookRetryDelaysMs ?? [50, 100, 200],
    timeoutMs: opts.webhookTimeoutMs ?? 5000,
    maxPerUser: opts.maxWebhooksPerUser ?? 5,
    now,
  });
  const requests: LoggedRequest[] = [];
  const contractViolations: string[] = [];
  const faults: Array<{ method?: string; path: string | RegExp; spec: FaultSpec; left: number }> = [];

  const pathMatches = (p: string | RegExp, path: string, apiPath: string) =>
    typeof p === 'string' ? p === path || p === apiPath : p.test(path) || p.test(apiPath);

  async function route(
    req: IncomingMessage,
    entry: LoggedRequest,
    raw: string,
    q: URLSearchParams,
  ): Promise<HttpReply> {
    const method = entry.method;
    const fault = faults.find(
      (f) => f.left > 0 && (!f.method || f.method === method) && pathMatches(f.path, entry.path, entry.apiPath),
    );
    if (fault) {
      fault.left -= 1;
      if (fault.spec.delayMs) await new Promise((r) => setTimeout(r, fault.spec.delayMs));
      if (fault.spec.status) {
        const headers: Record<string, string> = {};
        if (fault.spec.retryAfterSec !== undefined) headers['retry-after'] = String(fault.spec.retryAfterSec);
        const s = fault.spec.status;
        const body = entry.path.startsWith('/oauth')
          ? { error: s === 429 ? 'rate_limited' : 'server_error', error_description: 'Injected fault' }
          : { errorMessages: [s === 429 ? 'Rate limit exceeded.' : 'Injected fault'], errors: {} };
        return { status: s, body, headers };
      }
    }

    if (method === 'GET' && entry.path === '/authorize') return auth.authorize(q);
    if (entry.path === '/oauth/token') {
      if (method !== 'POST') return { status: 405, body: { error: 'invalid_request' } };
      return auth.token(req.headers['content-type'], raw);
    }
    if (method === 'GET' && entry.path === '/oauth/token/accessible-resources') {
      return auth.accessibleResources(req.headers.authorization);
    }
    const m = API_PREFIX.exec(entry.path);
    if (!m) return jiraError(404, [`null for uri: ${baseUrl}${entry.path}`]);
    const cloudId = decodeURIComponent(m[1]!);
    const token = auth.authenticate(req.headers.authorization);
    const unauthorized: HttpReply = { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } };
    if (!token) return unauthorized;
    const user = state.user(token.accountId);
    const site = state.sites.get(cloudId);
    if (!user || !site || !user.sites.includes(cloudId)) return unauthorized;

    const found = matchRoute(method, entry.apiPath);
    if (found.kind === 'removed') return jiraError(410, [found.message]);
    if (found.kind === 'not_found') return jiraError(404, [`null for uri: ${baseUrl}${entry.path}`]);
    if (found.kind === 'method_not_allowed') return { status: 405, text: '' };
    if (!found.route.scopes.every((s) => token.scopes.includes(s))) return unauthorized;

    if (strict) {
      const problems = validateRequest({ method, path: entry.apiPath, query: entry.query, body: entry.body });
      if (problems.length) {
        for (const p of problems) contractViolations.push(`${method} ${entry.apiPath}: ${p}`);
        return jiraError(400, problems);
      }
    }
    let body: unknown;
    if (raw.length > 0) {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return { status: 415, text: 'Unsupported Media Type' };
      }
      try {
        body = JSON.parse(raw);
      } catch {
        return jiraError(400, ['Unexpected character in the request body: it is not valid JSON.']);
      }
    } else if (['POST', 'PUT'].includes(method) && !found.route.path.endsWith('/watchers')) {
      return jiraError(400, ['No content to map due to end-of-input']);
    }
    const ctx: RestCtx = {
      state,
      jql,
      hooks,
      token,
      actor: token.accountId,
      site,
      f: { base: `${baseUrl}/ex/jira/${cloudId}/rest/api/3`, version: 3, site },
      params: found.params,
      query: q,
      body,
    };
    const reply = found.route.handle(ctx);
    // A 204 cannot carry a body in HTTP, whatever content the spec lists for it.
    if (strict && reply.status !== 204) {
      const problems = validateResponse(method, found.route.path, reply.status, reply.body);
      for (const p of problems) contractViolations.push(`${method} ${entry.apiPath} → ${reply.status}: ${p}`);
    }
    return reply;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown = null;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const path = url.pathname;
    const apiPath = API_PREFIX.exec(path)?.[2] ?? path;
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path,
      apiPath,
      query: queryRecord(url.searchParams),
      body,
      status: 0,
      actor: auth.authenticate(req.headers.authorization)?.accountId ?? null,
      at: now(),
    };
    requests.push(entry);
    opts.onRequest?.({ method: entry.method, path: apiPath, query: entry.query, body });
    let reply: HttpReply;
    try {
      reply = await route(req, entry, raw, url.searchParams);
    } catch (e) {
      reply = jiraError(500, [`Emulator error: ${(e as Error).stack ?? String(e)}`]);
    }
    if (reply.actor !== undefined && entry.actor === null) entry.actor = reply.actor;
    entry.status = reply.status;
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload = '';
    if (reply.text !== undefined) {
      payload = reply.text;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json;charset=UTF-8';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const mustSee = (actor: string, key: string): EmuIssue => {
    const issue = state.issues.get(key);
    if (!issue) throw new Error(`Jira emulator: no issue ${key}`);
    if (!state.canSee(actor, issue)) throw new Error(`Jira emulator: ${actor} cannot see ${key}`);
    return issue;
  };
  const mention = (id: string) => state.user(id)?.displayName;

  const emulator: JiraEmulator = {
    url: baseUrl,
    clientId,
    clientSecret,
    addSite: (s) => state.addSite(s),
    addUser: (u) => state.addUser(u),
    addProject: (p) => {
      state.addProject(p);
    },
    addIssue: (i) => state.addIssue(i),
    consentAs: (id) => {
      if (!state.user(id)) throw new Error(`Jira emulator: unknown user ${id}`);
      auth.consentUser = id;
    },
    denyNextConsent: () => {
      auth.denyNext = true;
    },
    revokeGrant: (id) => auth.revoke(id),
    expireAccessTokens: (id) => auth.expire(id),
    issueTokens: async (accountId, scopes = DEFAULT_SCOPES) => {
      const redirect = 'http://127.0.0.1/emulator-callback';
      const previous = auth.consentUser;
      auth.consentUser = accountId;
      const q = new URLSearchParams({
        audience: 'api.atlassian.com',
        client_id: clientId,
        scope: scopes.join(' '),
        redirect_uri: redirect,
        state: 'emulator',
        response_type: 'code',
        prompt: 'consent',
      });
      const r = auth.authorize(q);
      auth.consentUser = previous;
      const code = new URL(r.headers?.location ?? redirect).searchParams.get('code');
      if (!code) throw new Error(`Jira emulator: cannot mint tokens for ${accountId}`);
      const t = auth.token(
        'application/json',
        JSON.stringify({
          grant_type: 'authorization_code',
          client_id: clientId,
          client_secret: clientSecret,
          code,
          redirect_uri: redirect,
        }),
      );
      return t.body as { access_token: string; refresh_token: string };
    },
    issue: (key) => state.issues.get(key),
    requests,
    count: (f) =>
      requests.filter(
        (r) =>
          (!f.method || r.method === f.method) &&
          (!f.actor || r.actor === f.actor) &&
          (f.path === undefined || pathMatches(f.path, r.path, r.apiPath)),
      ).length,
    contractViolations,
    resetLog: () => {
      requests.length = 0;
      hooks.deliveries.length = 0;
    },
    fault: (match, spec) => {
      faults.push({ method: match.method, path: match.path, spec, left: spec.times ?? 1 });
    },
    act: {
      createIssue: (actor, i) => {
        const project = state.projects.get(i.project);
        if (!project || !state.canCreate(actor, project))
          throw new Error(`Jira emulator: ${actor} cannot create in ${i.project}`);
        return state.createIssue(actor, i, 'ui');
      },
      transition: (actor, key, toStatus) => {
        const issue = mustSee(actor, key);
        const t = TRANSITIONS.find(
          (x) =>
            x.from.includes(issue.status) &&
            (x.to.toLowerCase() === toStatus.toLowerCase() || x.name.toLowerCase() === toStatus.toLowerCase()),
        );
        if (!t) throw new Error(`Jira emulator: no transition from ${issue.status} to ${toStatus}`);
        state.transition(actor, issue, t, 'ui');
      },
      comment: (actor, key, text) => state.comment(actor, mustSee(actor, key), textToAdf(text, mention), 'ui'),
      editComment: (actor, key, commentId, text) => {
        const issue = mustSee(actor, key);
        const c = issue.comments.find((x) => x.id === commentId);
        if (!c) throw new Error(`Jira emulator: no comment ${commentId} on ${key}`);
        state.editComment(actor, issue, c, textToAdf(text, mention), 'ui');
      },
      deleteComment: (actor, key, commentId) => {
        const issue = mustSee(actor, key);
        const c = issue.comments.find((x) => x.id === commentId);
        if (!c) throw new Error(`Jira emulator: no comment ${commentId} on ${key}`);
        state.deleteComment(actor, issue, c, 'ui');
      },
      assign: (actor, key, accountId) => state.assign(actor, mustSee(actor, key), accountId, 'ui'),
      update: (actor, key, fields) => state.update(actor, mustSee(actor, key), fields, 'ui'),
      deleteIssue: (actor, key) => state.deleteIssue(actor, mustSee(actor, key), 'ui'),
      watch: (actor, key) => state.watch(actor, mustSee(actor, key), actor, 'ui'),
      unwatch: (actor, key) => state.unwatch(actor, mustSee(actor, key), actor, 'ui'),
    },
    webhooks: () =>
      [...hooks.registrations.values()].map((r) => ({
        id: r.id,
        url: r.url,
        events: [...r.events],
        jqlFilter: r.jqlFilter,
        fieldIdsFilter: r.fieldIdsFilter,
        expirationDate: new Date(r.expirationMs).toISOString(),
        owner: r.owner,
        cloudId: r.cloudId,
      })),
    deliveries: hooks.deliveries,
    settled: () => hooks.settled(),
    close: async () => {
      hooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return emulator;
}

export type { JqlEngine };
