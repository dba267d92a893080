import { describe, expect, it } from 'vitest';
import {
  bold,
  clip,
  clipMrkdwn,
  code,
  esc,
  issueLink,
  italic,
  link,
  quote,
  safeUrl,
  strike,
  truncateMrkdwn,
  unesc,
} from '../../../src/slack/blocks/mrkdwn.js';

describe('esc', () => {
  it('escapes only &, < and >', () => {
    expect(esc(`a & b < c > d * _ ~ \` " '`)).toBe(`a &amp; b &lt; c &gt; d * _ ~ \` " '`);
  });

  it.each(['<!channel>', '<!here>', '<!everyone>', '<@U012AB3CD>', '<#C123|general>', '<!subteam^S1|@ops>'])(
    'defuses the Slack control sequence %s',
    (input) => {
      expect(esc(input)).not.toMatch(/[<>]/);
    },
  );

  it('round-trips through unesc, even for text that already looks escaped', () => {
    for (const s of ['&amp;lt;', 'a &lt; b', '<>&', '&&&;']) expect(unesc(esc(s))).toBe(s);
  });
});

describe('clip', () => {
  it('leaves text that fits alone', () => {
    expect(clip('hello', 5)).toBe('hello');
  });

  it('ends clipped text with an ellipsis within the limit', () => {
    const out = clip('The quick brown fox jumps', 10);
    expect(out).toBe('The quick…');
    expect(out.length).toBeLessThanOrEqual(10);
  });

  it('never splits a surrogate pair', () => {
    const out = clip('ab😀😀😀', 4);
    expect(out).toBe('ab…');
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('never splits an emoji ZWJ sequence or a combining mark', () => {
    const family = '👩‍👩‍👧‍👦';
    expect(clip(`x${family}${family}`, family.length + 2)).toBe(`x${family}…`);
    expect(clip('cafe\u0301 latte', 5)).toBe('caf…');
  });

  it('never splits an &amp; entity in escaped text', () => {
    for (let max = 2; max < 12; max++) {
      const out = clip(esc('a&b&c<d>e'), max);
      expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    }
  });

  it('gives an empty string for a non-positive limit and an ellipsis for a limit of one', () => {
    expect(clip('abc', 0)).toBe('');
    expect(clip('abc', 1)).toBe('…');
  });

  it('clips 100 kB quickly', () => {
    const big = 'é'.repeat(100_000);
    expect(clip(big, 2900)).toHaveLength(2900);
  });
});

describe('clipMrkdwn and truncateMrkdwn', () => {
  it('does not leave half a link behind', () => {
    const s = 'see <https://example.com/very/long/path|the page> now';
    expect(clipMrkdwn(s, 20)).toBe('see…');
  });

  it('closes a code block that the cut falls inside', () => {
    const s = `intro\n\`\`\`\n${'x'.repeat(100)}\n\`\`\``;
    const out = truncateMrkdwn(s, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.match(/```/g)).toHaveLength(2);
    expect(out.endsWith('```')).toBe(true);
  });
});

describe('safeUrl and link', () => {
  it('builds <url|label> with the label escaped', () => {
    expect(link('https://example.com/a', 'Tom & <Jerry>')).toBe('<https://example.com/a|Tom &amp; &lt;Jerry&gt;>');
  });

  it('keeps | and > in a URL from ending the link', () => {
    expect(link('https://example.com/?q=a|b>c<d&e=f g', 'x')).toBe(
      '<https://example.com/?q=a%7Cb%3Ec%3Cd&amp;e=f%20g|x>',
    );
  });

  it('omits the label when it is empty or the URL itself', () => {
    expect(link('https://example.com', '')).toBe('<https://example.com>');
    expect(link('https://example.com', 'https://example.com')).toBe('<https://example.com>');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'slack://open', '//evil.com', 'ftp://x'])(
    'refuses to link %s and shows the label as text',
    (url) => {
      expect(safeUrl(url)).toBeUndefined();
      expect(link(url, 'click <me>')).toBe('click &lt;me&gt;');
    },
  );

  it('accepts mailto links', () => {
    expect(link('mailto:ada@example.com', 'Ada')).toBe('<mailto:ada@example.com|Ada>');
  });
});

describe('issueLink', () => {
  it('links KEY: summary with the summary escaped', () => {
    expect(
      issueLink({ url: 'https://acme.atlassian.net/browse/ALPHA-12', key: 'ALPHA-12', summary: 'Fix <login> & co' }),
    ).toBe('<https://acme.atlassian.net/browse/ALPHA-12|ALPHA-12: Fix &lt;login&gt; &amp; co>');
  });

  it('clips the summary to 80 characters', () => {
    const out = issueLink({ url: 'https://a.b/browse/A-1', key: 'AB-1', summary: 'word '.repeat(40) });
    const label = out.slice(out.indexOf('|') + 1, -1);
    expect(label.startsWith('AB-1: ')).toBe(true);
    expect(label.length - 'AB-1: '.length).toBeLessThanOrEqual(80);
    expect(label.endsWith('…')).toBe(true);
  });

  it('cannot be used to mention a channel through the summary', () => {
    const out = issueLink({ url: 'https://a.b/browse/AB-1', key: 'AB-1', summary: '<!channel> hi' });
    expect(out).not.toContain('<!');
  });
});

describe('emphasis helpers', () => {
  it('escape their text and keep whitespace outside the markers', () => {
    expect(bold(' Done & dusted ')).toBe(' *Done &amp; dusted* ');
    expect(italic('x')).toBe('_x_');
    expect(strike('<y>')).toBe('~&lt;y&gt;~');
    expect(bold('   ')).toBe('   ');
  });

  it('write code without a backtick that would end it', () => {
    expect(code('a`b<c>')).toBe('`aˋb&lt;c&gt;`');
  });

  it('quote every line', () => {
    expect(quote('one\n\n<two>')).toBe('> one\n>\n> &lt;two&gt;');
  });
});
