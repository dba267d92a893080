import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics for one app instance (its own registry, so tests can run several apps at once). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'jira_bridge_http_requests_total',
    help: 'HTTP requests served, by route and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'jira_bridge_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly jiraCalls = new Counter({
    name: 'jira_bridge_jira_calls_total',
    help: 'Calls to the Jira Cloud REST API, by route and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly jiraDuration = new Histogram({
    name: 'jira_bridge_jira_call_duration_seconds',
    help: 'Jira call latency by route',
    labelNames: ['route', 'method'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly slackCalls = new Counter({
    name: 'jira_bridge_slack_calls_total',
    help: 'Calls to the Slack Web API, by method and HTTP status',
    labelNames: ['method', 'status'] as const,
    registers: [this.registry],
  });
  readonly redisCommands = new Counter({
    name: 'jira_bridge_redis_commands_total',
    help: 'Redis commands sent, by command',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });
  readonly redisErrors = new Counter({
    name: 'jira_bridge_redis_errors_total',
    help: 'Redis connection errors',
    registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'jira_bridge_' });
  }

  /** Route label for an HTTP path: known routes by name, everything else folded so labels stay bounded. */
  static routeLabel(path: string): string {
    const known = [
      '/slack/events',
      '/slack/install',
      '/slack/oauth_redirect',
      '/jira/oauth/callback',
      '/jira/webhooks',
      '/healthz',
      '/readyz',
      '/metrics',
    ];
    if (known.includes(path)) return path;
    if (path.startsWith('/jira/connect')) return '/jira/connect';
    if (path === '/jira/oauth/site') return path;
    return 'other';
  }
}
