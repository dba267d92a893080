import { z } from 'zod';
import { wikiMentions } from '../jira/wiki.js';

/**
 * Jira Cloud webhook bodies (REST v2 representation) normalized into the one event shape the rest of
 * notifications works with. Parsing is pure and never throws: anything we cannot or will not act on
 * comes back as `{ ignored: reason }`, so the webhook route can log the reason and answer 200.
 */

export type JiraEventKind =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'comment_created'
  | 'comment_updated'
  | 'comment_deleted';

export type JiraEventTrait =
  | 'transitioned'
  | 'assigned'
  | 'resolved'
  | 'reopened'
  | 'commented'
  | 'created'
  | 'updated'
  | 'deleted';

export interface JiraUserRef {
  accountId: string;
  displayName: string;
}

export interface JiraFieldChange {
  /** Jira's field name as shown to people ("Status", "priority", "MJK - Number Field"). */
  field: string;
  /** Stable field id ("status", "customfield_10072") when Jira sends one. */
  fieldId?: string;
  /** Display values (`fromString` / `toString`). */
  from: string | null;
  to: string | null;
  /** Raw ids (`from` / `to`; for user fields the accountId when Jira sends it). */
  fromId?: string | null;
  toId?: string | null;
}

export interface JiraEventIssue {
  id: string;
  key: string;
  summary: string;
  projectKey: string;
  projectName?: string;
  issueType: string;
  status: string;
  /** Status category key: `new`, `indeterminate` or `done`. */
  statusCategory?: string;
  priority: string | null;
  assignee: JiraUserRef | null;
  reporter: JiraUserRef | null;
  labels: string[];
  /** Security level name (or id when Jira sends only the id); null when the issue has none. */
  securityLevel: string | null;
  /**
   * False when the body did not carry `fields.security` at all, as comment events do (they send a
   * trimmed field set). Channel matching treats an unknown level as secured, so an issue with a
   * level can never leak into a channel just because the body left the field out; the pipeline
   * should read the level with the service account and call `withIssueFields`.
   */
  securityLevelKnown: boolean;
  /** `https://x.atlassian.net`, from the issue's `self` link. */
  siteUrl: string;
  descriptionWiki?: string;
}

export interface JiraEvent {
  /** Delivery id (`X-Atlassian-Webhook-Identifier`), when the caller passes it. */
  id?: string;
  kind: JiraEventKind;
  timestamp: number;
  actor: JiraUserRef | null;
  issue: JiraEventIssue;
  changes: JiraFieldChange[];
  comment?: { id: string; bodyWiki: string; author: JiraUserRef | null };
  traits: Set<JiraEventTrait>;
  /** Newly mentioned accounts: in the comment, or added to the description. */
  mentionedAccountIds: string[];
  webhookEvent: string;
  issueEventTypeName?: string;
  matchedWebhookIds: number[];
}

export type ParsedWebhook = JiraEvent | { ignored: string };

// ---- schema: what we depend on is validated, everything else passes through ----

const userSchema = z.looseObject({
  accountId: z.string().min(1),
  displayName: z.string().optional(),
});

const namedSchema = z.looseObject({ id: z.string().optional(), name: z.string() });

const changeItemSchema = z.looseObject({
  field: z.string(),
  fieldId: z.string().optional(),
  from: z.string().nullish(),
  fromString: z.string().nullish(),
  to: z.string().nullish(),
  toString: z.string().nullish(),
  // Older Cloud bodies carry usernames in from/to and the accountIds here.
  tmpFromAccountId: z.string().nullish(),
  tmpToAccountId: z.string().nullish(),
});

// Captured bodies carry `security` as a bare id string; the REST v2 issue representation uses an object.
const securitySchema = z.union([z.string(), z.looseObject({ id: z.string().optional(), name: z.string().optional() })]);

const issueSchema = z.looseObject({
  id: z.string(),
  self: z.url(),
  key: z.string().min(1),
  fields: z.looseObject({
    summary: z.string(),
    issuetype: namedSchema,
    project: z.looseObject({ key: z.string().min(1), name: z.string().optional() }),
    status: z.looseObject({
      name: z.string(),
      statusCategory: z.looseObject({ key: z.string().optional() }).optional(),
    }),
    priority: namedSchema.nullish(),
    assignee: userSchema.nullish(),
    reporter: userSchema.nullish(),
    labels: z.array(z.string()).nullish(),
    security: securitySchema.nullish(),
    description: z.string().nullish(),
  }),
});

const commentSchema = z.looseObject({
  id: z.string(),
  body: z.string().nullish(),
  /** Set when the comment is restricted to a group or project role. */
  visibility: z.looseObject({ type: z.string().optional(), value: z.string().optional() }).nullish(),
  author: userSchema.nullish(),
  updateAuthor: userSchema.nullish(),
});

/** The parts of a Jira Cloud webhook body that notifications read. Unknown members pass through. */
export const webhookBodySchema = z.looseObject({
  timestamp: z.number(),
  webhookEvent: z.string(),
  issue_event_type_name: z.string().optional(),
  user: userSchema.nullish(),
  issue: issueSchema,
  changelog: z.looseObject({ id: z.string().optional(), items: z.array(changeItemSchema).optional() }).nullish(),
  comment: commentSchema.nullish(),
  matchedWebhookIds: z.array(z.number()).optional(),
});

export type WebhookBody = z.infer<typeof webhookBodySchema>;

const KIND_BY_EVENT: Record<string, JiraEventKind> = {
  'jira:issue_created': 'created',
  'jira:issue_updated': 'updated',
  'jira:issue_deleted': 'deleted',
  comment_created: 'comment_created',
  comment_updated: 'comment_updated',
  comment_deleted: 'comment_deleted',
};

// A new comment fires both `comment_created` and `jira:issue_updated` with one of these type names;
// the comment_* delivery is the one we act on, so the issue_updated twin would be a duplicate.
const COMMENT_TWIN_TYPES = new Set(['issue_commented', 'issue_comment_edited', 'issue_comment_deleted']);

function userRef(u: z.infer<typeof userSchema> | null | undefined): JiraUserRef | null {
  if (!u) return null;
  return { accountId: u.accountId, displayName: u.displayName?.trim() || 'Someone' };
}

function securityName(s: z.infer<typeof securitySchema> | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  if (typeof s === 'string') return s;
  return s.name ?? s.id ?? 'Restricted';
}

function changeOf(item: z.infer<typeof changeItemSchema>): JiraFieldChange {
  const change: JiraFieldChange = {
    field: item.field,
    from: item.fromString ?? null,
    to: item.toString ?? null,
    fromId: item.tmpFromAccountId ?? item.from ?? null,
    toId: item.tmpToAccountId ?? item.to ?? null,
  };
  if (item.fieldId !== undefined) change.fieldId = item.fieldId;
  return change;
}

/** Stable key for a change: the field id when sent, else the lower-cased display name. */
export function changeKey(c: JiraFieldChange): string {
  return (c.fieldId ?? c.field).toLowerCase();
}

function deriveTraits(kind: JiraEventKind, changes: JiraFieldChange[], typeName: string | undefined) {
  const traits = new Set<JiraEventTrait>();
  switch (kind) {
    case 'created':
      traits.add('created');
      return traits;
    case 'deleted':
      traits.add('deleted');
      return traits;
    case 'comment_created':
      traits.add('commented');
      break;
    default:
      break;
  }
  // "updated" means any update, comments included; created and deleted are their own kinds.
  traits.add('updated');
  for (const c of changes) {
    const key = changeKey(c);
    if (key === 'status') traits.add('transitioned');
    if (key === 'assignee') traits.add('assigned');
    if (key === 'resolution') {
      if (c.to !== null || (c.toId ?? null) !== null) traits.add('resolved');
      else if (c.from !== null || (c.fromId ?? null) !== null) traits.add('reopened');
    }
  }
  if (typeName === 'issue_resolved') traits.add('resolved');
  if (typeName === 'issue_reopened') traits.add('reopened');
  if (typeName === 'issue_assigned') traits.add('assigned');
  return traits;
}

function mentionsOf(
  kind: JiraEventKind,
  changes: JiraFieldChange[],
  comment: JiraEvent['comment'],
  description?: string,
): string[] {
  if (kind === 'comment_created' || kind === 'comment_updated') return comment ? wikiMentions(comment.bodyWiki) : [];
  if (kind === 'created') return description ? wikiMentions(description) : [];
  if (kind === 'updated') {
    const d = changes.find((c) => changeKey(c) === 'description');
    if (!d) return [];
    // Only people newly added to the description; editing around an old mention should not re-notify.
    const before = new Set(d.from ? wikiMentions(d.from) : []);
    return (d.to ? wikiMentions(d.to) : []).filter((id) => !before.has(id));
  }
  return [];
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  return first.join('; ');
}

/**
 * Normalizes one Jira Cloud webhook body. Returns `{ ignored }` with a reason for bodies of other
 * event types, malformed bodies, and deliveries that duplicate another one.
 */
export function parseWebhookEvent(body: unknown, meta: { deliveryId?: string } = {}): ParsedWebhook {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ignored: 'body is not a JSON object' };
  const eventName = (body as { webhookEvent?: unknown }).webhookEvent;
  if (typeof eventName !== 'string') return { ignored: 'body has no webhookEvent' };
  const kind = KIND_BY_EVENT[eventName];
  if (!kind) return { ignored: `unsupported webhookEvent ${eventName}` };

  const parsed = webhookBodySchema.safeParse(body);
  if (!parsed.success) return { ignored: `malformed ${eventName} body: ${describeIssues(parsed.error)}` };
  const b = parsed.data;
  const typeName = b.issue_event_type_name;

  const changes = (b.changelog?.items ?? []).map(changeOf);
  if (kind === 'updated' && typeName !== undefined && COMMENT_TWIN_TYPES.has(typeName) && changes.length === 0) {
    return { ignored: `${typeName} is delivered separately as a comment event` };
  }
  if (kind === 'updated' && changes.length === 0) return { ignored: 'issue updated without any field change' };
  if (kind.startsWith('comment_') && !b.comment) return { ignored: `${eventName} body has no comment` };

  const f = b.issue.fields;
  const issue: JiraEventIssue = {
    id: b.issue.id,
    key: b.issue.key,
    summary: f.summary,
    projectKey: f.project.key,
    issueType: f.issuetype.name,
    status: f.status.name,
    priority: f.priority?.name ?? null,
    assignee: userRef(f.assignee),
    reporter: userRef(f.reporter),
    labels: f.labels ?? [],
    securityLevel: securityName(f.security),
    securityLevelKnown: f.security !== undefined,
    siteUrl: new URL(b.issue.self).origin,
  };
  if (f.project.name !== undefined) issue.projectName = f.project.name;
  if (f.status.statusCategory?.key !== undefined) issue.statusCategory = f.status.statusCategory.key;
  if (typeof f.description === 'string') issue.descriptionWiki = f.description;

  let comment: JiraEvent['comment'];
  let actor = userRef(b.user);
  // A comment restricted to a group or role is hidden from everyone else in Jira; a channel, or a DM to
  // someone we can't check against that group, must not quote it or even announce it.
  if (kind.startsWith('comment_') && b.comment?.visibility) {
    return { ignored: `comment ${b.comment.id} is restricted to a ${b.comment.visibility.type ?? 'group or role'}` };
  }
  if (kind.startsWith('comment_') && b.comment) {
    comment = { id: b.comment.id, bodyWiki: b.comment.body ?? '', author: userRef(b.comment.author) };
    // Comment bodies carry no `user`; the author wrote it and the update author edited it. Nobody
    // in the body says who deleted it, so a deletion has no actor.
    if (kind === 'comment_created') actor = comment.author;
    else if (kind === 'comment_updated') actor = userRef(b.comment.updateAuthor) ?? comment.author;
    else actor = null;
  }

  const event: JiraEvent = {
    kind,
    timestamp: b.timestamp,
    actor,
    issue,
    changes,
    traits: deriveTraits(kind, changes, typeName),
    mentionedAccountIds: [...new Set(mentionsOf(kind, changes, comment, issue.descriptionWiki))],
    webhookEvent: b.webhookEvent,
    matchedWebhookIds: b.matchedWebhookIds ?? [],
  };
  if (meta.deliveryId !== undefined) event.id = meta.deliveryId;
  if (comment) event.comment = comment;
  if (typeName !== undefined) event.issueEventTypeName = typeName;
  return event;
}

/** Type guard separating a parsed event from an ignored body. */
export function isIgnored(p: ParsedWebhook): p is { ignored: string } {
  return 'ignored' in p;
}

/**
 * Returns a copy of the event with issue fields filled in from a read of the issue. Comment bodies
 * carry a trimmed field set (no security level, reporter or labels), so the pipeline reads those with
 * the service account before matching; until then the security level counts as unknown.
 */
export function withIssueFields(
  ev: JiraEvent,
  fields: { securityLevel?: string | null; reporter?: JiraUserRef | null; labels?: string[] },
): JiraEvent {
  const issue: JiraEventIssue = { ...ev.issue };
  if (fields.securityLevel !== undefined) {
    issue.securityLevel = fields.securityLevel;
    issue.securityLevelKnown = true;
  }
  if (fields.reporter !== undefined) issue.reporter = fields.reporter;
  if (fields.labels !== undefined) issue.labels = [...fields.labels];
  return { ...ev, issue };
}
