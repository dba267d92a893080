import { isAxiosError } from 'axios';

/** Stable reasons a Jira call failed; handlers and the error renderer switch on these, never on statuses. */
export type JiraErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'rate_limited'
  | 'unavailable'
  | 'gone'
  | 'timeout';

export interface JiraErrorDetails {
  status?: number;
  messages?: string[];
  fieldErrors?: Record<string, string>;
  retryAfterSec?: number;
  cause?: unknown;
}

/**
 * Every failure of a Jira call. `messages` and `fieldErrors` are Jira's own words (safe to show after
 * escaping); `message` is for logs and never carries tokens, headers or bodies beyond Jira's messages.
 */
export class JiraError extends Error {
  override readonly name = 'JiraError';
  readonly code: JiraErrorCode;
  readonly status?: number;
  readonly messages: string[];
  readonly fieldErrors: Record<string, string>;
  readonly retryAfterSec?: number;

  constructor(code: JiraErrorCode, message: string, details: JiraErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    this.messages = details.messages ?? [];
    this.fieldErrors = details.fieldErrors ?? {};
    if (details.retryAfterSec !== undefined) this.retryAfterSec = details.retryAfterSec;
  }
}

export function isJiraError(e: unknown): e is JiraError {
  return e instanceof JiraError;
}

/** Where a failed call was going, for the log message. Use the route template, never a URL with ids. */
export interface JiraCallContext {
  method?: string;
  route?: string;
  now?: () => number;
}

/**
 * Turns anything a Jira call can throw into a JiraError. The axios error itself is never kept as
 * `cause`: its `config.headers` holds the bearer token and a logger would print it.
 */
export function normalizeJiraError(err: unknown, ctx: JiraCallContext = {}): JiraError {
  if (err instanceof JiraError) return err;
  const where = ctx.method && ctx.route ? `${ctx.method.toUpperCase()} ${ctx.route}` : 'Jira call';

  if (isAxiosError(err)) {
    const res = err.response;
    if (res) {
      const status = res.status;
      const { messages, fieldErrors } = flattenJiraBody(res.data);
      const retryAfterSec = parseRetryAfter(headerValue(res.headers, 'retry-after'), ctx.now?.() ?? Date.now());
      const code = codeForStatus(status);
      const summary = [...messages, ...Object.entries(fieldErrors).map(([k, v]) => `${k}: ${v}`)].join('; ');
      return new JiraError(code, `${where} failed with ${status} (${code})${summary ? `: ${summary}` : ''}`, {
        status,
        messages,
        fieldErrors,
        ...(retryAfterSec === undefined ? {} : { retryAfterSec }),
      });
    }
    const sysCode = err.code ?? '';
    if (sysCode === 'ECONNABORTED' || sysCode === 'ETIMEDOUT') {
      return new JiraError('timeout', `${where} timed out (${sysCode})`);
    }
    return new JiraError('unavailable', `${where} failed before Jira answered (${sysCode || 'network error'})`);
  }

  // Not from axios: a bug or an unexpected library failure. Keep it as the cause so the stack survives.
  const detail = err instanceof Error ? err.message : String(err);
  return new JiraError('unavailable', `${where} failed: ${detail}`, { cause: err });
}

function codeForStatus(status: number): JiraErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 410) return 'gone';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid';
  return 'unavailable';
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  const v = typeof h.get === 'function' ? h.get(name) : h[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns whole seconds ≥ 0. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * Jira answers errors as `{errorMessages: string[], errors: {field: message}}`; the API gateway and
 * OAuth endpoints answer `{code, message}` or `{error, error_description}`. HTML or other text bodies
 * (from proxies) are dropped: they are not words for a person.
 */
export function flattenJiraBody(body: unknown): { messages: string[]; fieldErrors: Record<string, string> } {
  const messages: string[] = [];
  const fieldErrors: Record<string, string> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { messages, fieldErrors };
  const b = body as Record<string, unknown>;
  const push = (v: unknown) => {
    if (typeof v === 'string' && v.trim() !== '' && !messages.includes(v.trim())) messages.push(v.trim());
  };
  if (Array.isArray(b.errorMessages)) for (const m of b.errorMessages) push(m);
  if (typeof b.errors === 'object' && b.errors !== null && !Array.isArray(b.errors)) {
    for (const [field, msg] of Object.entries(b.errors as Record<string, unknown>)) {
      if (typeof msg === 'string' && msg.trim() !== '') fieldErrors[field] = msg.trim();
    }
  }
  if (Array.isArray(b.warningMessages)) for (const m of b.warningMessages) push(m);
  push(b.message);
  push(b.error_description);
  if (messages.length === 0 && Object.keys(fieldErrors).length === 0) push(b.error);
  return { messages, fieldErrors };
}

const MAX_SHOWN = 400;

/**
 * The words a person sees for a failed Jira call. `attempted` names the act ("the transition",
 * "creating the issue"). Never statuses, JSON or tokens; Jira's own messages are included but the
 * caller still escapes the result for mrkdwn.
 */
export function describeJiraError(e: JiraError, attempted?: string): string {
  const jiraSays = clip(unique([...e.messages, ...Object.values(e.fieldErrors)]).join(' '), MAX_SHOWN);
  const what = attempted ?? 'the request';
  switch (e.code) {
    case 'unauthorized':
      return 'Jira no longer accepts your authorization. Re-authorize to keep using Jira from Slack.';
    case 'forbidden':
      return jiraSays
        ? `Jira refused ${what}: ${jiraSays}`
        : `Jira refused ${what}: you don't have permission to do that.`;
    case 'not_found':
      return "That issue doesn't exist or you can't see it.";
    case 'invalid':
      return jiraSays ? `Jira refused ${what}: ${jiraSays}` : `Jira refused ${what}.`;
    case 'rate_limited':
      return `Jira is rate-limiting us; try again in ${inSeconds(e.retryAfterSec ?? 60)}.`;
    case 'timeout':
      return "Jira didn't answer in time; try again in a moment.";
    case 'gone':
      return 'Jira no longer supports what this app asked for; an admin needs to update Jira Bridge.';
    case 'unavailable':
      return e.retryAfterSec === undefined
        ? "Jira isn't answering properly right now; try again in a few minutes."
        : `Jira isn't answering properly right now; try again in ${inSeconds(e.retryAfterSec)}.`;
  }
}

function inSeconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
