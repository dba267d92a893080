// npm run bench: how fast notifications match and fan out. Not a test; prints numbers.
// Needs Redis at REDIS_URL (default redis://127.0.0.1:6379), like the e2e tests.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isIgnored, parseWebhookEvent } from '../src/notify/event.js';
import { SubscriptionIndex } from '../src/notify/match.js';
import type { Subscription, SubscriptionEvent } from '../src/notify/subscription.js';
import { Harness } from '../test/support/harness.js';
import { connectedSite, JIRA, SLACK } from '../test/support/sites.js';

const BODY = fileURLToPath(new URL('../../shared/reference/jira/webhooks/webhook-issue-created.json', import.meta.url));
const EVENTS: SubscriptionEvent[] = ['created', 'transitioned', 'assigned', 'commented', 'resolved', 'updated'];

function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 3 : 1)} ms`;
}

/** 10,000 subscriptions, a tenth of them on the event's own project, with a mix of filters. */
function subscriptions(projectKey: string, n: number): Subscription[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    teamId: 'T1',
    channelId: `C${i % 2500}`,
    projectKey: i % 10 === 0 ? projectKey : `P${i % 97}`,
    events: EVENTS.filter((_, j) => (i + j) % 3 !== 0),
    filters: i % 4 === 0 ? { issueTypes: ['Bug', 'Task'] } : i % 4 === 1 ? { labels: ['ui', `l${i}`] } : {},
    includeSecurityLevel: i % 5 === 0,
    createdBy: 'U1',
    createdAt: '2025-01-01T00:00:00.000Z',
  }));
}

function benchMatching(): void {
  const parsed = parseWebhookEvent(JSON.parse(readFileSync(BODY, 'utf8')));
  if (isIgnored(parsed)) throw new Error(parsed.ignored);
  const subs = subscriptions(parsed.issue.projectKey, 10_000);
  let t = performance.now();
  const index = new SubscriptionIndex(subs);
  const built = performance.now() - t;
  const rounds = 1000;
  let matched = 0;
  t = performance.now();
  for (let i = 0; i < rounds; i++) matched = index.match(parsed, { teamId: 'T1' }).length;
  const each = (performance.now() - t) / rounds;
  console.log(`matching: 10,000 subscriptions, index built in ${ms(built)}`);
  console.log(`matching: one event → ${matched} channels in ${ms(each)} (mean of ${rounds})`);
}

async function benchFanOut(): Promise<void> {
  const h = await Harness.start({ logLevel: 'warn' });
  try {
    await connectedSite(h);
    const teamId = h.slack.teamId;
    const n = 1000;
    for (let i = 0; i < n; i++) {
      const channelId = `C0BENCH${String(i).padStart(4, '0')}`;
      h.slack.addChannel({ id: channelId, name: `bench-${i}`, botIsMember: true });
      await h.app.deps.stores.subscriptions.put({
        id: `b${i}`,
        teamId,
        channelId,
        projectKey: 'ALPHA',
        events: ['created'],
        filters: {},
        includeSecurityLevel: false,
        createdBy: SLACK.ada,
        createdAt: new Date().toISOString(),
      });
    }
    const t = performance.now();
    h.jira.act.createIssue(JIRA.ada, { project: 'ALPHA', summary: 'Benchmark' });
    await h.jira.settled();
    const accepted = performance.now() - t;
    await h.app.deps.notifications.idle(120_000);
    const done = performance.now() - t;
    const posted = h.slack.callsTo('chat.postMessage').filter((c) => c.ok).length;
    console.log(`delivery: webhook answered in ${ms(accepted)}`);
    console.log(`delivery: one event to ${posted} of ${n} channels through the Slack emulator in ${ms(done)}`);
  } finally {
    await h.close();
  }
}

benchMatching();
await benchFanOut();
