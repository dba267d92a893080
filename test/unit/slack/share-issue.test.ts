import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it, vi } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { NotVisibleError } from '../../../src/errors.js';
import { shareIssueAction } from '../../../src/slack/actions/share-issue.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** A click on Share in channel whose button value was forged to `value`. */
function forgedClick(value: string) {
  const respond = vi.fn(async () => ({}));
  const postMessage = vi.fn(async () => ({ ok: true }));
  const requireIssue = vi.fn(async (_who: unknown, key: string) => {
    throw new NotVisibleError(key);
  });
  const deps = {
    gate: { requireIssue, channelShareRefusal: () => null },
    log: { info: () => undefined, error: () => undefined },
    links: { connect: async () => 'https://example.test/connect' },
    translateError: () => undefined,
  } as unknown as Deps;
  const args = {
    ack: async () => undefined,
    respond,
    client: { chat: { postMessage } },
    body: { team: { id: 'T1' }, user: { id: 'U0ADA00001' }, channel: { id: 'C0GENERAL1' } },
    action: { type: 'button', action_id: 'issue_share', value },
  } as unknown as Args;
  return { run: () => shareIssueAction(args, deps), respond, postMessage, requireIssue };
}

describe('shareIssueAction with a forged button value', () => {
  it('asks the gate about the forged key and posts nothing when it is not visible', async () => {
    const click = forgedClick('HR-1');
    await click.run();
    expect(click.requireIssue).toHaveBeenCalledWith(
      expect.objectContaining({ userId: 'U0ADA00001' }),
      'HR-1',
      expect.any(Array),
    );
    expect(click.postMessage).not.toHaveBeenCalled();
    expect(JSON.stringify(click.respond.mock.calls)).toContain(
      'HR-1 doesn’t exist or you don’t have permission to see it',
    );
  });

  it('refuses a value that is not an issue key without asking Jira', async () => {
    const click = forgedClick('<!channel> x');
    await click.run();
    expect(click.requireIssue).not.toHaveBeenCalled();
    expect(click.postMessage).not.toHaveBeenCalled();
    expect(JSON.stringify(click.respond.mock.calls)).toContain('That button no longer works');
  });
});
