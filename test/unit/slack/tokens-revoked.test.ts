import { describe, expect, it, vi } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { tokensRevoked } from '../../../src/slack/events/app-uninstalled.js';

function fakeDeps() {
  const unregister = vi.fn(async () => undefined);
  const deps = {
    notifications: { registration: { unregister } },
    redis: { options: { keyPrefix: 'jb:' }, scan: vi.fn(async () => ['0', []]), del: vi.fn() },
    log: { info: vi.fn(), warn: vi.fn() },
  } as unknown as Deps;
  return { deps, unregister };
}

type Args = Parameters<typeof tokensRevoked>[0];

describe('tokens_revoked', () => {
  it('leaves the workspace alone when only a person’s user token was revoked', async () => {
    const { deps, unregister } = fakeDeps();
    await tokensRevoked(
      { event: { tokens: { oauth: ['U1'], bot: [] } }, body: { team_id: 'T1' } } as unknown as Args,
      deps,
    );
    expect(unregister).not.toHaveBeenCalled();
  });

  it('forgets the workspace when the bot token was revoked', async () => {
    const { deps, unregister } = fakeDeps();
    await tokensRevoked({ event: { tokens: { bot: ['B1'] } }, body: { team_id: 'T1' } } as unknown as Args, deps);
    expect(unregister).toHaveBeenCalledWith('T1');
  });
});
