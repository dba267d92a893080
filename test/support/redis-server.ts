import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A private, throw-away redis-server on a free port, for tests that stop and restart Redis. */
export class DisposableRedisServer {
  private child?: ChildProcess;
  private constructor(readonly port: number) {}

  static async start(): Promise<DisposableRedisServer> {
    const s = new DisposableRedisServer(await freePort());
    await s.up();
    return s;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    // Ready when it answers PING; ioredis retries the connection until then.
    const probe = new Redis(this.url, { retryStrategy: () => 20, maxRetriesPerRequest: null, lazyConnect: false });
    probe.on('error', () => undefined); // refused until the server listens; that's expected
    try {
      await probe.ping();
    } finally {
      probe.disconnect();
    }
  }

  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
