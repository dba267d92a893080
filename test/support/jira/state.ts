// What the emulated Jira holds and who may see it. Every change, whether through the REST API or `act`,
// goes through one mutation here, which records history and emits the event webhooks are built from.
import type { JqlIssueView } from './jql-bridge.js';
import {
  type AdfDoc,
  adfToText,
  type ChangeItem,
  type CreateField,
  type EmuComment,
  type EmuIssue,
  type EmuProject,
  type EmuUser,
  jiraTime,
  PRIORITIES,
  type SiteHandle,
  STATUSES,
  statusByName,
  TRANSITIONS,
  type TransitionDef,
  textToAdf,
} from './model.js';

export type Via = 'api' | 'ui';

export type JiraEvent =
  | {
      kind: 'issue';
      webhookEvent: 'jira:issue_created' | 'jira:issue_updated' | 'jira:issue_deleted';
      issueEventTypeName: string | null;
      issue: EmuIssue;
      actor: string;
      changelog: { id: string; items: ChangeItem[] } | null;
      comment: EmuComment | null;
      at: number;
    }
  | {
      kind: 'comment';
      webhookEvent: 'comment_created' | 'comment_updated' | 'comment_deleted';
      issue: EmuIssue;
      comment: EmuComment;
      actor: string;
      at: number;
    };

export interface IssueInput {
  key?: string;
  project: string;
  summary: string;
  description?: AdfDoc | string | null;
  status?: string;
  type?: string;
  priority?: string | null;
  assignee?: string | null;
  reporter?: string | null;
  labels?: string[];
  watchers?: string[];
  security?: { name: string; users: string[] } | null;
  duedate?: string | null;
  components?: string[];
  customFields?: Record<string, unknown>;
}

export interface IssueFieldChanges {
  summary?: string;
  description?: AdfDoc | string | null;
  priority?: string | null;
  labels?: string[];
  duedate?: string | null;
  security?: { name: string; users: string[] } | null;
  customFields?: Record<string, unknown>;
}

export class JiraState {
  readonly sites = new Map<string, SiteHandle>();
  readonly users = new Map<string, EmuUser>();
  readonly projects = new Map<string, EmuProject>();
  readonly issues = new Map<string, EmuIssue>();
  private readonly seq = { issue: 10000, project: 10000, comment: 10000, history: 10000, security: 10000, link: 10000 };
  private readonly listeners: Array<(e: JiraEvent) => void> = [];

  constructor(
    readonly now: () => number,
    private readonly defaultFields: (cloudId: string) => CreateField[],
  ) {}

  onEvent(fn: (e: JiraEvent) => void): void {
    this.listeners.push(fn);
  }

  private emit(e: JiraEvent): void {
    for (const l of this.listeners) l(e);
  }

  nextId(kind: keyof JiraState['seq']): string {
    this.seq[kind] += 1;
    return String(this.seq[kind]);
  }

  // ------------------------------------------------------------------------------------------ seeding

  defaultSite(): SiteHandle {
    const first = this.sites.values().next();
    if (first.done) throw new Error('Jira emulator: addSite() first');
    return first.value;
  }

  addSite(s: { cloudId?: string; name: string; url: string }): SiteHandle {
    const cloudId = s.cloudId ?? `${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${this.sites.size + 1}-cloud`;
    const site = { cloudId, name: s.name, url: s.url.replace(/\/$/, '') };
    this.sites.set(cloudId, site);
    return site;
  }

  addUser(u: {
    accountId: string;
    displayName: string;
    email?: string;
    emailVisible?: boolean;
    admin?: boolean;
    sites?: string[];
    active?: boolean;
  }): void {
    const sites = u.sites ?? [this.defaultSite().cloudId];
    for (const s of sites) if (!this.sites.has(s)) throw new Error(`Jira emulator: unknown site ${s}`);
    this.users.set(u.accountId, {
      accountId: u.accountId,
      displayName: u.displayName,
      email: u.email ?? null,
      emailVisible: u.emailVisible ?? false,
      admin: u.admin ?? false,
      sites,
      active: u.active ?? true,
    });
  }

  addProject(p: {
    key: string;
    name: string;
    id?: string;
    site?: string;
    browse: string[] | 'everyone';
    create?: string[] | 'everyone';
    issueTypes?: Array<{ id: string; name: string; fields?: CreateField[] }>;
  }): EmuProject {
    if (!/^[A-Z][A-Z0-9_]+$/.test(p.key)) throw new Error(`Jira emulator: invalid project key ${p.key}`);
    const site = p.site ?? this.defaultSite().cloudId;
    if (!this.sites.has(site)) throw new Error(`Jira emulator: unknown site ${site}`);
    const project: EmuProject = {
      id: p.id ?? this.nextId('project'),
      key: p.key,
      name: p.name,
      site,
      browse: p.browse,
      create: p.create ?? p.browse,
      issueTypes: (
        p.issueTypes ?? [
          { id: '10001', name: 'Task' },
          { id: '10002', name: 'Bug' },
        ]
      ).map((t) => ({ id: t.id, name: t.name, fields: t.fields ?? this.defaultFields(site) })),
      nextNumber: 1,
    };
    this.projects.set(p.key, project);
    return project;
  }

  /** Seeds an issue without emitting anything (it existed before the test began). */
  addIssue(i: IssueInput): EmuIssue {
    return this.buildIssue(i, i.reporter ?? null);
  }

  private buildIssue(i: IssueInput, creator: string | null): EmuIssue {
    const project = this.projects.get(i.project);
    if (!project) throw new Error(`Jira emulator: unknown project ${i.project}`);
    const type = project.issueTypes.find((t) => t.name === (i.type ?? project.issueTypes[0]?.name));
    if (!type) throw new Error(`Jira emulator: project ${project.key} has no issue type ${i.type}`);
    const status = statusByName(i.status ?? 'To Do');
    if (!status) throw new Error(`Jira emulator: unknown status ${i.status}`);
    if (i.priority && !PRIORITIES.some((p) => p.name === i.priority)) {
      throw new Error(`Jira emulator: unknown priority ${i.priority}`);
    }
    for (const who of [i.assignee, i.reporter, ...(i.watchers ?? []), ...(i.security?.users ?? [])]) {
      if (who && !this.users.has(who)) throw new Error(`Jira emulator: unknown user ${who}`);
    }
    let key = i.key;
    if (key) {
      const n = Number(key.split('-')[1]);
      if (!key.startsWith(`${project.key}-`) || !Number.isInteger(n)) throw new Error(`Jira emulator: bad key ${key}`);
      if (this.issues.has(key)) throw new Error(`Jira emulator: ${key} exists`);
      project.nextNumber = Math.max(project.nextNumber, n + 1);
    } else {
      key = `${project.key}-${project.nextNumber++}`;
    }
    const t = jiraTime(this.now());
    const issue: EmuIssue = {
      id: this.nextId('issue'),
      key,
      project: project.key,
      summary: i.summary,
      description: typeof i.description === 'string' ? textToAdf(i.description) : (i.description ?? null),
      status: status.name,
      type: type.name,
      priority: i.priority === undefined ? 'Medium' : i.priority,
      assignee: i.assignee ?? null,
      reporter: i.reporter ?? null,
      creator,
      labels: [...(i.labels ?? [])],
      duedate: i.duedate ?? null,
      components: [...(i.components ?? [])],
      resolution: status.category.key === 'done' ? 'Done' : null,
      watchers: [...(i.watchers ?? [])],
      security: i.security
        ? { id: this.securityId(i.security.name), ...i.security, users: [...i.security.users] }
        : null,
      comments: [],
      remoteLinks: [],
      customFields: { ...(i.customFields ?? {}) },
      history: [],
      created: t,
      updated: t,
      resolutiondate: status.category.key === 'done' ? t : null,
      statuscategorychangedate: t,
    };
    this.issues.set(key, issue);
    return issue;
  }

  private readonly securityIds = new Map<string, string>();
  private securityId(name: string): string {
    let id = this.securityIds.get(name);
    if (!id) {
      id = this.nextId('security');
      this.securityIds.set(name, id);
    }
    return id;
  }

  // ------------------------------------------------------------------------------------------ access

  user(accountId: string | null | undefined): EmuUser | undefined {
    return accountId ? this.users.get(accountId) : undefined;
  }

  project(keyOrId: string, cloudId?: string): EmuProject | undefined {
    const p = this.projects.get(keyOrId.toUpperCase()) ?? [...this.projects.values()].find((x) => x.id === keyOrId);
    return p && (!cloudId || p.site === cloudId) ? p : undefined;
  }

  isAdmin(accountId: string): boolean {
    return this.users.get(accountId)?.admin === true;
  }

  canBrowse(accountId: string, project: EmuProject): boolean {
    const u = this.users.get(accountId);
    if (!u?.active || !u.sites.includes(project.site)) return false;
    return project.browse === 'everyone' || project.browse.includes(accountId);
  }

  canCreate(accountId: string, project: EmuProject): boolean {
    if (!this.canBrowse(accountId, project)) return false;
    return project.create === 'everyone' || project.create.includes(accountId);
  }

  /** BROWSE on the project and, when the issue has a security level, membership of it. */
  canSee(accountId: string, issue: Pick<EmuIssue, 'project' | 'security'>): boolean {
    const project = this.projects.get(issue.project);
    if (!project || !this.canBrowse(accountId, project)) return false;
    return !issue.security || issue.security.users.includes(accountId);
  }

  /** The issue by id or key on that site, or undefined when it is missing or the user cannot see it. */
  visibleIssue(accountId: string, cloudId: string, idOrKey: string): EmuIssue | undefined {
    const issue = this.issues.get(idOrKey.toUpperCase()) ?? [...this.issues.values()].find((i) => i.id === idOrKey);
    if (!issue || this.projects.get(issue.project)?.site !== cloudId) return undefined;
    return this.canSee(accountId, issue) ? issue : undefined;
  }

  /** Who can be assigned: an active user of the site who can browse the project. */
  assignable(accountId: string, project: EmuProject): boolean {
    return this.canBrowse(accountId, project);
  }

  transitionsFor(issue: EmuIssue): TransitionDef[] {
    return TRANSITIONS.filter((t) => t.from.includes(issue.status));
  }

  jqlView(issue: EmuIssue): JqlIssueView {
    const status = statusByName(issue.status) ?? STATUSES[0]!;
    const project = this.projects.get(issue.project);
    return {
      id: issue.id,
      projectId: project?.id,
      projectName: project?.name,
      key: issue.key,
      project: issue.project,
      summary: issue.summary,
      description: adfToText(issue.description),
      status: issue.status,
      statusCategory: status.category.name,
      issuetype: issue.type,
      priority: issue.priority,
      assignee: issue.assignee,
      reporter: issue.reporter,
      labels: [...issue.labels],
      created: issue.created,
      updated: issue.updated,
      comments: issue.comments.map((c) => adfToText(c.body)),
    };
  }

  // --------------------------------------------------------------------------------------- mutations

  private record(issue: EmuIssue, actor: string, action: string, via: Via, items: ChangeItem[]): string {
    const id = this.nextId('history');
    issue.history.push({ id, at: this.now(), actor, action, via, items });
    issue.updated = jiraTime(this.now());
    return id;
  }

  private issueEvent(
    webhookEvent: 'jira:issue_created' | 'jira:issue_updated' | 'jira:issue_deleted',
    name: string | null,
    issue: EmuIssue,
    actor: string,
    changelog: { id: string; items: ChangeItem[] } | null,
    comment: EmuComment | null = null,
  ): void {
    this.emit({
      kind: 'issue',
      webhookEvent,
      issueEventTypeName: name,
      issue: structuredClone(issue),
      actor,
      changelog,
      comment: comment ? structuredClone(comment) : null,
      at: this.now(),
    });
  }

  private name(accountId: string | null): string | null {
    return accountId ? (this.users.get(accountId)?.displayName ?? accountId) : null;
  }

  createIssue(actor: string, input: IssueInput, via: Via): EmuIssue {
    const issue = this.buildIssue({ ...input, reporter: input.reporter === undefined ? actor : input.reporter }, actor);
    // Jira's default autowatch: the creator watches what they create.
    if (!issue.watchers.includes(actor)) issue.watchers.push(actor);
    const status = statusByName(issue.status)!;
    const items: ChangeItem[] = [
      ...(issue.description ? [item('description', null, null, null, adfToText(issue.description))] : []),
      ...(issue.priority
        ? [item('priority', null, null, PRIORITIES.find((p) => p.name === issue.priority)?.id ?? null, issue.priority)]
        : []),
      ...(issue.reporter ? [item('reporter', null, null, issue.reporter, this.name(issue.reporter))] : []),
      { ...item('status', null, null, status.id, status.name), field: 'Status' },
      item('summary', null, null, null, issue.summary),
    ];
    const id = this.record(issue, actor, 'created', via, items);
    this.issueEvent('jira:issue_created', 'issue_created', issue, actor, { id, items });
    return issue;
  }

  transition(actor: string, issue: EmuIssue, t: TransitionDef, via: Via): void {
    const from = statusByName(issue.status)!;
    const to = statusByName(t.to)!;
    const items: ChangeItem[] = [{ ...item('status', from.id, from.name, to.id, to.name), field: 'status' }];
    if (to.category.key === 'done' && !issue.resolution) {
      items.push(item('resolution', null, null, '10000', 'Done'));
      issue.resolution = 'Done';
      issue.resolutiondate = jiraTime(this.now());
    } else if (to.category.key !== 'done' && issue.resolution) {
      items.push(item('resolution', '10000', issue.resolution, null, null));
      issue.resolution = null;
      issue.resolutiondate = null;
    }
    issue.status = to.name;
    if (from.category.key !== to.category.key) issue.statuscategorychangedate = jiraTime(this.now());
    const id = this.record(issue, actor, 'transitioned', via, items);
    this.issueEvent('jira:issue_updated', 'issue_generic', issue, actor, { id, items });
  }

  assign(actor: string, issue: EmuIssue, accountId: string | null, via: Via): void {
    const before = issue.assignee;
    issue.assignee = accountId;
    const items = [item('assignee', before, this.name(before), accountId, this.name(accountId))];
    const id = this.record(issue, actor, 'assigned', via, items);
    this.issueEvent('jira:issue_updated', 'issue_assigned', issue, actor, { id, items });
  }

  update(actor: string, issue: EmuIssue, f: IssueFieldChanges, via: Via): void {
    const items: ChangeItem[] = [];
    if (f.summary !== undefined && f.summary !== issue.summary) {
      items.push(item('summary', null, issue.summary, null, f.summary));
      issue.summary = f.summary;
    }
    if (f.description !== undefined) {
      const next = typeof f.description === 'string' ? textToAdf(f.description) : f.description;
      items.push(item('description', null, adfToText(issue.description) || null, null, adfToText(next) || null));
      issue.description = next;
    }
    if (f.priority !== undefined && f.priority !== issue.priority) {
      const id = (n: string | null) => PRIORITIES.find((p) => p.name === n)?.id ?? null;
      items.push(item('priority', id(issue.priority), issue.priority, id(f.priority), f.priority));
      issue.priority = f.priority;
    }
    if (f.labels !== undefined) {
      items.push(item('labels', null, issue.labels.join(' ') || null, null, f.labels.join(' ') || null));
      issue.labels = [...f.labels];
    }
    if (f.duedate !== undefined && f.duedate !== issue.duedate) {
      items.push(item('duedate', issue.duedate, issue.duedate, f.duedate, f.duedate));
      issue.duedate = f.duedate;
    }
    if (f.security !== undefined) {
      const next = f.security ? { id: this.securityId(f.security.name), ...f.security } : null;
      items.push({
        ...item(
          'security',
          issue.security?.id ?? null,
          issue.security?.name ?? null,
          next?.id ?? null,
          next?.name ?? null,
        ),
        field: 'Security',
      });
      issue.security = next;
    }
    for (const [k, v] of Object.entries(f.customFields ?? {})) {
      items.push({ ...item(k, null, stringify(issue.customFields[k]), null, stringify(v)), fieldtype: 'custom' });
      issue.customFields[k] = v;
    }
    if (items.length === 0) return;
    const id = this.record(issue, actor, 'updated', via, items);
    this.issueEvent('jira:issue_updated', 'issue_updated', issue, actor, { id, items });
  }

  comment(actor: string, issue: EmuIssue, body: AdfDoc, via: Via): EmuComment {
    const t = jiraTime(this.now());
    const c: EmuComment = {
      id: this.nextId('comment'),
      author: actor,
      updateAuthor: actor,
      body,
      created: t,
      updated: t,
    };
    issue.comments.push(c);
    if (!issue.watchers.includes(actor)) issue.watchers.push(actor);
    this.record(issue, actor, 'commented', via, []);
    this.emit({
      kind: 'comment',
      webhookEvent: 'comment_created',
      issue: structuredClone(issue),
      comment: c,
      actor,
      at: this.now(),
    });
    this.issueEvent('jira:issue_updated', 'issue_commented', issue, actor, null, c);
    return c;
  }

  editComment(actor: string, issue: EmuIssue, c: EmuComment, body: AdfDoc, via: Via): void {
    c.body = body;
    c.updateAuthor = actor;
    c.updated = jiraTime(this.now());
    this.record(issue, actor, 'comment_edited', via, []);
    this.emit({
      kind: 'comment',
      webhookEvent: 'comment_updated',
      issue: structuredClone(issue),
      comment: structuredClone(c),
      actor,
      at: this.now(),
    });
    this.issueEvent('jira:issue_updated', 'issue_comment_edited', issue, actor, null, c);
  }

  deleteComment(actor: string, issue: EmuIssue, c: EmuComment, via: Via): void {
    issue.comments = issue.comments.filter((x) => x.id !== c.id);
    this.record(issue, actor, 'comment_deleted', via, []);
    this.emit({
      kind: 'comment',
      webhookEvent: 'comment_deleted',
      issue: structuredClone(issue),
      comment: structuredClone(c),
      actor,
      at: this.now(),
    });
    this.issueEvent('jira:issue_updated', 'issue_comment_deleted', issue, actor, null, c);
  }

  deleteIssue(actor: string, issue: EmuIssue, via: Via): void {
    this.record(issue, actor, 'deleted', via, []);
    this.issues.delete(issue.key);
    this.issueEvent('jira:issue_deleted', null, issue, actor, null);
  }

  watch(actor: string, issue: EmuIssue, accountId: string, via: Via): void {
    if (issue.watchers.includes(accountId)) return;
    issue.watchers.push(accountId);
    issue.history.push({ id: this.nextId('history'), at: this.now(), actor, action: 'watched', via, items: [] });
  }

  unwatch(actor: string, issue: EmuIssue, accountId: string, via: Via): void {
    issue.watchers = issue.watchers.filter((w) => w !== accountId);
    issue.history.push({ id: this.nextId('history'), at: this.now(), actor, action: 'unwatched', via, items: [] });
  }
}

function item(
  field: string,
  from: string | null,
  fromString: string | null,
  to: string | null,
  toText: string | null,
): ChangeItem {
  return { field, fieldtype: 'jira', fieldId: field, from, fromString, to, toString: toText };
}

function stringify(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
