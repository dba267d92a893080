import { describe, expect, it } from 'vitest';
import {
  formatProblems,
  validateAttachments,
  validateMessageBlocks,
  validateUnfurls,
  validateView,
} from '../../support/slack/block-kit.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: md(text) });
const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain(text),
  action_id: `a-${text}`,
  ...extra,
});
const opt = (text: string, value = text) => ({ text: plain(text), value });
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const input = (element: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'input',
  label: plain('Label'),
  element,
  ...extra,
});
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

type Case = [name: string, blocks: unknown[], problemAt: string | null, messagePart?: string];

const messageCases: Case[] = [
  // block count
  ['accepts 50 blocks in a message', times(50, (i) => section(`s${i}`)), null],
  ['refuses 51 blocks in a message', times(51, (i) => section(`s${i}`)), '/blocks', 'no more than 50'],
  // text objects
  ['refuses an empty text', [section('')], '/blocks/0/text/text', 'more than 0 characters'],
  ['refuses an unknown text type', [{ type: 'section', text: { type: 'html', text: 'x' } }], '/blocks/0/text/type'],
  [
    'refuses emoji on mrkdwn',
    [{ type: 'section', text: { type: 'mrkdwn', text: 'x', emoji: true } }],
    '/blocks/0/text/emoji',
  ],
  [
    'refuses verbatim on plain_text',
    [{ type: 'section', text: { type: 'plain_text', text: 'x', verbatim: true } }],
    '/blocks/0/text/verbatim',
  ],
  ['accepts 3000 characters of section text', [section('x'.repeat(3000))], null],
  ['refuses 3001 characters of section text', [section('x'.repeat(3001))], '/blocks/0/text/text', 'less than 3001'],
  ['counts characters, not UTF-16 units', [section('🙂'.repeat(3000))], null],
  // section
  ['refuses a section with neither text nor fields', [{ type: 'section' }], '/blocks/0', 'either text or fields'],
  ['accepts a section with only fields', [{ type: 'section', fields: [md('a'), md('b')] }], null],
  ['refuses 11 fields', [{ type: 'section', fields: times(11, (i) => md(`f${i}`)) }], '/blocks/0/fields'],
  [
    'refuses a field over 2000 characters',
    [{ type: 'section', fields: [md('x'.repeat(2001))] }],
    '/blocks/0/fields/0/text',
  ],
  [
    'refuses a text input as a section accessory',
    [{ type: 'section', text: md('x'), accessory: { type: 'plain_text_input', action_id: 'i' } }],
    '/blocks/0/accessory/type',
  ],
  ['accepts a button accessory', [{ type: 'section', text: md('x'), accessory: button('Go') }], null],
  // header
  ['accepts a plain header', [{ type: 'header', text: plain('Title') }], null],
  ['refuses a mrkdwn header', [{ type: 'header', text: md('*Title*') }], '/blocks/0/text/type', 'plain_text'],
  ['refuses a header over 150 characters', [{ type: 'header', text: plain('x'.repeat(151)) }], '/blocks/0/text/text'],
  // context
  [
    'accepts a context of text and image',
    [{ type: 'context', elements: [md('a'), { type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a' }] }],
    null,
  ],
  ['refuses 11 context elements', [{ type: 'context', elements: times(11, (i) => md(`c${i}`)) }], '/blocks/0/elements'],
  ['refuses a button in a context', [{ type: 'context', elements: [button('Go')] }], '/blocks/0/elements/0/type'],
  // actions
  ['accepts 25 buttons in actions', [actions(...times(25, (i) => button(`b${i}`)))], null],
  ['refuses 26 buttons in actions', [actions(...times(26, (i) => button(`b${i}`)))], '/blocks/0/elements'],
  ['refuses an empty actions block', [actions()], '/blocks/0/elements'],
  // ids
  [
    'refuses a duplicate action_id within a block',
    [actions(button('A', { action_id: 'same' }), button('B', { action_id: 'same' }))],
    '/blocks/0/elements/1/action_id',
    'duplicate action_id',
  ],
  [
    'accepts the same action_id in different blocks',
    [actions(button('A', { action_id: 'same' })), actions(button('B', { action_id: 'same' }))],
    null,
  ],
  [
    'refuses a duplicate block_id',
    [
      { ...section('a'), block_id: 'b' },
      { ...section('b'), block_id: 'b' },
    ],
    '/blocks/1/block_id',
    'duplicate block_id',
  ],
  ['refuses a block_id over 255 characters', [{ ...section('a'), block_id: 'x'.repeat(256) }], '/blocks/0/block_id'],
  [
    'refuses an action_id over 255 characters',
    [actions(button('A', { action_id: 'x'.repeat(256) }))],
    '/blocks/0/elements/0/action_id',
  ],
  // buttons
  ['refuses a button text over 75 characters', [actions(button('x'.repeat(76)))], '/blocks/0/elements/0/text/text'],
  [
    'refuses a mrkdwn button text',
    [actions({ type: 'button', text: md('Go'), action_id: 'g' })],
    '/blocks/0/elements/0/text/type',
  ],
  [
    'refuses a button value over 2000 characters',
    [actions(button('A', { value: 'x'.repeat(2001) }))],
    '/blocks/0/elements/0/value',
  ],
  ['refuses a button url that is not a URL', [actions(button('A', { url: 'not a url' }))], '/blocks/0/elements/0/url'],
  [
    'refuses a button url over 3000 characters',
    [actions(button('A', { url: `https://x.test/${'a'.repeat(3000)}` }))],
    '/blocks/0/elements/0/url',
  ],
  [
    'refuses a button style other than primary or danger',
    [actions(button('A', { style: 'secondary' }))],
    '/blocks/0/elements/0/style',
  ],
  [
    'accepts a danger button with a confirm dialog',
    [
      actions(
        button('Delete', {
          style: 'danger',
          confirm: { title: plain('Sure?'), text: md('Really'), confirm: plain('Yes'), deny: plain('No') },
        }),
      ),
    ],
    null,
  ],
  [
    'refuses a confirm dialog without deny',
    [actions(button('Delete', { confirm: { title: plain('Sure?'), text: md('Really'), confirm: plain('Yes') } }))],
    '/blocks/0/elements/0/confirm',
    'deny',
  ],
  ['refuses an unknown button property', [actions(button('A', { colour: 'red' }))], '/blocks/0/elements/0/colour'],
  // selects
  [
    'accepts a static select whose initial option is one of its options',
    [
      actions({
        type: 'static_select',
        action_id: 's',
        placeholder: plain('Pick'),
        options: [opt('A'), opt('B')],
        initial_option: opt('B'),
      }),
    ],
    null,
  ],
  [
    'refuses an initial option that is not an option',
    [actions({ type: 'static_select', action_id: 's', options: [opt('A')], initial_option: opt('Z') })],
    '/blocks/0/elements/0/initial_option',
  ],
  [
    'refuses 101 options',
    [actions({ type: 'static_select', action_id: 's', options: times(101, (i) => opt(`o${i}`)) })],
    '/blocks/0/elements/0/options',
  ],
  [
    'refuses options and option groups together',
    [
      actions({
        type: 'static_select',
        action_id: 's',
        options: [opt('A')],
        option_groups: [{ label: plain('G'), options: [opt('B')] }],
      }),
    ],
    '/blocks/0/elements/0',
    'exactly one',
  ],
  [
    'refuses a select with no options',
    [actions({ type: 'static_select', action_id: 's' })],
    '/blocks/0/elements/0',
    'exactly one',
  ],
  [
    'refuses an option group label over 75 characters',
    [
      actions({
        type: 'static_select',
        action_id: 's',
        option_groups: [{ label: plain('x'.repeat(76)), options: [opt('A')] }],
      }),
    ],
    '/blocks/0/elements/0/option_groups/0/label/text',
  ],
  [
    'refuses an option text over 75 characters',
    [actions({ type: 'static_select', action_id: 's', options: [opt('x'.repeat(76), 'v')] })],
    '/blocks/0/elements/0/options/0/text/text',
  ],
  [
    'refuses an option without value',
    [actions({ type: 'static_select', action_id: 's', options: [{ text: plain('A') }] })],
    '/blocks/0/elements/0/options/0',
    'value',
  ],
  [
    'refuses an option value over 150 characters',
    [actions({ type: 'static_select', action_id: 's', options: [opt('A', 'v'.repeat(151))] })],
    '/blocks/0/elements/0/options/0/value',
  ],
  [
    'refuses a mrkdwn option in a select',
    [actions({ type: 'static_select', action_id: 's', options: [{ text: md('A'), value: 'a' }] })],
    '/blocks/0/elements/0/options/0/text/type',
  ],
  [
    'refuses a url on a select option',
    [actions({ type: 'static_select', action_id: 's', options: [{ ...opt('A'), url: 'https://x.test' }] })],
    '/blocks/0/elements/0/options/0/url',
  ],
  [
    'refuses a placeholder over 150 characters',
    [actions({ type: 'static_select', action_id: 's', options: [opt('A')], placeholder: plain('x'.repeat(151)) })],
    '/blocks/0/elements/0/placeholder/text',
  ],
  // overflow
  [
    'accepts an overflow with url options',
    [actions({ type: 'overflow', action_id: 'o', options: [opt('A'), { ...opt('Open'), url: 'https://x.test' }] })],
    null,
  ],
  [
    'refuses an overflow with one option',
    [actions({ type: 'overflow', action_id: 'o', options: [opt('A')] })],
    '/blocks/0/elements/0/options',
  ],
  [
    'refuses an overflow with six options',
    [actions({ type: 'overflow', action_id: 'o', options: times(6, (i) => opt(`o${i}`)) })],
    '/blocks/0/elements/0/options',
  ],
  // checkboxes / radios
  [
    'accepts mrkdwn checkbox options',
    [actions({ type: 'checkboxes', action_id: 'c', options: [{ text: md('*A*'), value: 'a' }] })],
    null,
  ],
  [
    'refuses 11 checkbox options',
    [actions({ type: 'checkboxes', action_id: 'c', options: times(11, (i) => opt(`o${i}`)) })],
    '/blocks/0/elements/0/options',
  ],
  [
    'refuses a radio initial option that is not an option',
    [actions({ type: 'radio_buttons', action_id: 'r', options: [opt('A')], initial_option: opt('B') })],
    '/blocks/0/elements/0/initial_option',
  ],
  // image
  [
    'accepts an image block',
    [{ type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a', title: plain('t') }],
    null,
  ],
  [
    'refuses an image without alt_text',
    [{ type: 'image', image_url: 'https://x.test/a.png' }],
    '/blocks/0',
    'alt_text',
  ],
  ['refuses an image without a source', [{ type: 'image', alt_text: 'a' }], '/blocks/0', 'image_url or slack_file'],
  [
    'refuses a mrkdwn image title',
    [{ type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a', title: md('t') }],
    '/blocks/0/title/type',
  ],
  // unknowns
  ['refuses an unknown block type', [{ type: 'carousel' }], '/blocks/0/type'],
  ['refuses an unknown block property', [{ ...section('a'), colour: 'red' }], '/blocks/0/colour'],
  ['accepts a divider', [{ type: 'divider' }], null],
];

const inputCases: Case[] = [
  [
    'accepts a plain-text input',
    [input({ type: 'plain_text_input', action_id: 'v', multiline: true, max_length: 3000 })],
    null,
  ],
  [
    'refuses an input without label',
    [{ type: 'input', element: { type: 'plain_text_input' } }],
    '/view/blocks/0',
    'label',
  ],
  ['refuses an input without element', [{ type: 'input', label: plain('L') }], '/view/blocks/0', 'element'],
  ['refuses a mrkdwn label', [input({ type: 'plain_text_input' }, { label: md('L') })], '/view/blocks/0/label/type'],
  [
    'refuses a label over 2000 characters',
    [input({ type: 'plain_text_input' }, { label: plain('x'.repeat(2001)) })],
    '/view/blocks/0/label/text',
  ],
  [
    'refuses a hint over 2000 characters',
    [input({ type: 'plain_text_input' }, { hint: plain('x'.repeat(2001)) })],
    '/view/blocks/0/hint/text',
  ],
  ['refuses a button in an input', [input(button('Go'))], '/view/blocks/0/element/type', 'not allowed here'],
  [
    'refuses an overflow in an input',
    [input({ type: 'overflow', options: [opt('A'), opt('B')] })],
    '/view/blocks/0/element/type',
  ],
  [
    'refuses max_length over 3000',
    [input({ type: 'plain_text_input', max_length: 3001 })],
    '/view/blocks/0/element/max_length',
  ],
  [
    'refuses a negative min_length',
    [input({ type: 'plain_text_input', min_length: -1 })],
    '/view/blocks/0/element/min_length',
  ],
  [
    'refuses a number input without is_decimal_allowed',
    [input({ type: 'number_input' })],
    '/view/blocks/0/element',
    'is_decimal_allowed',
  ],
  [
    'refuses a decimal initial value when decimals are not allowed',
    [input({ type: 'number_input', is_decimal_allowed: false, initial_value: '1.5' })],
    '/view/blocks/0/element/initial_value',
  ],
  [
    'refuses an invalid initial date',
    [input({ type: 'datepicker', initial_date: '12/31/2025' })],
    '/view/blocks/0/element/initial_date',
  ],
  [
    'accepts a multi-users select with initial users',
    [input({ type: 'multi_users_select', initial_users: ['U1'], max_selected_items: 5 })],
    null,
  ],
];

function problemsOf(blocks: unknown[], surface: 'message' | 'modal') {
  if (surface === 'message') return validateMessageBlocks(blocks);
  return validateView({ type: 'modal', title: plain('T'), submit: plain('Save'), blocks });
}

describe('Block Kit validation', () => {
  it.each(messageCases)('%s (message)', (_name, blocks, at, part) => {
    const problems = problemsOf(blocks, 'message');
    if (at === null) {
      expect(problems).toEqual([]);
      return;
    }
    expect(problems.map((p) => p.pointer)).toContain(at);
    if (part) expect(problems.find((p) => p.pointer === at)?.message).toContain(part);
  });

  it.each(inputCases)('%s (modal)', (_name, blocks, at, part) => {
    const problems = problemsOf(blocks, 'modal');
    if (at === null) {
      expect(problems).toEqual([]);
      return;
    }
    expect(problems.map((p) => p.pointer)).toContain(at);
    if (part) expect(problems.find((p) => p.pointer === at)?.message).toContain(part);
  });

  it('refuses blocks that are not a list', () => {
    expect(validateMessageBlocks({ type: 'section' })).toEqual([{ pointer: '/blocks', message: 'must be an array' }]);
  });

  it('formats problems as Slack does, one [ERROR] line with a JSON pointer each', () => {
    expect(formatProblems(validateMessageBlocks([section('')]))).toEqual([
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('checks the blocks of every attachment', () => {
    const problems = validateAttachments([{ color: '#f00', blocks: [section('')] }]);
    expect(problems.map((p) => p.pointer)).toEqual(['/attachments/0/blocks/0/text/text']);
  });
});

describe('view validation', () => {
  const modal = (extra: Record<string, unknown> = {}) => ({
    type: 'modal',
    title: plain('Create issue'),
    blocks: [],
    ...extra,
  });
  const pointers = (v: unknown, expected?: 'home' | 'modal') => validateView(v, expected).map((p) => p.pointer);

  it.each<[string, unknown, string | null]>([
    ['accepts a minimal modal', modal(), null],
    ['accepts 100 blocks in a modal', modal({ blocks: times(100, (i) => section(`s${i}`)) }), null],
    ['refuses 101 blocks in a modal', modal({ blocks: times(101, (i) => section(`s${i}`)) }), '/view/blocks'],
    ['refuses a modal without title', { type: 'modal', blocks: [] }, '/view'],
    ['refuses a title over 24 characters', modal({ title: plain('x'.repeat(25)) }), '/view/title/text'],
    ['refuses a mrkdwn title', modal({ title: md('T') }), '/view/title/type'],
    ['refuses a submit over 24 characters', modal({ submit: plain('x'.repeat(25)) }), '/view/submit/text'],
    ['refuses a close over 24 characters', modal({ close: plain('x'.repeat(25)) }), '/view/close/text'],
    [
      'refuses private_metadata over 3000 characters',
      modal({ private_metadata: 'x'.repeat(3001) }),
      '/view/private_metadata',
    ],
    ['refuses a callback_id over 255 characters', modal({ callback_id: 'x'.repeat(256) }), '/view/callback_id'],
    ['refuses an external_id over 255 characters', modal({ external_id: 'x'.repeat(256) }), '/view/external_id'],
    ['refuses input blocks without submit', modal({ blocks: [input({ type: 'plain_text_input' })] }), '/view'],
    ['refuses an unknown top-level property', modal({ colour: 'red' }), '/view/colour'],
    ['refuses a view without blocks', { type: 'modal', title: plain('T') }, '/view'],
    ['refuses an unknown view type', { type: 'workflow_step', blocks: [] }, '/view/type'],
    ['accepts a home tab', { type: 'home', blocks: [section('Connection status')] }, null],
    ['refuses a title on a home tab', { type: 'home', title: plain('Home'), blocks: [] }, '/view/title'],
    [
      'refuses a file input on a home tab',
      { type: 'home', blocks: [input({ type: 'file_input' })] },
      '/view/blocks/0/element/type',
    ],
  ])('%s', (_name, view, at) => {
    const got = pointers(view);
    if (at === null) expect(got).toEqual([]);
    else expect(got).toContain(at);
  });

  it('refuses a modal where the method takes a home tab, and the other way round', () => {
    expect(pointers(modal(), 'home')).toContain('/view/type');
    expect(pointers({ type: 'home', blocks: [] }, 'modal')).toContain('/view/type');
  });

  it('allows the same block_id in two different views', () => {
    const blocks = [{ ...section('a'), block_id: 'x' }];
    expect(validateView(modal({ blocks }))).toEqual([]);
    expect(validateView(modal({ blocks }))).toEqual([]);
  });
});

describe('unfurl validation', () => {
  it('accepts an object keyed by URL whose attachments carry valid blocks', () => {
    expect(validateUnfurls({ 'https://jira.test/browse/A-1': { blocks: [section('A-1')] } })).toEqual([]);
  });

  it('refuses unfurls that are not an object keyed by URL', () => {
    expect(validateUnfurls([{ blocks: [] }]).map((p) => p.pointer)).toEqual(['/unfurls']);
  });

  it('refuses invalid blocks inside an unfurl, pointing at the URL key', () => {
    const problems = validateUnfurls({ 'https://jira.test/browse/A-1': { blocks: [section('')] } });
    expect(problems.map((p) => p.pointer)).toEqual(['/unfurls/https:~1~1jira.test~1browse~1A-1/blocks/0/text/text']);
  });

  it('caps an unfurl at a message’s 50 blocks', () => {
    const problems = validateUnfurls({ 'https://jira.test/x': { blocks: times(51, (i) => section(`s${i}`)) } });
    expect(problems.map((p) => p.pointer)).toEqual(['/unfurls/https:~1~1jira.test~1x/blocks']);
  });
});
