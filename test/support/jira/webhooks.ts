// Dynamic webhooks: registrations made through POST /rest/api/3/webhook by the OAuth app, and deliveries
// of each change to the registrations that match it, signed and retried the way Jira Cloud does.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { JqlEngine, JqlQuery } from './jql-bridge.js';
import type { EmuIssue } from './model.js';
import { commentEventIssueJson, commentJson, type Flavour, issueJson, userJson } from './represent.js';
import type { JiraEvent, JiraState } from './state.js';

export const WEBHOOK_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'comment_created',
  'comment_updated',
  'comment_deleted',
  'issue_property_set',
  'issue_property_deleted',
] as const;

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;
const RETRY_STATUSES = new Set([408, 409, 425, 429]);

export interface Registration {
  id: number;
  clientId: string;
  cloudId: string;
  owner: string;
  url: string;
  events: string[];
  jqlFilter: string;
  fieldIdsFilter: string[] | null;
  expirationMs: number;
  query: JqlQuery;
}

export interface Delivery {
  webhookIdentifier: string;
  url: string;
  status: number | 'timeout' | 'error';
  attempt: number;
  body: unknown;
  headers: Record<string, string>;
  matchedWebhookIds: number[];
  webhookEvent: string;
  at: number;
}

export interface WebhookOptions {
  clientId: string;
  clientSecret: string;
  retryDelaysMs: number[];
  timeoutMs: number;
  maxPerUser: number;
  now: () => number;
}

export class WebhookHub {
  readonly registrations = new Map<number, Registration>();
  readonly deliveries: Delivery[] = [];
  private nextId = 1;
  private pending = 0;
  private waiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly state: JiraState,
    private readonly jql: JqlEngine,
    private readonly opts: WebhookOptions,
  ) {
    state.onEvent((e) => this.dispatch(e));
  }

  /** The app's registrations on a site (every owner's), in id order. */
  forApp(clientId: string, cloudId: string): Registration[] {
    return [...this.registrations.values()].filter((r) => r.clientId === clientId && r.cloudId === cloudId);
  }

  /**
   * Registers a batch. Problems with the request as a whole throw `{ status, messages }`; problems with
   * one webhook come back as that entry's `errors`, as Jira does.
   */
  register(
    clientId: string,
    cloudId: string,
    owner: string,
    url: string,
    hooks: Array<{ events: string[]; jqlFilter: string; fieldIdsFilter?: string[] }>,
  ): Array<{ createdWebhookId: number } | { errors: string[] }> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw { status: 400, messages: [`The webhook URL '${url}' is invalid.`] };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw { status: 400, messages: [`The webhook URL '${url}' is invalid.`] };
    }
    const existing = this.forApp(clientId, cloudId);
    if (existing.some((r) => r.url !== url)) {
      throw { status: 400, messages: ['Only one webhook URL per app is allowed. Delete the existing webhooks first.'] };
    }
    let mine = existing.filter((r) => r.owner === owner).length;
    return hooks.map((h) => {
      const errors: string[] = [];
      if (h.events.length === 0) errors.push('At least one event must be specified.');
      if (h.jqlFilter.trim() === '') errors.push('The JQL filter is required.');
      let query: JqlQuery | null = null;
      if (errors.length === 0) {
        const problem = this.jql.webhookFilterProblem(h.jqlFilter);
        if (problem) errors.push(problem);
        else query = this.jql.parse(h.jqlFilter);
      }
      if (errors.length === 0 && mine >= this.opts.maxPerUser) {
        errors.push(`The app can register at most ${this.opts.maxPerUser} webhooks per user on a site.`);
      }
      if (errors.length > 0) return { errors };
      mine += 1;
      const id = this.nextId++;
      this.registrations.set(id, {
        id,
        clientId,
        cloudId,
        owner,
        url,
        events: [...h.events],
        jqlFilter: h.jqlFilter,
        fieldIdsFilter: h.fieldIdsFilter ? [...h.fieldIdsFilter] : null,
        expirationMs: this.opts.now() + THIRTY_DAYS_MS,
        query: query!,
      });
      return { createdWebhookId: id };
    });
  }

  remove(clientId: string, cloudId: string, ids: number[]): void {
    for (const id of ids) {
      const r = this.registrations.get(id);
      if (r && r.clientId === clientId && r.cloudId === cloudId) this.registrations.delete(id);
    }
  }

  /** Extends the app's listed webhooks by 30 days from now; returns the new expiry (ms). */
  refresh(clientId: string, cloudId: string, ids: number[]): number {
    const exp = this.opts.now() + THIRTY_DAYS_MS;
    for (const id of ids) {
      const r = this.registrations.get(id);
      if (r && r.clientId === clientId && r.cloudId === cloudId) r.expirationMs = exp;
    }
    return exp;
  }

  /** Resolves once nothing is being delivered or waiting to be retried. */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending = 0;
    this.release();
  }

  private release(): void {
    if (this.pending !== 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  private matches(r: Registration, e: JiraEvent, issue: EmuIssue): boolean {
    if (r.expirationMs <= this.opts.now()) return false;
    if (!r.events.includes(e.webhookEvent)) return false;
    if (this.state.projects.get(issue.project)?.site !== r.cloudId) return false;
    if (e.kind === 'issue' && e.webhookEvent === 'jira:issue_updated' && r.fieldIdsFilter) {
      const changed = new Set((e.changelog?.items ?? []).map((i) => i.fieldId));
      if (!r.fieldIdsFilter.some((f) => changed.has(f))) return false;
    }
    // Jira only tells the registering account about issues it can see.
    if (!this.state.canSee(r.owner, issue)) return false;
    try {
      return this.jql.matches(r.query, this.state.jqlView(issue), { currentAccountId: r.owner, now: this.opts.now() });
    } catch {
      return false;
    }
  }

  private dispatch(e: JiraEvent): void {
    if (this.closed) return;
    const byUrl = new Map<string, Registration[]>();
    for (const r of this.registrations.values()) {
      if (!this.matches(r, e, e.issue)) continue;
      byUrl.set(r.url, [...(byUrl.get(r.url) ?? []), r]);
    }
    for (const [url, regs] of byUrl) {
      const first = regs[0]!;
      const site = this.state.sites.get(first.cloudId)!;
      const f: Flavour = { base: `${site.url}/rest/api/2`, version: 2, site };
      const body = this.body(
        f,
        e,
        first.owner,
        regs.map((r) => r.id),
      );
      this.pending += 1;
      void this.attempt(
        url,
        first.owner,
        site.cloudId,
        randomUUID(),
        body,
        1,
        regs.map((r) => r.id),
        e.webhookEvent,
      );
    }
  }

  private body(f: Flavour, e: JiraEvent, viewer: string, ids: number[]): Record<string, unknown> {
    const actor = this.state.user(e.actor);
    if (e.kind === 'comment') {
      return {
        timestamp: e.at,
        webhookEvent: e.webhookEvent,
        comment: commentJson(f, this.state, e.issue, e.comment, viewer),
        issue: strip(commentEventIssueJson(f, this.state, e.issue)),
        matchedWebhookIds: ids,
      };
    }
    const out: Record<string, unknown> = { timestamp: e.at, webhookEvent: e.webhookEvent };
    if (e.issueEventTypeName) out.issue_event_type_name = e.issueEventTypeName;
    if (actor) out.user = userJson(f, actor, viewer);
    out.issue = strip(issueJson(f, this.state, e.issue, viewer));
    if (e.changelog) out.changelog = { id: e.changelog.id, items: e.changelog.items };
    if (e.comment) out.comment = commentJson(f, this.state, e.issue, e.comment, viewer);
    out.matchedWebhookIds = ids;
    return out;
  }

  private async attempt(
    url: string,
    owner: string,
    cloudId: string,
    identifier: string,
    body: Record<string, unknown>,
    attempt: number,
    ids: number[],
    webhookEvent: string,
  ): Promise<void> {
    if (this.closed) return;
    const iat = Math.floor(this.opts.now() / 1000);
    const jwt = await new SignJWT({ context: { cloudId } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(`jira:${cloudId}`)
      .setSubject(owner)
      .setAudience(this.opts.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 180)
      .sign(new TextEncoder().encode(this.opts.clientSecret));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${jwt}`,
      'x-atlassian-webhook-identifier': identifier,
      'user-agent': 'Atlassian Webhook HTTP Client',
    };
    if (attempt > 1) headers['x-atlassian-webhook-retry'] = String(attempt - 1);
    let status: Delivery['status'];
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      status = res.status;
    } catch (err) {
      status = (err as Error).name === 'TimeoutError' ? 'timeout' : 'error';
    }
    if (this.closed) return;
    this.deliveries.push({
      webhookIdentifier: identifier,
      url,
      status,
      attempt,
      body,
      headers,
      matchedWebhookIds: ids,
      webhookEvent,
      at: this.opts.now(),
    });
    const retryable = typeof status !== 'number' || RETRY_STATUSES.has(status) || status >= 500;
    const delay = this.opts.retryDelaysMs[attempt - 1];
    if (retryable && delay !== undefined) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        void this.attempt(url, owner, cloudId, identifier, body, attempt + 1, ids, webhookEvent);
      }, delay);
      this.timers.add(t);
      return;
    }
    this.pending -= 1;
    this.release();
  }
}

function strip(issue: Record<string, unknown>): Record<string, unknown> {
  const { expand: _expand, ...rest } = issue;
  return rest;
}
