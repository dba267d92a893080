import { describe, expect, it } from 'vitest';
import {
  type AdfDoc,
  type AdfNode,
  adfToMrkdwn,
  adfToPlainText,
  mrkdwnToAdf,
  plainTextToAdf,
} from '../../../src/jira/adf.js';

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, ...marks: (string | { type: string; attrs?: Record<string, unknown> })[]) => ({
  type: 'text',
  text,
  ...(marks.length > 0 ? { marks: marks.map((m) => (typeof m === 'string' ? { type: m } : m)) } : {}),
});
const a = (href: string) => ({ type: 'link', attrs: { href } });
const li = (...content: unknown[]) => ({ type: 'listItem', content });

// Slack control sequences that must never come out of Jira content.
const PING = /<[!@#]/;

describe('adfToMrkdwn', () => {
  it('renders every node type Jira uses', () => {
    const everything = doc(
      { type: 'heading', attrs: { level: 1 }, content: [t('Release '), t('plan', 'strong')] },
      p(
        t('Plain, '),
        t('bold', 'strong'),
        t(', '),
        t('italic', 'em'),
        t(', '),
        t('struck', 'strike'),
        t(', '),
        t('code', 'code'),
        t(', '),
        t('underlined', 'underline'),
        t(', '),
        t('2', { type: 'subsup', attrs: { type: 'sup' } }),
        t(', '),
        t('red', { type: 'textColor', attrs: { color: '#ff0000' } }),
        t(' and '),
        t('a link', a('https://example.com/a?b=1&c=2')),
        { type: 'hardBreak' },
        { type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Ada Lovelace' } },
        t(' '),
        { type: 'emoji', attrs: { shortName: ':tada:', text: '🎉' } },
        t(' '),
        { type: 'status', attrs: { text: 'In progress', color: 'blue' } },
        t(' due '),
        { type: 'date', attrs: { timestamp: '1767225600000' } },
        t(' see '),
        { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/ALPHA-1' } },
      ),
      {
        type: 'bulletList',
        content: [
          li(p(t('one'))),
          li(p(t('two')), {
            type: 'bulletList',
            content: [li(p(t('nested')), { type: 'orderedList', content: [li(p(t('deep')))] })],
          }),
        ],
      },
      { type: 'orderedList', attrs: { order: 3 }, content: [li(p(t('third'))), li(p(t('fourth')))] },
      { type: 'codeBlock', attrs: { language: 'ts' }, content: [t('if (a < b && c) {\n  return;\n}')] },
      { type: 'blockquote', content: [p(t('quoted')), p(t('twice'))] },
      { type: 'rule' },
      { type: 'panel', attrs: { panelType: 'info' }, content: [p(t('Heads up'))] },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableHeader', content: [p(t('Name'))] },
              { type: 'tableHeader', content: [p(t('Role'))] },
            ],
          },
          {
            type: 'tableRow',
            content: [
              { type: 'tableCell', content: [p(t('Ada'))] },
              { type: 'tableCell', content: [p(t('Eng'))] },
            ],
          },
        ],
      },
      {
        type: 'mediaSingle',
        content: [{ type: 'media', attrs: { id: 'abc', type: 'file', collection: 'x', alt: 'screenshot.png' } }],
      },
      { type: 'expand', attrs: { title: 'Details' }, content: [p(t('hidden'))] },
      {
        type: 'taskList',
        attrs: { localId: 'l' },
        content: [
          { type: 'taskItem', attrs: { localId: '1', state: 'DONE' }, content: [t('done thing')] },
          { type: 'taskItem', attrs: { localId: '2', state: 'TODO' }, content: [t('open thing')] },
        ],
      },
      {
        type: 'decisionList',
        content: [{ type: 'decisionItem', attrs: { state: 'DECIDED' }, content: [t('ship it')] }],
      },
      { type: 'blockCard', attrs: { url: 'https://example.com/card' } },
      { type: 'somethingNew', content: [p(t('future text'))] },
    );
    expect(adfToMrkdwn(everything)).toMatchInlineSnapshot(`
      "*Release plan*

      Plain, *bold*, _italic_, ~struck~, \`code\`, underlined, 2, red and <https://example.com/a?b=1&amp;c=2|a link>
      @Ada Lovelace :tada: \`In progress\` due 2026-01-01 see <https://acme.atlassian.net/browse/ALPHA-1>

      • one
      • two
          ◦ nested
              1. deep

      3. third
      4. fourth

      \`\`\`
      if (a &lt; b &amp;&amp; c) {
        return;
      }
      \`\`\`

      > quoted
      >
      > twice

      ———

      > Heads up

      *Name* | *Role*
      Ada | Eng

      :paperclip: screenshot.png

      *Details*
      hidden

      ☑ done thing
      ☐ open thing

      ◆ ship it

      <https://example.com/card>

      future text"
    `);
  });

  it('keeps one bold span across sibling text nodes', () => {
    expect(adfToMrkdwn(doc(p(t('Hello ', 'strong'), t('world', 'strong', 'em'), t('!'))))).toBe('*Hello _world_*!');
  });

  it('keeps whitespace outside the markers, where Slack needs it', () => {
    expect(adfToMrkdwn(doc(p(t('a'), t(' b ', 'strong'), t('c'))))).toBe('a *b* c');
  });

  it('joins a link split across nodes into one link', () => {
    const href = 'https://example.com';
    expect(adfToMrkdwn(doc(p(t('read ', a(href)), t('this', a(href), 'strong'), t(' now'))))).toBe(
      '<https://example.com|read this> now',
    );
  });

  it.each(['javascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:x', ' javascript:x'])(
    'shows a %s href as plain text, not a link',
    (href) => {
      expect(adfToMrkdwn(doc(p(t('click <me>', a(href)))))).toBe('click &lt;me&gt;');
    },
  );

  it('renders a mention as @Name text, never as a Slack mention', () => {
    const mention = { type: 'mention', attrs: { id: 'U012AB3CD', text: '@Ada' } };
    expect(adfToMrkdwn(doc(p(mention)))).toBe('@Ada');
    expect(adfToMrkdwn(doc(p(mention)), { mentionName: () => 'Ada Lovelace' })).toBe('@Ada Lovelace');
    expect(adfToMrkdwn(doc(p({ type: 'mention', attrs: { id: 'x' } })))).toBe('@someone');
  });

  it('renders an emoji by its short name', () => {
    expect(adfToMrkdwn(doc(p({ type: 'emoji', attrs: { shortName: ':thumbsup::skin-tone-2:', text: '👍🏽' } })))).toBe(
      ':thumbsup::skin-tone-2:',
    );
    expect(adfToMrkdwn(doc(p({ type: 'emoji', attrs: { shortName: '<!here>', text: '😀' } })))).toBe('😀');
  });

  it('defuses a ``` inside a code block so it cannot end the block early', () => {
    const out = adfToMrkdwn(doc({ type: 'codeBlock', content: [t('a\n```\n<!channel>')] }));
    expect(out.match(/```/g)).toHaveLength(2);
    expect(out).not.toMatch(PING);
  });

  it('renders a heading as a bold line without doubling its own bold', () => {
    expect(adfToMrkdwn(doc({ type: 'heading', attrs: { level: 2 }, content: [t('All '), t('bold', 'strong')] }))).toBe(
      '*All bold*',
    );
  });

  it('falls back to the text of nodes it does not know', () => {
    expect(
      adfToMrkdwn(doc({ type: 'layoutSection', content: [{ type: 'layoutColumn', content: [p(t('in a column'))] }] })),
    ).toBe('in a column');
    expect(adfToMrkdwn(doc(p(t('before '), { type: 'inlineThing', content: [t('inside')] }, t(' after'))))).toBe(
      'before inside after',
    );
  });

  it('trims to maxLength on a safe boundary', () => {
    const long = doc(
      ...Array.from({ length: 200 }, (_, i) =>
        p(t(`Paragraph ${i} with a `), t('link', a(`https://example.com/${i}`)), t(' & more')),
      ),
    );
    for (const max of [50, 99, 500, 2900]) {
      const out = adfToMrkdwn(long, { maxLength: max });
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith('…')).toBe(true);
      expect(out.lastIndexOf('<')).toBeLessThan(out.lastIndexOf('>') + 1);
      expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    }
    expect(adfToMrkdwn(long).length).toBeLessThanOrEqual(2900);
  });

  it('closes a code block that the trim cuts through', () => {
    const out = adfToMrkdwn(doc({ type: 'codeBlock', content: [t('x\n'.repeat(500))] }), { maxLength: 100 });
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.match(/```/g)).toHaveLength(2);
  });

  it.each([
    null,
    undefined,
    42,
    true,
    [],
    [1, 2],
    {},
    { type: 5 },
    { type: 'doc', content: 'nope' },
    { type: 'doc', content: [null, 1, 'x', [], { type: 'text', text: 7 }] },
  ])('returns text without throwing for malformed input %j', (input) => {
    expect(typeof adfToMrkdwn(input)).toBe('string');
    expect(typeof adfToPlainText(input)).toBe('string');
  });

  it('escapes a string passed instead of a document', () => {
    expect(adfToMrkdwn('a <!channel> b')).toBe('a &lt;!channel&gt; b');
  });

  it('survives 10,000 levels of nesting and keeps the words', () => {
    let node: AdfNode = { type: 'paragraph', content: [{ type: 'text', text: 'bottom <!here>' }] };
    for (let i = 0; i < 10_000; i++) {
      node =
        i % 2
          ? { type: 'blockquote', content: [node] }
          : { type: 'bulletList', content: [{ type: 'listItem', content: [node] }] };
    }
    const out = adfToMrkdwn(doc(node));
    expect(out).toContain('bottom &lt;!here&gt;');
    expect(out).not.toMatch(PING);
    expect(adfToPlainText(doc(node))).toContain('bottom <!here>');
  });

  it('survives a million-node array in bounded time', () => {
    const started = Date.now();
    const huge = {
      type: 'doc',
      content: [{ type: 'paragraph', content: Array.from({ length: 1_000_000 }, () => t('x ')) }],
    };
    const empty = { type: 'doc', content: Array.from({ length: 1_000_000 }, () => ({})) };
    expect(adfToMrkdwn(huge).length).toBeLessThanOrEqual(2900);
    expect(adfToMrkdwn(empty)).toBe('');
    expect(adfToPlainText(huge).length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('never lets Jira text ping a channel or a user, wherever it sits', () => {
    const evil = '<!channel> <!here> <@U012AB3CD> <#C1|x> <!subteam^S1>';
    const hostile = doc(
      p(t(evil), t(evil, 'strong'), t(evil, 'code'), t(evil, a('https://example.com'))),
      p(
        { type: 'mention', attrs: { id: 'U1', text: evil } },
        { type: 'emoji', attrs: { shortName: evil, text: evil } },
      ),
      p(
        { type: 'status', attrs: { text: evil } },
        { type: 'inlineCard', attrs: { data: { name: evil, url: 'javascript:x' } } },
      ),
      { type: 'heading', content: [t(evil)] },
      { type: 'codeBlock', content: [t(evil)] },
      { type: 'expand', attrs: { title: evil }, content: [p(t(evil))] },
      {
        type: 'mediaSingle',
        content: [{ type: 'media', attrs: { type: 'external', url: `https://x.y/${evil}`, alt: evil } }],
      },
      { type: 'unknownLeaf', attrs: { text: evil } },
    );
    const out = adfToMrkdwn(hostile, { mentionName: () => evil });
    expect(out).not.toMatch(PING);
    expect(out).toContain('&lt;!channel&gt;');
  });

  it('never throws, overflows or pings on random documents', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const types = [
      'doc',
      'paragraph',
      'text',
      'heading',
      'bulletList',
      'orderedList',
      'listItem',
      'codeBlock',
      'blockquote',
      'mention',
      'emoji',
      'table',
      'tableRow',
      'tableCell',
      'panel',
      'hardBreak',
      'status',
      'date',
      'inlineCard',
      'bogus',
    ];
    const texts = ['<!channel>', '&', '<@U1>', 'a*b', '```', '\n', '😀', '', 'x'.repeat(500)];
    const markTypes = ['strong', 'em', 'strike', 'code', 'link', 'underline', 'nonsense'];
    const gen = (depth: number): unknown => {
      if (rand(10) === 0) return [null, 1, 'str', [], {}][rand(5)];
      const type = types[rand(types.length)]!;
      const node: Record<string, unknown> = { type };
      if (rand(2)) node.text = texts[rand(texts.length)];
      if (rand(3) === 0)
        node.attrs = {
          text: texts[rand(texts.length)],
          shortName: texts[rand(texts.length)],
          url: 'https://x',
          order: rand(5),
          timestamp: String(rand(1e9)),
        };
      if (rand(2))
        node.marks = Array.from({ length: rand(4) }, () => ({
          type: markTypes[rand(markTypes.length)],
          attrs: { href: ['https://a.b', 'javascript:x', 7][rand(3)] },
        }));
      if (depth < 8 && rand(3)) node.content = Array.from({ length: rand(6) }, () => gen(depth + 1));
      return node;
    };
    for (let i = 0; i < 500; i++) {
      const input = gen(0);
      const max = 20 + rand(400);
      const out = adfToMrkdwn(input, { maxLength: max });
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(PING);
      adfToPlainText(input);
    }
  });
});

describe('adfToPlainText', () => {
  it('gives the words without formatting, one block per line', () => {
    const d = doc(
      { type: 'heading', content: [t('Title')] },
      p(t('Hello ', 'strong'), { type: 'mention', attrs: { id: '1', text: '@Ada' } }, t('!')),
      { type: 'bulletList', content: [li(p(t('one'))), li(p(t('two')))] },
    );
    expect(adfToPlainText(d)).toBe('Title\nHello @Ada!\none\ntwo');
    expect(adfToPlainText(d, { maxLength: 8 })).toBe('Title\nH…');
  });
});

// Structural checks from the ADF schema that Jira enforces on write.
function expectValidAdf(d: AdfDoc): void {
  expect(d.type).toBe('doc');
  expect(d.version).toBe(1);
  const walk = (n: AdfNode, parent: string): void => {
    expect(typeof n.type).toBe('string');
    if (n.type === 'text') {
      expect(n.text?.length).toBeGreaterThan(0);
      const marks = (n.marks ?? []).map((m) => m.type);
      if (marks.includes('code')) expect(marks.every((m) => m === 'code' || m === 'link')).toBe(true);
      expect(new Set(marks).size).toBe(marks.length);
      for (const m of n.marks ?? []) if (m.type === 'link') expect(String(m.attrs?.href)).toMatch(/^(https?:|mailto:)/);
    }
    if (n.type === 'listItem') expect(n.content?.[0]?.type).toBe('paragraph');
    if (n.type === 'bulletList' || n.type === 'orderedList') {
      expect(n.content?.length).toBeGreaterThan(0);
      for (const c of n.content ?? []) expect(c.type).toBe('listItem');
    }
    if (n.type === 'blockquote') {
      expect(parent).not.toBe('blockquote');
      for (const c of n.content ?? [])
        expect(['paragraph', 'bulletList', 'orderedList', 'codeBlock']).toContain(c.type);
    }
    if (n.type === 'codeBlock') for (const c of n.content ?? []) expect(c.marks).toBeUndefined();
    if (n.type === 'paragraph')
      for (const c of n.content ?? []) expect(['text', 'hardBreak', 'mention', 'emoji']).toContain(c.type);
    for (const c of n.content ?? []) walk(c, n.type);
  };
  for (const c of d.content) walk(c, 'doc');
}

describe('mrkdwnToAdf', () => {
  const users: Record<string, { accountId: string; displayName: string }> = {
    U123: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Ada Lovelace' },
  };
  const opts = { mentionAccountId: (id: string) => users[id] };

  it('converts formatting, links, mentions and emoji into ADF', () => {
    const d = mrkdwnToAdf('*Bold* _it_ ~gone~ `x<y` <https://a.b/?q=1&amp;r=2|site> <@U123> <@U999|bob> :tada:', opts);
    expectValidAdf(d);
    expect(d).toMatchInlineSnapshot(`
      {
        "content": [
          {
            "content": [
              {
                "marks": [
                  {
                    "type": "strong",
                  },
                ],
                "text": "Bold",
                "type": "text",
              },
              {
                "text": " ",
                "type": "text",
              },
              {
                "marks": [
                  {
                    "type": "em",
                  },
                ],
                "text": "it",
                "type": "text",
              },
              {
                "text": " ",
                "type": "text",
              },
              {
                "marks": [
                  {
                    "type": "strike",
                  },
                ],
                "text": "gone",
                "type": "text",
              },
              {
                "text": " ",
                "type": "text",
              },
              {
                "marks": [
                  {
                    "type": "code",
                  },
                ],
                "text": "x<y",
                "type": "text",
              },
              {
                "text": " ",
                "type": "text",
              },
              {
                "marks": [
                  {
                    "attrs": {
                      "href": "https://a.b/?q=1&r=2",
                    },
                    "type": "link",
                  },
                ],
                "text": "site",
                "type": "text",
              },
              {
                "text": " ",
                "type": "text",
              },
              {
                "attrs": {
                  "id": "5b10ac8d82e05b22cc7d4ef5",
                  "text": "@Ada Lovelace",
                },
                "type": "mention",
              },
              {
                "text": " @bob ",
                "type": "text",
              },
              {
                "attrs": {
                  "shortName": ":tada:",
                  "text": ":tada:",
                },
                "type": "emoji",
              },
            ],
            "type": "paragraph",
          },
        ],
        "type": "doc",
        "version": 1,
      }
    `);
  });

  it('converts quotes, lists and code blocks', () => {
    const d = mrkdwnToAdf(
      'Intro line\nsecond line\n\n&gt; quoted\n&gt; • inside\n\n• one\n• two\n    ◦ nested\n1. first\n2. second\n```\nconst a = "<b>";\n```',
    );
    expectValidAdf(d);
    expect(d).toMatchInlineSnapshot(`
      {
        "content": [
          {
            "content": [
              {
                "text": "Intro line",
                "type": "text",
              },
              {
                "type": "hardBreak",
              },
              {
                "text": "second line",
                "type": "text",
              },
            ],
            "type": "paragraph",
          },
          {
            "content": [
              {
                "content": [
                  {
                    "text": "quoted",
                    "type": "text",
                  },
                ],
                "type": "paragraph",
              },
              {
                "content": [
                  {
                    "content": [
                      {
                        "content": [
                          {
                            "text": "inside",
                            "type": "text",
                          },
                        ],
                        "type": "paragraph",
                      },
                    ],
                    "type": "listItem",
                  },
                ],
                "type": "bulletList",
              },
            ],
            "type": "blockquote",
          },
          {
            "content": [
              {
                "content": [
                  {
                    "content": [
                      {
                        "text": "one",
                        "type": "text",
                      },
                    ],
                    "type": "paragraph",
                  },
                ],
                "type": "listItem",
              },
              {
                "content": [
                  {
                    "content": [
                      {
                        "text": "two",
                        "type": "text",
                      },
                    ],
                    "type": "paragraph",
                  },
                  {
                    "content": [
                      {
                        "content": [
                          {
                            "content": [
                              {
                                "text": "nested",
                                "type": "text",
                              },
                            ],
                            "type": "paragraph",
                          },
                        ],
                        "type": "listItem",
                      },
                    ],
                    "type": "bulletList",
                  },
                ],
                "type": "listItem",
              },
            ],
            "type": "bulletList",
          },
          {
            "content": [
              {
                "content": [
                  {
                    "content": [
                      {
                        "text": "first",
                        "type": "text",
                      },
                    ],
                    "type": "paragraph",
                  },
                ],
                "type": "listItem",
              },
              {
                "content": [
                  {
                    "content": [
                      {
                        "text": "second",
                        "type": "text",
                      },
                    ],
                    "type": "paragraph",
                  },
                ],
                "type": "listItem",
              },
            ],
            "type": "orderedList",
          },
          {
            "content": [
              {
                "text": "const a = "<b>";",
                "type": "text",
              },
            ],
            "type": "codeBlock",
          },
        ],
        "type": "doc",
        "version": 1,
      }
    `);
  });

  it('keeps a mention of an unlinked Slack user as plain text', () => {
    expect(adfToMrkdwn(mrkdwnToAdf('ping <@U999> and <@W42|grace>'))).toBe('ping @U999 and @grace');
  });

  it('turns channel and group mentions into text, never into Jira mentions', () => {
    const d = mrkdwnToAdf('<#C123|general> <!channel> <!here> <!subteam^S1|@ops> <!date^1392734382^{date}|Feb 18>');
    expectValidAdf(d);
    expect(adfToPlainText(d)).toBe('#general @channel @here @ops Feb 18');
  });

  it('keeps unmatched or mid-word markers as literal text', () => {
    for (const s of ['2*3*4', 'snake_case_name', '* not bold', 'a ~ b', 'price: 5*', '*unclosed', 'time 10:30:45']) {
      const d = mrkdwnToAdf(s);
      expectValidAdf(d);
      expect(adfToPlainText(d)).toBe(s.startsWith('* ') ? 'not bold' : s);
    }
  });

  it('does not link a javascript: URL', () => {
    const d = mrkdwnToAdf('<javascript:alert(1)|click>');
    expectValidAdf(d);
    expect(JSON.stringify(d)).not.toContain('link');
    expect(adfToPlainText(d)).toBe('click');
  });

  it('keeps a raw < from a plain-text input as text', () => {
    const d = mrkdwnToAdf('if a < b and c > d');
    expect(adfToPlainText(d)).toBe('if a < b and c > d');
  });

  it('gives a valid empty document for empty input', () => {
    expect(mrkdwnToAdf('')).toEqual({ type: 'doc', version: 1, content: [] });
    expect(mrkdwnToAdf(undefined as unknown as string)).toEqual({ type: 'doc', version: 1, content: [] });
  });

  it('parses hostile input in bounded time and returns valid ADF', () => {
    const started = Date.now();
    for (const s of [
      '*a '.repeat(15_000),
      '<'.repeat(40_000),
      '`'.repeat(40_000),
      ':a'.repeat(20_000),
      `${'    '.repeat(500)}• deep\n`.repeat(50),
      '&gt; '.repeat(10_000),
    ]) {
      expectValidAdf(mrkdwnToAdf(s));
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('round trip: adfToMrkdwn(mrkdwnToAdf(x))', () => {
  const mentionAccountId = (id: string) =>
    id === 'U123' ? { accountId: 'acc-1', displayName: 'Ada Lovelace' } : undefined;
  it.each([
    ['bold', '*bold* text'],
    ['italic', 'some _italic_ text'],
    ['strike', '~gone~'],
    ['inline code', 'run `npm test` now'],
    ['nested emphasis', '*bold _both_ end* plain'],
    ['code block', '```\nconst a = 1;\nif (a &lt; 2) {}\n```'],
    ['bullet list', '• one\n• two\n    ◦ nested\n        ▪ deeper\n• three'],
    ['ordered list', '1. one\n2. two\n    1. sub'],
    ['labelled link', 'see <https://example.com/a?b=1&amp;c=2|Example>'],
    ['bare link', '<https://example.com>'],
    ['mailto link', '<mailto:ada@example.com|Ada>'],
    ['emoji', 'nice :tada: :thumbsup::skin-tone-2:'],
    ['entities', 'a &amp; b &lt;c&gt;'],
    ['paragraphs and line breaks', 'para one\nline two\n\npara two'],
  ])('keeps %s', (_name, text) => {
    expect(adfToMrkdwn(mrkdwnToAdf(text, { mentionAccountId }))).toBe(text);
  });

  it('turns a linked user mention into their Jira name', () => {
    const d = mrkdwnToAdf('thanks <@U123>!', { mentionAccountId });
    expect(d.content[0]?.content?.[1]).toEqual({ type: 'mention', attrs: { id: 'acc-1', text: '@Ada Lovelace' } });
    expect(adfToMrkdwn(d)).toBe('thanks @Ada Lovelace!');
  });

  it('writes a Slack quote back as a quote', () => {
    expect(adfToMrkdwn(mrkdwnToAdf('&gt; quoted\n&gt; more'))).toBe('> quoted\n> more');
  });
});

describe('plainTextToAdf', () => {
  it('interprets no markup and keeps line breaks', () => {
    const d = plainTextToAdf('*not bold* <@U1>\nnext\n\nsecond');
    expectValidAdf(d);
    expect(d.content).toEqual([
      {
        type: 'paragraph',
        content: [{ type: 'text', text: '*not bold* <@U1>' }, { type: 'hardBreak' }, { type: 'text', text: 'next' }],
      },
      { type: 'paragraph', content: [{ type: 'text', text: 'second' }] },
    ]);
  });
});
