import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wikiMentions, wikiToMrkdwn } from '../../../src/jira/wiki.js';

// test/unit/markup → /work/main → /work, where shared/ sits beside the repo.
const WEBHOOKS = new URL('../../../../shared/reference/jira/webhooks/', import.meta.url);

interface Captured {
  file: string;
  field: string;
  body: string;
}

function capturedBodies(): Captured[] {
  const out: Captured[] = [];
  for (const file of readdirSync(WEBHOOKS)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const payload = JSON.parse(readFileSync(new URL(file, WEBHOOKS), 'utf8')) as {
      comment?: { body?: unknown };
      issue?: { fields?: { description?: unknown } };
    };
    if (typeof payload.comment?.body === 'string')
      out.push({ file, field: 'comment.body', body: payload.comment.body });
    const description = payload.issue?.fields?.description;
    if (typeof description === 'string') out.push({ file, field: 'issue.fields.description', body: description });
  }
  return out;
}

const PING = /<[!@#]/;

describe('wikiToMrkdwn on captured webhook bodies', () => {
  const bodies = capturedBodies();

  it('finds the description and comment bodies in the captured payloads', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(8);
  });

  it('renders each captured body', () => {
    const rendered = Object.fromEntries(bodies.map((b) => [`${b.file} ${b.field}`, wikiToMrkdwn(b.body)]));
    expect(rendered).toMatchInlineSnapshot(`
      {
        "webhook-cloud-comment-created-mention-user.json comment.body": "Added a comment with mentioned user @user",
        "webhook-cloud-comment-created.json comment.body": "Added a comment",
        "webhook-cloud-comment-deleted.json comment.body": "wd

      dwd",
        "webhook-cloud-comment-updated.json comment.body": "Added a comment, then edited it",
        "webhook-cloud-issue-created-many-fields.json issue.fields.description": "The good description",
        "webhook-cloud-issue-updated-custom-field.json issue.fields.description": "s",
        "webhook-issue-created-with-security-level.json issue.fields.description": "Unit test description, not that long",
        "webhook-issue-created.json issue.fields.description": "Unit test description, not that long",
        "webhook-issue-deleted.json issue.fields.description": "descxyvccfgf f+xbsdz 511f+",
        "webhook-issue-updated-assigned.json issue.fields.description": "Unit test description, not that long, a little longer now",
      }
    `);
  });

  it('turns the old-style [~user] mention in a captured comment into @user text', () => {
    const body = bodies.find((b) => b.file === 'webhook-cloud-comment-created-mention-user.json')!.body;
    expect(wikiToMrkdwn(body)).toBe('Added a comment with mentioned user @user');
  });
});

describe('wikiToMrkdwn', () => {
  it('converts the common markup', () => {
    const text = [
      'h1. Release *plan*',
      'h3. Notes',
      '*bold* _italic_ -struck- +under+ x^2^ H~2~O {{npm test}} ??Someone Famous??',
      '',
      '* one',
      '** nested',
      '*** deeper',
      '* two',
      '# first',
      '# second',
      '## sub',
      '- dash item',
      '',
      '[Example|https://example.com/a?b=1&c=2] and [https://example.com] and [mailto:ada@example.com]',
      '{color:#ff0000}red{color} (y) (x) (/) :)',
      '----',
      '||Name||Role||',
      '|Ada|[profile|https://example.com/ada]|',
      'line\\\\break and \\[not a link\\]',
    ].join('\n');
    expect(wikiToMrkdwn(text)).toMatchInlineSnapshot(`
      "*Release plan*
      *Notes*
      *bold* _italic_ ~struck~ under x^2^ H~2~O \`npm test\` _Someone Famous_

      • one
          ◦ nested
              ▪ deeper
      • two
      1. first
      2. second
          1. sub
      • dash item

      <https://example.com/a?b=1&amp;c=2|Example> and <https://example.com> and <mailto:ada@example.com>
      red :thumbsup: :x: :white_check_mark: :slightly_smiling_face:
      ———
      *Name* | *Role*
      Ada | <https://example.com/ada|profile>
      line
      break and [not a link]"
    `);
  });

  it('renders {code} and {noformat} as code blocks with their content escaped', () => {
    expect(wikiToMrkdwn('before\n{code:java}\nif (a < b && c) {}\n*not bold*\n{code}\nafter')).toBe(
      'before\n```\nif (a &lt; b &amp;&amp; c) {}\n*not bold*\n```\nafter',
    );
    expect(wikiToMrkdwn('{noformat}one line{noformat}')).toBe('```\none line\n```');
  });

  it('closes a code block that the body never closes', () => {
    expect(wikiToMrkdwn('{code}\nlet x;')).toBe('```\nlet x;\n```');
  });

  it('renders {quote}, bq. and {panel} as quotes', () => {
    expect(wikiToMrkdwn('{quote}\nfirst\nsecond\n{quote}\nbq. short')).toBe('> first\n> second\n\n> short');
    expect(wikiToMrkdwn('{panel:title=Heads up|borderStyle=dashed}\ninside\n{panel}')).toBe('> *Heads up*\n> inside');
  });

  it('renders mentions as @Name text, resolved when it can be', () => {
    const text = 'cc [~accountid:5b10ac8d82e05b22cc7d4ef5] and [~accountid:unknown] and [Grace|~accountid:abc]';
    expect(wikiToMrkdwn(text)).toBe('cc @someone and @someone and @Grace');
    expect(wikiToMrkdwn(text, { mentionName: (id) => (id.startsWith('5b') ? 'Ada Lovelace' : undefined) })).toBe(
      'cc @Ada Lovelace and @someone and @Grace',
    );
  });

  it('shows attachments and images by name', () => {
    expect(wikiToMrkdwn('see !screenshot.png|thumbnail! and [^report.pdf] and !https://example.com/a.png!')).toBe(
      'see :frame_with_picture: screenshot.png and :paperclip: report.pdf and <https://example.com/a.png|image>',
    );
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd'])('does not link a %s target', (url) => {
    expect(wikiToMrkdwn(`[click|${url}]`)).toBe('click');
  });

  it('leaves hyphenated words and spaced dashes alone', () => {
    expect(wikiToMrkdwn('well-known so-called - a dash - and 5-3-1')).toBe('well-known so-called - a dash - and 5-3-1');
  });

  it.each([
    '<!channel> please look',
    '<!here>',
    '<@U012AB3CD>',
    '<#C123|general>',
    '[<!channel>|https://example.com]',
    '[~<!channel>]',
    '{{<!everyone>}}',
    '{code}<!channel>{code}',
    'h1. <!here>',
    '||<@U1>||',
    '!<!channel>.png!',
    '-<!here>-',
  ])('never lets %s ping anyone', (text) => {
    const out = wikiToMrkdwn(text);
    expect(out).not.toMatch(PING);
    expect(out).toMatch(/&lt;|^$/);
  });

  it('escapes &, < and >', () => {
    expect(wikiToMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('trims long bodies to maxLength on a safe boundary', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Line ${i} with [a link|https://example.com/${i}] & more`).join(
      '\n',
    );
    for (const max of [40, 100, 2900]) {
      const out = wikiToMrkdwn(text, { maxLength: max });
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith('…')).toBe(true);
      expect(out.lastIndexOf('<')).toBeLessThan(out.lastIndexOf('>') + 1);
    }
  });

  it('handles 100 kB and deeply nested markup quickly without throwing', () => {
    const inputs = [
      'x'.repeat(100_000),
      '-a '.repeat(40_000),
      `${'*'.repeat(10_000)} deep item`,
      '['.repeat(50_000),
      '{quote}'.repeat(5_000),
      '{{'.repeat(30_000),
      '!a.png '.repeat(20_000),
      `${'-'.repeat(50_000)}x`,
      '<!channel>'.repeat(10_000),
      Array.from({ length: 5_000 }, (_, i) => `${'#'.repeat((i % 30) + 1)} item`).join('\n'),
    ];
    const started = Date.now();
    for (const input of inputs) {
      const out = wikiToMrkdwn(input);
      expect(out.length).toBeLessThanOrEqual(2900);
      expect(out).not.toMatch(PING);
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('caps list indentation', () => {
    const out = wikiToMrkdwn(`${'*'.repeat(500)} deep`);
    expect(out.length).toBeLessThan(60);
    expect(out.trim()).toMatch(/ deep$/);
  });

  it('returns an empty string for a body that is not a string', () => {
    expect(wikiToMrkdwn(null as unknown as string)).toBe('');
    expect(wikiToMrkdwn({} as unknown as string)).toBe('');
  });
});

describe('wikiMentions', () => {
  it('lists the mentioned accountIds once each, in order', () => {
    expect(
      wikiMentions(
        'Hi [~accountid:5b10ac8d82e05b22cc7d4ef5], [Grace|~accountid:557058:f58131cb] and [~accountid:5b10ac8d82e05b22cc7d4ef5] again; [~olduser] is not an account id',
      ),
    ).toEqual(['5b10ac8d82e05b22cc7d4ef5', '557058:f58131cb']);
  });

  it('finds no mentions in the captured bodies, whose one mention is an old username', () => {
    for (const b of capturedBodies()) expect(wikiMentions(b.body)).toEqual([]);
  });

  it('returns nothing for text without mentions or a non-string', () => {
    expect(wikiMentions('no one here [~] [~accountid:]')).toEqual([]);
    expect(wikiMentions(undefined as unknown as string)).toEqual([]);
  });
});
