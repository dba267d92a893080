import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiraBridge, type JiraBridge } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Sealer } from '../../src/store/crypto.js';
import { createRedis } from '../../src/store/redis.js';
import { testConfig } from '../support/config.js';
import { DisposableRedisServer } from '../support/redis-server.js';
import { signSlackRequest } from '../support/slack/signing.js';

let redisServer: DisposableRedisServer;
let bridge: JiraBridge;
let base: string;
const config = testConfig();

beforeAll(async () => {
  redisServer = await DisposableRedisServer.start();
  const redis = createRedis(redisServer.url, 'jbtest:foundation:');
  bridge = createJiraBridge({
    config,
    redis,
    log: createLogger('silent'),
    metrics: new Metrics(),
    sealer: new Sealer(config.encryptionKeys),
  });
  const addr = await bridge.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  await bridge?.close();
  bridge?.deps.redis.disconnect();
  await redisServer?.down();
});

async function waitForStatus(path: string, status: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await fetch(`${base}${path}`)).status;
    if (last === status) return;
    await new Promise((r) => setTimeout(r, 50)); // polling an HTTP endpoint for a state change, not a sync sleep
  }
  throw new Error(`${path} stayed ${last}, expected ${status}`);
}

describe('the running app', () => {
  it('answers /healthz while the process is up', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('is ready only while Redis answers, and recovers without a restart', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await redisServer.down();
    await waitForStatus('/readyz', 503);
    await redisServer.up();
    await waitForStatus('/readyz', 200);
  });

  it('refuses Slack requests with a bad signature', async () => {
    const body = 'command=%2Fjira&text=help&team_id=T1&user_id=U1&channel_id=C1';
    const headers = signSlackRequest('wrong-secret', body);
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(res.status).toBe(401);
  });

  it('refuses Slack requests with a stale timestamp even when correctly signed', async () => {
    const body = 'command=%2Fjira&text=help&team_id=T1&user_id=U1&channel_id=C1';
    const headers = signSlackRequest(config.slack.signingSecret, body, Math.floor(Date.now() / 1000) - 6 * 60);
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(res.status).toBe(401);
  });

  it('exposes request counts and latencies by route as Prometheus text', async () => {
    await fetch(`${base}/healthz`);
    const res = await fetch(`${base}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/jira_bridge_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+/);
    expect(text).toMatch(/jira_bridge_http_request_duration_seconds_bucket\{le="[^"]+",route="\/healthz"/);
    expect(text).toMatch(/jira_bridge_redis_commands_total\{command="ping"\} \d+/);
    expect(text).toContain('jira_bridge_slack_calls_total');
    expect(text).toContain('jira_bridge_jira_calls_total');
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
