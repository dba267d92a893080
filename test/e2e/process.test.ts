import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnv } from '../support/config.js';
import { freePort } from '../support/redis-server.js';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function startApp(env: NodeJS.ProcessEnv) {
  // Runs the real entry point, as `npm start` does after building, through tsx to skip the build.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, ...env },
    cwd: process.cwd(),
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return { child, out: () => stdout, err: () => stderr };
}

describe('starting the process', () => {
  it('stops with one message naming every missing variable', async () => {
    const app = startApp({});
    const [code] = (await once(app.child, 'exit')) as [number];
    expect(code).not.toBe(0);
    const message = app.err();
    for (const name of [
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN',
      'JIRA_CLIENT_ID',
      'JIRA_CLIENT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]) {
      expect(message).toContain(name);
    }
    expect(message.match(/cannot start/g)).toHaveLength(1);
  });

  it('serves health checks with a valid environment and exits cleanly on SIGTERM, logging no secrets', async () => {
    const port = await freePort();
    const env = testEnv({ PORT: String(port), LOG_LEVEL: 'info', REDIS_KEY_PREFIX: `jbtest:proc:${port}:` });
    const app = startApp(env);
    await new Promise<void>((resolve, reject) => {
      const check = () => (app.out().includes('listening') ? resolve() : undefined);
      app.child.stdout.on('data', check);
      app.child.once('exit', () => reject(new Error(`exited early: ${app.err()}`)));
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    app.child.kill('SIGTERM');
    const [code] = (await once(app.child, 'exit')) as [number];
    expect(code).toBe(0);
    const logs = app.out();
    expect(logs).toContain('"msg":"stopped"');
    for (const secret of [
      env.SLACK_SIGNING_SECRET,
      env.SLACK_BOT_TOKEN,
      env.JIRA_CLIENT_SECRET,
      env.TOKEN_ENCRYPTION_KEY,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
