// Block Kit validation as Slack's servers apply it, so the emulator refuses what Slack would refuse.
// Limits come from ../../../../shared/reference/README.md ("Slack Block Kit limits"). Pure: no I/O.

/** One refusal: what is wrong and where, as a JSON pointer into the request argument. */
export interface BlockKitProblem {
  pointer: string;
  message: string;
}

/** Where blocks are shown; it decides the block limit and which blocks and elements are allowed. */
export type Surface = 'message' | 'modal' | 'home';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (s: string) => Array.from(s).length;
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Slack's own wording for refusals: `[ERROR] <message> [json-pointer:<pointer>]`. */
export function formatProblems(problems: readonly BlockKitProblem[]): string[] {
  return problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`);
}

class Checker {
  readonly problems: BlockKitProblem[] = [];
  readonly blockIds = new Set<string>();
  constructor(readonly surface: Surface) {}

  fail(pointer: string, message: string): void {
    this.problems.push({ pointer, message });
  }

  keys(o: Obj, allowed: readonly string[], ptr: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(`${ptr}/${esc(k)}`, `unsupported property "${k}"`);
    }
  }

  str(o: Obj, key: string, ptr: string, opts: { required?: boolean; min?: number; max: number }): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (opts.required) this.fail(ptr, `missing required field: ${key}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.fail(`${ptr}/${key}`, 'must be a string');
      return undefined;
    }
    const n = len(v);
    if (n < (opts.min ?? 0)) this.fail(`${ptr}/${key}`, `must be at least ${opts.min} characters`);
    if (n > opts.max) this.fail(`${ptr}/${key}`, `must be less than ${opts.max + 1} characters`);
    return v;
  }

  bool(o: Obj, key: string, ptr: string): void {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') this.fail(`${ptr}/${key}`, 'must be a boolean');
  }

  int(o: Obj, key: string, ptr: string, min: number, max: number): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.fail(`${ptr}/${key}`, 'must be an integer');
      return undefined;
    }
    if (v < min || v > max) this.fail(`${ptr}/${key}`, `must be between ${min} and ${max}`);
    return v;
  }

  url(o: Obj, key: string, ptr: string, required = false): void {
    const v = this.str(o, key, ptr, { required, min: 1, max: 3000 });
    if (v !== undefined && !isUrl(v)) this.fail(`${ptr}/${key}`, 'must be a valid URL');
  }

  /** A text object. `kinds` limits the allowed types; an absent value is fine unless `required`. */
  text(
    v: unknown,
    ptr: string,
    opts: { max: number; plainOnly?: boolean; required?: boolean; field?: string },
  ): Obj | undefined {
    if (v === undefined) {
      if (opts.required) this.fail(ptr.replace(/\/[^/]*$/, ''), `missing required field: ${opts.field ?? 'text'}`);
      return undefined;
    }
    if (!isObj(v)) {
      this.fail(ptr, 'must be a text object');
      return undefined;
    }
    this.keys(v, ['type', 'text', 'emoji', 'verbatim'], ptr);
    if (v.type !== 'plain_text' && v.type !== 'mrkdwn') {
      this.fail(`${ptr}/type`, 'must be one of: plain_text, mrkdwn');
      return v;
    }
    if (opts.plainOnly && v.type !== 'plain_text') this.fail(`${ptr}/type`, 'must be plain_text');
    if (v.type === 'mrkdwn' && v.emoji !== undefined) this.fail(`${ptr}/emoji`, 'emoji is only allowed on plain_text');
    if (v.type === 'plain_text' && v.verbatim !== undefined) {
      this.fail(`${ptr}/verbatim`, 'verbatim is only allowed on mrkdwn');
    }
    this.bool(v, 'emoji', ptr);
    this.bool(v, 'verbatim', ptr);
    if (typeof v.text !== 'string') {
      this.fail(`${ptr}/text`, v.text === undefined ? 'missing required field: text' : 'must be a string');
    } else if (len(v.text) < 1) {
      this.fail(`${ptr}/text`, 'must be more than 0 characters');
    } else if (len(v.text) > opts.max) {
      this.fail(`${ptr}/text`, `must be less than ${opts.max + 1} characters`);
    }
    return v;
  }

  blockId(o: Obj, ptr: string): void {
    const id = this.str(o, 'block_id', ptr, { min: 1, max: 255 });
    if (id === undefined) return;
    if (this.blockIds.has(id)) this.fail(`${ptr}/block_id`, `duplicate block_id "${id}"`);
    this.blockIds.add(id);
  }
}

export function isUrl(s: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

const SELECTS = ['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'];
const MULTI_SELECTS = SELECTS.map((s) => `multi_${s}`);
const TEXT_INPUTS = ['plain_text_input', 'number_input', 'email_text_input', 'url_text_input', 'rich_text_input'];

const SECTION_ACCESSORIES = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'image',
  'overflow',
  'radio_buttons',
  'timepicker',
  ...SELECTS,
  ...MULTI_SELECTS,
]);
const ACTIONS_ELEMENTS = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  'timepicker',
  'rich_text_input',
  ...SELECTS,
  ...MULTI_SELECTS,
]);
const INPUT_ELEMENTS = new Set([
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'file_input',
  'radio_buttons',
  'timepicker',
  ...TEXT_INPUTS,
  ...SELECTS,
  ...MULTI_SELECTS,
]);

const CONFIRM_KEYS = ['title', 'text', 'confirm', 'deny', 'style'];

function checkConfirm(c: Checker, v: unknown, ptr: string): void {
  if (v === undefined) return;
  if (!isObj(v)) {
    c.fail(ptr, 'must be a confirmation dialog object');
    return;
  }
  c.keys(v, CONFIRM_KEYS, ptr);
  c.text(v.title, `${ptr}/title`, { max: 100, plainOnly: true, required: true, field: 'title' });
  c.text(v.text, `${ptr}/text`, { max: 300, required: true, field: 'text' });
  c.text(v.confirm, `${ptr}/confirm`, { max: 30, plainOnly: true, required: true, field: 'confirm' });
  c.text(v.deny, `${ptr}/deny`, { max: 30, plainOnly: true, required: true, field: 'deny' });
  if (v.style !== undefined && v.style !== 'primary' && v.style !== 'danger') {
    c.fail(`${ptr}/style`, 'must be one of: primary, danger');
  }
}

type OptionKind = 'menu' | 'overflow' | 'choice';

function checkOption(c: Checker, v: unknown, ptr: string, kind: OptionKind): void {
  if (!isObj(v)) {
    c.fail(ptr, 'must be an option object');
    return;
  }
  c.keys(v, kind === 'overflow' ? ['text', 'value', 'description', 'url'] : ['text', 'value', 'description'], ptr);
  const plainOnly = kind !== 'choice';
  c.text(v.text, `${ptr}/text`, { max: 75, plainOnly, required: true });
  c.str(v, 'value', ptr, { required: true, min: 1, max: 150 });
  c.text(v.description, `${ptr}/description`, { max: 75, plainOnly });
  if (kind === 'overflow') c.url(v, 'url', ptr);
}

const sameOption = (a: unknown, b: unknown): boolean =>
  isObj(a) && isObj(b) && a.value === b.value && isObj(a.text) && isObj(b.text) && a.text.text === b.text.text;

function checkOptions(
  c: Checker,
  v: unknown,
  ptr: string,
  kind: OptionKind,
  min: number,
  max: number,
): unknown[] | undefined {
  if (!Array.isArray(v)) {
    c.fail(ptr, 'must be an array');
    return undefined;
  }
  if (v.length < min) c.fail(ptr, `must provide at least ${min} items`);
  if (v.length > max) c.fail(ptr, `must provide no more than ${max} items`);
  v.forEach((o, i) => {
    checkOption(c, o, `${ptr}/${i}`, kind);
  });
  return v;
}

/** Static menus carry options or option groups; returns every option for initial_option checks. */
function checkMenuOptions(c: Checker, el: Obj, ptr: string): unknown[] {
  const hasOptions = el.options !== undefined;
  const hasGroups = el.option_groups !== undefined;
  if (hasOptions === hasGroups) {
    c.fail(ptr, 'must provide exactly one of options or option_groups');
  }
  if (hasOptions) return checkOptions(c, el.options, `${ptr}/options`, 'menu', 1, 100) ?? [];
  if (!hasGroups) return [];
  if (!Array.isArray(el.option_groups)) {
    c.fail(`${ptr}/option_groups`, 'must be an array');
    return [];
  }
  if (el.option_groups.length > 100) c.fail(`${ptr}/option_groups`, 'must provide no more than 100 items');
  const all: unknown[] = [];
  el.option_groups.forEach((g, i) => {
    const gp = `${ptr}/option_groups/${i}`;
    if (!isObj(g)) {
      c.fail(gp, 'must be an option group object');
      return;
    }
    c.keys(g, ['label', 'options'], gp);
    c.text(g.label, `${gp}/label`, { max: 75, plainOnly: true, required: true, field: 'label' });
    all.push(...(checkOptions(c, g.options, `${gp}/options`, 'menu', 1, 100) ?? []));
  });
  return all;
}

function checkInitialOptions(c: Checker, el: Obj, ptr: string, options: unknown[], multi: boolean): void {
  if (multi) {
    if (el.initial_options === undefined) return;
    if (!Array.isArray(el.initial_options)) {
      c.fail(`${ptr}/initial_options`, 'must be an array');
      return;
    }
    el.initial_options.forEach((o, i) => {
      if (!options.some((x) => sameOption(x, o))) {
        c.fail(`${ptr}/initial_options/${i}`, 'must match one of the provided options');
      }
    });
  } else if (el.initial_option !== undefined && !options.some((x) => sameOption(x, el.initial_option))) {
    c.fail(`${ptr}/initial_option`, 'must match one of the provided options');
  }
}

const DISPATCH_KEYS = ['dispatch_action_config'];
function checkDispatch(c: Checker, el: Obj, ptr: string): void {
  const d = el.dispatch_action_config;
  if (d === undefined) return;
  const p = `${ptr}/dispatch_action_config`;
  if (!isObj(d)) {
    c.fail(p, 'must be an object');
    return;
  }
  c.keys(d, ['trigger_actions_on'], p);
  if (
    !Array.isArray(d.trigger_actions_on) ||
    d.trigger_actions_on.some((t) => t !== 'on_enter_pressed' && t !== 'on_character_entered')
  ) {
    c.fail(`${p}/trigger_actions_on`, 'must be an array of on_enter_pressed, on_character_entered');
  }
}

const isDate = (s: unknown) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
const isTime = (s: unknown) => typeof s === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

const COMMON = ['type', 'action_id'];
const ELEMENT_KEYS: Record<string, readonly string[]> = {
  button: [...COMMON, 'text', 'url', 'value', 'style', 'confirm', 'accessibility_label'],
  static_select: [...COMMON, 'placeholder', 'options', 'option_groups', 'initial_option', 'confirm', 'focus_on_load'],
  multi_static_select: [
    ...COMMON,
    'placeholder',
    'options',
    'option_groups',
    'initial_options',
    'confirm',
    'max_selected_items',
    'focus_on_load',
  ],
  external_select: [...COMMON, 'placeholder', 'initial_option', 'min_query_length', 'confirm', 'focus_on_load'],
  multi_external_select: [
    ...COMMON,
    'placeholder',
    'initial_options',
    'min_query_length',
    'confirm',
    'max_selected_items',
    'focus_on_load',
  ],
  users_select: [...COMMON, 'placeholder', 'initial_user', 'confirm', 'focus_on_load'],
  multi_users_select: [...COMMON, 'placeholder', 'initial_users', 'confirm', 'max_selected_items', 'focus_on_load'],
  conversations_select: [
    ...COMMON,
    'placeholder',
    'initial_conversation',
    'default_to_current_conversation',
    'confirm',
    'response_url_enabled',
    'filter',
    'focus_on_load',
  ],
  multi_conversations_select: [
    ...COMMON,
    'placeholder',
    'initial_conversations',
    'default_to_current_conversation',
    'confirm',
    'max_selected_items',
    'filter',
    'focus_on_load',
  ],
  channels_select: [...COMMON, 'placeholder', 'initial_channel', 'confirm', 'response_url_enabled', 'focus_on_load'],
  multi_channels_select: [
    ...COMMON,
    'placeholder',
    'initial_channels',
    'confirm',
    'max_selected_items',
    'focus_on_load',
  ],
  overflow: [...COMMON, 'options', 'confirm'],
  datepicker: [...COMMON, 'placeholder', 'initial_date', 'confirm', 'focus_on_load'],
  timepicker: [...COMMON, 'placeholder', 'initial_time', 'confirm', 'focus_on_load', 'timezone'],
  datetimepicker: [...COMMON, 'initial_date_time', 'confirm', 'focus_on_load'],
  checkboxes: [...COMMON, 'options', 'initial_options', 'confirm', 'focus_on_load'],
  radio_buttons: [...COMMON, 'options', 'initial_option', 'confirm', 'focus_on_load'],
  plain_text_input: [
    ...COMMON,
    ...DISPATCH_KEYS,
    'placeholder',
    'initial_value',
    'multiline',
    'min_length',
    'max_length',
    'focus_on_load',
  ],
  number_input: [
    ...COMMON,
    ...DISPATCH_KEYS,
    'placeholder',
    'is_decimal_allowed',
    'initial_value',
    'min_value',
    'max_value',
    'focus_on_load',
  ],
  email_text_input: [...COMMON, ...DISPATCH_KEYS, 'placeholder', 'initial_value', 'focus_on_load'],
  url_text_input: [...COMMON, ...DISPATCH_KEYS, 'placeholder', 'initial_value', 'focus_on_load'],
  rich_text_input: [...COMMON, ...DISPATCH_KEYS, 'placeholder', 'initial_value', 'focus_on_load'],
  file_input: [...COMMON, 'filetypes', 'max_files'],
  image: ['type', 'image_url', 'slack_file', 'alt_text'],
};

function checkImageSource(c: Checker, o: Obj, ptr: string): void {
  if (o.image_url === undefined && o.slack_file === undefined) {
    c.fail(ptr, 'must provide either image_url or slack_file');
  }
  if (o.image_url !== undefined && o.slack_file !== undefined) {
    c.fail(ptr, 'must provide only one of image_url or slack_file');
  }
  c.url(o, 'image_url', ptr);
  if (o.slack_file !== undefined) {
    const f = o.slack_file;
    if (!isObj(f) || (typeof f.id !== 'string' && typeof f.url !== 'string')) {
      c.fail(`${ptr}/slack_file`, 'must be an object with id or url');
    }
  }
}

function checkElement(c: Checker, el: unknown, ptr: string, allowed: ReadonlySet<string>, actionIds: Set<string>) {
  if (!isObj(el)) {
    c.fail(ptr, 'must be a block element object');
    return;
  }
  const type = el.type;
  if (typeof type !== 'string' || !(type in ELEMENT_KEYS)) {
    c.fail(`${ptr}/type`, `unsupported element type "${String(type)}"`);
    return;
  }
  if (!allowed.has(type)) {
    c.fail(`${ptr}/type`, `element type "${type}" is not allowed here`);
    return;
  }
  if (type === 'file_input' && c.surface !== 'modal') {
    c.fail(`${ptr}/type`, 'file_input is only allowed in modals');
    return;
  }
  c.keys(el, ELEMENT_KEYS[type] ?? [], ptr);
  if (type !== 'image') {
    const id = c.str(el, 'action_id', ptr, { min: 1, max: 255 });
    if (id !== undefined) {
      if (actionIds.has(id)) c.fail(`${ptr}/action_id`, `duplicate action_id "${id}" in block`);
      actionIds.add(id);
    }
  }
  checkConfirm(c, el.confirm, `${ptr}/confirm`);
  if (el.placeholder !== undefined) c.text(el.placeholder, `${ptr}/placeholder`, { max: 150, plainOnly: true });
  if ('max_selected_items' in el) c.int(el, 'max_selected_items', ptr, 1, 100);
  if ('focus_on_load' in el) c.bool(el, 'focus_on_load', ptr);

  switch (type) {
    case 'button': {
      c.text(el.text, `${ptr}/text`, { max: 75, plainOnly: true, required: true });
      c.str(el, 'value', ptr, { min: 1, max: 2000 });
      c.url(el, 'url', ptr);
      c.str(el, 'accessibility_label', ptr, { min: 1, max: 75 });
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
        c.fail(`${ptr}/style`, 'must be one of: primary, danger');
      }
      break;
    }
    case 'static_select':
    case 'multi_static_select': {
      const options = checkMenuOptions(c, el, ptr);
      checkInitialOptions(c, el, ptr, options, type === 'multi_static_select');
      break;
    }
    case 'external_select':
      if (el.initial_option !== undefined) checkOption(c, el.initial_option, `${ptr}/initial_option`, 'menu');
      c.int(el, 'min_query_length', ptr, 0, 1000);
      break;
    case 'multi_external_select':
      if (el.initial_options !== undefined)
        checkOptions(c, el.initial_options, `${ptr}/initial_options`, 'menu', 0, 100);
      c.int(el, 'min_query_length', ptr, 0, 1000);
      break;
    case 'users_select':
      c.str(el, 'initial_user', ptr, { min: 1, max: 255 });
      break;
    case 'conversations_select':
      c.str(el, 'initial_conversation', ptr, { min: 1, max: 255 });
      break;
    case 'channels_select':
      c.str(el, 'initial_channel', ptr, { min: 1, max: 255 });
      break;
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const key = `initial_${type.replace('multi_', '').replace('_select', '')}s`;
      const v = el[key];
      if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) {
        c.fail(`${ptr}/${key}`, 'must be an array of strings');
      }
      break;
    }
    case 'overflow':
      checkOptions(c, el.options, `${ptr}/options`, 'overflow', 2, 5);
      break;
    case 'checkboxes': {
      const options = checkOptions(c, el.options, `${ptr}/options`, 'choice', 1, 10) ?? [];
      checkInitialOptions(c, el, ptr, options, true);
      break;
    }
    case 'radio_buttons': {
      const options = checkOptions(c, el.options, `${ptr}/options`, 'choice', 1, 10) ?? [];
      checkInitialOptions(c, el, ptr, options, false);
      break;
    }
    case 'datepicker':
      if (el.initial_date !== undefined && !isDate(el.initial_date)) {
        c.fail(`${ptr}/initial_date`, 'must be a date in the format YYYY-MM-DD');
      }
      break;
    case 'timepicker':
      if (el.initial_time !== undefined && !isTime(el.initial_time)) {
        c.fail(`${ptr}/initial_time`, 'must be a time in the format HH:mm');
      }
      break;
    case 'datetimepicker':
      c.int(el, 'initial_date_time', ptr, 0, Number.MAX_SAFE_INTEGER);
      break;
    case 'plain_text_input': {
      const min = c.int(el, 'min_length', ptr, 0, 3000);
      const max = c.int(el, 'max_length', ptr, 1, 3000);
      if (min !== undefined && max !== undefined && min > max)
        c.fail(`${ptr}/min_length`, 'must not exceed max_length');
      const init = c.str(el, 'initial_value', ptr, { max: max ?? 3000 });
      if (init !== undefined && min !== undefined && len(init) < min) {
        c.fail(`${ptr}/initial_value`, `must be at least ${min} characters`);
      }
      c.bool(el, 'multiline', ptr);
      checkDispatch(c, el, ptr);
      break;
    }
    case 'number_input': {
      if (typeof el.is_decimal_allowed !== 'boolean') {
        c.fail(ptr, 'missing required field: is_decimal_allowed');
      }
      for (const k of ['initial_value', 'min_value', 'max_value']) {
        const v = c.str(el, k, ptr, { min: 1, max: 50 });
        if (v !== undefined) {
          const ok = el.is_decimal_allowed === true ? /^-?\d+(\.\d+)?$/.test(v) : /^-?\d+$/.test(v);
          if (!ok) c.fail(`${ptr}/${k}`, 'must be a number the element allows');
        }
      }
      checkDispatch(c, el, ptr);
      break;
    }
    case 'email_text_input':
    case 'url_text_input':
      c.str(el, 'initial_value', ptr, { max: 3000 });
      checkDispatch(c, el, ptr);
      break;
    case 'rich_text_input':
      if (el.initial_value !== undefined && (!isObj(el.initial_value) || el.initial_value.type !== 'rich_text')) {
        c.fail(`${ptr}/initial_value`, 'must be a rich_text block');
      }
      checkDispatch(c, el, ptr);
      break;
    case 'file_input':
      c.int(el, 'max_files', ptr, 1, 10);
      break;
    case 'image':
      c.str(el, 'alt_text', ptr, { required: true, min: 1, max: 2000 });
      checkImageSource(c, el, ptr);
      break;
  }
}

const BLOCK_KEYS: Record<string, readonly string[]> = {
  section: ['type', 'block_id', 'text', 'fields', 'accessory', 'expand'],
  header: ['type', 'block_id', 'text'],
  divider: ['type', 'block_id'],
  context: ['type', 'block_id', 'elements'],
  actions: ['type', 'block_id', 'elements'],
  input: ['type', 'block_id', 'label', 'element', 'hint', 'optional', 'dispatch_action'],
  image: ['type', 'block_id', 'image_url', 'slack_file', 'alt_text', 'title'],
  rich_text: ['type', 'block_id', 'elements'],
  markdown: ['type', 'block_id', 'text'],
};

function checkBlock(c: Checker, b: unknown, ptr: string): void {
  if (!isObj(b)) {
    c.fail(ptr, 'must be a block object');
    return;
  }
  const type = b.type;
  if (typeof type !== 'string' || !(type in BLOCK_KEYS)) {
    c.fail(`${ptr}/type`, `unsupported block type "${String(type)}"`);
    return;
  }
  c.keys(b, BLOCK_KEYS[type] ?? [], ptr);
  c.blockId(b, ptr);
  const actionIds = new Set<string>();
  switch (type) {
    case 'section': {
      if (b.text === undefined && b.fields === undefined) c.fail(ptr, 'must provide either text or fields');
      c.text(b.text, `${ptr}/text`, { max: 3000 });
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields)) c.fail(`${ptr}/fields`, 'must be an array');
        else {
          if (b.fields.length < 1) c.fail(`${ptr}/fields`, 'must provide at least 1 items');
          if (b.fields.length > 10) c.fail(`${ptr}/fields`, 'must provide no more than 10 items');
          b.fields.forEach((f, i) => {
            c.text(f, `${ptr}/fields/${i}`, { max: 2000 });
          });
        }
      }
      if (b.accessory !== undefined) {
        const acc = b.accessory;
        if (isObj(acc) && typeof acc.type === 'string' && TEXT_INPUTS.includes(acc.type)) {
          c.fail(`${ptr}/accessory/type`, `element type "${acc.type}" cannot be a section accessory`);
        } else {
          checkElement(c, acc, `${ptr}/accessory`, SECTION_ACCESSORIES, actionIds);
        }
      }
      c.bool(b, 'expand', ptr);
      break;
    }
    case 'header':
      c.text(b.text, `${ptr}/text`, { max: 150, plainOnly: true, required: true });
      break;
    case 'divider':
      break;
    case 'context': {
      if (!Array.isArray(b.elements)) {
        c.fail(`${ptr}/elements`, b.elements === undefined ? 'missing required field: elements' : 'must be an array');
        break;
      }
      if (b.elements.length < 1) c.fail(`${ptr}/elements`, 'must provide at least 1 items');
      if (b.elements.length > 10) c.fail(`${ptr}/elements`, 'must provide no more than 10 items');
      b.elements.forEach((e, i) => {
        const ep = `${ptr}/elements/${i}`;
        if (isObj(e) && e.type === 'image') checkElement(c, e, ep, new Set(['image']), actionIds);
        else c.text(e, ep, { max: 3000 });
      });
      break;
    }
    case 'actions': {
      if (!Array.isArray(b.elements)) {
        c.fail(`${ptr}/elements`, b.elements === undefined ? 'missing required field: elements' : 'must be an array');
        break;
      }
      if (b.elements.length < 1) c.fail(`${ptr}/elements`, 'must provide at least 1 items');
      if (b.elements.length > 25) c.fail(`${ptr}/elements`, 'must provide no more than 25 items');
      b.elements.forEach((e, i) => {
        checkElement(c, e, `${ptr}/elements/${i}`, ACTIONS_ELEMENTS, actionIds);
      });
      break;
    }
    case 'input': {
      c.text(b.label, `${ptr}/label`, { max: 2000, plainOnly: true, required: true, field: 'label' });
      if (b.hint !== undefined) c.text(b.hint, `${ptr}/hint`, { max: 2000, plainOnly: true });
      c.bool(b, 'optional', ptr);
      c.bool(b, 'dispatch_action', ptr);
      if (b.element === undefined) c.fail(ptr, 'missing required field: element');
      else checkElement(c, b.element, `${ptr}/element`, INPUT_ELEMENTS, actionIds);
      break;
    }
    case 'image':
      c.str(b, 'alt_text', ptr, { required: true, min: 1, max: 2000 });
      checkImageSource(c, b, ptr);
      if (b.title !== undefined) c.text(b.title, `${ptr}/title`, { max: 2000, plainOnly: true });
      break;
    case 'rich_text':
      if (!Array.isArray(b.elements)) c.fail(`${ptr}/elements`, 'must be an array');
      break;
    case 'markdown':
      if (c.surface !== 'message') c.fail(`${ptr}/type`, 'markdown blocks are only allowed in messages');
      c.str(b, 'text', ptr, { required: true, min: 1, max: 12000 });
      break;
  }
}

/** The most blocks Slack accepts on each surface. */
export const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

function checkBlockList(c: Checker, blocks: unknown, ptr: string): void {
  if (!Array.isArray(blocks)) {
    c.fail(ptr, 'must be an array');
    return;
  }
  const max = MAX_BLOCKS[c.surface];
  if (blocks.length > max) c.fail(ptr, `must provide no more than ${max} items`);
  blocks.forEach((b, i) => {
    checkBlock(c, b, `${ptr}/${i}`);
  });
}

/**
 * Validates a message's (or attachment's) `blocks`. `pointer` is where they sit in the request,
 * `/blocks` for chat.postMessage. An empty list is fine: Slack falls back to `text`.
 */
export function validateMessageBlocks(blocks: unknown, pointer = '/blocks'): BlockKitProblem[] {
  const c = new Checker('message');
  checkBlockList(c, blocks, pointer);
  return c.problems;
}

/** Validates every attachment's `blocks` in a chat.postMessage/chat.update `attachments` argument. */
export function validateAttachments(attachments: unknown, pointer = '/attachments'): BlockKitProblem[] {
  if (attachments === undefined) return [];
  if (!Array.isArray(attachments)) return [{ pointer, message: 'must be an array' }];
  const c = new Checker('message');
  attachments.forEach((a, i) => {
    if (!isObj(a)) {
      c.fail(`${pointer}/${i}`, 'must be an attachment object');
      return;
    }
    if (a.blocks !== undefined) checkBlockList(c, a.blocks, `${pointer}/${i}/blocks`);
  });
  return c.problems;
}

const MODAL_KEYS = [
  'type',
  'title',
  'blocks',
  'close',
  'submit',
  'private_metadata',
  'callback_id',
  'clear_on_close',
  'notify_on_close',
  'external_id',
  'submit_disabled',
];
const HOME_KEYS = ['type', 'blocks', 'private_metadata', 'callback_id', 'external_id'];

/**
 * Validates a view as views.open/push/update/publish would. `expected` is the type the method takes
 * (`views.publish` home, `views.open`/`views.push` modal, `views.update` either).
 */
export function validateView(view: unknown, expected: 'home' | 'modal' | 'any' = 'any'): BlockKitProblem[] {
  const ptr = '/view';
  if (!isObj(view)) return [{ pointer: ptr, message: 'must be a view object' }];
  const type = view.type;
  if (type !== 'home' && type !== 'modal') {
    return [{ pointer: `${ptr}/type`, message: 'must be one of: modal, home' }];
  }
  const c = new Checker(type);
  if (expected !== 'any' && type !== expected) c.fail(`${ptr}/type`, `must be ${expected} for this method`);
  c.keys(view, type === 'modal' ? MODAL_KEYS : HOME_KEYS, ptr);
  if (type === 'modal') {
    c.text(view.title, `${ptr}/title`, { max: 24, plainOnly: true, required: true, field: 'title' });
    if (view.submit !== undefined) c.text(view.submit, `${ptr}/submit`, { max: 24, plainOnly: true });
    if (view.close !== undefined) c.text(view.close, `${ptr}/close`, { max: 24, plainOnly: true });
    for (const k of ['clear_on_close', 'notify_on_close', 'submit_disabled']) c.bool(view, k, ptr);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      c.fail(ptr, 'missing required field: submit (the view has input blocks)');
  }
  if (view.blocks === undefined) c.fail(ptr, 'missing required field: blocks');
  else checkBlockList(c, view.blocks, `${ptr}/blocks`);
  c.str(view, 'private_metadata', ptr, { max: 3000 });
  c.str(view, 'callback_id', ptr, { max: 255 });
  c.str(view, 'external_id', ptr, { min: 1, max: 255 });
  return c.problems;
}

/**
 * Validates chat.unfurl's `unfurls`: an object keyed by URL, each value one attachment that may carry
 * blocks (treated as a message: at most 50).
 */
export function validateUnfurls(unfurls: unknown): BlockKitProblem[] {
  const ptr = '/unfurls';
  if (!isObj(unfurls)) return [{ pointer: ptr, message: 'must be an object keyed by URL' }];
  const c = new Checker('message');
  for (const [url, a] of Object.entries(unfurls)) {
    const p = `${ptr}/${esc(url)}`;
    if (!isObj(a)) {
      c.fail(p, 'must be an attachment object');
      continue;
    }
    if (a.blocks !== undefined) checkBlockList(c, a.blocks, `${p}/blocks`);
  }
  return c.problems;
}
