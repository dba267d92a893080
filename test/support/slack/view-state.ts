// How Slack's client turns what a person typed into a view's `state.values`, and what it refuses to
// submit (required inputs left empty, lengths out of range). Pure; the emulator's submitModal uses it.

/** An option as Slack echoes it back in `selected_option(s)`. */
export interface SlackOption {
  text: { type: string; text: string; emoji?: boolean };
  value: string;
  description?: unknown;
  /** Overflow options only. */
  url?: string;
}

/** One element's entry in `view.state.values[block_id][action_id]`. */
export interface SlackViewValue {
  type: string;
  value?: string | null;
  selected_option?: SlackOption | null;
  selected_options?: SlackOption[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  rich_text_value?: unknown;
  files?: unknown[];
}

export type ViewStateValues = Record<string, Record<string, SlackViewValue>>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An input block with the ids Slack fills in when the app left them out. */
export interface InputBlock {
  blockId: string;
  actionId: string;
  label: string;
  optional: boolean;
  element: Obj;
}

/** The input blocks of a view (block_id and action_id must already be set, as Slack stores them). */
export function inputBlocks(blocks: unknown): InputBlock[] {
  if (!Array.isArray(blocks)) return [];
  const out: InputBlock[] = [];
  for (const b of blocks) {
    if (!isObj(b) || b.type !== 'input' || !isObj(b.element)) continue;
    const label = isObj(b.label) && typeof b.label.text === 'string' ? b.label.text : '';
    out.push({
      blockId: String(b.block_id ?? ''),
      actionId: String(b.element.action_id ?? ''),
      label,
      optional: b.optional === true,
      element: b.element,
    });
  }
  return out;
}

/** Every option of a select, checkbox group or radio group, option groups flattened. */
export function optionsOf(element: Obj): SlackOption[] {
  const out: SlackOption[] = [];
  const add = (list: unknown) => {
    if (Array.isArray(list)) for (const o of list) if (isObj(o)) out.push(o as unknown as SlackOption);
  };
  add(element.options);
  if (Array.isArray(element.option_groups)) {
    for (const g of element.option_groups) if (isObj(g)) add(g.options);
  }
  return out;
}

const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strArr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const optArr = (v: unknown): SlackOption[] => (Array.isArray(v) ? (v.filter(isObj) as unknown as SlackOption[]) : []);

/** The value Slack reports for an element nobody touched: its initial value, or empty. */
export function initialValueOf(element: Obj): SlackViewValue {
  const type = String(element.type);
  switch (type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: strOrNull(element.initial_value) };
    case 'rich_text_input':
      return { type, rich_text_value: element.initial_value ?? null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: isObj(element.initial_option) ? (element.initial_option as never) : null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: optArr(element.initial_options) };
    case 'users_select':
      return { type, selected_user: strOrNull(element.initial_user) };
    case 'multi_users_select':
      return { type, selected_users: strArr(element.initial_users) };
    case 'conversations_select':
      return { type, selected_conversation: strOrNull(element.initial_conversation) };
    case 'multi_conversations_select':
      return { type, selected_conversations: strArr(element.initial_conversations) };
    case 'channels_select':
      return { type, selected_channel: strOrNull(element.initial_channel) };
    case 'multi_channels_select':
      return { type, selected_channels: strArr(element.initial_channels) };
    case 'datepicker':
      return { type, selected_date: strOrNull(element.initial_date) };
    case 'timepicker':
      return { type, selected_time: strOrNull(element.initial_time) };
    case 'datetimepicker':
      return {
        type,
        selected_date_time: typeof element.initial_date_time === 'number' ? element.initial_date_time : null,
      };
    case 'file_input':
      return { type, files: [] };
    default:
      return { type };
  }
}

/** `state.values` of a freshly shown view: every input block at its initial value. */
export function initialStateValues(blocks: unknown): ViewStateValues {
  const values: ViewStateValues = {};
  for (const b of inputBlocks(blocks)) values[b.blockId] = { [b.actionId]: initialValueOf(b.element) };
  return values;
}

function pickOption(element: Obj, wanted: string, where: string): SlackOption {
  const options = optionsOf(element);
  const hit = options.find((o) => o.value === wanted) ?? options.find((o) => o.text?.text === wanted);
  if (!hit) {
    const known = options.map((o) => `${o.value} (${o.text?.text})`).join(', ');
    throw new Error(`${where}: "${wanted}" is not one of the options: ${known || 'none'}`);
  }
  // Slack echoes the option without the description's absence filled in; copy what the app sent.
  return JSON.parse(JSON.stringify(hit)) as SlackOption;
}

const one = (fill: string | string[], where: string): string => {
  if (Array.isArray(fill)) {
    if (fill.length !== 1) throw new Error(`${where}: takes one value, got ${fill.length}`);
    return fill[0] as string;
  }
  return fill;
};
const many = (fill: string | string[]): string[] => (Array.isArray(fill) ? fill : [fill]);

/** What Slack reports after a person typed or picked `fill` in `element`. Throws when the UI would not allow it. */
export function valueFromFill(element: Obj, fill: string | string[], where = 'field'): SlackViewValue {
  const type = String(element.type);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: one(fill, where) };
    case 'number_input': {
      const v = one(fill, where);
      const ok = element.is_decimal_allowed === true ? /^-?\d+(\.\d+)?$/.test(v) : /^-?\d+$/.test(v);
      if (!ok) throw new Error(`${where}: "${v}" is not a number this input accepts`);
      return { type, value: v };
    }
    case 'rich_text_input': {
      const text = one(fill, where);
      return {
        type,
        rich_text_value: {
          type: 'rich_text',
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
        },
      };
    }
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: pickOption(element, one(fill, where), where) };
    case 'multi_static_select':
    case 'checkboxes':
      return { type, selected_options: many(fill).map((f) => pickOption(element, f, where)) };
    case 'external_select': {
      const v = one(fill, where);
      return { type, selected_option: { text: { type: 'plain_text', text: v, emoji: true }, value: v } };
    }
    case 'multi_external_select':
      return {
        type,
        selected_options: many(fill).map((v) => ({ text: { type: 'plain_text', text: v, emoji: true }, value: v })),
      };
    case 'users_select':
      return { type, selected_user: one(fill, where) };
    case 'multi_users_select':
      return { type, selected_users: many(fill) };
    case 'conversations_select':
      return { type, selected_conversation: one(fill, where) };
    case 'multi_conversations_select':
      return { type, selected_conversations: many(fill) };
    case 'channels_select':
      return { type, selected_channel: one(fill, where) };
    case 'multi_channels_select':
      return { type, selected_channels: many(fill) };
    case 'datepicker': {
      const v = one(fill, where);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`${where}: "${v}" is not a YYYY-MM-DD date`);
      return { type, selected_date: v };
    }
    case 'timepicker': {
      const v = one(fill, where);
      if (!/^\d{2}:\d{2}$/.test(v)) throw new Error(`${where}: "${v}" is not an HH:mm time`);
      return { type, selected_time: v };
    }
    case 'datetimepicker': {
      const v = Number(one(fill, where));
      if (!Number.isInteger(v)) throw new Error(`${where}: a datetimepicker takes a UNIX timestamp`);
      return { type, selected_date_time: v };
    }
    default:
      throw new Error(`${where}: cannot fill an element of type ${type}`);
  }
}

/** True when the person left the element empty. */
export function isEmptyValue(v: SlackViewValue | undefined): boolean {
  if (!v) return true;
  const scalar = [
    v.value,
    v.selected_option,
    v.selected_user,
    v.selected_conversation,
    v.selected_channel,
    v.selected_date,
    v.selected_time,
    v.selected_date_time,
    v.rich_text_value,
  ];
  if (scalar.some((x) => x !== undefined && x !== null && x !== '')) return false;
  const lists = [v.selected_options, v.selected_users, v.selected_conversations, v.selected_channels, v.files];
  return !lists.some((l) => Array.isArray(l) && l.length > 0);
}

/**
 * Applies `fill` (keyed by block_id or input label) over `current`. Unknown keys throw, so a typo in a
 * test fails loudly instead of submitting an empty field.
 */
export function fillStateValues(
  blocks: unknown,
  current: ViewStateValues,
  fill: Record<string, string | string[]>,
): ViewStateValues {
  const inputs = inputBlocks(blocks);
  const values: ViewStateValues = JSON.parse(JSON.stringify(current));
  for (const b of inputs) {
    values[b.blockId] ??= { [b.actionId]: initialValueOf(b.element) };
  }
  for (const [key, v] of Object.entries(fill)) {
    const byId = inputs.filter((b) => b.blockId === key);
    const matches = byId.length > 0 ? byId : inputs.filter((b) => b.label === key);
    if (matches.length === 0) {
      const known = inputs.map((b) => `${b.blockId} ("${b.label}")`).join(', ');
      throw new Error(`no input block with block_id or label "${key}"; the view has: ${known || 'no inputs'}`);
    }
    if (matches.length > 1) throw new Error(`several input blocks are labelled "${key}"; use the block_id`);
    const b = matches[0] as InputBlock;
    values[b.blockId] = { [b.actionId]: valueFromFill(b.element, v, `"${b.label}"`) };
  }
  return values;
}

const chars = (s: string) => Array.from(s).length;

/** What Slack's client refuses to submit: required inputs left empty, text outside min/max length. */
export function submitRefusals(blocks: unknown, values: ViewStateValues): string[] {
  const out: string[] = [];
  for (const b of inputBlocks(blocks)) {
    const v = values[b.blockId]?.[b.actionId];
    if (isEmptyValue(v)) {
      if (!b.optional) out.push(`"${b.label}" (${b.blockId}) is required`);
      continue;
    }
    if (b.element.type === 'plain_text_input' && typeof v?.value === 'string') {
      const n = chars(v.value);
      const min = typeof b.element.min_length === 'number' ? b.element.min_length : 0;
      const max = typeof b.element.max_length === 'number' ? b.element.max_length : 3000;
      if (n < min) out.push(`"${b.label}" needs at least ${min} characters`);
      if (n > max) out.push(`"${b.label}" takes at most ${max} characters`);
    }
    if (b.element.type === 'number_input' && typeof v?.value === 'string') {
      const n = Number(v.value);
      const lo = b.element.min_value === undefined ? undefined : Number(b.element.min_value);
      const hi = b.element.max_value === undefined ? undefined : Number(b.element.max_value);
      if (lo !== undefined && n < lo) out.push(`"${b.label}" must be at least ${lo}`);
      if (hi !== undefined && n > hi) out.push(`"${b.label}" must be at most ${hi}`);
    }
    const maxItems = b.element.max_selected_items;
    if (typeof maxItems === 'number') {
      const list = v?.selected_options ?? v?.selected_users ?? v?.selected_conversations ?? v?.selected_channels;
      if (list && list.length > maxItems) out.push(`"${b.label}" takes at most ${maxItems} items`);
    }
  }
  return out;
}
