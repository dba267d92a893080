import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { Metrics } from '../metrics.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

/**
 * The one HTTP server: our own routes first, then Slack's (Bolt's request listener), with every request
 * counted and timed by route. Unknown paths get a plain 404.
 */
export function createHttpServer(opts: {
  routes: Route[];
  slack?: (req: IncomingMessage, res: ServerResponse) => void;
  metrics: Metrics;
  log: Logger;
}): Server {
  const { routes, slack, metrics, log } = opts;
  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const label = Metrics.routeLabel(url.pathname);
    const method = req.method ?? 'GET';
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ route: label, method, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route: label, method }, seconds);
    });
    const route = routes.find((r) => r.path === url.pathname && r.method === method);
    if (route) {
      Promise.resolve(route.handler(req, res, url)).catch((err: unknown) => {
        log.error({ err, route: route.path }, 'route failed');
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Something went wrong on our side.');
        } else res.end();
      });
      return;
    }
    if (slack && url.pathname.startsWith('/slack/')) {
      slack(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  });
  // Slack needs an answer within 3 s; a slow client must not hold a socket forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}

/** Stops accepting connections and resolves once in-flight requests have finished (or after `graceMs`). */
export function drain(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
    timer.unref();
    // Keep-alive sockets become idle when their request finishes; close them as they do.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    idle.unref();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(idle);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Reads a request body up to `limit` bytes (raw, for signature checks). */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}
