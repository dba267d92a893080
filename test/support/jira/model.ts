// The Jira emulator's data model: what a site holds, the defaults a fresh Jira project comes with, and the
// Atlassian Document Format helpers (v3 speaks ADF, webhooks speak v2 wiki markup).

/** An Atlassian Document Format node; only the parts the emulator reads are typed. */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  content?: AdfNode[];
}

/** The root of an ADF document, as v3 takes and returns it for `description` and comment `body`. */
export interface AdfDoc extends AdfNode {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

export interface SiteHandle {
  cloudId: string;
  name: string;
  url: string;
}

export interface EmuUser {
  accountId: string;
  displayName: string;
  email: string | null;
  emailVisible: boolean;
  admin: boolean;
  sites: string[];
  active: boolean;
}

/** A field of the create screen, in the shape `createmeta` returns (`fieldId` and `key` are the same). */
export interface CreateField {
  key: string;
  name: string;
  required: boolean;
  schema: { type: string; items?: string; system?: string; custom?: string; customId?: number };
  allowedValues?: Array<Record<string, unknown>>;
  hasDefaultValue?: boolean;
  defaultValue?: unknown;
  autoCompleteUrl?: string;
  operations?: string[];
}

export interface EmuIssueType {
  id: string;
  name: string;
  fields: CreateField[];
}

export interface EmuProject {
  id: string;
  key: string;
  name: string;
  site: string;
  browse: string[] | 'everyone';
  create: string[] | 'everyone';
  issueTypes: EmuIssueType[];
  nextNumber: number;
}

export interface EmuComment {
  id: string;
  author: string;
  updateAuthor: string;
  body: AdfDoc;
  created: string;
  updated: string;
}

/** One changelog item, as webhooks and `expand=changelog` show it. */
export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface HistoryEntry {
  id: string;
  at: number;
  actor: string;
  /** What was done: created, updated, transitioned, assigned, commented, comment_edited, comment_deleted, watched, unwatched, linked, deleted. */
  action: string;
  via: 'api' | 'ui';
  items: ChangeItem[];
}

export interface EmuRemoteLink {
  id: number;
  globalId: string | null;
  relationship: string | null;
  object: Record<string, unknown>;
  application: Record<string, unknown> | null;
}

/** An issue as the emulator stores it; `issue(key)` returns this, so tests can see who did what. */
export interface EmuIssue {
  id: string;
  key: string;
  project: string;
  summary: string;
  description: AdfDoc | null;
  status: string;
  type: string;
  priority: string | null;
  assignee: string | null;
  reporter: string | null;
  creator: string | null;
  labels: string[];
  duedate: string | null;
  components: string[];
  resolution: string | null;
  watchers: string[];
  security: { id: string; name: string; users: string[] } | null;
  comments: EmuComment[];
  remoteLinks: EmuRemoteLink[];
  customFields: Record<string, unknown>;
  history: HistoryEntry[];
  created: string;
  updated: string;
  resolutiondate: string | null;
  statuscategorychangedate: string;
}

export interface StatusDef {
  id: string;
  name: string;
  category: { id: number; key: 'new' | 'indeterminate' | 'done'; name: string; colorName: string };
}

export interface TransitionDef {
  id: string;
  name: string;
  from: string[];
  to: string;
}

const CAT_NEW = { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } as const;
const CAT_PROGRESS = { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' } as const;
const CAT_DONE = { id: 3, key: 'done', name: 'Done', colorName: 'green' } as const;

export const STATUSES: StatusDef[] = [
  { id: '10000', name: 'To Do', category: CAT_NEW },
  { id: '3', name: 'In Progress', category: CAT_PROGRESS },
  { id: '10001', name: 'Done', category: CAT_DONE },
];

/** The default workflow. Transition names are deliberately not status names, as in real Jira. */
export const TRANSITIONS: TransitionDef[] = [
  { id: '11', name: 'Start progress', from: ['To Do'], to: 'In Progress' },
  { id: '21', name: 'Stop progress', from: ['In Progress'], to: 'To Do' },
  { id: '31', name: 'Mark Done', from: ['To Do', 'In Progress'], to: 'Done' },
  { id: '41', name: 'Reopen', from: ['Done'], to: 'To Do' },
];

export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

export function statusByName(name: string): StatusDef | undefined {
  return STATUSES.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** The create screen of a fresh Jira Cloud company-managed project. */
export function defaultCreateFields(apiBase: string): CreateField[] {
  return [
    { key: 'summary', name: 'Summary', required: true, schema: { type: 'string', system: 'summary' } },
    { key: 'description', name: 'Description', required: false, schema: { type: 'string', system: 'description' } },
    {
      key: 'priority',
      name: 'Priority',
      required: false,
      schema: { type: 'priority', system: 'priority' },
      allowedValues: PRIORITIES.map((p) => ({
        self: `${apiBase}/rest/api/3/priority/${p.id}`,
        id: p.id,
        name: p.name,
      })),
      hasDefaultValue: true,
      defaultValue: { self: `${apiBase}/rest/api/3/priority/3`, id: '3', name: 'Medium' },
    },
    {
      key: 'assignee',
      name: 'Assignee',
      required: false,
      schema: { type: 'user', system: 'assignee' },
      autoCompleteUrl: `${apiBase}/rest/api/3/user/assignable/search?query=`,
    },
    {
      key: 'labels',
      name: 'Labels',
      required: false,
      schema: { type: 'array', items: 'string', system: 'labels' },
      autoCompleteUrl: `${apiBase}/rest/api/1.0/labels/suggest?query=`,
    },
    { key: 'duedate', name: 'Due date', required: false, schema: { type: 'date', system: 'duedate' } },
    {
      key: 'components',
      name: 'Components',
      required: false,
      schema: { type: 'array', items: 'component', system: 'components' },
      allowedValues: [],
    },
  ];
}

/** Fields Jira always puts on the create screen, whatever the project adds. */
export const SYSTEM_CREATE_FIELDS = ['project', 'issuetype', 'reporter'];

/** Jira's timestamp style: `2019-02-15T19:01:52.971+0000`. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

// ---------------------------------------------------------------------------------------------- ADF

/** Plain text to ADF: blank lines split paragraphs, `[~accountid:ID]` becomes a mention. */
export function textToAdf(text: string, name?: (accountId: string) => string | undefined): AdfDoc {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.length > 0);
  const inline = (line: string): AdfNode[] => {
    const out: AdfNode[] = [];
    let last = 0;
    for (const m of line.matchAll(/\[~accountid:([^\]]+)\]/g)) {
      if (m.index > last) out.push({ type: 'text', text: line.slice(last, m.index) });
      const id = m[1] ?? '';
      out.push({ type: 'mention', attrs: { id, text: `@${name?.(id) ?? id}`, accessLevel: '' } });
      last = m.index + m[0].length;
    }
    if (last < line.length) out.push({ type: 'text', text: line.slice(last) });
    return out;
  };
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => {
      const content: AdfNode[] = [];
      p.split('\n').forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        content.push(...inline(line));
      });
      return { type: 'paragraph', content };
    }),
  };
}

const BLOCK_NODES = new Set([
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'blockquote',
  'rule',
  'panel',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'mediaSingle',
  'mediaGroup',
  'media',
  'expand',
  'nestedExpand',
  'taskList',
  'taskItem',
  'decisionList',
  'decisionItem',
]);
const INLINE_NODES = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status']);
const MARKS = new Set([
  'strong',
  'em',
  'code',
  'link',
  'strike',
  'underline',
  'subsup',
  'textColor',
  'backgroundColor',
]);

/** Why a value is not an ADF document Jira would accept, or null when it is one. */
export function adfProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const doc = value as Record<string, unknown>;
  if (doc.type !== 'doc') return 'root type must be "doc"';
  if (doc.version !== 1) return 'version must be 1';
  if (!Array.isArray(doc.content)) return 'content must be an array';
  const walk = (node: unknown, path: string): string | null => {
    if (typeof node !== 'object' || node === null) return `${path} is not a node`;
    const n = node as Record<string, unknown>;
    if (typeof n.type !== 'string') return `${path}.type missing`;
    if (!BLOCK_NODES.has(n.type) && !INLINE_NODES.has(n.type)) return `${path}: unknown node type ${n.type}`;
    if (n.type === 'text') {
      if (typeof n.text !== 'string' || n.text.length === 0) return `${path}: text node needs non-empty text`;
      if (n.marks !== undefined) {
        if (!Array.isArray(n.marks)) return `${path}.marks must be an array`;
        for (const m of n.marks as unknown[]) {
          const t = (m as { type?: unknown } | null)?.type;
          if (typeof t !== 'string' || !MARKS.has(t)) return `${path}: unknown mark ${String(t)}`;
        }
      }
    }
    if (n.type === 'mention' && typeof (n.attrs as { id?: unknown } | undefined)?.id !== 'string') {
      return `${path}: mention needs attrs.id`;
    }
    if (n.content !== undefined) {
      if (!Array.isArray(n.content)) return `${path}.content must be an array`;
      for (const [i, c] of (n.content as unknown[]).entries()) {
        const p = walk(c, `${path}.content[${i}]`);
        if (p) return p;
      }
    }
    return null;
  };
  for (const [i, c] of (doc.content as unknown[]).entries()) {
    const p = walk(c, `content[${i}]`);
    if (p) return p;
    if (!BLOCK_NODES.has((c as AdfNode).type)) return `content[${i}]: top-level node must be a block`;
  }
  return null;
}

export function adfIsEmpty(doc: AdfDoc): boolean {
  return adfToText(doc).trim().length === 0;
}

/** Plain text, for JQL `text ~` and for humans. Mentions read `@Display name` when a resolver is given. */
export function adfToText(doc: AdfNode | null, name?: (accountId: string) => string | undefined): string {
  if (!doc) return '';
  const inline = (n: AdfNode): string => {
    switch (n.type) {
      case 'text':
        return n.text ?? '';
      case 'hardBreak':
        return '\n';
      case 'mention': {
        const id = String(n.attrs?.id ?? '');
        return String(n.attrs?.text ?? `@${name?.(id) ?? id}`);
      }
      case 'emoji':
        return String(n.attrs?.text ?? n.attrs?.shortName ?? '');
      case 'inlineCard':
        return String(n.attrs?.url ?? '');
      default:
        return (n.content ?? []).map(inline).join('');
    }
  };
  const block = (n: AdfNode): string => {
    if (INLINE_NODES.has(n.type)) return inline(n);
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'codeBlock') {
      return (n.content ?? []).map(inline).join('');
    }
    return (n.content ?? []).map(block).join('\n');
  };
  return (doc.content ?? []).map(block).join('\n\n');
}

/** Wiki markup, the v2 representation webhooks carry for descriptions and comment bodies. */
export function adfToWiki(doc: AdfNode | null): string {
  if (!doc) return '';
  const marked = (n: AdfNode): string => {
    let t = n.text ?? '';
    for (const m of n.marks ?? []) {
      if (m.type === 'strong') t = `*${t}*`;
      else if (m.type === 'em') t = `_${t}_`;
      else if (m.type === 'code') t = `{{${t}}}`;
      else if (m.type === 'strike') t = `-${t}-`;
      else if (m.type === 'underline') t = `+${t}+`;
      else if (m.type === 'link') t = `[${t}|${String(m.attrs?.href ?? '')}]`;
    }
    return t;
  };
  const inline = (n: AdfNode): string => {
    switch (n.type) {
      case 'text':
        return marked(n);
      case 'hardBreak':
        return '\n';
      case 'mention':
        return `[~accountid:${String(n.attrs?.id ?? '')}]`;
      case 'emoji':
        return String(n.attrs?.shortName ?? '');
      case 'inlineCard':
        return `[${String(n.attrs?.url ?? '')}|${String(n.attrs?.url ?? '')}|smart-link]`;
      default:
        return (n.content ?? []).map(inline).join('');
    }
  };
  const block = (n: AdfNode, depth = 0): string => {
    switch (n.type) {
      case 'paragraph':
        return (n.content ?? []).map(inline).join('');
      case 'heading':
        return `h${Number(n.attrs?.level ?? 1)}. ${(n.content ?? []).map(inline).join('')}`;
      case 'codeBlock':
        return `{code}${(n.content ?? []).map(inline).join('')}{code}`;
      case 'blockquote':
        return `{quote}${(n.content ?? []).map((c) => block(c, depth)).join('\n')}{quote}`;
      case 'rule':
        return '----';
      case 'bulletList':
      case 'orderedList': {
        const bullet = (n.type === 'bulletList' ? '*' : '#').repeat(depth + 1);
        return (n.content ?? [])
          .map((item) =>
            (item.content ?? [])
              .map((c) =>
                c.type === 'bulletList' || c.type === 'orderedList'
                  ? block(c, depth + 1)
                  : `${bullet} ${block(c, depth)}`,
              )
              .join('\n'),
          )
          .join('\n');
      }
      default:
        return INLINE_NODES.has(n.type) ? inline(n) : (n.content ?? []).map((c) => block(c, depth)).join('\n');
    }
  };
  return (doc.content ?? []).map((n) => block(n)).join('\n\n');
}
