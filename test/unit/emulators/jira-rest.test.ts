import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JiraEmulator, startJiraEmulator } from '../../support/jira/emulator.js';

let jira: JiraEmulator;
const tokens: Record<string, string> = {};

type Res = { status: number; headers: Headers; body: unknown };

async function call(who: string, method: string, path: string, body?: unknown): Promise<Res> {
  const res = await fetch(`${jira.url}/ex/jira/cloud-acme/rest/api/3${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const doc = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

beforeEach(async () => {
  jira = await startJiraEmulator({ strictContract: true });
  jira.addSite({ cloudId: 'cloud-acme', name: 'acme', url: 'https://acme.atlassian.net' });
  jira.addUser({ accountId: 'svc', displayName: 'Service Account', admin: true });
  jira.addUser({ accountId: 'ada', displayName: 'Ada Lovelace', email: 'ada@example.com', emailVisible: true });
  jira.addUser({ accountId: 'grace', displayName: 'Grace Hopper', email: 'grace@example.com' });
  jira.addProject({ key: 'ALPHA', name: 'Alpha', browse: 'everyone' });
  jira.addProject({ key: 'SECRET', name: 'Secret', browse: ['svc', 'grace'] });
  jira.addProject({ key: 'HR', name: 'People', browse: ['grace'] });
  jira.addIssue({ key: 'ALPHA-1', project: 'ALPHA', summary: 'Fix login', reporter: 'ada' });
  jira.addIssue({
    key: 'ALPHA-2',
    project: 'ALPHA',
    summary: 'Salary bands',
    security: { name: 'Managers', users: ['grace', 'svc'] },
  });
  jira.addIssue({ key: 'SECRET-1', project: 'SECRET', summary: 'Hidden plans' });
  for (const who of ['svc', 'ada', 'grace']) tokens[who] = (await jira.issueTokens(who)).access_token;
});

afterEach(async () => {
  expect(jira.contractViolations).toEqual([]);
  await jira.close();
});

describe('issue visibility', () => {
  it('shows an issue in v3 shape with ADF, status category and people', async () => {
    jira.addIssue({
      key: 'ALPHA-9',
      project: 'ALPHA',
      summary: 'Docs',
      description: 'Read me',
      assignee: 'ada',
      labels: ['docs'],
    });
    const res = await call('ada', 'GET', '/issue/ALPHA-9');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: 'ALPHA-9',
      fields: {
        summary: 'Docs',
        description: doc('Read me'),
        status: { name: 'To Do', statusCategory: { key: 'new', name: 'To Do' } },
        assignee: { accountId: 'ada', displayName: 'Ada Lovelace' },
        labels: ['docs'],
        project: { key: 'ALPHA', name: 'Alpha' },
        security: null,
      },
    });
  });

  it('answers 404 alike for a missing issue, an unbrowsable project and a security level the caller is not in', async () => {
    const notFound = {
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    };
    for (const key of ['ALPHA-404', 'SECRET-1', 'ALPHA-2']) {
      const res = await call('ada', 'GET', `/issue/${key}`);
      expect({ key, status: res.status, body: res.body }).toEqual({ key, status: 404, body: notFound });
    }
    expect((await call('grace', 'GET', '/issue/ALPHA-2')).status).toBe(200);
    expect((await call('ada', 'POST', '/issue/ALPHA-2/comment', { body: doc('hi') })).status).toBe(404);
  });

  it('returns only the requested fields', async () => {
    const res = await call('ada', 'GET', '/issue/ALPHA-1?fields=summary,status');
    expect(Object.keys((res.body as { fields: object }).fields).sort()).toEqual(['status', 'summary']);
  });
});

describe('JQL search', () => {
  beforeEach(() => {
    for (let i = 0; i < 7; i++) jira.addIssue({ project: 'ALPHA', summary: `Bulk ${i}` });
  });

  it('pages with nextPageToken and returns only ids unless fields are asked for', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await call('ada', 'POST', '/search/jql', {
        jql: 'project = ALPHA ORDER BY key ASC',
        maxResults: 3,
        nextPageToken: token,
      });
      expect(res.status).toBe(200);
      const body = res.body as { issues: Array<Record<string, unknown>>; nextPageToken?: string; isLast: boolean };
      for (const i of body.issues) {
        expect(Object.keys(i)).toEqual(['id']);
        seen.push(String(i.id));
      }
      token = body.nextPageToken;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    // ALPHA-2 has a security level Ada is not in.
    expect(seen).toHaveLength(8);
    const withFields = await call('ada', 'GET', '/search/jql?jql=key%20%3D%20ALPHA-1&fields=summary');
    expect(withFields.body).toMatchObject({
      issues: [{ key: 'ALPHA-1', fields: { summary: 'Fix login' } }],
      isLast: true,
    });
  });

  it('answers 400 for a project or key the caller cannot see, like one that does not exist', async () => {
    const res = await call('ada', 'POST', '/search/jql', { jql: 'project in (ALPHA, SECRET)' });
    expect(res.status).toBe(400);
    expect((res.body as { errorMessages: string[] }).errorMessages).toEqual([
      "The value 'SECRET' does not exist for the field 'project'.",
    ]);
    const keys = await call('ada', 'POST', '/search/jql', { jql: 'key in (ALPHA-1, ALPHA-2)' });
    expect(keys.status).toBe(400);
    expect((await call('grace', 'POST', '/search/jql', { jql: 'key in (ALPHA-1, ALPHA-2)' })).status).toBe(200);
  });

  it('refuses an unbounded query and a syntax error with 400', async () => {
    const unbounded = await call('ada', 'POST', '/search/jql', { jql: 'order by created DESC' });
    expect(unbounded.status).toBe(400);
    expect(JSON.stringify(unbounded.body)).toContain('Unbounded JQL');
    expect((await call('ada', 'POST', '/search/jql', { jql: 'project = = ALPHA' })).status).toBe(400);
  });

  it('answers 410 for the removed /search endpoint', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await call('ada', method, '/search', method === 'POST' ? { jql: 'project = ALPHA' } : undefined);
      expect(res.status).toBe(410);
      expect(JSON.stringify(res.body)).toContain('/rest/api/3/search/jql');
    }
  });
});

describe('projects and permissions', () => {
  it('lists every project to an admin with action=view but only browsable ones with action=browse', async () => {
    const keys = async (who: string, action: string) =>
      (
        (await call(who, 'GET', `/project/search?action=${action}`)).body as { values: Array<{ key: string }> }
      ).values.map((v) => v.key);
    expect(await keys('svc', 'view')).toEqual(['ALPHA', 'HR', 'SECRET']);
    expect(await keys('svc', 'browse')).toEqual(['ALPHA', 'SECRET']);
    expect(await keys('ada', 'view')).toEqual(['ALPHA']);
  });

  it('reports global and project permissions', async () => {
    const res = await call('svc', 'GET', '/mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS');
    expect(res.body).toMatchObject({
      permissions: { ADMINISTER: { havePermission: true }, BROWSE_PROJECTS: { havePermission: true } },
    });
    const ada = await call('ada', 'GET', '/mypermissions?permissions=ADMINISTER&projectKey=ALPHA');
    expect(ada.body).toMatchObject({ permissions: { ADMINISTER: { havePermission: false } } });
    const permitted = await call('grace', 'POST', '/permissions/project', { permissions: ['BROWSE_PROJECTS'] });
    expect(permitted.body).toEqual({
      projects: [
        { id: expect.any(Number), key: 'ALPHA' },
        { id: expect.any(Number), key: 'SECRET' },
        { id: expect.any(Number), key: 'HR' },
      ],
    });
  });
});

describe('creating and changing issues', () => {
  it('describes the create screen and refuses a create without the required summary', async () => {
    const types = await call('ada', 'GET', '/issue/createmeta/ALPHA/issuetypes');
    expect((types.body as { issueTypes: Array<{ name: string }> }).issueTypes.map((t) => t.name)).toEqual([
      'Task',
      'Bug',
    ]);
    const fields = await call('ada', 'GET', '/issue/createmeta/ALPHA/issuetypes/10001');
    expect((fields.body as { fields: Array<{ key: string; required: boolean }> }).fields).toContainEqual(
      expect.objectContaining({ key: 'summary', required: true }),
    );
    const bad = await call('ada', 'POST', '/issue', {
      fields: { project: { key: 'ALPHA' }, issuetype: { id: '10001' } },
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { errors: { summary: 'You must specify a summary of the issue.' } },
    });
    const plain = await call('ada', 'POST', '/issue', {
      fields: { project: { key: 'ALPHA' }, issuetype: { id: '10001' }, summary: 'S', description: 'not adf' },
    });
    expect(plain).toMatchObject({
      status: 400,
      body: { errors: { description: expect.stringContaining('Atlassian Document') } },
    });
  });

  it('creates an issue reported by the caller, and refuses a project the caller cannot browse', async () => {
    const res = await call('ada', 'POST', '/issue', {
      fields: {
        project: { key: 'ALPHA' },
        issuetype: { name: 'Bug' },
        summary: 'Crash',
        description: doc('Boom'),
        labels: ['p1'],
      },
    });
    expect(res.status).toBe(201);
    const key = (res.body as { key: string }).key;
    expect(jira.issue(key)).toMatchObject({ summary: 'Crash', type: 'Bug', reporter: 'ada', labels: ['p1'] });
    const hidden = await call('ada', 'POST', '/issue', {
      fields: { project: { key: 'SECRET' }, issuetype: { id: '10001' }, summary: 'x' },
    });
    expect(hidden.status).toBe(400);
  });

  it('moves an issue only through a transition valid from its status', async () => {
    const list = await call('ada', 'GET', '/issue/ALPHA-1/transitions');
    const names = (list.body as { transitions: Array<{ id: string; name: string; to: { name: string } }> }).transitions;
    expect(names.map((t) => `${t.name} → ${t.to.name}`)).toEqual(['Start progress → In Progress', 'Mark Done → Done']);
    const reopen = await call('ada', 'POST', '/issue/ALPHA-1/transitions', { transition: { id: '41' } });
    expect(reopen.status).toBe(400);
    const done = await call('ada', 'POST', '/issue/ALPHA-1/transitions', { transition: { id: '31' } });
    expect(done.status).toBe(204);
    expect(jira.issue('ALPHA-1')).toMatchObject({ status: 'Done', resolution: 'Done' });
    expect(jira.issue('ALPHA-1')?.history.at(-1)).toMatchObject({ actor: 'ada', action: 'transitioned', via: 'api' });
  });

  it('comments as the caller, assigns and manages watchers', async () => {
    const c = await call('ada', 'POST', '/issue/ALPHA-1/comment', { body: doc('On it') });
    expect(c).toMatchObject({ status: 201, body: { author: { accountId: 'ada' }, body: doc('On it') } });
    expect(jira.issue('ALPHA-1')?.comments[0]).toMatchObject({ author: 'ada' });
    expect((await call('ada', 'PUT', '/issue/ALPHA-1/assignee', { accountId: 'grace' })).status).toBe(204);
    expect(jira.issue('ALPHA-1')?.assignee).toBe('grace');
    // Grace cannot be assigned in HR's sense elsewhere, but nobody outside SECRET can be assigned there.
    expect((await call('svc', 'PUT', '/issue/SECRET-1/assignee', { accountId: 'ada' })).status).toBe(400);
    expect((await call('grace', 'POST', '/issue/ALPHA-1/watchers', 'grace')).status).toBe(204);
    expect(jira.issue('ALPHA-1')?.watchers).toContain('grace');
    expect((await call('grace', 'DELETE', '/issue/ALPHA-1/watchers?accountId=grace')).status).toBe(204);
    expect(jira.issue('ALPHA-1')?.watchers).not.toContain('grace');
  });
});

describe('users', () => {
  it('matches by email only when the profile shows it', async () => {
    const search = async (q: string) =>
      (
        (await call('svc', 'GET', `/user/search?query=${encodeURIComponent(q)}`)).body as Array<{ accountId: string }>
      ).map((u) => u.accountId);
    expect(await search('ada@example.com')).toEqual(['ada']);
    expect(await search('grace@example.com')).toEqual([]);
    expect(await search('hopper')).toEqual(['grace']);
  });

  it('lists only users who can browse the project as assignable', async () => {
    const res = await call('svc', 'GET', '/user/assignable/search?project=SECRET');
    expect((res.body as Array<{ accountId: string }>).map((u) => u.accountId).sort()).toEqual(['grace', 'svc']);
  });
});

describe('faults', () => {
  it('answers an injected 429 with Retry-After for the given number of calls, logged with the actor', async () => {
    jira.fault({ method: 'GET', path: '/rest/api/3/issue/ALPHA-1' }, { status: 429, retryAfterSec: 7, times: 2 });
    const first = await call('ada', 'GET', '/issue/ALPHA-1');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await call('ada', 'GET', '/issue/ALPHA-1')).status).toBe(429);
    expect((await call('ada', 'GET', '/issue/ALPHA-1')).status).toBe(200);
    expect(jira.count({ method: 'GET', path: /\/issue\/ALPHA-1$/, actor: 'ada' })).toBe(3);
    expect(jira.requests.map((r) => r.status).slice(-3)).toEqual([429, 429, 200]);
  });

  it('refuses a token without the scope the route needs', async () => {
    tokens.narrow = (await jira.issueTokens('ada', ['read:jira-user', 'offline_access'])).access_token;
    expect((await call('narrow', 'GET', '/myself')).status).toBe(200);
    expect((await call('narrow', 'GET', '/issue/ALPHA-1')).status).toBe(401);
  });
});
