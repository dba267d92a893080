import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

describe('the quick start demo (npm run demo)', () => {
  it('runs the app against the emulators with a connected demo site and answers commands', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        LOG_LEVEL: 'silent',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdin.end('/jira status\nquit\n');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(out).toContain('Jira Bridge is running at http://127.0.0.1:');
    expect(out).toContain('Ada Lovelace in Jira');
    expect(out).toContain('You can reach:* 2 projects (ALPHA, BETA)');
  });
});
