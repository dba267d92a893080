// Jira wiki markup → Slack mrkdwn. Webhook bodies use the REST v2 representation, where an issue's
// description and a comment's body are wiki-markup strings rather than ADF.
//
// The converter works line by line and uses bounded, non-nested patterns, so a 100 kB body or
// thousands of nested markers cost linear time. Every piece of text is escaped with `esc`; mentions
// become plain `@Name` text; only http(s)/mailto targets become links.

import { code, esc, link, safeUrl, truncateMrkdwn } from '../slack/blocks/mrkdwn.js';

export interface WikiToMrkdwnOptions {
  /** Longest result, `…` included. Default 2900. */
  maxLength?: number;
  /** Display name for a Jira accountId in `[~accountid:…]`; unresolved mentions read `@someone`. */
  mentionName?: (accountId: string) => string | undefined;
}

const DEFAULT_MAX = 2900;
const BULLETS = ['•', '◦', '▪'] as const;
const INDENT = '    ';
const MAX_LIST_DEPTH = 10;
const RULE = '———';

const EMOTICONS: Record<string, string> = {
  ':)': ':slightly_smiling_face:',
  ':(': ':slightly_frowning_face:',
  ':P': ':stuck_out_tongue:',
  ':D': ':grinning:',
  ';)': ':wink:',
  '(y)': ':thumbsup:',
  '(n)': ':thumbsdown:',
  '(i)': ':information_source:',
  '(/)': ':white_check_mark:',
  '(x)': ':x:',
  '(!)': ':warning:',
  '(?)': ':question:',
  '(on)': ':bulb:',
  '(off)': ':bulb:',
  '(*)': ':star:',
  '(+)': ':heavy_plus_sign:',
  '(-)': ':heavy_minus_sign:',
};

// One left-to-right scan; each alternative is bounded so no input makes the regex backtrack far.
// `*bold*` and `_italic_` need no rewriting: Slack spells them the same way.
const NOT_WORD = '(?<![\\p{L}\\p{N}_])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}_])';
const INLINE = new RegExp(
  [
    '(?<br>\\\\\\\\)',
    '\\\\(?<escaped>[^\\s\\\\])',
    '\\{\\{(?<mono>[^\\n]{1,1000}?)\\}\\}',
    '\\[(?<bracket>[^\\[\\]\\n]{1,1000})\\]',
    '!(?<image>https?://[^\\s!|]{1,1000}|[^!\\n|\\s][^!\\n|]{0,300}?\\.[A-Za-z0-9]{2,5})(?:\\|[^!\\n]{0,300})?!',
    '\\{(?:color|anchor)(?::[^}\\n]{0,200})?\\}',
    `(?<![\\p{L}\\p{N}_-])-(?<strike>[^\\s-](?:[^\\n]{0,300}?[^\\s-])?)-(?![\\p{L}\\p{N}_-])`,
    `${NOT_WORD}\\+(?<under>[^\\s+](?:[^\\n]{0,300}?[^\\s+])?)\\+${NOT_WORD_AFTER}`,
    `${NOT_WORD}\\^(?<sup>[^\\s^](?:[^\\n]{0,300}?[^\\s^])?)\\^${NOT_WORD_AFTER}`,
    `(?<![\\p{L}\\p{N}_~])~(?<sub>[^\\s~](?:[^\\n]{0,300}?[^\\s~])?)~(?![\\p{L}\\p{N}_~])`,
    '\\?\\?(?<cite>[^\\n?]{1,300}?)\\?\\?',
    `${NOT_WORD}(?<emoticon>\\((?:y|n|i|/|x|!|\\?|on|off|\\*|\\+|-)\\)|:\\)|:\\(|;\\)|:D|:P)${NOT_WORD_AFTER}`,
  ].join('|'),
  'gu',
);

const MAX_INLINE_DEPTH = 4;

function bracket(body: string, opts: WikiToMrkdwnOptions, depth: number): string {
  const mentionTarget = (t: string): string | undefined => {
    const m = /^~accountid:([^\]|\s]+)$/i.exec(t.trim());
    if (m) return `@${opts.mentionName?.(m[1]!) || 'someone'}`;
    const u = /^~([^\]|]+)$/.exec(t.trim());
    return u ? `@${u[1]!.trim()}` : undefined;
  };
  const bare = mentionTarget(body);
  if (bare) return esc(bare);
  if (body.startsWith('^')) return `:paperclip: ${esc(body.slice(1).trim())}`;
  const bar = body.indexOf('|');
  const label = bar < 0 ? '' : body.slice(0, bar).trim();
  const target = (bar < 0 ? body : body.slice(bar + 1).split('|')[0]!).trim();
  const mention = mentionTarget(target);
  if (mention) return esc(label ? `@${label.replace(/^@/, '')}` : mention);
  if (safeUrl(target) !== undefined) return link(target, label ? stripInline(label) : undefined);
  // `[#anchor]`, `[label|#anchor]`, or not a link at all (`[WIP]`): keep the words.
  if (target.startsWith('#')) return inline(label || target.slice(1), opts, depth + 1);
  return bar < 0 ? `[${inline(body, opts, depth + 1)}]` : inline(label, opts, depth + 1);
}

// A link label is plain text in Slack; drop wiki emphasis markers rather than show them.
function stripInline(s: string): string {
  return s.replace(/(^|\s)[*_+-]+|[*_+-]+(?=\s|$)/g, '$1').trim() || s;
}

function inline(text: string, opts: WikiToMrkdwnOptions, depth = 0): string {
  if (depth > MAX_INLINE_DEPTH) return esc(text);
  let out = '';
  let last = 0;
  // A fresh RegExp per call: `inline` recurses, and a shared one would share `lastIndex`.
  const re = new RegExp(INLINE.source, INLINE.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out += esc(text.slice(last, m.index));
    last = m.index + m[0].length;
    const g = m.groups ?? {};
    if (g.br !== undefined) out += '\n';
    else if (g.escaped !== undefined) out += esc(g.escaped);
    else if (g.mono !== undefined) out += code(g.mono);
    else if (g.bracket !== undefined) out += bracket(g.bracket, opts, depth);
    else if (g.image !== undefined) {
      out += safeUrl(g.image) !== undefined ? link(g.image, 'image') : `:frame_with_picture: ${esc(g.image)}`;
    } else if (g.strike !== undefined) out += `~${inline(g.strike, opts, depth + 1)}~`;
    else if (g.cite !== undefined) out += `_${inline(g.cite.trim(), opts, depth + 1)}_`;
    else if (g.under !== undefined) out += inline(g.under, opts, depth + 1);
    else if (g.sup !== undefined) out += inline(g.sup, opts, depth + 1);
    else if (g.sub !== undefined) out += inline(g.sub, opts, depth + 1);
    else if (g.emoticon !== undefined) out += EMOTICONS[g.emoticon] ?? esc(g.emoticon);
    // else: a {color}/{anchor} tag, dropped
  }
  return out + esc(text.slice(last));
}

// Splits a table row on `|`/`||`, but not inside `[text|url]` or `{{…}}`.
function tableCells(row: string): { text: string; header: boolean }[] {
  const cells: { text: string; header: boolean }[] = [];
  let i = row.indexOf('|');
  let header = false;
  let buf = '';
  let bracketDepth = 0;
  let mono = false;
  const flush = () => {
    cells.push({ text: buf.trim(), header });
    buf = '';
  };
  while (i < row.length) {
    const c = row[i]!;
    if (mono) {
      if (row.startsWith('}}', i)) mono = false;
      buf += c;
    } else if (c === '\\' && i + 1 < row.length) {
      buf += c + row[i + 1];
      i++;
    } else if (row.startsWith('{{', i)) {
      mono = true;
      buf += '{{';
      i++;
    } else if (c === '[') {
      bracketDepth++;
      buf += c;
    } else if (c === ']') {
      bracketDepth = Math.max(0, bracketDepth - 1);
      buf += c;
    } else if (c === '|' && bracketDepth === 0) {
      if (i > row.indexOf('|')) flush();
      header = row[i + 1] === '|';
      if (header) i++;
    } else {
      buf += c;
    }
    i++;
  }
  if (buf.trim()) flush();
  return cells;
}

/**
 * Jira wiki markup (REST v2 descriptions and comment bodies) → safe Slack mrkdwn: `*bold*`,
 * `_italic_`, `-strike-`, `{{monospace}}`, `{code}`/`{noformat}` blocks, `{quote}` and `bq.`,
 * `h1.`–`h6.` as bold lines, `*`/`#`/`-` lists with nesting, `[text|url]` links, `[~accountid:…]`
 * mentions as `@Name`, `!image.png!` and `[^file]` attachments, tables, `{color}` dropped. Escaped,
 * trimmed to `maxLength` with `…`; never throws.
 */
export function wikiToMrkdwn(text: string, opts: WikiToMrkdwnOptions = {}): string {
  const max = opts.maxLength ?? DEFAULT_MAX;
  // Output is never longer than `max`, so most of a huge body can be ignored up front.
  const src = (typeof text === 'string' ? text : '').slice(0, Math.max(max * 8, 20_000)).replace(/\r\n?/g, '\n');
  const out: string[] = [];
  let inQuote = false;
  let block: { kind: 'code' | 'noformat'; lines: string[] } | undefined;
  let counters: number[] = [];
  let listMarkers = '';
  const resetList = () => {
    counters = [];
    listMarkers = '';
  };
  let length = 0;

  const emit = (line: string) => {
    out.push(inQuote ? (line ? `> ${line}` : '>') : line);
    length += line.length + 1;
  };
  const blank = () => {
    resetList();
    if (out.length > 0 && out[out.length - 1] !== '' && out[out.length - 1] !== '>') out.push('');
  };
  const endBlock = () => {
    if (!block) return;
    const body = block.lines.join('\n').replace(/^\n+|\s+$/g, '');
    block = undefined;
    emit('```');
    for (const l of esc(body.replace(/```/g, '`\u200b`\u200b`')).split('\n')) emit(l);
    emit('```');
  };

  const line = (raw: string): void => {
    if (block) {
      const close = raw.search(new RegExp(`\\{${block.kind}\\}`, 'i'));
      if (close < 0) {
        block.lines.push(raw);
        return;
      }
      block.lines.push(raw.slice(0, close));
      endBlock();
      const after = raw.slice(raw.indexOf('}', close) + 1);
      if (after.trim()) line(after);
      return;
    }
    const open = /\{(code|noformat)(?::[^}\n]*)?\}/i.exec(raw);
    if (open) {
      const before = raw.slice(0, open.index);
      if (before.trim()) line(before);
      resetList();
      block = { kind: open[1]!.toLowerCase() as 'code' | 'noformat', lines: [] };
      const after = raw.slice(open.index + open[0].length);
      if (after) line(after);
      return;
    }
    if (/\{(?:quote|panel(?::[^}\n]*)?)\}/i.test(raw)) {
      // {quote} and {panel} toggle; text on the same line belongs to whichever side it is on.
      const parts = raw.split(/\{(?:quote|panel(?::[^}\n]*)?)\}/i);
      const titles = [...raw.matchAll(/\{panel:[^}\n]*?title=([^|}\n]*)/gi)].map((t) => t[1]!.trim());
      parts.forEach((part, k) => {
        if (k > 0) {
          blank();
          inQuote = !inQuote;
          const title = inQuote ? titles.shift() : undefined;
          if (title) emit(`*${esc(title)}*`);
        }
        if (part.trim()) line(part);
      });
      return;
    }
    const trimmed = raw.trim();
    if (!trimmed) {
      blank();
      return;
    }
    const heading = /^h[1-6]\.\s*(.*)$/i.exec(trimmed);
    if (heading) {
      resetList();
      // The whole line is bold already; bold inside it would only close the span early.
      const unbolded = heading[1]!.replace(/(^|[^\p{L}\p{N}])\*(?=\S)([^*\n]{0,300}?\S)\*(?![\p{L}\p{N}])/gu, '$1$2');
      const body = inline(unbolded, opts).trim();
      if (body) emit(`*${body}*`);
      return;
    }
    const bq = /^bq\.\s*(.*)$/i.exec(trimmed);
    if (bq) {
      resetList();
      const body = inline(bq[1]!, opts);
      if (inQuote) emit(body);
      else {
        out.push(`> ${body}`);
        length += body.length + 2;
      }
      return;
    }
    if (/^-{4,}$/.test(trimmed)) {
      resetList();
      emit(RULE);
      return;
    }
    const item = /^([*#]+|-)\s+(.*)$/.exec(trimmed);
    if (item) {
      const markers = item[1]!;
      const depth = Math.min(markers.length, MAX_LIST_DEPTH);
      // Numbering continues only while the list above this level is the same kind of list.
      let same = 0;
      while (same < depth && markers[same] === listMarkers[same]) same++;
      listMarkers = markers;
      counters = counters.slice(0, same);
      while (counters.length < depth) counters.push(0);
      counters[depth - 1]!++;
      const marker = markers.endsWith('#') ? `${counters[depth - 1]}.` : BULLETS[(depth - 1) % BULLETS.length]!;
      emit(`${INDENT.repeat(depth - 1)}${marker} ${inline(item[2]!, opts)}`);
      return;
    }
    resetList();
    if (trimmed.startsWith('|')) {
      const cells = tableCells(trimmed).map((c) => {
        const body = inline(c.text, opts).trim();
        return c.header && body && !body.startsWith('*') ? `*${body}*` : body;
      });
      if (cells.some(Boolean)) emit(cells.join(' | '));
      return;
    }
    emit(inline(trimmed, opts));
  };

  for (const raw of src.split('\n')) {
    if (length > max + 200) break;
    line(raw);
  }
  endBlock();
  const result = out
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\s+$/g, '');
  return truncateMrkdwn(result, max);
}

/** The accountIds mentioned as `[~accountid:…]` (also in `[Name|~accountid:…]`), first-seen order, no repeats. */
export function wikiMentions(text: string): string[] {
  if (typeof text !== 'string') return [];
  const ids = new Set<string>();
  for (const m of text.matchAll(/\[(?:[^\]|\n]{0,200}\|)?~accountid:([^\]|\s]{1,128})\]/gi)) ids.add(m[1]!);
  return [...ids];
}
