import { z } from 'zod';

// Jira's responses, checked only for what the app reads. Objects are loose (unknown fields pass
// through) so a new Jira field never breaks us, and Jira's habit of sending `null` for "absent" is
// read as absent on optional fields.

/** Optional field that Jira may also send as `null`. */
const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema.optional());

/** Ids are strings in most of Jira and int64 in a few places; we always hold strings. */
const idString = z.union([z.string(), z.number()]).transform((v) => String(v));

export const JiraUserSchema = z.looseObject({
  accountId: z.string(),
  displayName: z.string(),
  // Hidden by profile visibility for most users other than the caller.
  emailAddress: opt(z.string()),
  active: opt(z.boolean()),
});
export type JiraUser = z.infer<typeof JiraUserSchema>;

export const JiraProjectSchema = z.looseObject({
  id: idString,
  key: z.string(),
  name: z.string(),
});
export type JiraProject = z.infer<typeof JiraProjectSchema>;

/** What `POST /permissions/project` returns: ids and keys only, no names. */
export const JiraProjectRefSchema = z.looseObject({
  id: idString,
  key: z.string(),
});
export type JiraProjectRef = z.infer<typeof JiraProjectRefSchema>;

export const StatusCategorySchema = z.looseObject({
  key: z.string(),
  name: z.string(),
});

export const JiraIssueFieldsSchema = z.looseObject({
  summary: z.string(),
  /** ADF document (v3 API); converted by adf.ts. */
  description: z.unknown().optional(),
  status: z.looseObject({
    name: z.string(),
    statusCategory: StatusCategorySchema,
  }),
  issuetype: opt(z.looseObject({ id: idString, name: z.string() })),
  priority: z.looseObject({ id: opt(idString), name: z.string() }).nullish(),
  assignee: JiraUserSchema.nullish(),
  reporter: JiraUserSchema.nullish(),
  labels: opt(z.array(z.string())),
  security: z.looseObject({ id: idString, name: z.string() }).nullish(),
  project: JiraProjectSchema,
  created: opt(z.string()),
  updated: opt(z.string()),
  watches: opt(z.looseObject({ watchCount: z.number(), isWatching: z.boolean() })),
});

export const JiraIssueSchema = z.looseObject({
  id: idString,
  key: z.string(),
  fields: JiraIssueFieldsSchema,
});
export type JiraIssue = z.infer<typeof JiraIssueSchema>;

/**
 * Fields the client always asks for. `project` and `security` decide visibility: an issue read without
 * its security level must never look unrestricted to the gate, whatever fields a caller listed.
 */
export const REQUIRED_ISSUE_FIELDS = ['summary', 'status', 'project', 'security'] as const;

export const JiraTransitionSchema = z.looseObject({
  id: idString,
  name: z.string(),
  to: z.looseObject({
    id: opt(idString),
    name: z.string(),
    statusCategory: opt(StatusCategorySchema),
  }),
  isAvailable: opt(z.boolean()),
  hasScreen: opt(z.boolean()),
});
export type JiraTransition = z.infer<typeof JiraTransitionSchema>;

export const CreateMetaIssueTypeSchema = z.looseObject({
  id: idString,
  name: z.string(),
  subtask: opt(z.boolean()),
  description: opt(z.string()),
  iconUrl: opt(z.string()),
});
export type CreateMetaIssueType = z.infer<typeof CreateMetaIssueTypeSchema>;

export const CreateMetaFieldSchema = z.looseObject({
  fieldId: z.string(),
  key: z.string(),
  name: z.string(),
  required: z.boolean(),
  schema: z.looseObject({
    type: z.string(),
    items: opt(z.string()),
    system: opt(z.string()),
    custom: opt(z.string()),
    customId: opt(z.number()),
  }),
  allowedValues: opt(z.array(z.unknown())),
  hasDefaultValue: opt(z.boolean()),
  defaultValue: z.unknown().optional(),
  operations: opt(z.array(z.string())),
  autoCompleteUrl: opt(z.string()),
});
export type CreateMetaField = z.infer<typeof CreateMetaFieldSchema>;

export const CreatedIssueSchema = z.looseObject({
  id: idString,
  key: z.string(),
  self: z.string(),
});
export type CreatedIssue = z.infer<typeof CreatedIssueSchema>;

export const CommentSchema = z.looseObject({ id: idString });

/** One entry of `POST /webhook`'s answer, in request order: an id, or why Jira refused it. */
export const WebhookRegistrationResultSchema = z.looseObject({
  createdWebhookId: opt(z.number()),
  errors: opt(z.array(z.string())),
});
export type WebhookRegistrationResult = z.infer<typeof WebhookRegistrationResultSchema>;

export const WebhookRegistrationResponseSchema = z.looseObject({
  webhookRegistrationResult: z.array(WebhookRegistrationResultSchema),
});

/**
 * The spec says int64 epoch millis; Atlassian's own examples (and Jira) send
 * "2019-06-01T12:42:30.000+0000". Either becomes an ISO-8601 string.
 */
const expirationDate = z.union([z.string(), z.number()]).transform((v) => {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  return Number.isNaN(ms) ? String(v) : new Date(ms).toISOString();
});

export const JiraWebhookSchema = z.looseObject({
  id: z.number(),
  events: z.array(z.string()),
  jqlFilter: z.string(),
  expirationDate: opt(expirationDate),
  url: opt(z.string()),
});
export type JiraWebhook = z.infer<typeof JiraWebhookSchema>;

export const WebhooksExpirationSchema = z.looseObject({ expirationDate });

export const AccessibleResourceSchema = z.looseObject({
  id: z.string(),
  url: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  avatarUrl: opt(z.string()),
});
export type AccessibleResource = z.infer<typeof AccessibleResourceSchema>;

export const MyPermissionsSchema = z.looseObject({
  permissions: z.record(z.string(), z.looseObject({ havePermission: opt(z.boolean()), key: opt(z.string()) })),
});
export type MyPermissions = z.infer<typeof MyPermissionsSchema>;

// Pages. Jira has three pagination styles; each client method knows which one its endpoint uses.

/** `PageBean*`: startAt / maxResults / isLast / values. */
export const pageBean = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    values: z.array(item),
    isLast: opt(z.boolean()),
    startAt: opt(z.number()),
    maxResults: opt(z.number()),
    total: opt(z.number()),
  });

/** Createmeta pages have no isLast; the item list's name differs between the spec's read and write views. */
export const CreateMetaIssueTypesPageSchema = z.looseObject({
  issueTypes: opt(z.array(CreateMetaIssueTypeSchema)),
  createMetaIssueType: opt(z.array(CreateMetaIssueTypeSchema)),
  startAt: opt(z.number()),
  maxResults: opt(z.number()),
  total: opt(z.number()),
});

export const CreateMetaFieldsPageSchema = z.looseObject({
  fields: opt(z.array(CreateMetaFieldSchema)),
  results: opt(z.array(CreateMetaFieldSchema)),
  startAt: opt(z.number()),
  maxResults: opt(z.number()),
  total: opt(z.number()),
});

/** `/search/jql`: token pagination. */
export const SearchJqlPageSchema = z.looseObject({
  issues: z.array(JiraIssueSchema),
  nextPageToken: opt(z.string()),
  isLast: opt(z.boolean()),
});

export const PermittedProjectsSchema = z.looseObject({
  projects: z.array(JiraProjectRefSchema),
});

export const TransitionsSchema = z.looseObject({
  transitions: z.array(JiraTransitionSchema),
});
