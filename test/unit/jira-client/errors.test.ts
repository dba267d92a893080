import { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import {
  describeJiraError,
  flattenJiraBody,
  JiraError,
  normalizeJiraError,
  parseRetryAfter,
} from '../../../src/jira/errors.js';

function axiosFailure(status: number | undefined, data?: unknown, headers: Record<string, string> = {}, code?: string) {
  const config = {
    headers: new AxiosHeaders({ Authorization: 'Bearer very-secret-token' }),
    url: '/issue/ALPHA-1',
  } as InternalAxiosRequestConfig;
  const response =
    status === undefined
      ? undefined
      : { status, statusText: '', data, headers: new AxiosHeaders(headers), config, request: {} };
  return new AxiosError('Request failed', code, config, {}, response);
}

describe('normalizeJiraError', () => {
  it('flattens Jira errorMessages and field errors', () => {
    const e = normalizeJiraError(
      axiosFailure(400, {
        errorMessages: ['Field errors follow.'],
        errors: { summary: 'You must specify a summary of the issue.', customfield_10020: 'Sprint is closed.' },
      }),
      { method: 'post', route: '/issue' },
    );
    expect(e.code).toBe('invalid');
    expect(e.status).toBe(400);
    expect(e.messages).toEqual(['Field errors follow.']);
    expect(e.fieldErrors).toEqual({
      summary: 'You must specify a summary of the issue.',
      customfield_10020: 'Sprint is closed.',
    });
    expect(e.message).toContain('POST /issue failed with 400');
    expect(e.message).toContain('summary: You must specify a summary of the issue.');
  });

  it('reads the gateway and OAuth style bodies', () => {
    expect(normalizeJiraError(axiosFailure(401, { code: 401, message: 'Unauthorized' })).messages).toEqual([
      'Unauthorized',
    ]);
    const grant = normalizeJiraError(
      axiosFailure(403, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' }),
    );
    expect(grant.code).toBe('forbidden');
    expect(grant.messages).toEqual(['Unknown or invalid refresh token.']);
    expect(normalizeJiraError(axiosFailure(403, { error: 'invalid_grant' })).messages).toEqual(['invalid_grant']);
  });

  it('drops HTML and other non-JSON bodies instead of showing them', () => {
    const e = normalizeJiraError(axiosFailure(502, '<html><body>Bad gateway</body></html>'));
    expect(e.code).toBe('unavailable');
    expect(e.messages).toEqual([]);
    expect(e.message).not.toContain('<html>');
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [408, 'timeout'],
    [409, 'invalid'],
    [410, 'gone'],
    [422, 'invalid'],
    [429, 'rate_limited'],
    [500, 'unavailable'],
    [503, 'unavailable'],
  ] as const)('maps HTTP %i to %s', (status, code) => {
    expect(normalizeJiraError(axiosFailure(status, {})).code).toBe(code);
  });

  it('keeps the Retry-After seconds of a 429', () => {
    expect(normalizeJiraError(axiosFailure(429, {}, { 'retry-after': '17' })).retryAfterSec).toBe(17);
  });

  it('turns an axios timeout into timeout and a network failure into unavailable', () => {
    expect(normalizeJiraError(axiosFailure(undefined, undefined, {}, 'ECONNABORTED')).code).toBe('timeout');
    expect(normalizeJiraError(axiosFailure(undefined, undefined, {}, 'ETIMEDOUT')).code).toBe('timeout');
    const net = normalizeJiraError(axiosFailure(undefined, undefined, {}, 'ECONNREFUSED'));
    expect(net.code).toBe('unavailable');
    expect(net.message).toContain('ECONNREFUSED');
  });

  it('never carries the request headers or the token, and keeps no axios error as cause', () => {
    const e = normalizeJiraError(axiosFailure(500, { errorMessages: ['oops'] }));
    expect(e.cause).toBeUndefined();
    expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain('very-secret-token');
  });

  it('passes a JiraError through unchanged and wraps anything else as unavailable', () => {
    const original = new JiraError('not_found', 'x');
    expect(normalizeJiraError(original)).toBe(original);
    const bug = new TypeError('cannot read x of undefined');
    const wrapped = normalizeJiraError(bug);
    expect(wrapped.code).toBe('unavailable');
    expect(wrapped.cause).toBe(bug);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T10:00:00Z');
  it('reads delta-seconds, rounding fractions up', () => {
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter('0.2', now)).toBe(1);
  });
  it('reads an HTTP date relative to now and never goes negative', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sat, 01 Mar 2025 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('flattenJiraBody', () => {
  it('de-duplicates repeated messages and ignores empty ones', () => {
    expect(flattenJiraBody({ errorMessages: ['a', 'a', ' '], errors: { f: '' }, message: 'a' })).toEqual({
      messages: ['a'],
      fieldErrors: {},
    });
  });
});

describe('describeJiraError', () => {
  const err = (code: JiraError['code'], details: ConstructorParameters<typeof JiraError>[2] = {}) =>
    new JiraError(code, 'log text with 400 and {json}', details);

  it("says what Jira refused and quotes Jira's own reasons", () => {
    const text = describeJiraError(
      err('invalid', {
        status: 400,
        messages: ['You cannot transition an issue that is blocked.'],
        fieldErrors: { resolution: 'Resolution is required.' },
      }),
      'the transition',
    );
    expect(text).toBe(
      'Jira refused the transition: You cannot transition an issue that is blocked. Resolution is required.',
    );
  });

  it('tells a rate-limited person when to try again', () => {
    expect(describeJiraError(err('rate_limited', { retryAfterSec: 20 }))).toBe(
      'Jira is rate-limiting us; try again in 20 seconds.',
    );
  });

  it('explains a timeout, a missing issue and a lost authorization in plain words', () => {
    expect(describeJiraError(err('timeout'))).toBe("Jira didn't answer in time; try again in a moment.");
    expect(describeJiraError(err('not_found', { status: 404 }))).toBe("That issue doesn't exist or you can't see it.");
    expect(describeJiraError(err('unauthorized'))).toContain('Re-authorize to keep using Jira from Slack');
  });

  it('never shows statuses, JSON or the log message', () => {
    const codes: JiraError['code'][] = [
      'unauthorized',
      'forbidden',
      'not_found',
      'invalid',
      'rate_limited',
      'unavailable',
      'gone',
      'timeout',
    ];
    for (const code of codes) {
      const text = describeJiraError(err(code, { status: 418 }), 'the comment');
      expect(text).not.toMatch(/418|\{|log text/);
      expect(text.length).toBeGreaterThan(10);
    }
  });

  it('shortens a very long list of Jira messages', () => {
    const text = describeJiraError(err('invalid', { messages: ['x'.repeat(2000)] }), 'creating the issue');
    expect(text.length).toBeLessThan(500);
    expect(text.endsWith('…')).toBe(true);
  });
});
