// Jira create metadata ⇄ the create-issue modal ⇄ the `fields` of `POST /issue`. Pure: the mapping table
// from createmeta field types to Block Kit elements, the modal state read back into Jira's shapes, and
// the prefilled "Create in Jira" link for what the modal can't render.

import type { InputBlock, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { type AdfDoc, type AdfNode, plainTextToAdf } from '../jira/adf.js';
import type { CreateMetaField } from '../jira/types.js';
import { clip, unesc } from './blocks/mrkdwn.js';
import { CREATE_ISSUE } from './ids.js';

/** How one Jira field is shown and read back. */
export type FieldKind =
  | 'summary'
  | 'description'
  | 'priority'
  | 'assignee'
  | 'labels'
  | 'duedate'
  | 'components'
  | 'text'
  | 'textarea'
  | 'number'
  | 'option'
  | 'options'
  | 'user'
  | 'date'
  | 'strings';

export const FIELD_KINDS = [
  'summary',
  'description',
  'priority',
  'assignee',
  'labels',
  'duedate',
  'components',
  'text',
  'textarea',
  'number',
  'option',
  'options',
  'user',
  'date',
  'strings',
] as const satisfies readonly FieldKind[];

export interface FieldOption {
  id: string;
  label: string;
}

/** One Jira field the modal renders as one input block. */
export interface FieldPlan {
  id: string;
  name: string;
  kind: FieldKind;
  required: boolean;
  options?: FieldOption[];
  /** Jira's default for the field, as an initial value. */
  initial?: FieldValue;
}

/** What a person entered: text, an option id, option ids, a Slack user id or a date. */
export type FieldValue = string | string[];

export interface FieldsPlan {
  inputs: FieldPlan[];
  /** Required fields with no default that the modal cannot render: Jira's own create screen is offered instead. */
  blocking: Array<{ id: string; name: string }>;
}

// Jira sets these itself (the project and type come from the modal's selects; the reporter is the caller).
const SET_BY_APP = new Set(['project', 'issuetype', 'reporter']);

// System fields the modal shows even when optional, in this order.
const STANDARD: Record<string, FieldKind> = {
  summary: 'summary',
  description: 'description',
  priority: 'priority',
  assignee: 'assignee',
  labels: 'labels',
  duedate: 'duedate',
  components: 'components',
};
const STANDARD_ORDER = Object.keys(STANDARD);

const WITH_OPTIONS = new Set<FieldKind>(['priority', 'components', 'option', 'options']);

/** Slack's limits that shape the plan: options per select, and input blocks with room for the selects. */
export const MAX_OPTIONS = 100;
// Far below Slack's 100 blocks: the field list must also fit the modal's 3000-character private_metadata.
export const MAX_INPUTS = 60;
export const SUMMARY_MAX = 255;
export const TEXT_MAX = 3000;

/**
 * The mapping table: a createmeta field → how the modal renders it, or `null` when Slack has no input
 * that can carry it (cascading selects, attachments, issue links, unknown custom types).
 */
export function kindOf(f: Pick<CreateMetaField, 'fieldId' | 'schema'>): FieldKind | null {
  const system = f.schema.system ?? (STANDARD[f.fieldId] && !f.schema.custom ? f.fieldId : undefined);
  const standard = system ? STANDARD[system] : undefined;
  if (standard) return standard;
  const { type, items, custom } = f.schema;
  switch (type) {
    case 'string':
      // Multi-line custom fields and Environment are rich text (ADF) in REST v3; single-line ones are strings.
      return custom?.endsWith(':textarea') || system === 'environment' ? 'textarea' : 'text';
    case 'number':
      return 'number';
    case 'option':
      return 'option';
    case 'priority':
      return 'priority';
    case 'user':
      return 'user';
    case 'date':
      return 'date';
    case 'array':
      if (items === 'option') return 'options';
      if (items === 'string') return 'strings';
      if (items === 'component') return 'components';
      return null;
    default:
      return null;
  }
}

function optionsOf(f: CreateMetaField): FieldOption[] | null {
  const out: FieldOption[] = [];
  for (const v of f.allowedValues ?? []) {
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : undefined;
    const label = [o.value, o.name].find((x): x is string => typeof x === 'string' && x.trim() !== '');
    if (!id || !label || o.disabled === true) continue;
    out.push({ id, label });
  }
  return out.length > 0 && out.length <= MAX_OPTIONS ? out : null;
}

function defaultOf(f: CreateMetaField, kind: FieldKind): FieldValue | undefined {
  const d = f.defaultValue;
  if (d === undefined || d === null) return undefined;
  const idOf = (x: unknown) =>
    typeof x === 'object' && x !== null && 'id' in x ? String((x as { id: unknown }).id) : undefined;
  switch (kind) {
    case 'priority':
    case 'option':
      return idOf(d);
    case 'options':
    case 'components':
      return Array.isArray(d) ? d.map(idOf).filter((x): x is string => x !== undefined) : undefined;
    case 'text':
    case 'summary':
    case 'date':
    case 'duedate':
      return typeof d === 'string' ? d : undefined;
    case 'number':
      return typeof d === 'number' ? String(d) : undefined;
    default:
      return undefined;
  }
}

const rank = (p: FieldPlan) => {
  const i = STANDARD_ORDER.indexOf(p.kind);
  return i < 0 ? STANDARD_ORDER.length : i;
};

/**
 * Which createmeta fields the modal renders. The standard system fields are shown when the screen has
 * them; any other field only when it is required (Jira needs nothing else). A required field without a
 * default that can't be rendered blocks the modal: the person is sent to Jira instead of a submit that
 * would fail.
 */
export function planFields(fields: readonly CreateMetaField[], maxInputs = MAX_INPUTS): FieldsPlan {
  const inputs: FieldPlan[] = [];
  const blocking: FieldsPlan['blocking'] = [];
  const blocks = (f: CreateMetaField) => {
    if (f.required && !f.hasDefaultValue) blocking.push({ id: f.fieldId, name: f.name });
  };
  for (const f of fields) {
    if (SET_BY_APP.has(f.fieldId)) continue;
    const kind = kindOf(f);
    const standard = kind !== null && STANDARD_ORDER.includes(kind);
    if (!f.required && !standard) continue;
    if (kind === null) {
      blocks(f);
      continue;
    }
    const plan: FieldPlan = { id: f.fieldId, name: f.name, kind, required: f.required };
    if (WITH_OPTIONS.has(kind)) {
      const options = optionsOf(f);
      if (!options) {
        blocks(f);
        continue;
      }
      plan.options = options;
    }
    const initial = defaultOf(f, kind);
    if (initial !== undefined) plan.initial = initial;
    inputs.push(plan);
  }
  inputs.sort((a, b) => rank(a) - rank(b));
  // Past Slack's block limit, optional fields go first; a required one that still doesn't fit blocks.
  while (inputs.length > maxInputs) {
    const i = inputs.map((p) => p.required).lastIndexOf(false);
    const [dropped] = inputs.splice(i < 0 ? inputs.length - 1 : i, 1);
    if (dropped?.required) blocking.push({ id: dropped.id, name: dropped.name });
  }
  return { inputs, blocking };
}

/** The block_id of a field's input (Jira field ids are short; the limit is 255). */
export function fieldBlockId(fieldId: string): string {
  return `${CREATE_ISSUE.fieldBlockPrefix}${fieldId}`;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function option(o: FieldOption): PlainTextOption {
  return { text: plain(clip(o.label, 75)), value: o.id };
}

/** One input block for a planned field; `initial` is what to show (a person's earlier answer or Jira's default). */
export function fieldBlock(p: FieldPlan, initial: FieldValue | undefined = p.initial): InputBlock {
  const action_id = CREATE_ISSUE.fieldAction;
  const one = typeof initial === 'string' && initial !== '' ? initial : undefined;
  const many: string[] = Array.isArray(initial) ? initial : one ? [one] : [];
  const block = (element: InputBlock['element'], hint?: string): InputBlock => ({
    type: 'input',
    block_id: fieldBlockId(p.id),
    label: plain(clip(p.name, 2000) || p.id),
    optional: !p.required,
    element,
    ...(hint ? { hint: plain(hint) } : {}),
  });
  switch (p.kind) {
    case 'summary':
      return block({
        type: 'plain_text_input',
        action_id,
        max_length: SUMMARY_MAX,
        ...(one ? { initial_value: clip(one, SUMMARY_MAX) } : {}),
      });
    case 'description':
    case 'textarea':
      return block({
        type: 'plain_text_input',
        action_id,
        multiline: true,
        max_length: TEXT_MAX,
        ...(one ? { initial_value: clip(one, TEXT_MAX) } : {}),
      });
    case 'text':
      return block({
        type: 'plain_text_input',
        action_id,
        max_length: SUMMARY_MAX,
        ...(one ? { initial_value: clip(one, SUMMARY_MAX) } : {}),
      });
    case 'number':
      return block({
        type: 'number_input',
        action_id,
        is_decimal_allowed: true,
        ...(one && Number.isFinite(Number(one)) ? { initial_value: one } : {}),
      });
    case 'priority':
    case 'option': {
      const options = (p.options ?? []).map(option);
      const chosen = options.find((o) => o.value === one);
      return block({
        type: 'static_select',
        action_id,
        placeholder: plain(`Choose ${clip(p.name.toLowerCase(), 100)}`),
        options,
        ...(chosen ? { initial_option: chosen } : {}),
      });
    }
    case 'components':
    case 'options': {
      const options = (p.options ?? []).map(option);
      const chosen = options.filter((o) => o.value !== undefined && many.includes(o.value));
      return block({
        type: 'multi_static_select',
        action_id,
        placeholder: plain(`Choose ${clip(p.name.toLowerCase(), 100)}`),
        options,
        ...(chosen.length ? { initial_options: chosen } : {}),
      });
    }
    case 'assignee':
    case 'user':
      return block(
        { type: 'users_select', action_id, ...(one ? { initial_user: one } : {}) },
        'Matched to their Jira account: their own connection, or their email address.',
      );
    case 'labels':
    case 'strings':
      return block(
        {
          type: 'plain_text_input',
          action_id,
          max_length: TEXT_MAX,
          ...(many.length ? { initial_value: clip(many.join(' '), TEXT_MAX) } : {}),
        },
        'Separate them with commas or spaces.',
      );
    case 'duedate':
    case 'date':
      return block({
        type: 'datepicker',
        action_id,
        ...(one && /^\d{4}-\d{2}-\d{2}$/.test(one) ? { initial_date: one } : {}),
      });
  }
}

// ------------------------------------------------------------------------------------------ state

const OptionSchema = z.looseObject({ value: z.string() });
const StateValueSchema = z.looseObject({
  type: z.string().optional(),
  value: z.string().nullish(),
  selected_option: OptionSchema.nullish(),
  selected_options: z.array(OptionSchema).nullish(),
  selected_user: z.string().nullish(),
  selected_date: z.string().nullish(),
});
const StateSchema = z.record(z.string(), z.record(z.string(), StateValueSchema));

/** `view.state.values`, checked for the shapes the modal reads; anything else reads as empty. */
export type ViewState = z.infer<typeof StateSchema>;

export function parseState(values: unknown): ViewState {
  const r = StateSchema.safeParse(values ?? {});
  return r.success ? r.data : {};
}

/** What one block holds: an option's value, several values, a user, a date or text (empty is undefined). */
export function blockValue(state: ViewState, blockId: string): FieldValue | undefined {
  const entry = Object.values(state[blockId] ?? {})[0];
  if (!entry) return undefined;
  if (entry.selected_options)
    return entry.selected_options.length ? entry.selected_options.map((o) => o.value) : undefined;
  const v = entry.selected_option?.value ?? entry.selected_user ?? entry.selected_date ?? entry.value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Every planned field's current answer, by Jira field id. */
export function valuesFromState(
  state: ViewState,
  plans: ReadonlyArray<Pick<FieldPlan, 'id'>>,
): Record<string, FieldValue | undefined> {
  return Object.fromEntries(plans.map((p) => [p.id, blockValue(state, fieldBlockId(p.id))]));
}

// --------------------------------------------------------------------------------- → Jira fields

export interface Draft {
  /** The `fields` of `POST /issue`, except people, which are resolved to Jira accounts afterwards. */
  fields: Record<string, unknown>;
  /** Slack users picked for person fields, to be matched to Jira accounts. */
  people: Array<{ fieldId: string; slackUserId: string }>;
  /** Problems found without asking Jira, by block_id. */
  errors: Record<string, string>;
}

export interface DraftContext {
  projectKey: string;
  issueTypeId: string;
  /** A link back to the Slack message the issue was made from, appended to the description. */
  linkBack?: { url: string; text: string };
}

/** Labels: separated by commas or whitespace (Jira refuses spaces inside a label), each once. */
export function splitLabels(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

function withLinkBack(doc: AdfDoc, link: DraftContext['linkBack']): AdfDoc {
  if (!link) return doc;
  const para: AdfNode = {
    type: 'paragraph',
    content: [{ type: 'text', text: link.text, marks: [{ type: 'link', attrs: { href: link.url } }] }],
  };
  return { ...doc, content: [...doc.content, para] };
}

/**
 * The modal's answers as Jira's create `fields`. Local problems (an empty required field, a number that
 * isn't one, a label too long) come back in `errors` by block_id so the modal can show them at once.
 */
export function toJiraFields(
  values: Record<string, FieldValue | undefined>,
  plans: ReadonlyArray<Pick<FieldPlan, 'id' | 'kind' | 'required' | 'name'>>,
  ctx: DraftContext,
): Draft {
  const fields: Record<string, unknown> = { project: { key: ctx.projectKey }, issuetype: { id: ctx.issueTypeId } };
  const people: Draft['people'] = [];
  const errors: Record<string, string> = {};
  for (const p of plans) {
    const raw = values[p.id];
    const text = typeof raw === 'string' ? raw.trim() : '';
    const list = Array.isArray(raw) ? raw : text ? [text] : [];
    const fail = (message: string) => {
      errors[fieldBlockId(p.id)] = message;
    };
    const empty = list.length === 0;
    if (empty) {
      if (p.kind === 'description' && ctx.linkBack) fields[p.id] = withLinkBack(plainTextToAdf(''), ctx.linkBack);
      else if (p.required) fail(p.kind === 'summary' ? 'Enter a summary.' : `${p.name || p.id} is required.`);
      continue;
    }
    switch (p.kind) {
      case 'summary': {
        const one = text.replace(/\s*\n\s*/g, ' ');
        if (one.length > SUMMARY_MAX) fail(`Keep the summary under ${SUMMARY_MAX + 1} characters.`);
        else fields[p.id] = one;
        break;
      }
      case 'text':
        fields[p.id] = text;
        break;
      case 'description':
        fields[p.id] = withLinkBack(plainTextToAdf(typeof raw === 'string' ? raw : text), ctx.linkBack);
        break;
      case 'textarea':
        fields[p.id] = plainTextToAdf(typeof raw === 'string' ? raw : text);
        break;
      case 'number': {
        const n = Number(text);
        if (!Number.isFinite(n)) fail('Enter a number.');
        else fields[p.id] = n;
        break;
      }
      case 'priority':
      case 'option':
        fields[p.id] = { id: list[0] };
        break;
      case 'components':
      case 'options':
        fields[p.id] = list.map((id) => ({ id }));
        break;
      case 'assignee':
      case 'user':
        people.push({ fieldId: p.id, slackUserId: list[0] as string });
        break;
      case 'labels':
      case 'strings': {
        const labels = list.flatMap(splitLabels);
        const long = labels.find((l) => l.length > 255);
        if (long) fail(`"${clip(long, 40)}" is too long: a label has at most 255 characters.`);
        else if (labels.length === 0 && p.required) fail(`${p.name || p.id} is required.`);
        else if (labels.length) fields[p.id] = labels;
        break;
      }
      case 'duedate':
      case 'date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) fail('Pick a date.');
        else fields[p.id] = text;
        break;
    }
  }
  return { fields, people, errors };
}

/**
 * Jira's answer to a refused create, spread over the modal: a field Jira names that the modal shows gets
 * its message under that input; everything else (Jira's general messages, fields the modal doesn't
 * show) goes under `fallbackBlock`, so nothing Jira said is lost.
 */
export function jiraErrorsToBlocks(
  jira: { fieldErrors: Record<string, string>; messages: string[] },
  shown: ReadonlyArray<Pick<FieldPlan, 'id' | 'name'>>,
  fallbackBlock: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  const rest: string[] = [...jira.messages];
  for (const [field, message] of Object.entries(jira.fieldErrors)) {
    if (shown.some((p) => p.id === field)) out[fieldBlockId(field)] = clip(message, 2000);
    else rest.push(field === 'project' || field === 'issuetype' ? message : `${field}: ${message}`);
  }
  if (rest.length) {
    const text = `Jira refused the issue: ${rest.join(' ')}`;
    out[fallbackBlock] = clip(out[fallbackBlock] ? `${out[fallbackBlock]} ${text}` : text, 2000);
  }
  return out;
}

// -------------------------------------------------------------------------------- "Create in Jira"

const URL_MAX = 3000;

/**
 * Jira's own create screen, prefilled: `CreateIssueDetails!init.jspa` takes the project id, the issue
 * type id, and `summary`/`description` as query parameters. The description is shortened to keep the
 * link within Slack's 3000 characters for a button URL.
 */
export function createInJiraUrl(
  siteUrl: string,
  p: { projectId: string; issueTypeId: string; summary?: string; description?: string },
): string {
  const base = `${siteUrl.replace(/\/+$/, '')}/secure/CreateIssueDetails!init.jspa?pid=${encodeURIComponent(
    p.projectId,
  )}&issuetype=${encodeURIComponent(p.issueTypeId)}`;
  const summary = p.summary?.trim() ? `&summary=${encodeURIComponent(clip(p.summary.trim(), SUMMARY_MAX))}` : '';
  let description = p.description?.trim() ?? '';
  for (;;) {
    const url = `${base}${summary}${description ? `&description=${encodeURIComponent(description)}` : ''}`;
    if (url.length <= URL_MAX || !description) return url;
    // Scale by how much encoding inflates this text (up to 12 characters for one), then trim step by step.
    const encoded = encodeURIComponent(description).length;
    const room = URL_MAX - (url.length - encoded);
    const fit = Math.floor((description.length * room) / encoded);
    description = clip(description, Math.min(fit, description.length - 8));
  }
}

// --------------------------------------------------------------------------------- message prefill

/**
 * What a Slack message prefills: the summary is its first non-empty line (≤ 255 characters), the
 * description its whole text (≤ 3000), both as plain text a person can edit: Slack's `<url|label>`
 * links read `label (url)`, mentions `@name` (from `names`, else the id), channels `#name`.
 */
export function messagePrefill(
  mrkdwn: string,
  names: Record<string, string> = {},
): { summary: string; description: string } {
  const text = unesc(
    mrkdwn
      .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, label?: string) => `@${names[id] ?? label ?? id}`)
      .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, (_, name: string) => `#${name}`)
      .replace(/<#([CG][A-Z0-9]+)>/g, (_, id: string) => `#${id}`)
      .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, (_, w: string) => `@${w}`)
      .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, (_, name: string) => name)
      .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) =>
        label === url ? url : `${label} (${url})`,
      )
      .replace(/<((?:https?|mailto):[^>]+)>/g, (_, url: string) => url),
  );
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return { summary: clip(first.trim().replace(/\s+/g, ' '), SUMMARY_MAX), description: clip(text.trim(), TEXT_MAX) };
}

/** Slack user ids mentioned in a message, for looking up the names `messagePrefill` shows. */
export function mentionedUsers(mrkdwn: string): string[] {
  return [...new Set([...mrkdwn.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] as string))];
}

/**
 * `/jira create [PROJECT] [summary]`: the first word is the project when it names one the person may
 * create in (any case). When it names a project they can see but not create in, it is refused by name
 * and the rest is the summary; otherwise (a project they can't see, or just a word) the whole text is
 * the summary, so nothing is revealed about projects they can't see.
 */
export function splitProjectAndSummary(
  text: string,
  creatableKeys: readonly string[],
  visibleKeys: readonly string[],
): { projectKey?: string; refusedKey?: string; summary: string } {
  const trimmed = text.trim();
  const first = trimmed.split(/\s+/)[0] ?? '';
  const rest = trimmed.slice(first.length).trim();
  const same = (k: string) => k.toUpperCase() === first.toUpperCase();
  const key = creatableKeys.find(same);
  if (first && key) return { projectKey: key, summary: rest };
  const seen = visibleKeys.find(same);
  if (first && seen) return { refusedKey: seen, summary: rest };
  return { summary: trimmed };
}
