import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JiraEmulator, startJiraEmulator } from '../../support/jira/emulator.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let jira: JiraEmulator;
let receiver: Server;
let hookUrl: string;
let received: Received[];
/** Statuses the receiver answers with, one per request; 200 once exhausted. */
let answers: number[];
let svcToken: string;

beforeEach(async () => {
  received = [];
  answers = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
      });
      res.writeHead(answers.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/jira/webhooks`;

  jira = await startJiraEmulator({ strictContract: true, webhookRetryDelaysMs: [10, 20] });
  jira.addSite({ cloudId: 'cloud-acme', name: 'acme', url: 'https://acme.atlassian.net' });
  jira.addUser({ accountId: 'svc', displayName: 'Service Account', admin: true });
  jira.addUser({ accountId: 'ada', displayName: 'Ada Lovelace' });
  jira.addUser({ accountId: 'grace', displayName: 'Grace Hopper' });
  jira.addProject({ key: 'ALPHA', name: 'Alpha', browse: 'everyone' });
  jira.addProject({ key: 'HR', name: 'People', browse: ['grace'] });
  jira.addIssue({ key: 'ALPHA-1', project: 'ALPHA', summary: 'Fix login', reporter: 'ada' });
  jira.addIssue({ key: 'HR-1', project: 'HR', summary: 'Reviews' });
  svcToken = (await jira.issueTokens('svc')).access_token;
});

afterEach(async () => {
  expect(jira.contractViolations).toEqual([]);
  await jira.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

async function webhookApi(method: string, path: string, body?: unknown) {
  const res = await fetch(`${jira.url}/ex/jira/cloud-acme/rest/api/3${path}`, {
    method,
    headers: {
      authorization: `Bearer ${svcToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const register = (url: string, webhooks: Array<{ events: string[]; jqlFilter: string; fieldIdsFilter?: string[] }>) =>
  webhookApi('POST', '/webhook', { url, webhooks });

describe('registration', () => {
  it('registers, lists, refreshes and deletes the app’s webhooks', async () => {
    const res = await register(hookUrl, [{ events: ['jira:issue_updated'], jqlFilter: 'project = ALPHA' }]);
    expect(res).toEqual({ status: 200, body: { webhookRegistrationResult: [{ createdWebhookId: 1 }] } });
    expect(jira.webhooks()).toEqual([
      expect.objectContaining({ id: 1, url: hookUrl, owner: 'svc', jqlFilter: 'project = ALPHA' }),
    ]);
    const list = await webhookApi('GET', '/webhook');
    expect(list.body).toMatchObject({
      total: 1,
      isLast: true,
      values: [{ id: 1, url: hookUrl, events: ['jira:issue_updated'] }],
    });
    const refreshed = await webhookApi('PUT', '/webhook/refresh', { webhookIds: [1] });
    expect((refreshed.body as { expirationDate: number }).expirationDate).toBeGreaterThan(
      Date.now() + 29 * 24 * 3600_000,
    );
    expect((await webhookApi('DELETE', '/webhook', { webhookIds: [1] })).status).toBe(202);
    expect(jira.webhooks()).toEqual([]);
  });

  it('refuses a jqlFilter with operators other than =, !=, IN and NOT IN, per webhook', async () => {
    const res = await register(hookUrl, [
      { events: ['jira:issue_created'], jqlFilter: 'project = ALPHA' },
      { events: ['jira:issue_created'], jqlFilter: 'summary ~ login' },
    ]);
    const results = (res.body as { webhookRegistrationResult: Array<Record<string, unknown>> })
      .webhookRegistrationResult;
    expect(results[0]).toEqual({ createdWebhookId: 1 });
    expect(results[1]).toEqual({ errors: [expect.any(String)] });
  });

  it('allows one URL per app', async () => {
    await register(hookUrl, [{ events: ['jira:issue_created'], jqlFilter: 'project = ALPHA' }]);
    const other = await register('http://127.0.0.1:9/elsewhere', [
      { events: ['jira:issue_created'], jqlFilter: 'project = ALPHA' },
    ]);
    expect(other.status).toBe(400);
  });

  it('caps each user at five webhooks', async () => {
    const six = Array.from({ length: 6 }, () => ({ events: ['jira:issue_created'], jqlFilter: 'project = ALPHA' }));
    const res = await register(hookUrl, six);
    const results = (res.body as { webhookRegistrationResult: Array<Record<string, unknown>> })
      .webhookRegistrationResult;
    expect(results.filter((r) => 'createdWebhookId' in r)).toHaveLength(5);
    expect(results[5]).toHaveProperty('errors');
  });
});

describe('delivery', () => {
  it('signs with the client secret and keeps the identifier across a retry after a 500', async () => {
    await register(hookUrl, [{ events: ['jira:issue_updated'], jqlFilter: 'project = ALPHA' }]);
    answers = [500];
    jira.act.transition('ada', 'ALPHA-1', 'In Progress');
    await jira.settled();
    expect(received).toHaveLength(2);
    const [first, retry] = received as [Received, Received];
    expect(retry.headers['x-atlassian-webhook-identifier']).toBe(first.headers['x-atlassian-webhook-identifier']);
    const jwt = String(first.headers.authorization).replace(/^Bearer /, '');
    const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(jira.clientSecret), {
      audience: jira.clientId,
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.exp).toBeGreaterThan(payload.iat ?? 0);
    expect(first.body).toMatchObject({
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { accountId: 'ada' },
      issue: {
        key: 'ALPHA-1',
        self: 'https://acme.atlassian.net/rest/api/2/issue/10001',
        fields: { status: { name: 'In Progress' } },
      },
      changelog: {
        items: [expect.objectContaining({ field: 'status', fromString: 'To Do', toString: 'In Progress' })],
      },
      matchedWebhookIds: [1],
    });
    expect(jira.deliveries.map((d) => [d.status, d.attempt])).toEqual([
      [500, 1],
      [200, 2],
    ]);
  });

  it('gives up after the configured retries', async () => {
    await register(hookUrl, [{ events: ['jira:issue_updated'], jqlFilter: 'project = ALPHA' }]);
    answers = [503, 429, 502];
    jira.act.assign('ada', 'ALPHA-1', 'ada');
    await jira.settled();
    expect(jira.deliveries.map((d) => d.status)).toEqual([503, 429, 502]);
  });

  it('fires comment_created and jira:issue_updated with issue_commented for one comment, bodies in wiki markup', async () => {
    await register(hookUrl, [{ events: ['comment_created', 'jira:issue_updated'], jqlFilter: 'project = ALPHA' }]);
    jira.act.comment('ada', 'ALPHA-1', 'Looks good [~accountid:grace]');
    await jira.settled();
    const byEvent = Object.fromEntries(received.map((r) => [String(r.body.webhookEvent), r.body]));
    expect(Object.keys(byEvent).sort()).toEqual(['comment_created', 'jira:issue_updated']);
    expect(byEvent.comment_created).toMatchObject({
      comment: { author: { accountId: 'ada' }, body: 'Looks good [~accountid:grace]' },
      issue: { key: 'ALPHA-1' },
    });
    expect(byEvent['jira:issue_updated']).toMatchObject({ issue_event_type_name: 'issue_commented' });
  });

  it('matches the JQL filter and skips issues the registering account cannot see', async () => {
    const token = (await jira.issueTokens('ada')).access_token;
    svcToken = token;
    await register(hookUrl, [{ events: ['jira:issue_created'], jqlFilter: 'project in (ALPHA, HR)' }]);
    jira.act.createIssue('grace', { project: 'HR', summary: 'Private' });
    jira.act.createIssue('grace', { project: 'ALPHA', summary: 'Public' });
    await jira.settled();
    expect(received.map((r) => (r.body.issue as { fields: { summary: string } }).fields.summary)).toEqual(['Public']);
  });

  it('delivers changes made through the REST API too', async () => {
    await register(hookUrl, [{ events: ['jira:issue_deleted', 'jira:issue_updated'], jqlFilter: 'issuetype = Task' }]);
    await webhookApi('PUT', '/issue/ALPHA-1/assignee', { accountId: 'ada' });
    jira.act.deleteIssue('ada', 'ALPHA-1');
    await jira.settled();
    // Deliveries are concurrent, as in Jira: compare without relying on arrival order.
    expect(received.map((r) => [r.body.webhookEvent, r.body.issue_event_type_name]).sort()).toEqual([
      ['jira:issue_deleted', undefined],
      ['jira:issue_updated', 'issue_assigned'],
    ]);
  });
});
