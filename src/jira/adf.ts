// Atlassian Document Format (Jira REST v3 rich text) ⇄ Slack mrkdwn.
//
// Jira content is hostile input as far as Slack is concerned: every piece of text is escaped with `esc`,
// mentions become plain `@Name` text (a Jira accountId is not a Slack user id, and `<@…>` would ping
// whoever owns that id), and only http(s)/mailto hrefs become links. The converters never throw on
// malformed documents: unknown nodes fall back to their text, nesting is capped and so is the number of
// nodes visited, so a hostile or enormous document costs bounded time.

import { clip, code, esc, link, safeUrl, truncateMrkdwn, unesc } from '../slack/blocks/mrkdwn.js';

/** A mark on an ADF text node (`strong`, `em`, `link` with `attrs.href`, …). */
export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** Any ADF node. Deliberately loose: Jira adds node types over time and unknown ones must survive. */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: AdfMark[];
  content?: AdfNode[];
}

/** The root of an ADF document, as Jira's v3 API takes it for descriptions and comment bodies. */
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

export interface AdfToMrkdwnOptions {
  /** Longest result, `…` included. Default 2900: a section's 3000 with room to spare. */
  maxLength?: number;
  /** Display name for a Jira accountId; falls back to the name stored in the mention node. */
  mentionName?: (accountId: string) => string | undefined;
}

export interface MrkdwnToAdfOptions {
  /** The Jira account linked to a Slack user, when known; otherwise the mention stays plain `@name` text. */
  mentionAccountId?: (slackUserId: string) => { accountId: string; displayName: string } | undefined;
}

const DEFAULT_MAX = 2900;
const MAX_DEPTH = 50;
const MAX_NODES = 20_000;
const MAX_INPUT = 100_000;
const BULLETS = ['•', '◦', '▪'] as const;
const INDENT = '    ';
const RULE = '———';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const kids = (n: Obj): unknown[] => (Array.isArray(n.content) ? n.content : []);
const attrsOf = (n: Obj): Obj => (isObj(n.attrs) ? n.attrs : {});

const INLINE_TYPES = new Set([
  'text',
  'hardBreak',
  'mention',
  'emoji',
  'inlineCard',
  'date',
  'status',
  'mediaInline',
  'placeholder',
  'inlineExtension',
]);

const BLOCK_TYPES = new Set([
  'doc',
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
  'mediaSingle',
  'mediaGroup',
  'caption',
  'blockCard',
  'embedCard',
  'expand',
  'nestedExpand',
  'taskList',
  'taskItem',
  'blockTaskItem',
  'decisionList',
  'decisionItem',
  'layoutSection',
  'layoutColumn',
  'bodiedExtension',
  'extension',
]);

// ---------------------------------------------------------------------------------------------------
// Leaf nodes, shared by the mrkdwn and plain-text renderers (these return raw, unescaped text)

type NameOf = ((accountId: string) => string | undefined) | undefined;

function mentionRaw(node: Obj, mentionName: NameOf): string {
  const a = attrsOf(node);
  const id = str(a.id);
  const name = (id && mentionName?.(id)) || str(a.text)?.replace(/^@/, '').trim() || 'someone';
  return `@${name}`;
}

function emojiRaw(node: Obj): string {
  const a = attrsOf(node);
  const short = str(a.shortName);
  if (short && /^:[\w+'-]{1,80}:(?::skin-tone-[2-6]:)?$/.test(short)) return short;
  return str(a.text) ?? short ?? '';
}

function dateRaw(node: Obj): string {
  const ms = Number(attrsOf(node).timestamp);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '';
  return new Date(ms).toISOString().slice(0, 10);
}

function cardUrl(node: Obj): { url?: string; name?: string } {
  const a = attrsOf(node);
  const url = str(a.url);
  if (url) return { url };
  return isObj(a.data) ? { url: str(a.data.url), name: str(a.data.name) } : {};
}

function mediaRaw(node: Obj): { url?: string; name: string } {
  const a = attrsOf(node);
  const name = str(a.alt) || str(a.name) || str(a.__fileName) || '';
  const url = a.type === 'external' ? str(a.url) : undefined;
  return { url, name };
}

/** Raw text of an inline leaf, or undefined when the node is a container. */
function leafRaw(node: Obj, mentionName: NameOf): string | undefined {
  switch (node.type) {
    case 'text':
      return str(node.text) ?? '';
    case 'hardBreak':
      return '\n';
    case 'mention':
      return mentionRaw(node, mentionName);
    case 'emoji':
      return emojiRaw(node);
    case 'date':
      return dateRaw(node);
    case 'status':
      return str(attrsOf(node).text) ?? '';
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard': {
      const c = cardUrl(node);
      return c.name || c.url || '';
    }
    case 'media':
    case 'mediaInline': {
      const m = mediaRaw(node);
      return m.name || m.url || '';
    }
    case 'rule':
      return RULE;
    default:
      return Array.isArray(node.content) ? undefined : (str(node.text) ?? str(attrsOf(node).text));
  }
}

// ---------------------------------------------------------------------------------------------------
// Plain text (iterative, so no document is too deep for it)

const NEWLINE = Symbol('newline');
const SPACE = Symbol('space');

function collectText(root: unknown, mentionName: NameOf, limit: number): string {
  const parts: string[] = [];
  let length = 0;
  let visits = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && length <= limit && visits < MAX_NODES) {
    const item = stack.pop();
    if (item === NEWLINE) {
      if (parts.length > 0 && parts[parts.length - 1] !== '\n') parts.push('\n');
      continue;
    }
    if (item === SPACE) {
      parts.push(' ');
      continue;
    }
    visits++;
    if (!isObj(item)) continue;
    const leaf = leafRaw(item, mentionName);
    if (leaf !== undefined) {
      parts.push(leaf);
      length += leaf.length;
      continue;
    }
    const type = str(item.type) ?? '';
    if (type === 'tableCell' || type === 'tableHeader') stack.push(SPACE);
    else if (BLOCK_TYPES.has(type)) stack.push(NEWLINE);
    const children = kids(item);
    for (let i = Math.min(children.length, MAX_NODES) - 1; i >= 0; i--) stack.push(children[i]);
  }
  return parts
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The text of an ADF document without formatting, for summaries and search snippets. Blocks are
 * separated by newlines; mentions read `@Name`. Never throws; anything that is not ADF gives `''`
 * (a string is returned as it is).
 */
export function adfToPlainText(
  doc: unknown,
  opts: { maxLength?: number; mentionName?: (accountId: string) => string | undefined } = {},
): string {
  const max = opts.maxLength ?? Number.POSITIVE_INFINITY;
  if (typeof doc === 'string') return clip(doc.trim(), max);
  if (!isObj(doc)) return '';
  return clip(collectText(doc, opts.mentionName, Math.min(max + 200, MAX_INPUT)), max);
}

// ---------------------------------------------------------------------------------------------------
// ADF → mrkdwn

interface Ctx {
  visits: number;
  length: number;
  limit: number;
  mentionName: NameOf;
}

const full = (ctx: Ctx) => ctx.length > ctx.limit || ctx.visits > MAX_NODES;

type Fmt = 'strong' | 'em' | 'strike';
const FMT_ORDER: readonly Fmt[] = ['strong', 'em', 'strike'];
const MARKER: Record<Fmt, string> = { strong: '*', em: '_', strike: '~' };

type Piece =
  | { kind: 'text'; raw: string; fmt: Fmt[]; code: boolean; href?: string }
  | { kind: 'atom'; out: string }
  | { kind: 'break' };

function readMarks(marks: unknown): { fmt: Fmt[]; code: boolean; href?: string } {
  const fmt = new Set<Fmt>();
  let isCode = false;
  let href: string | undefined;
  if (Array.isArray(marks)) {
    for (const m of marks.slice(0, 20)) {
      if (!isObj(m)) continue;
      if (m.type === 'strong' || m.type === 'em' || m.type === 'strike') fmt.add(m.type);
      else if (m.type === 'code') isCode = true;
      else if (m.type === 'link') {
        const h = str(attrsOf(m).href);
        if (h && safeUrl(h) !== undefined) href = h.trim();
      }
    }
  }
  return { fmt: FMT_ORDER.filter((f) => fmt.has(f)), code: isCode, href };
}

function cardMrkdwn(node: Obj): string {
  const { url, name } = cardUrl(node);
  return url ? link(url, name) : esc(name ?? '');
}

function mediaMrkdwn(node: Obj): string {
  const { url, name } = mediaRaw(node);
  if (url && safeUrl(url) !== undefined) return link(url, name || 'image');
  return `:paperclip: ${esc(name || 'attachment')}`;
}

function toPieces(nodes: unknown[], ctx: Ctx, depth: number, out: Piece[], budget: { left: number }): void {
  for (const node of nodes) {
    if (budget.left <= 0 || ctx.visits > MAX_NODES) return;
    if (!isObj(node)) continue;
    ctx.visits++;
    switch (node.type) {
      case 'text': {
        const raw = str(node.text);
        if (!raw) break;
        const marks = readMarks(node.marks);
        raw.split('\n').forEach((line, i) => {
          if (i > 0) out.push({ kind: 'break' });
          if (line) out.push({ kind: 'text', raw: line, ...marks });
        });
        budget.left -= raw.length;
        break;
      }
      case 'hardBreak':
        out.push({ kind: 'break' });
        break;
      case 'mention':
      case 'emoji':
      case 'date': {
        const raw = leafRaw(node, ctx.mentionName) ?? '';
        out.push({ kind: 'atom', out: esc(raw) });
        budget.left -= raw.length;
        break;
      }
      case 'status': {
        const raw = str(attrsOf(node).text) ?? '';
        out.push({ kind: 'atom', out: code(raw.trim()) });
        budget.left -= raw.length;
        break;
      }
      case 'inlineCard':
        out.push({ kind: 'atom', out: cardMrkdwn(node) });
        break;
      case 'media':
      case 'mediaInline':
        out.push({ kind: 'atom', out: mediaMrkdwn(node) });
        break;
      case 'placeholder':
        break;
      default:
        if (Array.isArray(node.content) && depth < MAX_DEPTH) {
          toPieces(kids(node), ctx, depth + 1, out, budget);
        } else {
          const raw = collectText(node, ctx.mentionName, budget.left).replace(/\s+/g, ' ');
          if (raw) out.push({ kind: 'text', raw, fmt: [], code: false });
          budget.left -= raw.length;
        }
    }
  }
}

// A link whose text ADF split into several nodes (because part of it is bold) becomes one `<url|…>`.
function joinLinks(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (p.kind === 'text' && p.href && prev?.kind === 'text' && prev.href === p.href) {
      out[out.length - 1] = {
        ...prev,
        raw: prev.raw + p.raw,
        fmt: prev.fmt.filter((f) => p.fmt.includes(f)),
      };
    } else {
      out.push(p.kind === 'text' && p.href ? { ...p, code: false } : p);
    }
  }
  return out;
}

// Emits formatting markers as a stack across sibling nodes, so "*Hello _world_*" stays one bold span
// instead of "*Hello **_world_*", and keeps whitespace outside markers (Slack ignores "* x *").
function emitInline(pieces: Piece[], noStrong: boolean): string {
  let out = '';
  let pending = '';
  const stack: Fmt[] = [];
  const closeTo = (n: number) => {
    while (stack.length > n) out += MARKER[stack.pop()!];
  };
  for (const p of pieces) {
    if (p.kind === 'break') {
      closeTo(0);
      out += '\n';
      pending = '';
      continue;
    }
    if (p.kind === 'atom') {
      if (!p.out) continue;
      out += pending + p.out;
      pending = '';
      continue;
    }
    const core = p.raw.trim();
    if (!core) {
      pending += p.raw;
      continue;
    }
    const lead = p.raw.slice(0, p.raw.length - p.raw.trimStart().length);
    const trail = p.raw.slice(p.raw.trimEnd().length);
    const want = noStrong ? p.fmt.filter((f) => f !== 'strong') : p.fmt;
    let keep = 0;
    while (keep < stack.length && want.includes(stack[keep]!)) keep++;
    closeTo(keep);
    out += pending + lead;
    pending = trail;
    for (const f of want) {
      if (!stack.includes(f)) {
        stack.push(f);
        out += MARKER[f];
      }
    }
    out += p.href ? link(p.href, core) : p.code ? code(core) : esc(core);
  }
  closeTo(0);
  return out + pending;
}

function renderInline(nodes: unknown[], ctx: Ctx, depth: number, noStrong = false): string {
  const pieces: Piece[] = [];
  toPieces(nodes, ctx, depth, pieces, { left: ctx.limit - ctx.length + 200 });
  const out = emitInline(joinLinks(pieces), noStrong);
  ctx.length += out.length;
  return out;
}

function paragraphLines(nodes: unknown[], ctx: Ctx, depth: number): string[] {
  const s = renderInline(nodes, ctx, depth);
  return s.trim() ? s.split('\n') : [];
}

function codeLines(node: Obj, ctx: Ctx): string[] {
  const raw = collectText({ type: 'codeBlock', content: kids(node) }, undefined, ctx.limit - ctx.length + 200);
  // A literal ``` inside the code would end the block early; zero-width spaces defuse it.
  const body = esc(raw.replace(/```/g, '`\u200b`\u200b`'));
  ctx.length += body.length + 8;
  return ['```', ...body.split('\n'), '```'];
}

function quoteLines(lines: string[]): string[] {
  return lines.map((l) => (l ? `> ${l}` : '>'));
}

function itemLines(item: Obj, marker: string, ctx: Ctx, depth: number, level: number): string[] {
  const isItem = item.type === 'listItem' || item.type === 'taskItem' || item.type === 'decisionItem';
  const lines = renderBlocks(isItem ? kids(item) : [item], ctx, depth, level + 1, true);
  const [first, ...rest] = lines.length > 0 ? lines : [''];
  return [`${marker} ${first}`.trimEnd(), ...rest.map((l) => (l ? INDENT + l : l))];
}

function listLines(node: Obj, ctx: Ctx, depth: number, level: number): string[] {
  const ordered = node.type === 'orderedList';
  const order = attrsOf(node).order;
  let n = typeof order === 'number' && Number.isInteger(order) && order >= 0 && order < 1e9 ? order : 1;
  const out: string[] = [];
  for (const item of kids(node)) {
    if (full(ctx)) break;
    if (!isObj(item)) continue;
    ctx.visits++;
    let marker: string = BULLETS[level % BULLETS.length]!;
    if (ordered) marker = `${n++}.`;
    else if (item.type === 'taskItem' || item.type === 'blockTaskItem') {
      marker = attrsOf(item).state === 'DONE' ? '☑' : '☐';
    } else if (item.type === 'decisionItem') marker = '◆';
    // A task or decision list nested directly in its parent list is indented, not given a marker.
    if (item.type === node.type) out.push(...listLines(item, ctx, depth + 1, level + 1).map((l) => INDENT + l));
    else out.push(...itemLines(item, marker, ctx, depth + 1, level));
  }
  return out;
}

function tableLines(node: Obj, ctx: Ctx, depth: number): string[] {
  const out: string[] = [];
  for (const row of kids(node)) {
    if (full(ctx)) break;
    if (!isObj(row)) continue;
    ctx.visits++;
    const cells = kids(row)
      .filter(isObj)
      .map((cell) => {
        const text = renderBlocks(kids(cell), ctx, depth + 2, 0, true)
          .map((l) => l.trim())
          .filter(Boolean)
          .join(' ');
        return cell.type === 'tableHeader' && text && !text.startsWith('*') ? `*${text}*` : text;
      });
    if (cells.some(Boolean)) out.push(cells.join(' | '));
  }
  return out;
}

function renderBlock(node: unknown, ctx: Ctx, depth: number, level: number): string[] {
  if (!isObj(node)) return [];
  ctx.visits++;
  if (depth > MAX_DEPTH) {
    // Too deep to render faithfully: keep the words, drop the structure.
    const raw = collectText(node, ctx.mentionName, ctx.limit - ctx.length + 200);
    ctx.length += raw.length;
    return raw ? esc(raw).split('\n') : [];
  }
  const a = attrsOf(node);
  switch (node.type) {
    case 'paragraph':
    case 'caption':
      return paragraphLines(kids(node), ctx, depth);
    case 'heading':
      return renderInline(kids(node), ctx, depth, true)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => `*${l}*`);
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
    case 'decisionList':
      return listLines(node, ctx, depth, level);
    case 'listItem':
    case 'taskItem':
    case 'decisionItem':
      return itemLines(node, BULLETS[level % BULLETS.length]!, ctx, depth, level);
    case 'codeBlock':
      return codeLines(node, ctx);
    case 'blockquote':
    case 'panel':
      return quoteLines(renderBlocks(kids(node), ctx, depth, level, false));
    case 'rule':
      return [RULE];
    case 'expand':
    case 'nestedExpand': {
      const title = str(a.title)?.trim();
      const body = renderBlocks(kids(node), ctx, depth, level, true);
      return title ? [`*${esc(title)}*`, ...body] : body;
    }
    case 'table':
      return tableLines(node, ctx, depth);
    case 'media':
      return [mediaMrkdwn(node)];
    case 'blockCard':
    case 'embedCard': {
      const card = cardMrkdwn(node);
      return card ? [card] : [];
    }
    default: {
      if (Array.isArray(node.content)) return renderBlocks(kids(node), ctx, depth, level, false);
      const raw = str(node.text) ?? str(a.text);
      if (!raw?.trim()) return [];
      ctx.length += raw.length;
      return esc(raw).split('\n');
    }
  }
}

function renderBlocks(nodes: unknown[], ctx: Ctx, depth: number, level: number, tight: boolean): string[] {
  const out: string[] = [];
  let inline: unknown[] = [];
  const push = (lines: string[]) => {
    if (lines.length === 0) return;
    if (out.length > 0 && !tight) out.push('');
    out.push(...lines);
  };
  const flushInline = () => {
    if (inline.length > 0) push(paragraphLines(inline, ctx, depth));
    inline = [];
  };
  for (const node of nodes) {
    if (full(ctx)) break;
    if (isObj(node) && INLINE_TYPES.has(str(node.type) ?? '')) {
      inline.push(node);
      continue;
    }
    flushInline();
    push(renderBlock(node, ctx, depth + 1, level));
  }
  flushInline();
  return out;
}

/**
 * Renders an ADF document as safe Slack mrkdwn: every piece of text escaped, mentions as plain
 * `@Name`, only http(s)/mailto links, nested lists indented, trimmed to `maxLength` on a safe boundary
 * with `…`. Never throws and never produces `<!channel>`, `<!here>` or `<@U…>`. A string (a REST v2
 * body passed by mistake) is escaped as plain text; anything else that is not an object gives `''`.
 */
export function adfToMrkdwn(doc: unknown, opts: AdfToMrkdwnOptions = {}): string {
  const max = opts.maxLength ?? DEFAULT_MAX;
  if (typeof doc === 'string') return truncateMrkdwn(esc(doc.slice(0, max + 200)).trim(), max);
  if (!isObj(doc)) return '';
  const ctx: Ctx = { visits: 0, length: 0, limit: max + 200, mentionName: opts.mentionName };
  const lines = doc.type === 'doc' ? renderBlocks(kids(doc), ctx, 0, 0, false) : renderBlocks([doc], ctx, 0, 0, false);
  const out = lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\s+$/g, '');
  return truncateMrkdwn(out, max);
}

// ---------------------------------------------------------------------------------------------------
// mrkdwn → ADF

const FMT_CHARS: Record<string, Fmt> = { '*': 'strong', _: 'em', '~': 'strike' };
const ALNUM = /[\p{L}\p{N}]/u;

function sameMarks(a: AdfMark[] | undefined, b: AdfMark[]): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b);
}

function pushText(out: AdfNode[], text: string, marks: AdfMark[]): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last?.type === 'text' && last.text !== undefined && sameMarks(last.marks, marks)) {
    last.text += text;
    return;
  }
  out.push(marks.length > 0 ? { type: 'text', text, marks: marks.map((m) => ({ ...m })) } : { type: 'text', text });
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

// `<…>` in Slack text: a user, channel, special mention or link. `null` means "not a token", and the
// `<` is kept as text (plain_text_input values are not escaped, so `a < b > c` can reach us).
function parseToken(body: string, marks: AdfMark[], opts: MrkdwnToAdfOptions): AdfNode[] | null {
  const out: AdfNode[] = [];
  const [head, label] = splitOnce(body, '|');
  if (head.startsWith('@')) {
    const id = head.slice(1);
    const user = /^[UW][A-Z0-9]+$/.test(id) ? opts.mentionAccountId?.(id) : undefined;
    if (user) return [{ type: 'mention', attrs: { id: user.accountId, text: `@${user.displayName}` } }];
    pushText(out, `@${unesc(label.replace(/^@/, '') || id)}`, marks);
    return out;
  }
  if (head.startsWith('#')) {
    pushText(out, `#${unesc(label || head.slice(1))}`, marks);
    return out;
  }
  if (head.startsWith('!')) {
    const name = splitOnce(head.slice(1), '^')[0];
    const special = name === 'here' || name === 'channel' || name === 'everyone' ? `@${name}` : '';
    pushText(out, unesc(label) || special, marks);
    return out;
  }
  if (/^[a-z][a-z0-9+.-]*:\S/i.test(head) && !/\s/.test(head)) {
    const href = unesc(head);
    const text = unesc(label) || href.replace(/^mailto:/i, '');
    if (/^(?:https?:\/\/|mailto:)/i.test(href)) pushText(out, text, [...marks, { type: 'link', attrs: { href } }]);
    else pushText(out, text, marks);
    return out;
  }
  return null;
}

function nextIndexTable(s: string, ch: string): Int32Array {
  const next = new Int32Array(s.length + 1).fill(-1);
  for (let i = s.length - 1; i >= 0; i--) next[i] = s[i] === ch ? i : next[i + 1]!;
  return next;
}

function parseInline(s: string, opts: MrkdwnToAdfOptions): AdfNode[] {
  const out: AdfNode[] = [];
  const nextGt = nextIndexTable(s, '>');
  const nextTick = nextIndexTable(s, '`');
  // Closing markers, found once per line so that many unmatched openers cost O(n log n), not O(n²).
  const closers: Record<string, number[]> = { '*': [], _: [], '~': [] };
  for (let j = 1; j < s.length; j++) {
    const c = s[j]!;
    if (c in FMT_CHARS && !/\s/.test(s[j - 1]!) && !ALNUM.test(s[j + 1] ?? ' ')) closers[c]!.push(j);
  }
  const nextClose = (c: string, from: number, end: number): number => {
    const list = closers[c]!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    const j = list[lo];
    return j !== undefined && j < end ? j : -1;
  };
  const canOpen = (i: number): boolean => {
    const next = s[i + 1];
    if (next === undefined || /\s/.test(next) || next === s[i]) return false;
    return i === 0 || !ALNUM.test(s[i - 1]!);
  };

  const run = (start: number, end: number, marks: AdfMark[]): void => {
    let buf = '';
    const flush = () => {
      pushText(out, unesc(buf), marks);
      buf = '';
    };
    let i = start;
    while (i < end) {
      const c = s[i]!;
      if (c === '`') {
        const j = nextTick[i + 1]!;
        if (j > i + 1 && j < end) {
          flush();
          const codeMarks = [...marks.filter((m) => m.type === 'link'), { type: 'code' }];
          pushText(out, unesc(s.slice(i + 1, j)), codeMarks);
          i = j + 1;
          continue;
        }
      } else if (c === '<') {
        const j = nextGt[i + 1]!;
        const nodes = j > i && j < end ? parseToken(s.slice(i + 1, j), marks, opts) : null;
        if (nodes) {
          flush();
          for (const n of nodes) {
            if (n.type === 'text') pushText(out, n.text ?? '', n.marks ?? []);
            else out.push(n);
          }
          i = j + 1;
          continue;
        }
      } else if (c in FMT_CHARS) {
        const type = FMT_CHARS[c]!;
        if (!marks.some((m) => m.type === type) && canOpen(i)) {
          const j = nextClose(c, i + 2, end);
          if (j > 0) {
            flush();
            run(i + 1, j, [...marks, { type }]);
            i = j + 1;
            continue;
          }
        }
      } else if (c === ':' && (i === 0 || !ALNUM.test(s[i - 1]!))) {
        const m = /^:([\w+'-]{1,80}):(?::skin-tone-[2-6]:)?/.exec(s.slice(i, Math.min(end, i + 120)));
        if (m && /[a-z]/i.test(m[1]!)) {
          flush();
          out.push({ type: 'emoji', attrs: { shortName: m[0], text: m[0] } });
          i += m[0].length;
          continue;
        }
      }
      buf += c;
      i++;
    }
    flush();
  };
  run(0, s.length, []);
  return out;
}

function paragraph(lines: string[], opts: MrkdwnToAdfOptions): AdfNode {
  const content: AdfNode[] = [];
  lines.forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' });
    content.push(...parseInline(line, opts));
  });
  return { type: 'paragraph', content };
}

function codeBlock(body: string): AdfNode {
  const text = unesc(
    body
      .replace(/^\n/, '')
      .replace(/\n$/, '')
      // Slack wraps URLs it auto-detected in <…> even inside code blocks.
      .replace(/<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>/gi, (_m, url: string, label?: string) => label || url),
  );
  return text ? { type: 'codeBlock', content: [{ type: 'text', text }] } : { type: 'codeBlock' };
}

const QUOTE = /^(?:&gt;|>)[ \t]?/;
const LIST = /^([ \t\u00a0]*)([•◦▪▫‣*-]|\d{1,9}[.)])[ \t\u00a0]+(\S.*)$/;
const MAX_LIST_DEPTH = 20;

interface ListFrame {
  indent: number;
  ordered: boolean;
  list: AdfNode & { content: AdfNode[] };
}

function buildLists(lines: string[], opts: MrkdwnToAdfOptions): AdfNode[] {
  const roots: AdfNode[] = [];
  const stack: ListFrame[] = [];
  for (const line of lines) {
    const m = LIST.exec(line);
    if (!m) continue;
    const indent = m[1]!.replace(/\t/g, INDENT).length;
    const ordered = /\d/.test(m[2]!);
    const item: AdfNode = { type: 'listItem', content: [paragraph([m[3]!], opts)] };
    while (stack.length > 0 && stack[stack.length - 1]!.indent > indent) stack.pop();
    let top = stack[stack.length - 1];
    if (top && top.indent === indent && top.ordered !== ordered) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (top && (top.indent === indent || stack.length >= MAX_LIST_DEPTH)) {
      top.list.content.push(item);
      continue;
    }
    const list: ListFrame['list'] = { type: ordered ? 'orderedList' : 'bulletList', content: [item] };
    const start = ordered ? Number.parseInt(m[2]!, 10) : 1;
    if (start !== 1) list.attrs = { order: start };
    if (top) top.list.content[top.list.content.length - 1]!.content!.push(list);
    else roots.push(list);
    stack.push({ indent, ordered, list });
  }
  return roots;
}

function parseLines(src: string, opts: MrkdwnToAdfOptions, allowQuote: boolean): AdfNode[] {
  const lines = src.split('\n');
  const blocks: AdfNode[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length > 0) blocks.push(paragraph(para, opts));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) {
      flush();
      continue;
    }
    const group = allowQuote && QUOTE.test(line) ? QUOTE : LIST.test(line) ? LIST : undefined;
    if (!group) {
      para.push(line);
      continue;
    }
    flush();
    const run: string[] = [];
    while (i < lines.length && group.test(lines[i]!)) run.push(lines[i++]!);
    i--;
    if (group === LIST) {
      blocks.push(...buildLists(run, opts));
    } else {
      // ADF has no quote inside a quote, so a nested `>` stays text.
      const inner = parseLines(run.map((l) => l.replace(QUOTE, '')).join('\n'), opts, false);
      blocks.push({ type: 'blockquote', content: inner.length > 0 ? inner : [{ type: 'paragraph', content: [] }] });
    }
  }
  flush();
  return blocks;
}

/**
 * Slack message text (a message's `text`, or a plain_text_input value) → an ADF document for Jira:
 * `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ``` fences, `>` quotes, `•`/`-`/`1.` lists with
 * nesting by indentation, `<url|text>` links (http(s)/mailto only), `<@U…>` mentions (an ADF mention
 * when `mentionAccountId` knows the account, else `@name` text), `<#C…|name>`, `:emoji:`, and the
 * entities `&amp; &lt; &gt;`. Unmatched markup stays literal text. Never throws.
 */
export function mrkdwnToAdf(text: string, opts: MrkdwnToAdfOptions = {}): AdfDoc {
  const src = (typeof text === 'string' ? text : '').replace(/\r\n?/g, '\n').slice(0, MAX_INPUT);
  const content: AdfNode[] = [];
  let i = 0;
  for (;;) {
    const open = src.indexOf('```', i);
    const close = open < 0 ? -1 : src.indexOf('```', open + 3);
    if (close < 0) {
      content.push(...parseLines(src.slice(i), opts, true));
      break;
    }
    content.push(...parseLines(src.slice(i, open), opts, true));
    content.push(codeBlock(src.slice(open + 3, close)));
    i = close + 3;
  }
  return { type: 'doc', version: 1, content };
}

/** Plain text → ADF, with no markup interpreted: blank lines separate paragraphs, newlines are hard breaks. */
export function plainTextToAdf(text: string): AdfDoc {
  const src = (typeof text === 'string' ? text : '').replace(/\r\n?/g, '\n').slice(0, MAX_INPUT);
  const content: AdfNode[] = [];
  for (const para of src.split(/\n[ \t]*\n/)) {
    if (!para.trim()) continue;
    const nodes: AdfNode[] = [];
    para.split('\n').forEach((line, i) => {
      if (i > 0) nodes.push({ type: 'hardBreak' });
      if (line) nodes.push({ type: 'text', text: line });
    });
    content.push({ type: 'paragraph', content: nodes });
  }
  return { type: 'doc', version: 1, content };
}
