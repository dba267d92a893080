import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { accessibleResources, CLIENT_ROUTES, createJiraClient, type JiraClient } from '../../../src/jira/client.js';
import { JiraError } from '../../../src/jira/errors.js';
import { JiraHttp } from '../../../src/jira/http.js';

// --- the spec, to check every request the client makes as Jira would ---

interface SpecOperation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}
const SPEC_PATH = fileURLToPath(new URL('../../../../shared/reference/jira/swagger-v3.v3.json', import.meta.url));
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, SpecOperation>>;
  components: unknown;
};
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: 'jira', components: spec.components });

const API_PREFIX = '/ex/jira/cloud-1';

function specOperation(method: string, path: string): { template: string; op: SpecOperation } {
  for (const r of CLIENT_ROUTES) {
    const pattern = new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`);
    if (r.method === method && pattern.test(path)) {
      const op = spec.paths[r.path]?.[method.toLowerCase()];
      if (op) return { template: r.path, op };
    }
  }
  throw new Error(`${method} ${path} is not one of CLIENT_ROUTES`);
}

/** Query parameter names must be documented; a JSON body must match the spec's request schema. */
function assertAsJiraWould(req: Seen): void {
  const { template, op } = specOperation(req.method, req.path);
  const documented = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of Object.keys(req.query)) expect(documented.has(name), `${template} ?${name}`).toBe(true);
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (req.json === undefined) {
    expect(schema === undefined || req.method === 'DELETE', `${template} needs a body`).toBe(true);
    return;
  }
  expect(schema, `${template} takes no JSON body`).toBeDefined();
  const validate = requestValidator(schema);
  expect(validate(req.json), `${template}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** The spec's local refs (`#/components/…`) pointed at the registered components document. */
function requestValidator(schema: unknown) {
  const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"jira#/components/')) as object;
  return ajv.compile({ allOf: [rebased] });
}

// --- a scripted Jira ---

interface Canned {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  json: unknown;
  raw: string;
}

const open: Array<{ close: () => Promise<void>; pending: () => number; seen: Seen[]; checked: boolean }> = [];

async function jira(answers: Canned[], opts: { checked?: boolean } = {}) {
  const seen: Seen[] = [];
  const queue = [...answers];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://jira.test');
      seen.push({
        method: req.method ?? '',
        path: url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname,
        query: Object.fromEntries(url.searchParams),
        json: raw === '' ? undefined : (JSON.parse(raw) as unknown),
        raw,
      });
      const next = queue.shift() ?? { status: 599, body: { errorMessages: ['unexpected request'] } };
      const payload = next.body === undefined ? '' : JSON.stringify(next.body);
      res.writeHead(next.status, { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...next.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const sleeps: number[] = [];
  const httpClient = new JiraHttp({
    baseUrl: `${base}${API_PREFIX}/rest/api/3`,
    tokens: { accessToken: async () => 'user-token', unauthorized: async () => {} },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
  });
  const handle = {
    base,
    seen,
    sleeps,
    client: createJiraClient(httpClient) as JiraClient,
    checked: opts.checked ?? true,
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(handle);
  return handle;
}

afterEach(async () => {
  const all = open.splice(0);
  await Promise.all(all.map((s) => s.close()));
  for (const s of all) {
    expect(s.pending(), 'an expected Jira call was never made').toBe(0);
    if (s.checked) for (const req of s.seen) assertAsJiraWould(req);
  }
});

async function failure(p: Promise<unknown>): Promise<JiraError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof JiraError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

// --- builders ---

const anIssue = (key: string, over: Record<string, unknown> = {}) => ({
  id: String(10_000 + Number(key.split('-')[1])),
  key,
  self: `https://x.atlassian.net/rest/api/3/issue/${key}`,
  fields: {
    summary: `Summary of ${key}`,
    status: { name: 'To Do', statusCategory: { key: 'new', name: 'To Do' } },
    project: { id: '10000', key: key.split('-')[0], name: 'Alpha' },
    assignee: null,
    priority: { id: '3', name: 'Medium' },
    labels: [],
    description: null,
    ...over,
  },
});
const aProject = (n: number) => ({ id: String(10_000 + n), key: `P${n}`, name: `Project ${n}`, self: 'x' });
const aUser = (id: string) => ({ accountId: id, displayName: `User ${id}`, active: true, accountType: 'atlassian' });

// --- tests ---

describe('the spec check used by these tests', () => {
  it('refuses a request body Jira would refuse', () => {
    const schema = spec.paths['/rest/api/3/webhook']?.post?.requestBody?.content?.['application/json']?.schema;
    const validate = requestValidator(schema);
    expect(validate({ url: 'https://x', webhooks: [{ events: ['jira:issue_created'], jqlFilter: 'a = b' }] })).toBe(
      true,
    );
    expect(validate({ url: 'https://x', webhooks: [{ events: ['jira:issue_exploded'], jqlFilter: 'a = b' }] })).toBe(
      false,
    );
    expect(validate({ webhooks: [] })).toBe(false);
  });
});

describe('JiraClient: issues', () => {
  it('reads an issue, always asking for the fields the card and the gate need', async () => {
    const j = await jira([{ status: 200, body: anIssue('ALPHA-1', { security: null, watches: null }) }]);
    const issue = await j.client.getIssue('ALPHA-1', ['summary', 'assignee']);
    expect(issue.key).toBe('ALPHA-1');
    expect(issue.fields.status.statusCategory.key).toBe('new');
    expect(issue.fields.watches).toBeUndefined();
    expect(j.seen[0]?.path).toBe('/rest/api/3/issue/ALPHA-1');
    expect(j.seen[0]?.query.fields?.split(',').sort()).toEqual([
      'assignee',
      'project',
      'security',
      'status',
      'summary',
    ]);
  });

  it('encodes an issue key taken from user input into the path', async () => {
    const j = await jira([{ status: 404, body: { errorMessages: ['Issue does not exist'] } }], { checked: false });
    await failure(j.client.getIssue('A/../B?x', ['summary']));
    expect(j.seen[0]?.path).toBe('/rest/api/3/issue/A%2F..%2FB%3Fx');
  });

  it('turns a malformed issue into an unavailable error that names the bad field', async () => {
    const broken = anIssue('ALPHA-1');
    (broken.fields as Record<string, unknown>).status = { name: 'Done' };
    const j = await jira([{ status: 200, body: broken }]);
    const e = await failure(j.client.getIssue('ALPHA-1', ['summary']));
    expect(e.code).toBe('unavailable');
    expect(e.message).toContain('/issue/{issueIdOrKey}');
    expect(e.message).toContain('fields.status.statusCategory');
  });

  it('keeps fields Jira adds that the schema does not know', async () => {
    const j = await jira([{ status: 200, body: anIssue('ALPHA-2', { customfield_10020: [{ id: 1 }] }) }]);
    const issue = await j.client.getIssue('ALPHA-2', ['customfield_10020']);
    expect(issue.fields.customfield_10020).toEqual([{ id: 1 }]);
  });

  it('creates an issue and does not retry when Jira fails with a 500', async () => {
    const j = await jira([{ status: 500, body: { errorMessages: ['Internal error'] } }]);
    const e = await failure(j.client.createIssue({ project: { key: 'ALPHA' }, summary: 'Broken login' }));
    expect(e.code).toBe('unavailable');
    expect(j.seen).toHaveLength(1);
    expect(j.sleeps).toEqual([]);
  });

  it('returns the new issue id, key and link', async () => {
    const j = await jira([
      { status: 201, body: { id: '10042', key: 'ALPHA-42', self: 'https://x/rest/api/3/issue/10042' } },
    ]);
    await expect(
      j.client.createIssue({ project: { key: 'ALPHA' }, summary: 'S', issuetype: { id: '10001' } }),
    ).resolves.toEqual({ id: '10042', key: 'ALPHA-42', self: 'https://x/rest/api/3/issue/10042' });
    expect(j.seen[0]?.json).toEqual({
      fields: { project: { key: 'ALPHA' }, summary: 'S', issuetype: { id: '10001' } },
    });
  });

  it('reads every page of create metadata issue types and fields', async () => {
    const bug = { id: '1', name: 'Bug', subtask: false };
    const task = { id: '2', name: 'Task', subtask: false };
    const field = (id: string, required: boolean) => ({
      fieldId: id,
      key: id,
      name: id,
      required,
      operations: ['set'],
      schema: { type: 'string', system: id },
    });
    const j = await jira([
      { status: 200, body: { issueTypes: [bug], startAt: 0, maxResults: 1, total: 2 } },
      { status: 200, body: { issueTypes: [task], startAt: 1, maxResults: 1, total: 2 } },
      { status: 200, body: { fields: [field('summary', true)], startAt: 0, maxResults: 1, total: 2 } },
      { status: 200, body: { fields: [field('labels', false)], startAt: 1, maxResults: 1, total: 2 } },
    ]);
    const types = await j.client.createMetaIssueTypes('ALPHA');
    expect(types.map((t) => t.name)).toEqual(['Bug', 'Task']);
    const fields = await j.client.createMetaFields('ALPHA', '1');
    expect(fields.map((f) => [f.fieldId, f.required])).toEqual([
      ['summary', true],
      ['labels', false],
    ]);
    expect(j.seen.map((s) => `${s.path}?startAt=${s.query.startAt}`)).toEqual([
      '/rest/api/3/issue/createmeta/ALPHA/issuetypes?startAt=0',
      '/rest/api/3/issue/createmeta/ALPHA/issuetypes?startAt=1',
      '/rest/api/3/issue/createmeta/ALPHA/issuetypes/1?startAt=0',
      '/rest/api/3/issue/createmeta/ALPHA/issuetypes/1?startAt=1',
    ]);
  });

  it('lists transitions and performs one by id without retrying it', async () => {
    const j = await jira([
      {
        status: 200,
        body: {
          transitions: [
            {
              id: '31',
              name: 'Mark Done',
              to: { id: '3', name: 'Done', statusCategory: { key: 'done', name: 'Done' } },
            },
          ],
        },
      },
      { status: 503 },
    ]);
    const ts = await j.client.getTransitions('ALPHA-1');
    expect(ts[0]).toMatchObject({ id: '31', name: 'Mark Done', to: { name: 'Done' } });
    const e = await failure(j.client.doTransition('ALPHA-1', '31'));
    expect(e.code).toBe('unavailable');
    expect(j.seen[1]?.json).toEqual({ transition: { id: '31' } });
    expect(j.seen).toHaveLength(2);
  });

  it('adds a comment with an ADF body and returns its id', async () => {
    const adf = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }] };
    const j = await jira([{ status: 201, body: { id: '10100', body: adf } }]);
    await expect(j.client.addComment('ALPHA-1', adf)).resolves.toEqual({ id: '10100' });
    expect(j.seen[0]?.json).toEqual({ body: adf });
  });

  it('assigns and unassigns an issue', async () => {
    const j = await jira([{ status: 204 }, { status: 204 }], { checked: false });
    await j.client.assignIssue('ALPHA-1', 'acc-1');
    await j.client.assignIssue('ALPHA-1', null);
    expect(j.seen.map((s) => [s.method, s.path, s.raw])).toEqual([
      ['PUT', '/rest/api/3/issue/ALPHA-1/assignee', '{"accountId":"acc-1"}'],
      // The spec types accountId as a string, but its description documents null as "unassigned".
      ['PUT', '/rest/api/3/issue/ALPHA-1/assignee', '{"accountId":null}'],
    ]);
    assertAsJiraWould(j.seen[0] as Seen);
  });

  it('sends the watcher as a bare JSON string, even when the id is all digits', async () => {
    const j = await jira([{ status: 204 }, { status: 204 }, { status: 204 }]);
    await j.client.addWatcher('ALPHA-1', '5b10ac8d82e05b22cc7d4ef5');
    await j.client.addWatcher('ALPHA-1', '12345');
    await j.client.removeWatcher('ALPHA-1', '12345');
    expect(j.seen.map((s) => s.raw)).toEqual(['"5b10ac8d82e05b22cc7d4ef5"', '"12345"', '']);
    expect(j.seen[2]).toMatchObject({ method: 'DELETE', query: { accountId: '12345' } });
  });

  it('links a Slack message using its URL as the global id, so a retry updates instead of duplicating', async () => {
    const j = await jira([{ status: 502 }, { status: 200, body: { id: 10000, self: 'x' } }]);
    const url = 'https://acme.slack.com/archives/C1/p1700000000000100';
    await j.client.addRemoteLink('ALPHA-1', { url, title: 'Slack thread' });
    expect(j.seen).toHaveLength(2);
    expect(j.seen[1]?.json).toEqual({ globalId: url, object: { url, title: 'Slack thread' } });
  });
});

describe('JiraClient: search', () => {
  it('posts JQL with the fields and page token, and passes the next token back', async () => {
    const j = await jira([
      { status: 500 },
      {
        status: 200,
        body: { issues: [anIssue('ALPHA-1'), anIssue('ALPHA-2')], nextPageToken: 'tok-2', isLast: false },
      },
    ]);
    const page = await j.client.searchJql({
      jql: 'key in (ALPHA-1, ALPHA-2)',
      fields: ['summary'],
      maxResults: 2,
      nextPageToken: 'tok-1',
    });
    expect(page.issues.map((i) => i.key)).toEqual(['ALPHA-1', 'ALPHA-2']);
    expect(page).toMatchObject({ nextPageToken: 'tok-2', isLast: false });
    // A search is a read: the 500 was retried.
    expect(j.seen).toHaveLength(2);
    expect(j.seen[1]?.json).toEqual({
      jql: 'key in (ALPHA-1, ALPHA-2)',
      fields: ['summary', 'status', 'project', 'security'],
      maxResults: 2,
      nextPageToken: 'tok-1',
    });
  });

  it('leaves out a null next page token on the last page', async () => {
    const j = await jira([{ status: 200, body: { issues: [], nextPageToken: null, isLast: true } }]);
    const page = await j.client.searchJql({ jql: 'project = ALPHA', fields: ['*navigable'] });
    expect(page).toEqual({ issues: [], isLast: true });
    expect(j.seen[0]?.json).toEqual({ jql: 'project = ALPHA', fields: ['*navigable'] });
  });

  it("surfaces Jira's JQL complaint as an invalid error", async () => {
    const j = await jira([
      {
        status: 400,
        body: { errorMessages: ["The value 'NOPE' does not exist for the field 'project'."], errors: {} },
      },
    ]);
    const e = await failure(j.client.searchJql({ jql: 'project = NOPE', fields: [] }));
    expect(e.code).toBe('invalid');
    expect(e.messages).toEqual(["The value 'NOPE' does not exist for the field 'project'."]);
  });
});

describe('JiraClient: projects, users and permissions', () => {
  it('follows every page of browsable projects until isLast', async () => {
    const j = await jira([
      { status: 200, body: { values: [aProject(1), aProject(2)], startAt: 0, maxResults: 2, total: 3, isLast: false } },
      { status: 200, body: { values: [aProject(3)], startAt: 2, maxResults: 2, total: 3, isLast: true } },
    ]);
    const projects = await j.client.browsableProjects();
    expect(projects.map((p) => p.key)).toEqual(['P1', 'P2', 'P3']);
    expect(j.seen.map((s) => [s.query.action, s.query.startAt])).toEqual([
      ['browse', '0'],
      ['browse', '2'],
    ]);
  });

  it('stops paging when Jira sends an empty page without isLast', async () => {
    const j = await jira([
      { status: 200, body: { values: [aProject(1)], total: 5 } },
      { status: 200, body: { values: [], total: 5 } },
    ]);
    expect(await j.client.browsableProjects()).toHaveLength(1);
  });

  it('lists projects holding a permission, as ids and keys', async () => {
    const j = await jira([{ status: 200, body: { projects: [{ id: 10000, key: 'ALPHA' }] } }]);
    await expect(j.client.projectsWithPermission('CREATE_ISSUES')).resolves.toEqual([{ id: '10000', key: 'ALPHA' }]);
    expect(j.seen[0]?.json).toEqual({ permissions: ['CREATE_ISSUES'] });
  });

  it('answers each asked permission, treating one Jira left out as not held', async () => {
    const j = await jira([
      {
        status: 200,
        body: { permissions: { ADMINISTER: { id: '0', key: 'ADMINISTER', havePermission: true, type: 'GLOBAL' } } },
      },
    ]);
    await expect(j.client.myPermissions(['ADMINISTER', 'BROWSE_PROJECTS'], { projectKey: 'ALPHA' })).resolves.toEqual({
      ADMINISTER: true,
      BROWSE_PROJECTS: false,
    });
    expect(j.seen[0]?.query).toEqual({ permissions: 'ADMINISTER,BROWSE_PROJECTS', projectKey: 'ALPHA' });
  });

  it('reads the current user and tolerates a hidden email', async () => {
    const j = await jira([{ status: 200, body: { ...aUser('me'), emailAddress: null } }]);
    const me = await j.client.myself();
    expect(me).toMatchObject({ accountId: 'me', displayName: 'User me' });
    expect(me.emailAddress).toBeUndefined();
  });

  it('finds users and assignable users by query', async () => {
    const j = await jira([
      { status: 200, body: [aUser('a')] },
      { status: 200, body: [aUser('b')] },
    ]);
    expect((await j.client.findUsers('ada')).map((u) => u.accountId)).toEqual(['a']);
    expect((await j.client.assignableUsers({ issueKey: 'ALPHA-1', query: 'gr' })).map((u) => u.accountId)).toEqual([
      'b',
    ]);
    expect(j.seen.map((s) => [s.path, s.query])).toEqual([
      ['/rest/api/3/user/search', { query: 'ada' }],
      ['/rest/api/3/user/assignable/search', { issueKey: 'ALPHA-1', query: 'gr' }],
    ]);
  });

  it('rejects a user list whose entries lack an account id', async () => {
    const j = await jira([{ status: 200, body: [{ displayName: 'Ghost' }] }]);
    expect((await failure(j.client.findUsers('g'))).code).toBe('unavailable');
  });
});

describe('JiraClient: webhooks', () => {
  it('registers webhooks and reports per-hook ids or refusals in request order', async () => {
    const j = await jira([
      {
        status: 200,
        body: {
          webhookRegistrationResult: [{ createdWebhookId: 1000 }, { errors: ['The clause watchCount is unsupported'] }],
        },
      },
    ]);
    const hooks = [
      { events: ['jira:issue_created', 'jira:issue_updated'], jqlFilter: 'project = ALPHA' },
      { events: ['comment_created'], jqlFilter: 'watchCount > 1' },
    ];
    await expect(j.client.registerWebhooks('https://bridge.example.com/jira/webhooks', hooks)).resolves.toEqual([
      { id: 1000 },
      { errors: ['The clause watchCount is unsupported'] },
    ]);
    expect(j.seen[0]?.json).toEqual({ url: 'https://bridge.example.com/jira/webhooks', webhooks: hooks });
  });

  it('lists every page of webhooks and reads both expiry formats as ISO dates', async () => {
    const hook = (id: number, expirationDate: string | number) => ({
      id,
      events: ['jira:issue_updated'],
      jqlFilter: 'project = ALPHA',
      expirationDate,
      url: 'https://bridge.example.com/jira/webhooks',
    });
    const j = await jira([
      { status: 200, body: { values: [hook(1, '2019-06-01T12:42:30.000+0000')], startAt: 0, isLast: false } },
      { status: 200, body: { values: [hook(2, Date.parse('2025-02-01T00:00:00Z'))], startAt: 1, isLast: true } },
    ]);
    const hooks = await j.client.listWebhooks();
    expect(hooks.map((h) => [h.id, h.expirationDate])).toEqual([
      [1, '2019-06-01T12:42:30.000Z'],
      [2, '2025-02-01T00:00:00.000Z'],
    ]);
    expect(j.seen.map((s) => s.query.startAt)).toEqual(['0', '1']);
  });

  it('deletes webhooks by id with a body on DELETE, and skips the call for none', async () => {
    const j = await jira([{ status: 202 }]);
    await j.client.deleteWebhooks([1000, 1001]);
    await j.client.deleteWebhooks([]);
    expect(j.seen).toHaveLength(1);
    expect(j.seen[0]).toMatchObject({ method: 'DELETE', json: { webhookIds: [1000, 1001] } });
  });

  it('refreshes webhooks and returns the new expiry', async () => {
    const j = await jira([{ status: 200, body: { expirationDate: '2025-07-01T12:00:00.000+0000' } }]);
    await expect(j.client.refreshWebhooks([1000])).resolves.toEqual({ expirationDate: '2025-07-01T12:00:00.000Z' });
    expect(j.seen[0]).toMatchObject({ method: 'PUT', json: { webhookIds: [1000] } });
  });
});

describe('accessibleResources', () => {
  it('lists the sites a fresh token reaches, with that token', async () => {
    const site = {
      id: 'cloud-1',
      url: 'https://acme.atlassian.net',
      name: 'acme',
      scopes: ['read:jira-work'],
      avatarUrl: 'https://x/a.png',
    };
    const j = await jira([{ status: 200, body: [site] }], { checked: false });
    await expect(accessibleResources(j.base, 'fresh-token')).resolves.toEqual([site]);
    expect(j.seen[0]?.path).toBe('/oauth/token/accessible-resources');
  });

  it('reports a revoked token as unauthorized', async () => {
    const j = await jira([{ status: 401, body: { code: 401, message: 'Unauthorized' } }], { checked: false });
    const e = await failure(accessibleResources(j.base, 'dead'));
    expect(e.code).toBe('unauthorized');
  });
});
