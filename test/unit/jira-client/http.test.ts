import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JiraError } from '../../../src/jira/errors.js';
import { type JiraCall, JiraHttp, type JiraHttpOptions, type TokenSource } from '../../../src/jira/http.js';

// A scripted Jira: each request takes the next canned answer, in order, and is recorded.
interface Canned {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer: lets the client's own timeout fire. */
  hang?: boolean;
}
interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

const servers: Array<{ close: () => Promise<void>; pending: () => number }> = [];

async function jira(answers: Canned[]) {
  const seen: Seen[] = [];
  const queue = [...answers];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const next = queue.shift() ?? { status: 599, body: { errorMessages: ['unexpected request'] } };
      if (next.hang) return;
      const payload = next.body === undefined ? '' : JSON.stringify(next.body);
      res.writeHead(next.status, {
        ...(payload ? { 'Content-Type': 'application/json' } : {}),
        ...next.headers,
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle = {
    baseUrl: `http://127.0.0.1:${port}/ex/jira/cloud-1/rest/api/3`,
    seen,
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

afterEach(async () => {
  const left = servers.map((s) => s.pending());
  await Promise.all(servers.splice(0).map((s) => s.close()));
  // Every scripted answer was asked for: no expected call left unmade.
  expect(left.every((n) => n === 0)).toBe(true);
});

function tokens(...values: string[]): TokenSource & { unauthorizedCalls: number } {
  let i = 0;
  const src = {
    unauthorizedCalls: 0,
    accessToken: async () => values[Math.min(i++, values.length - 1)] ?? 'token',
    unauthorized: async () => {
      src.unauthorizedCalls++;
    },
  };
  return src;
}

function client(baseUrl: string, over: Partial<JiraHttpOptions> = {}) {
  const sleeps: number[] = [];
  const calls: JiraCall[] = [];
  const h = new JiraHttp({
    baseUrl,
    tokens: tokens('tok-1'),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    onCall: (c) => calls.push(c),
    ...over,
  });
  return { h, sleeps, calls };
}

async function failure(p: Promise<unknown>): Promise<JiraError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof JiraError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('JiraHttp', () => {
  it('sends a fresh bearer token from the token source on every attempt', async () => {
    const j = await jira([{ status: 500 }, { status: 200, body: { ok: true } }]);
    const { h } = client(j.baseUrl, { tokens: tokens('tok-1', 'tok-2') });
    await expect(h.get('/myself')).resolves.toEqual({ ok: true });
    expect(j.seen.map((s) => s.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(j.seen[0]?.url).toBe('/ex/jira/cloud-1/rest/api/3/myself');
  });

  it('waits as long as Retry-After says on a 429 and then succeeds', async () => {
    const j = await jira([
      { status: 429, headers: { 'Retry-After': '7' } },
      { status: 200, body: { accountId: 'a' } },
    ]);
    const { h, sleeps } = client(j.baseUrl);
    await expect(h.get('/myself')).resolves.toEqual({ accountId: 'a' });
    expect(sleeps).toEqual([7000]);
  });

  it('reads Retry-After given as an HTTP date on a 503', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const j = await jira([
      { status: 503, headers: { 'Retry-After': 'Wed, 01 Jan 2025 00:00:12 GMT' } },
      { status: 200, body: [] },
    ]);
    const { h, sleeps } = client(j.baseUrl, { now: () => now });
    await h.get('/webhook');
    expect(sleeps).toEqual([12_000]);
  });

  it('gives up at once as rate_limited when Retry-After is longer than it will wait', async () => {
    const j = await jira([{ status: 429, headers: { 'Retry-After': '120' } }]);
    const { h, sleeps } = client(j.baseUrl, { maxRetryAfterSec: 30 });
    const e = await failure(h.get('/myself'));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterSec).toBe(120);
    expect(sleeps).toEqual([]);
    expect(j.seen).toHaveLength(1);
  });

  it('stops retrying a persistent 429 after maxRetries and reports rate_limited', async () => {
    const busy = { status: 429, headers: { 'Retry-After': '1' } };
    const j = await jira([busy, busy, busy]);
    const { h, sleeps } = client(j.baseUrl, { maxRetries: 2 });
    const e = await failure(h.get('/myself'));
    expect(e.code).toBe('rate_limited');
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('retries an idempotent GET on 5xx with growing jittered backoff, then gives up as unavailable', async () => {
    const j = await jira([{ status: 500 }, { status: 502 }, { status: 504 }, { status: 500 }]);
    const { h, sleeps } = client(j.baseUrl, { random: () => 0.5 });
    const e = await failure(h.get('/issue/ALPHA-1', { route: '/issue/{issueIdOrKey}' }));
    expect(e.code).toBe('unavailable');
    expect(e.status).toBe(500);
    // base 500ms doubling; half fixed, half jitter (random 0.5 → three quarters of the cap)
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(j.seen).toHaveLength(4);
  });

  it('never retries a creating POST on a 500', async () => {
    const j = await jira([{ status: 500, body: { errorMessages: ['Internal server error'] } }]);
    const { h, sleeps } = client(j.baseUrl);
    const e = await failure(h.post('/issue', { fields: { summary: 'x' } }, { route: '/issue' }));
    expect(e.code).toBe('unavailable');
    expect(j.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a creating POST on 429, because Jira did nothing', async () => {
    const j = await jira([
      { status: 429, headers: { 'Retry-After': '2' } },
      { status: 201, body: { id: '10', key: 'ALPHA-1', self: 'x' } },
    ]);
    const { h, sleeps } = client(j.baseUrl);
    await expect(h.post('/issue', { fields: {} })).resolves.toMatchObject({ key: 'ALPHA-1' });
    expect(sleeps).toEqual([2000]);
    expect(j.seen.map((s) => s.body)).toEqual(['{"fields":{}}', '{"fields":{}}']);
  });

  it('retries a POST marked idempotent on a 502', async () => {
    const j = await jira([{ status: 502 }, { status: 200, body: { issues: [] } }]);
    const { h } = client(j.baseUrl);
    await expect(h.post('/search/jql', { jql: 'x' }, { idempotent: true })).resolves.toEqual({ issues: [] });
    expect(j.seen).toHaveLength(2);
  });

  it('does not retry a 503 on a creating POST even when Retry-After is given', async () => {
    const j = await jira([{ status: 503, headers: { 'Retry-After': '1' } }]);
    const { h } = client(j.baseUrl);
    const e = await failure(h.post('/issue/ALPHA-1/comment', { body: {} }));
    expect(e.code).toBe('unavailable');
    expect(e.retryAfterSec).toBe(1);
    expect(j.seen).toHaveLength(1);
  });

  it('on 401 tells the token source once and throws unauthorized without retrying', async () => {
    const j = await jira([{ status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } }]);
    const src = tokens('revoked');
    const { h, sleeps } = client(j.baseUrl, { tokens: src });
    const e = await failure(h.get('/myself'));
    expect(e.code).toBe('unauthorized');
    expect(e.messages).toEqual(['Unauthorized; scope does not match']);
    expect(src.unauthorizedCalls).toBe(1);
    expect(j.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('still throws unauthorized when the token source fails to record the 401', async () => {
    const j = await jira([{ status: 401 }]);
    const broken = new Error('redis down');
    const src: TokenSource = { accessToken: async () => 't', unauthorized: async () => Promise.reject(broken) };
    const { h } = client(j.baseUrl, { tokens: src });
    const e = await failure(h.get('/myself'));
    expect(e.code).toBe('unauthorized');
    expect(e.cause).toBe(broken);
  });

  it('lets a failure to get a token through unchanged, without calling Jira', async () => {
    const j = await jira([]);
    const dead = new Error('invalid_grant');
    const src: TokenSource = { accessToken: async () => Promise.reject(dead), unauthorized: async () => {} };
    const { h } = client(j.baseUrl, { tokens: src });
    await expect(h.get('/myself')).rejects.toBe(dead);
    expect(j.seen).toHaveLength(0);
  });

  it('does not retry client errors such as 400 and 404', async () => {
    const j = await jira([
      { status: 400, body: { errorMessages: ['bad jql'], errors: {} } },
      { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } },
    ]);
    const { h } = client(j.baseUrl);
    expect((await failure(h.get('/a'))).code).toBe('invalid');
    expect((await failure(h.get('/b'))).code).toBe('not_found');
    expect(j.seen).toHaveLength(2);
  });

  it('turns a request Jira never answers into a timeout, retried only when idempotent', async () => {
    const j = await jira([
      { status: 0, hang: true },
      { status: 0, hang: true },
      { status: 0, hang: true },
    ]);
    const { h, sleeps } = client(j.baseUrl, { timeoutMs: 50, maxRetries: 1 });
    const e = await failure(h.get('/myself'));
    expect(e.code).toBe('timeout');
    expect(j.seen).toHaveLength(2);
    expect(sleeps).toHaveLength(1);

    const created = await failure(h.post('/issue', { fields: {} }));
    expect(created.code).toBe('timeout');
    expect(j.seen).toHaveLength(3);
  });

  it('reports a refused connection as unavailable', async () => {
    const j = await jira([]);
    const baseUrl = j.baseUrl;
    await j.close();
    const { h } = client(baseUrl, { maxRetries: 1 });
    const e = await failure(h.get('/myself'));
    expect(e.code).toBe('unavailable');
    expect(e.status).toBeUndefined();
  });

  it('returns undefined for 204 No Content and 202 with an empty body', async () => {
    const j = await jira([{ status: 204 }, { status: 202 }]);
    const { h } = client(j.baseUrl);
    await expect(h.put('/issue/A-1/assignee', { accountId: null })).resolves.toBeUndefined();
    await expect(h.delete('/webhook', { body: { webhookIds: [1] } })).resolves.toBeUndefined();
    expect(j.seen.map((s) => [s.method, s.body])).toEqual([
      ['PUT', '{"accountId":null}'],
      ['DELETE', '{"webhookIds":[1]}'],
    ]);
  });

  it('encodes query parameters and leaves out undefined ones', async () => {
    const j = await jira([{ status: 200, body: [] }]);
    const { h } = client(j.baseUrl);
    await h.get('/user/search', { params: { query: 'ada l&o', project: undefined, maxResults: 5 } });
    const url = new URL(j.seen[0]?.url ?? '', 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ query: 'ada l&o', maxResults: '5' });
  });

  it('reports each attempt to onCall with the route template, never the ids', async () => {
    const j = await jira([{ status: 503 }, { status: 200, body: {} }]);
    const { h, calls } = client(j.baseUrl);
    await h.get('/issue/ALPHA-12/transitions', { route: '/issue/{issueIdOrKey}/transitions' });
    await expect(h.get('/issue/ALPHA-12')).rejects.toThrow(); // the 599 default answer
    expect(calls.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'GET', route: '/issue/{issueIdOrKey}/transitions', status: 503 },
      { method: 'GET', route: '/issue/{issueIdOrKey}/transitions', status: 200 },
      { method: 'GET', route: '/issue/{id}', status: 599 },
    ]);
    expect(calls.every((c) => c.ms >= 0)).toBe(true);
  });

  it('does not let a throwing onCall hook break a good answer', async () => {
    const j = await jira([{ status: 200, body: { ok: 1 } }]);
    const onCall = vi.fn(() => {
      throw new Error('metrics down');
    });
    const { h } = client(j.baseUrl, { onCall });
    await expect(h.get('/myself')).resolves.toEqual({ ok: 1 });
    expect(onCall).toHaveBeenCalledOnce();
  });

  it('keeps the bearer token out of the error it throws', async () => {
    const j = await jira([{ status: 500, body: { errorMessages: ['boom'] } }]);
    const { h } = client(j.baseUrl, { tokens: tokens('secret-token-xyz'), maxRetries: 0 });
    const e = await failure(h.get('/myself'));
    const dump = JSON.stringify({ ...e, message: e.message, stack: e.stack, cause: String(e.cause) });
    expect(dump).not.toContain('secret-token-xyz');
    expect(e.cause).toBeUndefined();
  });
});
