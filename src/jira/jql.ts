// The only place user text enters JQL. Values are always written as double-quoted string literals;
// JQL a person typed is only ever run inside `project in (…) AND (…)`, after checking that it cannot
// close that parenthesis early. Anything we cannot vouch for is refused with a JqlInputError rather
// than run with a wider scope than the caller's projects.

/** Refused JQL or search text; `message` is meant for the person who typed it. */
export class JqlInputError extends Error {
  readonly code = 'jb_invalid_jql';
  constructor(message: string) {
    super(message);
    this.name = 'JqlInputError';
  }
}

/**
 * Thrown by `restrictToProjects` when there are no projects to search in. Callers answer with
 * "no projects" instead of running a query: an empty restriction must never become no restriction.
 */
export class NoProjectsError extends Error {
  readonly code = 'jb_no_projects';
  constructor() {
    super("You don't have access to any Jira projects here.");
    this.name = 'NoProjectsError';
  }
}

/** An issue key such as `ALPHA-12`, anchored (one whole word, uppercase). Not global, so `test` is stateless. */
export const ISSUE_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

// Control characters, including the Unicode line and paragraph separators, and lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const isControl = (c: string) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(c);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A double-quoted JQL string literal holding exactly `value`: `\` and `"` are backslash-escaped, and
 * control characters (newlines included) become spaces, so nothing in `value` can end the literal.
 */
export function jqlString(value: string): string {
  const clean = String(value).replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, ' ');
  return `"${clean.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `("A", "B")`, each value quoted by `jqlString`. Throws a RangeError on an empty list (`()` is not JQL). */
export function jqlList(values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('jqlList needs at least one value');
  return `(${values.map(jqlString).join(', ')})`;
}

const FIELDS = [
  'affectedVersion',
  'approvals',
  'assignee',
  'attachments',
  'category',
  'comment',
  'component',
  'created',
  'createdDate',
  'creator',
  'description',
  'due',
  'duedate',
  'environment',
  'epic link',
  'filter',
  'fixVersion',
  'issue',
  'issueKey',
  'issuetype',
  'key',
  'labels',
  'lastViewed',
  'level',
  'originalEstimate',
  'parent',
  'priority',
  'project',
  'projectType',
  'remainingEstimate',
  'reporter',
  'resolution',
  'resolutiondate',
  'resolved',
  'sprint',
  'status',
  'statusCategory',
  'summary',
  'text',
  'timespent',
  'type',
  'updated',
  'updatedDate',
  'voter',
  'votes',
  'watcher',
  'watchers',
  'worklogAuthor',
  'worklogDate',
];
const FIELD = `(?:${FIELDS.map((f) => f.replace(/ /g, '\\s+')).join('|')}|cf\\[\\d+\\]|"[^"\\n]{1,80}")`;
const OPERATOR = [
  '!=',
  '!~',
  '>=',
  '<=',
  '=',
  '~',
  '>',
  '<',
  '(?:not\\s+)?in\\s*\\(',
  'is\\s+(?:not\\s+)?(?:empty|null)\\b',
  'was\\s+(?:not\\s+)?(?:in\\s*\\(|empty\\b|null\\b|"[^"]*")',
  'changed\\b',
].join('|');
const FIELD_OPERATOR = new RegExp(`(?:^|[\\s(])${FIELD}\\s*(?:${OPERATOR})`, 'i');

/**
 * Whether `/jira search …` input reads as JQL rather than words to look for: a known field (or
 * `cf[…]`, or a quoted field name) followed by an operator (`=`, `!=`, `~`, `in (`, `is empty`, …),
 * or a leading `ORDER BY`.
 */
export function looksLikeJql(input: string): boolean {
  const s = input.slice(0, 2000);
  return /^\s*order\s+by\s+\S/i.test(s) || FIELD_OPERATOR.test(s);
}

// Characters that Lucene, behind Jira's text search, treats as syntax; a stray one makes Jira answer
// 400. `/` (regex delimiter) and `"` (phrase) are included; spaces keep the words apart.
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^~*?\\:"/]/g;

/**
 * `text ~ "<words>"` for a plain-words search: Lucene syntax characters become spaces and the boolean
 * words AND/OR/NOT are lower-cased so Jira reads them as words. Throws a JqlInputError when nothing
 * searchable is left.
 */
export function textSearchJql(text: string): string {
  const words = String(text)
    .replace(CONTROL, ' ')
    .replace(LUCENE_SPECIAL, ' ')
    .replace(/\b(?:AND|OR|NOT)\b/g, (w) => w.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
  if (!words) throw new JqlInputError('Type some words to search for, or a JQL query.');
  return `text ~ ${jqlString(words.slice(0, 500))}`;
}

interface SplitJql {
  where: string;
  orderBy?: string;
}

// Reads JQL the way Jira's lexer does, as far as scope is concerned: quoted strings (with backslash
// escapes) and parentheses. Refuses whatever could make our closing `)` land somewhere else.
function splitUserJql(jql: string): SplitJql {
  let out = '';
  let depth = 0;
  let orderAt = -1;
  let i = 0;
  while (i < jql.length) {
    const c = jql[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      for (; j < jql.length && jql[j] !== c; j++) {
        if (jql[j] === '\\') j++;
        if (j < jql.length && isControl(jql[j]!)) {
          throw new JqlInputError('A quoted value in your JQL spans lines; keep each value on one line.');
        }
      }
      if (j >= jql.length) throw new JqlInputError(`Your JQL has a ${c} that is never closed.`);
      out += jql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '\\') throw new JqlInputError('Backslashes are only allowed inside quoted values in JQL.');
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) throw new JqlInputError('Your JQL has a ")" without a matching "(".');
    if (depth === 0 && orderAt < 0 && /^order\s+by\b/i.test(jql.slice(i, i + 40)) && !/[\w.]/.test(jql[i - 1] ?? ' ')) {
      orderAt = out.length;
    }
    out += isControl(c) ? ' ' : c;
    i++;
  }
  if (depth !== 0) throw new JqlInputError('Your JQL has a "(" without a matching ")".');
  if (orderAt < 0) return { where: out.trim() };
  const orderBy = out
    .slice(orderAt)
    .replace(/^order\s+by\s*/i, '')
    .trim();
  const item = /^(?:cf\[\d+\]|"(?:[^"\\]|\\.)+"|'(?:[^'\\]|\\.)+'|[A-Za-z][\w.]*)(?:\s+(?:asc|desc))?$/i;
  const items = orderBy.split(/\s*,\s*/);
  if (!orderBy || !items.every((part) => item.test(part))) {
    throw new JqlInputError(
      'Your JQL ends with an ORDER BY that is not a list of fields (like "ORDER BY created DESC").',
    );
  }
  return { where: out.slice(0, orderAt).trim(), orderBy: items.join(', ') };
}

/**
 * Runs a person's JQL only inside their projects:
 * `project in ("A", "B") AND (<their clause>) ORDER BY <their order, or updated DESC>`.
 *
 * Throws a JqlInputError (with words for that person) when the JQL has an unbalanced parenthesis or
 * quote, a backslash outside quotes, a line break inside a quoted value, or an ORDER BY that is not a
 * field list; anything of that kind could otherwise close our parenthesis and widen the search.
 * Throws NoProjectsError when `projectKeys` is empty.
 */
export function restrictToProjects(userJql: string, projectKeys: readonly string[]): string {
  const keys = [...new Set(projectKeys.map((k) => k.trim()).filter(Boolean))];
  if (keys.length === 0) throw new NoProjectsError();
  const { where, orderBy } = splitUserJql(String(userJql));
  const scope = `project in ${jqlList(keys)}`;
  return `${where ? `${scope} AND (${where})` : scope} ORDER BY ${orderBy ?? 'updated DESC'}`;
}

/**
 * `key in ("A-1", "B-2")` for a batch of previews. Keys are upper-cased and checked against
 * `ISSUE_KEY`; invalid ones are dropped, repeats removed. `undefined` when no key is left.
 */
export function keyInJql(keys: readonly string[]): string | undefined {
  const valid = [...new Set(keys.map((k) => String(k).trim().toUpperCase()).filter((k) => ISSUE_KEY.test(k)))];
  return valid.length > 0 ? `key in ${jqlList(valid)}` : undefined;
}

/**
 * The issue key in `s`: a key in any case (`alpha-12` → `ALPHA-12`) or a Jira issue URL
 * (`…/browse/ALPHA-12`, `…?selectedIssue=ALPHA-12`), also as Slack sends a pasted link (`<url>` or
 * `<url|label>`). `undefined` when there is none.
 */
export function parseIssueKey(s: string): string | undefined {
  const t = String(s)
    .trim()
    .replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1');
  const upper = t.toUpperCase();
  if (ISSUE_KEY.test(upper)) return upper;
  const m = /(?:\/browse\/|[?&]selectedIssue=)([A-Za-z][A-Za-z0-9_]+-\d+)(?=$|[/?#&])/.exec(t);
  return m ? m[1]!.toUpperCase() : undefined;
}
