// `npm run demo`: Jira Bridge against local Slack and Jira emulators, with a demo site already
// connected, and a terminal standing in for Slack. Needs only Node and Redis.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createJiraBridge } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { Metrics } from '../src/metrics.js';
import { Sealer } from '../src/store/crypto.js';
import { createRedis, deleteByPrefix } from '../src/store/redis.js';
import { browse, linkIn } from '../test/support/browser.js';
import { startJiraEmulator } from '../test/support/jira/emulator.js';
import { freePort } from '../test/support/redis-server.js';
import { startSlackEmulator } from '../test/support/slack/index.js';
import { DEMO_USERS, seedDemoSite } from './demo-site.js';

const jira = await startJiraEmulator();
const slack = await startSlackEmulator();
seedDemoSite(jira, slack);
const port = Number(process.env.PORT ?? (await freePort()));
const prefix = `jbdemo:${randomBytes(4).toString('hex')}:`;
const config = loadConfig({
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_KEY_PREFIX: prefix,
  SLACK_SIGNING_SECRET: slack.signingSecret,
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_API_URL: slack.apiUrl,
  JIRA_CLIENT_ID: jira.clientId,
  JIRA_CLIENT_SECRET: jira.clientSecret,
  ATLASSIAN_AUTH_URL: jira.url,
  ATLASSIAN_API_URL: jira.url,
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const redis = createRedis(config.redisUrl, prefix);
try {
  await redis.ping();
} catch {
  process.stderr.write(`Redis does not answer at ${config.redisUrl}. Start it (redis-server) and try again.\n`);
  process.exit(1);
}
const bridge = createJiraBridge({
  config,
  redis,
  log: createLogger(config.logLevel),
  metrics: new Metrics(),
  sealer: new Sealer(config.encryptionKeys),
});
await bridge.listen(port, '127.0.0.1');
slack.setAppUrl(config.publicUrl);

// Connect the service account (as the Slack admin) and Ada, exactly as a browser would.
const team = slack.teamId;
jira.consentAs('acc-service');
await browse(await bridge.deps.links.connect({ teamId: team, userId: DEMO_USERS.admin!.slack }, 'service'));
jira.consentAs('acc-ada');
const confirm = await browse(await bridge.deps.links.connect({ teamId: team, userId: DEMO_USERS.ada!.slack }, 'user'));
await browse(linkIn(confirm.body, 'Yes, connect') ?? '');

let as = 'ada';
process.stdout.write(`
Jira Bridge is running at ${config.publicUrl} against local emulators (Redis prefix ${prefix}).
The demo site has ALPHA (everyone) and BETA (Ada only); ALPHA-3 has a security level.
You are "${as}" (connected). Grace is not connected yet. Type:
  /jira help | /jira status | /jira search login | /jira ALPHA-1 | /jira view BETA-1
  as grace        switch user (admin, ada, grace)
  home            show your App Home tab
  link <url>      post a link, e.g. link https://demo.atlassian.net/browse/ALPHA-1
  quit
`);

function flatten(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) flatten(v, out);
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (o.type === 'button' && o.text) out.push(`[${(o.text as { text: string }).text}]`);
    else if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
    else for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') flatten(v, out);
  }
  return out;
}
const show = (x: unknown) =>
  process.stdout.write(
    `${flatten(x).join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')}\n\n`,
  );

async function handle(line: string): Promise<boolean> {
  const user = DEMO_USERS[as]!.slack;
  if (line === 'quit' || line === 'exit') return false;
  if (line.startsWith('as ')) {
    const who = line.slice(3).trim();
    if (DEMO_USERS[who]) as = who;
    process.stdout.write(`You are now ${as}.\n\n`);
  } else if (line.startsWith('/jira')) {
    const res = await slack.sendCommand({ user, text: line.replace(/^\/jira\s*/, '') });
    if (res.body && typeof res.body === 'object' && Object.keys(res.body).length) show(res.body);
    else show(await slack.waitForResponse(res.responseUrl, undefined, 10_000).catch(() => ({ text: '(no reply)' })));
  } else if (line === 'home') {
    await slack.openHome(user);
    await slack.waitForCall('views.publish', (a) => a.user_id === user).catch(() => undefined);
    show(slack.homeOf(user)?.blocks);
  } else if (line.startsWith('link ')) {
    const before = slack.unfurls().length;
    await slack.shareLinks({ user, channel: slack.defaultChannel, urls: [line.slice(5).trim()] });
    const got = await slack.waitFor(() => slack.unfurls()[before], { timeoutMs: 3000 }).catch(() => undefined);
    show(got ? got.unfurls : { text: '(no preview)' });
  } else if (line.trim()) process.stdout.write('Try /jira help, home, link <url>, as <user> or quit.\n\n');
  return true;
}

const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
rl.setPrompt(`${as}> `);
rl.prompt();
for await (const line of rl) {
  if (!(await handle(line.trim()))) break;
  rl.setPrompt(`${as}> `);
  rl.prompt();
}
rl.close();
await bridge.close();
await deleteByPrefix(redis, prefix);
redis.disconnect();
await jira.close();
await slack.close();
process.exit(0);
