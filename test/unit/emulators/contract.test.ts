import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchRoute, specHasRoute, validateRequest, validateResponse } from '../../support/jira/contract.js';

// The emulator is written alongside this file; until it exports EMULATED_ROUTES the route check is skipped.
const EMULATOR = new URL('../../support/jira/emulator.ts', import.meta.url);
const emulatorModule: unknown = existsSync(EMULATOR) ? await import('../../support/jira/emulator.js' as string) : null;
const emulatedRoutes = (emulatorModule as { EMULATED_ROUTES?: Array<{ method: string; path: string }> } | null)
  ?.EMULATED_ROUTES;

const get = (path: string, query: Record<string, string> = {}) =>
  validateRequest({ method: 'GET', path, query, body: undefined });
const post = (path: string, body: unknown) => validateRequest({ method: 'POST', path, query: {}, body });

describe('matching concrete paths to the spec', () => {
  it.each<[string, string, string | null]>([
    ['GET', '/rest/api/3/issue/ALPHA-1', '/rest/api/3/issue/{issueIdOrKey}'],
    ['POST', '/rest/api/3/issue/ALPHA-1/transitions', '/rest/api/3/issue/{issueIdOrKey}/transitions'],
    [
      'GET',
      '/rest/api/3/issue/createmeta/ALPHA/issuetypes',
      '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes',
    ],
    [
      'GET',
      '/rest/api/3/issue/createmeta/ALPHA/issuetypes/10001',
      '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    ],
    ['GET', '/rest/api/3/issue/picker', '/rest/api/3/issue/picker'],
    ['POST', '/rest/api/3/search/jql', '/rest/api/3/search/jql'],
    ['GET', '/ex/jira/cloud-1/rest/api/3/myself', '/rest/api/3/myself'],
    ['GET', '/rest/api/3/project/search?action=browse', '/rest/api/3/project/search'],
    ['PUT', '/rest/api/3/issue/createmeta', null],
    ['GET', '/rest/api/3/issue/ALPHA-1/nonsense', null],
    ['GET', '/rest/api/3/issue/', null],
  ])('%s %s is %s', (method, path, template) => {
    expect(matchRoute(method, path)?.template ?? null).toBe(template);
  });

  it('reports the operation id and whether the spec deprecates it', () => {
    expect(matchRoute('post', '/rest/api/3/search/jql')?.operation).toEqual({
      operationId: 'searchAndReconsileIssuesUsingJqlPost',
    });
    expect(matchRoute('GET', '/rest/api/3/search')?.operation).toEqual({
      operationId: 'searchForIssuesUsingJql',
      deprecated: true,
    });
  });

  it('looks templates up whatever the parameter names', () => {
    expect(specHasRoute('get', '/rest/api/3/issue/{issueIdOrKey}/transitions')).toEqual({
      exists: true,
      deprecated: false,
    });
    expect(specHasRoute('GET', '/rest/api/3/issue/{key}/transitions')).toEqual({ exists: true, deprecated: false });
    expect(specHasRoute('GET', '/rest/api/3/search')).toEqual({ exists: true, deprecated: true });
    expect(specHasRoute('PATCH', '/rest/api/3/issue/{issueIdOrKey}')).toEqual({ exists: false, deprecated: false });
    expect(specHasRoute('GET', '/rest/api/3/teleport')).toEqual({ exists: false, deprecated: false });
  });
});

describe('validating requests', () => {
  it('accepts a real search the app makes', () => {
    expect(
      post('/rest/api/3/search/jql', { jql: 'project = ALPHA', fields: ['summary', 'status'], maxResults: 50 }),
    ).toEqual([]);
    expect(
      get('/rest/api/3/search/jql', { jql: 'project = ALPHA', maxResults: '20', fields: 'summary,status' }),
    ).toEqual([]);
  });

  it('accepts transitions, comments and webhooks shaped as Jira documents them', () => {
    expect(post('/rest/api/3/issue/ALPHA-1/transitions', { transition: { id: '31' } })).toEqual([]);
    expect(
      post('/rest/api/3/issue/ALPHA-1/comment', {
        body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }] },
      }),
    ).toEqual([]);
    expect(
      post('/rest/api/3/webhook', {
        url: 'https://bridge.example.com/jira/webhooks',
        webhooks: [{ events: ['jira:issue_created', 'comment_created'], jqlFilter: 'project = ALPHA' }],
      }),
    ).toEqual([]);
  });

  it('reports a path the spec does not have', () => {
    expect(get('/rest/api/3/teleport')).toEqual([
      "GET /rest/api/3/teleport: no operation in Atlassian's spec has this path",
    ]);
  });

  it('reports a method the path does not have', () => {
    expect(validateRequest({ method: 'PATCH', path: '/rest/api/3/issue/ALPHA-1', query: {}, body: {} })).toEqual([
      "PATCH /rest/api/3/issue/ALPHA-1: /rest/api/3/issue/{issueIdOrKey} has no PATCH operation in Atlassian's spec (it has DELETE, GET, PUT)",
    ]);
  });

  it('reports the removed search endpoints and the deprecated create metadata', () => {
    expect(get('/rest/api/3/search', { jql: 'project = ALPHA' })).toEqual([
      "GET /rest/api/3/search (searchForIssuesUsingJql) is deprecated in Atlassian's spec: removed by Atlassian (HTTP 410); use /rest/api/3/search/jql with nextPageToken",
    ]);
    expect(post('/rest/api/3/search', { jql: 'project = ALPHA' })).toHaveLength(1);
    expect(get('/rest/api/3/issue/createmeta', { projectKeys: 'ALPHA' })[0]).toMatch(
      /^GET \/rest\/api\/3\/issue\/createmeta \(getCreateIssueMeta\) is deprecated/,
    );
  });

  it('reports a body missing a required property and properties the schema refuses', () => {
    expect(
      post('/rest/api/3/webhook', { url: 'https://x.example', webhooks: [{ events: ['jira:issue_created'] }] }),
    ).toEqual(["request body /webhooks/0: missing required property 'jqlFilter'"]);
    expect(post('/rest/api/3/search/jql', { jql: 7, startAt: 0 })).toEqual([
      "request body /: unexpected property 'startAt'",
      'request body /jql: must be string',
    ]);
  });

  it('reports a missing required body, and a body sent where none is taken', () => {
    expect(post('/rest/api/3/search/jql', undefined)).toEqual([
      'POST /rest/api/3/search/jql: the request body is required',
    ]);
    expect(validateRequest({ method: 'GET', path: '/rest/api/3/myself', query: {}, body: { a: 1 } })).toEqual([
      'GET /rest/api/3/myself takes no request body',
    ]);
  });

  it('reports missing required query parameters and ill-typed ones, and ignores unknown ones', () => {
    expect(get('/rest/api/3/mypreferences')).toEqual(["missing required query parameter 'key'"]);
    expect(get('/rest/api/3/project/search', { action: 'browse', maxResults: 'lots', utm_source: 'x' })).toEqual([
      "query parameter 'maxResults' must be an integer (got 'lots')",
    ]);
    expect(get('/rest/api/3/project/search', { action: 'fly' })).toEqual([
      'query parameter \'action\' must be one of ["view","browse","edit","create"] (got \'fly\')',
    ]);
  });
});

describe('validating responses', () => {
  it('accepts a search result in the shape Jira returns', () => {
    expect(
      validateResponse('POST', '/rest/api/3/search/jql', 200, {
        issues: [{ id: '10001', key: 'ALPHA-1', self: 'http://127.0.0.1:4000/rest/api/3/issue/10001', fields: {} }],
        isLast: true,
      }),
    ).toEqual([]);
  });

  it('reports a response missing required fields', () => {
    expect(
      validateResponse('GET', '/rest/api/3/webhook', 200, {
        isLast: true,
        maxResults: 50,
        startAt: 0,
        total: 1,
        values: [{ id: 10000, events: ['jira:issue_created'] }],
      }),
    ).toEqual([
      "response 200 of GET /rest/api/3/webhook /values/0: missing required property 'jqlFilter'",
      "response 200 of GET /rest/api/3/webhook /values/0: missing required property 'url'",
    ]);
  });

  it('reports properties that the spec closes its schema to, and wrong types', () => {
    expect(validateResponse('GET', '/rest/api/3/issue/{issueIdOrKey}', 200, { id: '1', key: 'A-1', bogus: 1 })).toEqual(
      ["response 200 of GET /rest/api/3/issue/{issueIdOrKey} /: unexpected property 'bogus'"],
    );
    expect(validateResponse('GET', '/rest/api/3/myself', 200, { accountId: 'acc-1', emailAddress: null })).toEqual([
      'response 200 of GET /rest/api/3/myself /emailAddress: must be string',
    ]);
  });

  it("accepts Jira's timestamps with a colon-less offset and refuses other date strings", () => {
    const comment = (created: string) => ({ id: '1', created, body: { type: 'doc', version: 1, content: [] } });
    expect(
      validateResponse(
        'POST',
        '/rest/api/3/issue/{issueIdOrKey}/comment',
        201,
        comment('2025-06-01T09:00:00.000+0000'),
      ),
    ).toEqual([]);
    expect(validateResponse('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', 201, comment('yesterday'))).toEqual([
      'response 201 of POST /rest/api/3/issue/{issueIdOrKey}/comment /created: must match format "date-time"',
    ]);
  });

  it('checks error bodies against the documented status and passes statuses the spec does not describe', () => {
    expect(validateResponse('POST', '/rest/api/3/issue', 400, { errorMessages: ['bad'], errors: {} })).toEqual([]);
    expect(validateResponse('POST', '/rest/api/3/issue', 400, { errorMessages: 'bad' })).toEqual([
      'response 400 of POST /rest/api/3/issue /errorMessages: must be array',
    ]);
    // The spec documents search's 400 without a body schema, and no 418 at all.
    expect(validateResponse('POST', '/rest/api/3/search/jql', 400, { anything: true })).toEqual([]);
    expect(validateResponse('POST', '/rest/api/3/search/jql', 418, 'teapot')).toEqual([]);
  });

  it('reports a JSON body that is missing, and an operation the spec does not have', () => {
    expect(validateResponse('GET', '/rest/api/3/myself', 200, undefined)).toEqual([
      'response 200 of GET /rest/api/3/myself: the spec defines a JSON body but none was sent',
    ]);
    expect(validateResponse('GET', '/rest/api/3/teleport', 200, {})).toEqual([
      "GET /rest/api/3/teleport: no such operation in Atlassian's spec",
    ]);
  });
});

describe('the emulator against the spec', () => {
  it.skipIf(!emulatedRoutes)("every route the emulator serves exists in Atlassian's spec and is not deprecated", () => {
    const problems = (emulatedRoutes ?? [])
      .map(({ method, path }) => ({ route: `${method} ${path}`, ...specHasRoute(method, path) }))
      .filter((r) => !r.exists || r.deprecated)
      .map((r) => `${r.route}: ${r.exists ? 'deprecated' : 'not in the spec'}`);
    expect(emulatedRoutes?.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
