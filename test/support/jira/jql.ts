// The Jira emulator's JQL engine: a lexer and parser as strict as Jira's own (its ANTLR grammar, JqlParser.g,
// and JqlStringSupportImpl for reserved words and escapes), an evaluator for the fields the emulator stores, ORDER
// BY, and the subset of JQL that dynamic webhooks accept in `jqlFilter`.
//
// Messages follow Jira's: syntax errors start with "Error in the JQL Query:" and end with "(line L, character C)";
// validation errors (unknown field, unsupported operator, bad date) carry no prefix, as in Jira's `errorMessages`.

export class JqlError extends Error {
  override name = 'JqlError';
}

/** What the engine needs to know about an issue. `id`, `projectId` and `projectName` are optional extras. */
export interface JqlIssueView {
  key: string;
  /** Project key. */
  project: string;
  summary: string;
  /** Plain text. */
  description: string;
  status: string;
  statusCategory: string;
  issuetype: string;
  priority: string | null;
  /** accountId */
  assignee: string | null;
  reporter: string | null;
  labels: string[];
  created: string;
  updated: string;
  comments: string[];
  id?: string;
  projectId?: string;
  projectName?: string;
}

export type JqlField =
  | 'project'
  | 'key'
  | 'summary'
  | 'description'
  | 'text'
  | 'comment'
  | 'status'
  | 'statusCategory'
  | 'issuetype'
  | 'priority'
  | 'assignee'
  | 'reporter'
  | 'labels'
  | 'created'
  | 'updated';

export type JqlOperator = '=' | '!=' | '~' | '!~' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';

export type JqlValue =
  | { kind: 'text'; text: string }
  | { kind: 'empty' }
  | { kind: 'fn'; name: string; args: string[] };

export type JqlOperand = { kind: 'single'; value: JqlValue } | { kind: 'list'; values: JqlValue[] };

export type JqlClause =
  | { kind: 'and'; clauses: JqlClause[] }
  | { kind: 'or'; clauses: JqlClause[] }
  | { kind: 'not'; clause: JqlClause }
  | { kind: 'term'; field: JqlField; fieldText: string; op: JqlOperator; operand: JqlOperand };

export interface JqlSort {
  field: JqlField;
  direction: 'ASC' | 'DESC';
}

/** A parsed query: `where` is null when the query has no restriction at all. */
export interface JqlQuery {
  where: JqlClause | null;
  orderBy: JqlSort[];
}

export interface JqlContext {
  currentAccountId?: string;
  /** Epoch milliseconds for relative dates and `now()`; defaults to `Date.now()`. */
  now?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Words and characters

/** JqlStringSupportImpl's reserved words: unquoted, they are refused even where they would make sense. */
const RESERVED_WORDS = new Set(
  (
    'abort access add after alias all alter and any as asc audit avg before begin between boolean break by byte ' +
    'catch cf changed char character check checkpoint collate collation column commit connect continue count create ' +
    'current date decimal declare decrement default defaults define delete delimiter desc difference distinct ' +
    'divide do double drop else empty encoding end equals escape exclusive exec execute exists explain false fetch ' +
    'file field first float for from function go goto grant greater group having identified if immediate in ' +
    'increment index initial inner inout input insert int integer intersect intersection into is isempty isnull ' +
    'join last left less like limit lock long max min minus mode modify modulo more multiply next noaudit not notin ' +
    'nowait null number object of on option or order outer output power previous prior privileges public raise raw ' +
    'remainder rename resource return returns revoke right row rowid rownum rows select session set share size sqrt ' +
    'start strict string subtract sum synonym table then to trans transaction trigger true uid union unique update ' +
    'user validate values view was when whenever where while with'
  ).split(' '),
);

/** Words the grammar itself uses; unquoted, they are keywords rather than "reserved word" errors. */
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'empty',
  'null',
  'order',
  'by',
  'asc',
  'desc',
  'was',
  'changed',
  'before',
  'after',
  'from',
  'to',
  'on',
  'during',
]);

/** Characters Jira reserves for future use (RESERVED_CHARS in JqlParser.g); unquoted, they are an error. */
const RESERVED_CHARS = new Set(['{', '}', '*', '/', '%', '+', '^', '$', '#', '@', '?', ';']);

/** Characters that end an unquoted string (STRINGSTOP), besides whitespace and reserved characters. */
const STRING_STOP = new Set(['"', "'", '=', '!', '<', '>', '(', ')', '~', ',', '[', ']', '|', '&', '\\']);

function isControl(c: string): boolean {
  const n = c.charCodeAt(0);
  return (
    n <= 0x08 ||
    n === 0x09 ||
    n === 0x0b ||
    n === 0x0c ||
    (n >= 0x0e && n <= 0x1f) ||
    (n >= 0x7f && n <= 0x9f) ||
    (n >= 0xfdd0 && n <= 0xfdef) ||
    n >= 0xfffe
  );
}

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

// ---------------------------------------------------------------------------------------------------------------
// Lexer

type TokenType =
  | 'word' // unquoted string (may be a keyword)
  | 'quoted'
  | 'field' // cf[123]
  | '('
  | ')'
  | ','
  | 'op'
  | 'bang'
  | 'and'
  | 'or'
  | 'eof';

interface Token {
  type: TokenType;
  /** Decoded text (for quoted strings, without the quotes). */
  text: string;
  /** The text as written, for messages. */
  raw: string;
  pos: number;
}

function where(src: string, pos: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < src.length; i++) {
    if (src[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return `(line ${line}, character ${col})`;
}

function syntaxError(src: string, pos: number, text: string): JqlError {
  return new JqlError(`Error in the JQL Query: ${text} ${where(src, pos)}`);
}

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', '"': '"', "'": "'", '\\': '\\', ' ': ' ' };

/** Reads one escape sequence at src[i] === '\\'; returns the decoded character and the index after it. */
function readEscape(src: string, i: number, inside: string): [string, number] {
  const next = src[i + 1];
  if (next === undefined) {
    throw syntaxError(src, i, `The escape sequence '\\' in the string '${inside}' is illegal.`);
  }
  const simple = ESCAPES[next];
  if (simple !== undefined) return [simple, i + 2];
  if (next === 'u') {
    const hex = src.slice(i + 2, i + 6);
    if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(Number.parseInt(hex, 16)), i + 6];
    throw syntaxError(src, i, `The escape sequence '\\u${hex}' in the string '${inside}' is illegal.`);
  }
  throw syntaxError(src, i, `The escape sequence '\\${next}' in the string '${inside}' is illegal.`);
}

function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let text = '';
      i++;
      for (;;) {
        const d = src[i];
        if (d === undefined) {
          throw syntaxError(src, start, `The quoted string '${text}' has not been completed.`);
        }
        if (d === c) {
          i++;
          break;
        }
        if (d === '\\') {
          const [ch, after] = readEscape(src, i, text);
          text += ch;
          i = after;
          continue;
        }
        if (isControl(d)) {
          throw syntaxError(
            src,
            i,
            `The quoted string '${text}' contains the illegal character '${unicodeEscape(d)}'. Use the escape '${unicodeEscape(d)}' instead.`,
          );
        }
        text += d;
        i++;
      }
      tokens.push({ type: 'quoted', text, raw: src.slice(start, i), pos: start });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, raw: c, pos: i });
      i++;
      continue;
    }
    if (c === '[' || c === ']') {
      throw syntaxError(src, i, `The character '${c}' is not expected here; quote it to use it in a value.`);
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '!~' || two === '<=' || two === '>=') {
      tokens.push({ type: 'op', text: two, raw: two, pos: i });
      i += 2;
      continue;
    }
    if (c === '=' || c === '~' || c === '<' || c === '>') {
      tokens.push({ type: 'op', text: c, raw: c, pos: i });
      i++;
      continue;
    }
    if (c === '!') {
      tokens.push({ type: 'bang', text: c, raw: c, pos: i });
      i++;
      continue;
    }
    if (two === '&&' || two === '||') {
      tokens.push({ type: two === '&&' ? 'and' : 'or', text: two, raw: two, pos: i });
      i += 2;
      continue;
    }
    if (c === '&' || c === '|') {
      tokens.push({ type: c === '&' ? 'and' : 'or', text: c, raw: c, pos: i });
      i++;
      continue;
    }
    if (RESERVED_CHARS.has(c)) {
      throw syntaxError(
        src,
        i,
        `The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '${unicodeEscape(c)}' instead.`,
      );
    }
    if (isControl(c)) {
      throw syntaxError(src, i, `Illegal character '${unicodeEscape(c)}' found in the query.`);
    }
    // An unquoted string.
    let text = '';
    while (i < src.length) {
      const d = src[i]!;
      if (d === '\\') {
        const [ch, after] = readEscape(src, i, text);
        text += ch;
        i = after;
        continue;
      }
      if (isWhitespace(d) || isControl(d) || (STRING_STOP.has(d) && d !== '\\')) break;
      if (RESERVED_CHARS.has(d)) {
        throw syntaxError(
          src,
          i,
          `The character '${d}' is a reserved JQL character. You must enclose it in a string or use the escape '${unicodeEscape(d)}' instead.`,
        );
      }
      text += d;
      i++;
    }
    const lower = text.toLowerCase();
    if (lower === 'cf' && src[i] === '[') {
      const close = src.indexOf(']', i);
      if (close < 0) throw syntaxError(src, i, `Expecting ']' before the end of the query.`);
      tokens.push({ type: 'field', text: src.slice(start, close + 1), raw: src.slice(start, close + 1), pos: start });
      i = close + 1;
      continue;
    }
    const raw = src.slice(start, i);
    const rawLower = raw.toLowerCase();
    if (rawLower === 'and') tokens.push({ type: 'and', text, raw, pos: start });
    else if (rawLower === 'or') tokens.push({ type: 'or', text, raw, pos: start });
    else {
      // A keyword is recognised only as written; spelled with escapes it is a reserved word like any other.
      if (RESERVED_WORDS.has(lower) && !(KEYWORDS.has(rawLower) && raw === text)) {
        throw syntaxError(
          src,
          start,
          `'${text}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`,
        );
      }
      tokens.push({ type: 'word', text, raw, pos: start });
    }
  }
  tokens.push({ type: 'eof', text: '', raw: '', pos: src.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Fields

const FIELD_NAMES: Record<string, JqlField> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  id: 'key',
  summary: 'summary',
  description: 'description',
  text: 'text',
  comment: 'comment',
  status: 'status',
  statuscategory: 'statusCategory',
  issuetype: 'issuetype',
  type: 'issuetype',
  priority: 'priority',
  assignee: 'assignee',
  reporter: 'reporter',
  labels: 'labels',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
};

const TEXT_FIELDS: ReadonlySet<JqlField> = new Set(['summary', 'description', 'text', 'comment']);
const DATE_FIELDS: ReadonlySet<JqlField> = new Set(['created', 'updated']);
const USER_FIELDS: ReadonlySet<JqlField> = new Set(['assignee', 'reporter']);
const UNSORTABLE: ReadonlySet<JqlField> = new Set(['description', 'text', 'comment', 'labels']);

function operatorsFor(field: JqlField): ReadonlySet<JqlOperator> {
  if (TEXT_FIELDS.has(field)) return new Set<JqlOperator>(['~', '!~', 'is', 'is not']);
  if (DATE_FIELDS.has(field)) {
    return new Set<JqlOperator>(['=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'is', 'is not']);
  }
  return new Set<JqlOperator>(['=', '!=', 'in', 'not in', 'is', 'is not']);
}

const DATE_FORMATS_HELP =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";

const FUNCTIONS: Record<string, { fields: ReadonlySet<JqlField>; maxArgs: number }> = {
  currentuser: { fields: USER_FIELDS, maxArgs: 0 },
  now: { fields: DATE_FIELDS, maxArgs: 0 },
  startofday: { fields: DATE_FIELDS, maxArgs: 1 },
  endofday: { fields: DATE_FIELDS, maxArgs: 1 },
};

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*-[0-9]+$/;

// ---------------------------------------------------------------------------------------------------------------
// Parser

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }

  private isWord(t: Token, word: string): boolean {
    return t.type === 'word' && t.raw.toLowerCase() === word;
  }

  private err(t: Token, expecting: string, suffix = ''): JqlError {
    if (t.type === 'eof') return syntaxError(this.src, t.pos, `${expecting} before the end of the query.${suffix}`);
    return syntaxError(this.src, t.pos, `${expecting} but got '${t.raw}'.${suffix}`);
  }

  parse(): JqlQuery {
    let where: JqlClause | null = null;
    const first = this.peek();
    if (first.type !== 'eof' && !this.isWord(first, 'order')) {
      where = this.orClause();
    }
    const orderBy: JqlSort[] = [];
    const t = this.peek();
    if (this.isWord(t, 'order')) {
      this.next();
      const by = this.next();
      if (!this.isWord(by, 'by')) throw this.err(by, "Expecting 'by'");
      const seen = new Set<JqlField>();
      for (;;) {
        const ft = this.peek();
        const field = this.fieldName('Expecting a field name');
        if (UNSORTABLE.has(field)) throw new JqlError(`Field '${ft.text}' does not support sorting.`);
        if (seen.has(field)) {
          throw new JqlError(`The sort field '${ft.text}' is referenced multiple times in the JQL sort.`);
        }
        seen.add(field);
        let direction: 'ASC' | 'DESC' = 'ASC';
        const d = this.peek();
        if (this.isWord(d, 'asc') || this.isWord(d, 'desc')) {
          direction = d.raw.toUpperCase() as 'ASC' | 'DESC';
          this.next();
        } else if (d.type !== 'eof' && d.type !== ',') {
          throw syntaxError(
            this.src,
            d.pos,
            `Expecting either 'ASC' or 'DESC' but got '${d.raw}'. Use ',' to separate sort fields.`,
          );
        }
        orderBy.push({ field, direction });
        if (this.peek().type !== ',') break;
        this.next();
      }
    }
    const end = this.peek();
    if (end.type !== 'eof') {
      throw this.err(end, where ? "Expecting either 'OR' or 'AND'" : 'Expecting a field name');
    }
    return { where, orderBy };
  }

  private orClause(): JqlClause {
    const clauses = [this.andClause()];
    while (this.peek().type === 'or') {
      this.next();
      clauses.push(this.andClause());
    }
    return clauses.length === 1 ? clauses[0]! : { kind: 'or', clauses };
  }

  private andClause(): JqlClause {
    const clauses = [this.notClause()];
    while (this.peek().type === 'and') {
      this.next();
      clauses.push(this.notClause());
    }
    return clauses.length === 1 ? clauses[0]! : { kind: 'and', clauses };
  }

  private notClause(): JqlClause {
    const t = this.peek();
    if (t.type === 'bang' || this.isWord(t, 'not')) {
      this.next();
      return { kind: 'not', clause: this.notClause() };
    }
    if (t.type === '(') {
      this.next();
      const inner = this.orClause();
      const close = this.next();
      if (close.type !== ')') throw this.err(close, "Expecting ')'");
      return inner;
    }
    return this.terminal();
  }

  private fieldName(expecting: string): JqlField {
    const t = this.next();
    if (t.type === 'field') {
      throw new JqlError(`Field '${t.text}' does not exist or you do not have permission to view it.`);
    }
    if (t.type !== 'word' && t.type !== 'quoted') {
      throw this.err(
        t,
        expecting,
        t.type === 'eof' ? '' : ` You must surround '${t.raw}' in quotation marks to use it as a field name.`,
      );
    }
    if (t.type === 'word' && KEYWORDS.has(t.raw.toLowerCase())) {
      throw this.err(t, expecting, ` You must surround '${t.raw}' in quotation marks to use it as a field name.`);
    }
    const field = FIELD_NAMES[t.text.toLowerCase()];
    if (!field) throw new JqlError(`Field '${t.text}' does not exist or you do not have permission to view it.`);
    return field;
  }

  private operator(): JqlOperator {
    const t = this.next();
    if (t.type === 'op') return t.text as JqlOperator;
    const lower = t.type === 'word' ? t.raw.toLowerCase() : '';
    if (lower === 'in') return 'in';
    if (lower === 'is') {
      if (this.isWord(this.peek(), 'not')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    if (lower === 'not') {
      const n = this.next();
      if (this.isWord(n, 'in')) return 'not in';
      throw this.err(n, "Expecting 'IN'");
    }
    if (lower === 'was' || lower === 'changed') {
      throw new JqlError(`The emulated Jira does not support history searches ('${t.raw.toUpperCase()}').`);
    }
    throw this.err(
      t,
      'Expecting operator',
      " The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.",
    );
  }

  private value(): JqlValue {
    const t = this.next();
    if (t.type === 'quoted') return { kind: 'text', text: t.text };
    if (t.type === 'word') {
      const lower = t.raw.toLowerCase();
      if (lower === 'empty' || lower === 'null') return { kind: 'empty' };
      if (KEYWORDS.has(lower)) {
        throw this.err(
          t,
          'Expecting either a value, list or function',
          ` You must surround '${t.raw}' in quotation marks to use it as a value.`,
        );
      }
      if (this.peek().type === '(') {
        this.next();
        const args: string[] = [];
        if (this.peek().type !== ')') {
          for (;;) {
            const a = this.next();
            if (a.type !== 'word' && a.type !== 'quoted') {
              throw this.err(a, 'Expecting a function argument');
            }
            args.push(a.text);
            if (this.peek().type !== ',') break;
            this.next();
          }
        }
        const close = this.next();
        if (close.type !== ')') throw this.err(close, "Expecting ')'", '');
        return { kind: 'fn', name: t.text, args };
      }
      return { kind: 'text', text: t.text };
    }
    throw this.err(
      t,
      'Expecting either a value, list or function',
      t.type === 'eof' ? '' : ` You must surround '${t.raw}' in quotation marks to use it as a value.`,
    );
  }

  private operand(): JqlOperand {
    if (this.peek().type === '(') {
      this.next();
      const values = [this.value()];
      for (;;) {
        const t = this.next();
        if (t.type === ')') break;
        if (t.type !== ',') throw this.err(t, "Expecting ')'");
        values.push(this.value());
      }
      return { kind: 'list', values };
    }
    return { kind: 'single', value: this.value() };
  }

  private terminal(): JqlClause {
    const ft = this.peek();
    const field = this.fieldName('Expecting a field name');
    const op = this.operator();
    const operand = this.operand();
    const term: JqlClause = { kind: 'term', field, fieldText: ft.text, op, operand };
    validateTerm(term);
    return term;
  }
}

function describeOperand(operand: JqlOperand): string {
  const one = (v: JqlValue): string =>
    v.kind === 'empty' ? 'EMPTY' : v.kind === 'fn' ? `${v.name}(${v.args.join(', ')})` : `"${v.text}"`;
  return operand.kind === 'list' ? `(${operand.values.map(one).join(', ')})` : one(operand.value);
}

function validateTerm(term: Extract<JqlClause, { kind: 'term' }>): void {
  const { field, fieldText, op, operand } = term;
  if (!operatorsFor(field).has(op)) {
    throw new JqlError(`The operator '${op}' is not supported by the '${fieldText}' field.`);
  }
  const values = operand.kind === 'list' ? operand.values : [operand.value];
  if (op === 'in' || op === 'not in') {
    if (operand.kind !== 'list') {
      throw new JqlError(
        `Operator '${op}' does not support the non-list value '${describeOperand(operand)}' for field '${fieldText}'.`,
      );
    }
  } else if (operand.kind === 'list') {
    throw new JqlError(
      `Operator '${op}' does not support the list value '${describeOperand(operand)}' for field '${fieldText}'.`,
    );
  }
  if ((op === 'is' || op === 'is not') && values.some((v) => v.kind !== 'empty')) {
    throw new JqlError(`The operator '${op}' only supports the keywords 'EMPTY' and 'NULL' for field '${fieldText}'.`);
  }
  for (const v of values) {
    if (v.kind === 'empty') {
      if (op === '~' || op === '!~' || op === '<' || op === '<=' || op === '>' || op === '>=') {
        throw new JqlError(`The operator '${op}' does not support searching for EMPTY values.`);
      }
      continue;
    }
    if (v.kind === 'fn') {
      const fn = FUNCTIONS[v.name.toLowerCase()];
      if (!fn) throw new JqlError(`Unable to find JQL function '${v.name}(${v.args.join(', ')})'.`);
      if (!fn.fields.has(field)) {
        throw new JqlError(`A value provided by the function '${v.name}' is invalid for the field '${fieldText}'.`);
      }
      if (v.args.length > fn.maxArgs) {
        throw new JqlError(
          `Function '${v.name}' expected between '0' and '${fn.maxArgs}' arguments but received '${v.args.length}'.`,
        );
      }
      for (const a of v.args) {
        if (parsePeriod(a) === null) {
          throw new JqlError(`Function '${v.name}' has an invalid increment '${a}'.`);
        }
      }
      continue;
    }
    if (TEXT_FIELDS.has(field)) {
      for (const word of v.text.split(/[\s"]+/)) {
        if (/^[*?]/.test(word)) {
          throw new JqlError(
            `The text query '${v.text}' for field '${fieldText}' is not allowed to start with a wildcard character.`,
          );
        }
      }
    } else if (DATE_FIELDS.has(field)) {
      if (parseDateValue(v.text, 0) === null) {
        throw new JqlError(`Date value '${v.text}' for field '${fieldText}' is invalid. ${DATE_FORMATS_HELP}`);
      }
    } else if (field === 'key') {
      if (!KEY_PATTERN.test(v.text) && !/^\d+$/.test(v.text)) {
        throw new JqlError(`The issue key '${v.text}' for field '${fieldText}' is invalid.`);
      }
    }
  }
}

export function parseJql(jql: string): JqlQuery {
  return new Parser(jql, lex(jql)).parse();
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

const PERIOD_UNITS: Record<string, number> = {
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
};

/** `-5d`, `4w 2d`, `+1h 30m`: milliseconds, or null if not a period. */
function parsePeriod(text: string): number | null {
  const m = /^([-+])?\s*((?:\d+\s*[wdhm]\s*)+)$/i.exec(text.trim());
  if (!m) return null;
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d+)\s*([wdhm])/gi)) {
    total += Number(part[1]) * PERIOD_UNITS[part[2]!.toLowerCase()]!;
  }
  return m[1] === '-' ? -total : total;
}

/** Absolute dates (UTC) or periods relative to `now`; null when Jira would refuse the value. */
function parseDateValue(text: string, now: number): number | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (m) {
    const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
    return Date.UTC(y, mo - 1, d, h, mi);
  }
  const period = parsePeriod(text);
  return period === null ? null : now + period;
}

function dayStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

const STATUS_CATEGORY_ALIASES: Record<string, string> = {
  'to do': 'new',
  new: 'new',
  '2': 'new',
  'in progress': 'indeterminate',
  indeterminate: 'indeterminate',
  '4': 'indeterminate',
  done: 'done',
  complete: 'done',
  '3': 'done',
  undefined: 'undefined',
  'no category': 'undefined',
  '1': 'undefined',
};

const ci = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && /(?:s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}_]+/gu;

function tokenize(text: string): string[] {
  return (text.match(WORD) ?? []).map(stem);
}

/** A Lucene-like contains test: every term (or quoted phrase) must occur; `*` and `?` are wildcards. */
function textContains(haystacks: string[], query: string): boolean {
  const docs = haystacks.map(tokenize);
  const wanted: Array<(doc: string[]) => boolean> = [];
  for (const m of query.matchAll(/"([^"]*)"|([\p{L}\p{N}_*?]+)/gu)) {
    if (m[1] !== undefined) {
      const phrase = tokenize(m[1]);
      if (phrase.length === 0) continue;
      wanted.push((doc) => doc.some((_, i) => phrase.every((p, j) => doc[i + j] === p)));
      continue;
    }
    const term = m[2]!;
    if (/[*?]/.test(term)) {
      const body = term
        .toLowerCase()
        .split('')
        .map((ch) => (ch === '*' ? '[\\p{L}\\p{N}_]*' : ch === '?' ? '[\\p{L}\\p{N}_]' : ch))
        .join('');
      const re = new RegExp(`^${body}$`, 'u');
      wanted.push((doc) => doc.some((w) => re.test(w)));
      continue;
    }
    if (STOP_WORDS.has(term.toLowerCase())) continue;
    const s = stem(term);
    wanted.push((doc) => doc.includes(s));
  }
  if (wanted.length === 0) return false;
  const all = docs.flat();
  return wanted.every((test) => test(all));
}

function textOf(issue: JqlIssueView, field: JqlField): string[] {
  switch (field) {
    case 'summary':
      return [issue.summary];
    case 'description':
      return issue.description ? [issue.description] : [];
    case 'comment':
      return issue.comments.filter((c) => c !== '');
    default:
      return [issue.summary, issue.description, ...issue.comments].filter((c) => c !== '');
  }
}

/** The field's value(s); an empty array is EMPTY. */
function valuesOf(issue: JqlIssueView, field: JqlField): string[] {
  switch (field) {
    case 'project':
      return [issue.project];
    case 'key':
      return [issue.key];
    case 'status':
      return [issue.status];
    case 'statusCategory':
      return [issue.statusCategory];
    case 'issuetype':
      return [issue.issuetype];
    case 'priority':
      return issue.priority ? [issue.priority] : [];
    case 'assignee':
      return issue.assignee ? [issue.assignee] : [];
    case 'reporter':
      return issue.reporter ? [issue.reporter] : [];
    case 'labels':
      return issue.labels;
    case 'created':
      return [issue.created];
    case 'updated':
      return [issue.updated];
    default:
      return textOf(issue, field);
  }
}

/** Concrete values for an operand value: EMPTY → null, functions resolved, nothing when the function has no value. */
function resolve(v: JqlValue, ctx: JqlContext): Array<string | null> {
  if (v.kind === 'empty') return [null];
  if (v.kind === 'text') return [v.text];
  const now = ctx.now ?? Date.now();
  switch (v.name.toLowerCase()) {
    case 'currentuser':
      return ctx.currentAccountId ? [ctx.currentAccountId] : [];
    case 'now':
      return [new Date(now).toISOString()];
    case 'startofday':
      return [new Date(dayStart(now + (v.args[0] ? parsePeriod(v.args[0])! : 0))).toISOString()];
    case 'endofday':
      return [new Date(dayStart(now + (v.args[0] ? parsePeriod(v.args[0])! : 0)) + 86_400_000 - 1).toISOString()];
    default:
      return [];
  }
}

function equals(issue: JqlIssueView, field: JqlField, actual: string, wanted: string, now: number): boolean {
  switch (field) {
    case 'project':
      return ci(actual, wanted) || wanted === issue.projectId || (!!issue.projectName && ci(issue.projectName, wanted));
    case 'key':
      return ci(actual, wanted) || (issue.id !== undefined && wanted === issue.id);
    case 'statusCategory': {
      const a = STATUS_CATEGORY_ALIASES[actual.toLowerCase()] ?? actual.toLowerCase();
      const w = STATUS_CATEGORY_ALIASES[wanted.toLowerCase()] ?? wanted.toLowerCase();
      return a === w;
    }
    case 'created':
    case 'updated':
      return parseInstant(actual) === toInstant(wanted, now);
    default:
      return ci(actual, wanted);
  }
}

/** An ISO-8601 instant as Jira writes it (`+0000` offsets included), or NaN. */
function parseInstant(value: string): number {
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

function toInstant(value: string, now: number): number | null {
  const iso = /^\d{4}-\d{2}-\d{2}T/.test(value) ? parseInstant(value) : Number.NaN;
  if (!Number.isNaN(iso)) return iso;
  return parseDateValue(value, now);
}

const NEGATED: Record<JqlOperator, JqlOperator> = {
  '=': '!=',
  '!=': '=',
  '~': '!~',
  '!~': '~',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
  in: 'not in',
  'not in': 'in',
  is: 'is not',
  'is not': 'is',
};

function evalTerm(
  term: Extract<JqlClause, { kind: 'term' }>,
  op: JqlOperator,
  issue: JqlIssueView,
  ctx: JqlContext,
): boolean {
  const { field } = term;
  const now = ctx.now ?? Date.now();
  const actual = valuesOf(issue, field);
  const wanted = (term.operand.kind === 'list' ? term.operand.values : [term.operand.value]).flatMap((v) =>
    resolve(v, ctx),
  );
  const empty = actual.length === 0;
  const hit = (w: string | null): boolean => (w === null ? empty : actual.some((a) => equals(issue, field, a, w, now)));
  switch (op) {
    case 'is':
      return empty;
    case 'is not':
      return !empty;
    case '=':
    case 'in':
      return wanted.some(hit);
    case '!=':
    case 'not in':
      // Like Jira, a negative match never selects an issue whose field is empty.
      return !empty && !wanted.some(hit);
    case '~':
      return wanted.some((w) => w !== null && textContains(actual, w));
    case '!~':
      return !empty && !wanted.some((w) => w !== null && textContains(actual, w));
    default: {
      const a = parseInstant(actual[0] ?? '');
      return wanted.some((w) => {
        const b = w === null ? null : toInstant(w, now);
        if (b === null || Number.isNaN(a)) return false;
        return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      });
    }
  }
}

function evalClause(c: JqlClause, issue: JqlIssueView, ctx: JqlContext, negated: boolean): boolean {
  switch (c.kind) {
    case 'not':
      return evalClause(c.clause, issue, ctx, !negated);
    case 'and':
      return negated
        ? c.clauses.some((x) => evalClause(x, issue, ctx, true))
        : c.clauses.every((x) => evalClause(x, issue, ctx, false));
    case 'or':
      return negated
        ? c.clauses.every((x) => evalClause(x, issue, ctx, true))
        : c.clauses.some((x) => evalClause(x, issue, ctx, false));
    case 'term':
      // NOT is pushed down onto the operator, as Jira does: NOT assignee = x is assignee != x (empty excluded).
      return evalTerm(c, negated ? NEGATED[c.op] : c.op, issue, ctx);
  }
}

export function evaluateJql(q: JqlQuery, issue: JqlIssueView, ctx: JqlContext): boolean {
  return q.where === null || evalClause(q.where, issue, ctx, false);
}

// ---------------------------------------------------------------------------------------------------------------
// Sorting

const PRIORITY_RANK: Record<string, number> = { highest: 5, high: 4, medium: 3, low: 2, lowest: 1 };

function keyParts(key: string): [string, number] {
  const dash = key.lastIndexOf('-');
  return [key.slice(0, dash).toUpperCase(), Number(key.slice(dash + 1))];
}

function compareBy(field: JqlField, a: JqlIssueView, b: JqlIssueView): number {
  switch (field) {
    case 'key': {
      const [pa, na] = keyParts(a.key);
      const [pb, nb] = keyParts(b.key);
      return pa < pb ? -1 : pa > pb ? 1 : na - nb;
    }
    case 'created':
    case 'updated':
      return parseInstant(a[field]) - parseInstant(b[field]);
    case 'priority': {
      if (a.priority === b.priority) return 0;
      if (a.priority === null) return 1;
      if (b.priority === null) return -1;
      const ra = PRIORITY_RANK[a.priority.toLowerCase()] ?? 0;
      const rb = PRIORITY_RANK[b.priority.toLowerCase()] ?? 0;
      return ra !== rb ? ra - rb : a.priority.localeCompare(b.priority);
    }
    default: {
      const va = valuesOf(a, field)[0] ?? null;
      const vb = valuesOf(b, field)[0] ?? null;
      if (va === vb) return 0;
      if (va === null) return 1; // empty values sort last ascending
      if (vb === null) return -1;
      return va.toLowerCase().localeCompare(vb.toLowerCase());
    }
  }
}

/** A sorted copy; without ORDER BY, newest first (created DESC, then key DESC). */
export function sortIssues<T extends JqlIssueView>(q: JqlQuery, issues: T[]): T[] {
  const sorts: JqlSort[] = [
    ...(q.orderBy.length > 0 ? q.orderBy : [{ field: 'created' as const, direction: 'DESC' as const }]),
    { field: 'key', direction: 'DESC' },
  ];
  return [...issues].sort((a, b) => {
    for (const s of sorts) {
      const c = compareBy(s.field, a, b);
      if (c !== 0) return s.direction === 'ASC' ? c : -c;
    }
    return 0;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Questions the emulator asks about a query

function* terms(c: JqlClause | null): Generator<Extract<JqlClause, { kind: 'term' }>> {
  if (c === null) return;
  if (c.kind === 'term') yield c;
  else if (c.kind === 'not') yield* terms(c.clause);
  else for (const x of c.clauses) yield* terms(x);
}

/** Project and issue-key values the query names (as written), which Jira checks exist and are visible. */
export function referencedValues(q: JqlQuery): { projects: string[]; keys: string[] } {
  const projects: string[] = [];
  const keys: string[] = [];
  for (const t of terms(q.where)) {
    if (t.field !== 'project' && t.field !== 'key') continue;
    const values = t.operand.kind === 'list' ? t.operand.values : [t.operand.value];
    for (const v of values) {
      if (v.kind !== 'text') continue;
      if (t.field === 'project' && !projects.includes(v.text)) projects.push(v.text);
      if (t.field === 'key' && KEY_PATTERN.test(v.text) && !keys.includes(v.text)) keys.push(v.text);
    }
  }
  return { projects, keys };
}

/** Jira's /search/jql refuses a query with no restriction (empty, or only ORDER BY). */
export function isBounded(q: JqlQuery): boolean {
  return q.where !== null;
}

const WEBHOOK_FIELDS: ReadonlySet<JqlField> = new Set([
  'key',
  'project',
  'issuetype',
  'status',
  'assignee',
  'reporter',
]);
const WEBHOOK_OPERATORS: ReadonlySet<JqlOperator> = new Set(['=', '!=', 'in', 'not in']);

/**
 * The subset of JQL a dynamic webhook's `jqlFilter` accepts (Atlassian's WebhookDetails): fields issueKey, project,
 * issuetype, status, assignee, reporter; operators =, !=, IN, NOT IN; AND, OR and parentheses. Returns why a filter
 * is refused, or null.
 */
export function checkWebhookFilter(jql: string): string | null {
  if (jql.trim() === '') return 'The JQL filter must not be empty.';
  let q: JqlQuery;
  try {
    q = parseJql(jql);
  } catch (e) {
    if (e instanceof JqlError) return e.message;
    throw e;
  }
  if (q.orderBy.length > 0) return 'The clause ORDER BY is unsupported';
  if (q.where === null) return 'The JQL filter must not be empty.';
  const visit = (c: JqlClause): string | null => {
    if (c.kind === 'not') return 'The clause NOT is unsupported';
    if (c.kind !== 'term') {
      for (const x of c.clauses) {
        const e = visit(x);
        if (e) return e;
      }
      return null;
    }
    if (!WEBHOOK_FIELDS.has(c.field)) return `The clause ${c.fieldText} is unsupported`;
    if (!WEBHOOK_OPERATORS.has(c.op)) {
      return `The operator '${c.op.toUpperCase()}' in the clause ${c.fieldText} is unsupported`;
    }
    const values = c.operand.kind === 'list' ? c.operand.values : [c.operand.value];
    for (const v of values) {
      if (v.kind === 'empty') return `The value EMPTY in the clause ${c.fieldText} is unsupported`;
      if (v.kind === 'fn') return `The function ${v.name}() in the clause ${c.fieldText} is unsupported`;
    }
    return null;
  };
  return visit(q.where);
}
