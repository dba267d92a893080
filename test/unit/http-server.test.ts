import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createHttpServer, drain, sendText } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';

describe('HTTP server shutdown', () => {
  it('finishes a request in flight, then stops accepting new connections', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const server = createHttpServer({
      routes: [
        {
          method: 'GET',
          path: '/slow',
          handler: async (_req, res) => {
            entered();
            await held;
            sendText(res, 200, 'done');
          },
        },
      ],
      metrics: new Metrics(),
      log: createLogger('silent'),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await inside;
    const drained = drain(server, 5000);
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('done');
    await drained;
    expect(server.listening).toBe(false);
  });
});

describe('logs', () => {
  it('censor tokens and secrets wherever they appear in a logged object', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      { conn: { accessToken: 'AT-123', refreshToken: 'RT-456' }, req: { headers: { authorization: 'Bearer X-789' } } },
      'hello',
    );
    log.info({ body: { client_secret: 'CS-000', refresh_token: 'RT-789' } }, 'token exchange');
    log.warn({ err: { code: 'not_found' } }, 'error codes stay readable');
    expect(out).not.toMatch(/AT-123|RT-456|X-789|CS-000|RT-789/);
    expect(out).toContain('not_found');
    expect(out).toContain('[redacted]');
  });
});
