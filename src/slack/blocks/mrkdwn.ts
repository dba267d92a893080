// Slack mrkdwn helpers. Slack mrkdwn is not Markdown: `&`, `<` and `>` are its only control characters
// (Slack's formatting reference, "Escaping text"), and `<…>` is how it spells links, user mentions
// (`<@U…>`), channels (`<#C…>`) and group notifications (`<!channel>`, `<!here>`). Anything that came
// from a user or from Jira goes through `esc` before it is placed in mrkdwn, so it can never ping anyone.

/** What a linked `KEY: summary` line needs. */
export interface IssueRef {
  url: string;
  key: string;
  summary: string;
}

const ELLIPSIS = '…';

/** Escapes Slack's three control characters, and nothing else. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Reverses `esc` (Slack sends message text escaped). `&amp;` last, so `&amp;lt;` stays `&lt;`. */
export function unesc(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

let segmenter: Intl.Segmenter | undefined;

// The index ≤ `cut` where a grapheme starts. Only a window around the cut is segmented, so clipping
// 100 kB costs the same as clipping 100 B.
function graphemeBoundary(s: string, cut: number): number {
  const from = Math.max(0, cut - 32);
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let best = -1;
  for (const seg of segmenter.segment(s.slice(from, cut + 32))) {
    const at = from + seg.index;
    if (at > cut) break;
    best = at;
  }
  if (best > from || from === 0) return Math.max(best, 0);
  // A single "grapheme" longer than the window (zalgo text): settle for not splitting a surrogate pair.
  const code = s.charCodeAt(cut);
  const prev = s.charCodeAt(cut - 1);
  return code >= 0xdc00 && code <= 0xdfff && prev >= 0xd800 && prev <= 0xdbff ? cut - 1 : cut;
}

// Moves `cut` back to the `&` of an HTML entity that it would otherwise split (`&am|p;`).
function entityBoundary(s: string, cut: number): number {
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp < 0 || cut - amp > 9) return cut;
  const m = /^&(?:amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-f]{1,6});/i.exec(s.slice(amp, amp + 10));
  return m && amp + m[0].length > cut ? amp : cut;
}

function cutAt(s: string, max: number, mrkdwn: boolean): string {
  const limit = Math.floor(max);
  if (!(limit > 0)) return '';
  if (s.length <= limit) return s;
  if (limit === 1) return ELLIPSIS;
  let cut = entityBoundary(s, graphemeBoundary(s, limit - 1));
  if (mrkdwn) {
    // Never leave half a `<url|label>` behind: Slack would show the raw markup.
    const lt = s.lastIndexOf('<', cut - 1);
    if (lt > s.lastIndexOf('>', cut - 1)) cut = lt;
  }
  return `${s.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/**
 * Shortens `s` to at most `max` UTF-16 code units, ending in `…`. Cuts on a grapheme boundary (never
 * inside a surrogate pair, combining sequence or emoji ZWJ sequence) and never inside an entity such as
 * `&amp;`, so it is safe on raw and on escaped text.
 */
export function clip(s: string, max: number): string {
  return cutAt(s, max, false);
}

/** Like `clip`, for finished mrkdwn: also never cuts inside a `<…>` link. */
export function clipMrkdwn(s: string, max: number): string {
  return cutAt(s, max, true);
}

function openFences(s: string): boolean {
  return (s.match(/```/g)?.length ?? 0) % 2 === 1;
}

/**
 * Fits finished mrkdwn into `max` characters: `clipMrkdwn`, and if the cut falls inside a ``` code
 * block the block is closed, so the rest of the message is not swallowed into it.
 */
export function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  const out = clipMrkdwn(s, max);
  if (!openFences(out)) return out;
  const shorter = clipMrkdwn(s, max - 4);
  return openFences(shorter) ? `${shorter}\n\`\`\`` : shorter;
}

/**
 * The URL as it may appear inside `<…>`, or `undefined` unless it is http(s) or mailto (a
 * `javascript:` or `slack://` href never becomes a link). `|`, `<`, `>` and spaces are percent-encoded
 * so the URL cannot end the link early or smuggle a label; `&` is entity-escaped as Slack expects.
 */
export function safeUrl(url: string): string | undefined {
  const u = url.trim();
  if (!/^(?:https?:\/\/[^\s/?#]|mailto:[^\s])/i.test(u)) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(u)) return undefined;
  return u.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C').replace(/\s/g, '%20');
}

/**
 * `<url|label>` with the label escaped. Without a usable label it is `<url>`; when the URL is not
 * http(s)/mailto the result is the escaped label (or URL) as plain text.
 */
export function link(url: string, label?: string): string {
  const text = (label ?? '').replace(/\s+/g, ' ').trim();
  const safe = safeUrl(url);
  if (safe === undefined) return esc(text || url);
  return text && text !== url.trim() ? `<${safe}|${esc(text)}>` : `<${safe}>`;
}

/** `<url|KEY: summary>`, the summary clipped to 80 characters. */
export function issueLink(issue: IssueRef): string {
  const summary = clip(issue.summary.replace(/\s+/g, ' ').trim(), 80);
  return link(issue.url, summary ? `${issue.key}: ${summary}` : issue.key);
}

// Slack only formats `*x*` when the markers hug the text, so surrounding whitespace stays outside.
function wrap(marker: string, raw: string): string {
  const t = raw.trim();
  if (!t) return raw;
  const lead = raw.slice(0, raw.length - raw.trimStart().length);
  const trail = raw.slice(raw.trimEnd().length);
  return `${esc(lead)}${marker}${esc(t)}${marker}${esc(trail)}`;
}

/** `*text*` from raw text (escaped here). */
export const bold = (raw: string): string => wrap('*', raw);
/** `_text_` from raw text (escaped here). */
export const italic = (raw: string): string => wrap('_', raw);
/** `~text~` from raw text (escaped here). */
export const strike = (raw: string): string => wrap('~', raw);

/** `` `text` `` from raw text. Slack has no way to escape a backtick inside code, so it becomes `ˋ`. */
export function code(raw: string): string {
  return raw ? `\`${esc(raw.replace(/`/g, 'ˋ'))}\`` : '';
}

/** Quotes raw text: each line starts with `> `. */
export function quote(raw: string): string {
  return raw
    .split('\n')
    .map((line) => (line ? `> ${esc(line)}` : '>'))
    .join('\n');
}
