import type { Redis } from 'ioredis';
import type { Metrics } from '../metrics.js';
import { type Route, sendText } from './server.js';

/** `/healthz` (process up), `/readyz` (Redis answers), `/metrics` (Prometheus text). */
export function healthRoutes(redis: Redis, metrics: Metrics): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendText(res, 200, 'ok\n') },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        const ready = await Promise.race([
          redis.ping().then(
            (r) => r === 'PONG',
            () => false,
          ),
          new Promise<boolean>((resolve) => setTimeout(resolve, 1000, false).unref()),
        ]);
        sendText(res, ready ? 200 : 503, ready ? 'ready\n' : 'redis unreachable\n');
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async (_req, res) => sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType),
    },
  ];
}
