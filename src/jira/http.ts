import axios, { type AxiosInstance, type Method } from 'axios';
import { JiraError, normalizeJiraError } from './errors.js';

/** Where the client gets a bearer token. Refresh, locking and persistence live behind it (oauth.ts). */
export interface TokenSource {
  accessToken(): Promise<string>;
  /**
   * Jira said 401: the connection is dead or the token was revoked. The source records that and may
   * return (not throw) the Error the caller should see instead, e.g. "re-authorize"; it throws only when
   * recording failed.
   */
  unauthorized(): Promise<unknown>;
}

export interface JiraCall {
  method: string;
  /** Route template without ids, e.g. `/issue/{issueIdOrKey}`; safe as a metric label. */
  route: string;
  status: number | 'error';
  ms: number;
}

export interface JiraHttpOptions {
  /** `${ATLASSIAN_API_URL}/ex/jira/${cloudId}/rest/api/3` */
  baseUrl: string;
  tokens: TokenSource;
  /** Per attempt. Default 10000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** A longer `Retry-After` is not waited for: the call fails as rate_limited at once. Default 30. */
  maxRetryAfterSec?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onCall?: (c: JiraCall) => void;
}

export type QueryParams = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  params?: QueryParams;
  /** Route template for metrics and logs; derived from the path when absent. */
  route?: string;
  /** Safe to repeat after a 5xx or timeout. GET, PUT and DELETE always are; POST only when marked. */
  idempotent?: boolean;
  body?: unknown;
}

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one axios wrapper for Jira: bearer token per attempt, timeouts, `Retry-After`, bounded retries
 * with jittered backoff for idempotent calls, and every failure normalized into a JiraError.
 */
export class JiraHttp {
  private readonly ax: AxiosInstance;
  private readonly tokens: TokenSource;
  private readonly maxRetries: number;
  private readonly maxRetryAfterSec: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onCall: ((c: JiraCall) => void) | undefined;

  constructor(opts: JiraHttpOptions) {
    this.ax = axios.create({
      baseURL: opts.baseUrl.replace(/\/+$/, ''),
      timeout: opts.timeoutMs ?? 10_000,
      // A redirect would carry our bearer token somewhere we did not choose; Jira's API never redirects.
      maxRedirects: 0,
      headers: { Accept: 'application/json' },
    });
    this.tokens = opts.tokens;
    this.maxRetries = opts.maxRetries ?? 3;
    this.maxRetryAfterSec = opts.maxRetryAfterSec ?? 30;
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
    this.onCall = opts.onCall;
  }

  get<T>(path: string, opts: Omit<RequestOptions, 'body' | 'idempotent'> = {}): Promise<T> {
    return this.request<T>('GET', path, opts);
  }

  post<T>(path: string, body: unknown, opts: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...opts, body });
  }

  put<T>(path: string, body: unknown, opts: Omit<RequestOptions, 'body' | 'idempotent'> = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...opts, body });
  }

  delete<T>(path: string, opts: Omit<RequestOptions, 'idempotent'> = {}): Promise<T> {
    return this.request<T>('DELETE', path, opts);
  }

  /**
   * One Jira call with retries. Resolves to the parsed JSON body (undefined for an empty body); rejects
   * with a JiraError, except that an error thrown by `tokens.accessToken()` (e.g. a dead refresh grant)
   * propagates unchanged.
   */
  async request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
    const upper = method.toUpperCase();
    const route = opts.route ?? routeOf(path);
    const idempotent = upper !== 'POST' && upper !== 'PATCH' ? true : opts.idempotent === true;

    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.accessToken();
      const started = performance.now();
      let err: JiraError;
      try {
        const res = await this.ax.request({
          method: upper,
          url: path,
          params: opts.params,
          data: opts.body,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
        });
        this.report(upper, route, res.status, started);
        if (res.status === 204 || res.data === '' || res.data === undefined) return undefined as T;
        return res.data as T;
      } catch (e) {
        err = normalizeJiraError(e, { method: upper, route, now: this.now });
        this.report(upper, route, err.status ?? 'error', started);
      }

      if (err.code === 'unauthorized') {
        // Retrying with the same token cannot help; the source marks the connection for re-authorization.
        let verdict: unknown;
        try {
          verdict = await this.tokens.unauthorized();
        } catch (cause) {
          // The caller still needs to hear "unauthorized"; the failure to record it rides along for the log.
          throw new JiraError('unauthorized', `${err.message}; marking the connection failed`, {
            ...(err.status === undefined ? {} : { status: err.status }),
            messages: err.messages,
            fieldErrors: err.fieldErrors,
            cause,
          });
        }
        throw verdict instanceof Error ? verdict : err;
      }

      const wait = this.retryDelayMs(err, attempt, idempotent);
      if (wait === undefined) throw err;
      await this.sleep(wait);
    }
  }

  /** How long to wait before the next attempt, or undefined to give up with `err`. */
  private retryDelayMs(err: JiraError, attempt: number, idempotent: boolean): number | undefined {
    if (attempt >= this.maxRetries) return undefined;
    const status = err.status;
    // 429 means Jira did nothing, so even a creating POST may be repeated.
    const retryable =
      status === 429 ||
      (idempotent &&
        (err.code === 'timeout' || (err.code === 'unavailable' && (status === undefined || isRetryable5xx(status)))));
    if (!retryable) return undefined;

    if ((status === 429 || status === 503) && err.retryAfterSec !== undefined) {
      if (err.retryAfterSec > this.maxRetryAfterSec) {
        throw new JiraError(
          'rate_limited',
          `${err.message}; Retry-After ${err.retryAfterSec}s is longer than we wait (${this.maxRetryAfterSec}s)`,
          { status, messages: err.messages, fieldErrors: err.fieldErrors, retryAfterSec: err.retryAfterSec },
        );
      }
      return err.retryAfterSec * 1000;
    }
    const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
    // "Equal jitter": at least half the backoff, so retries never bunch up at zero.
    return Math.round(cap / 2 + this.random() * (cap / 2));
  }

  private report(method: string, route: string, status: number | 'error', started: number): void {
    if (!this.onCall) return;
    try {
      this.onCall({ method, route, status, ms: Math.round(performance.now() - started) });
    } catch {
      // A metrics hook must never turn a good Jira answer into a failure.
    }
  }
}

function isRetryable5xx(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/** Fallback metric label: strips the query and replaces id-like segments (numbers, issue keys). */
function routeOf(path: string): string {
  const bare = path.split('?')[0] ?? path;
  return bare
    .split('/')
    .map((seg) => (/\d/.test(seg) ? '{id}' : seg))
    .join('/');
}
