import { randomBytes } from 'node:crypto';
import type { RespondFn } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { ErrorCode, isCodedError } from '../errors.js';
import { describeError, errorMessage, internalErrorMessage } from './blocks/error-message.js';
import type { Who } from './commands/types.js';

/**
 * Renders any failure of a handler as an ephemeral reply. Coded errors become their words; anything
 * else is logged with a reference the user is shown.
 */
export async function replyWithError(
  err: unknown,
  ctx: { deps: Deps; respond: RespondFn; who: Who; what: string },
): Promise<void> {
  const { deps, respond, who, what } = ctx;
  const coded = isCodedError(err) ? err : deps.translateError(err);
  if (coded) {
    const needsLink = coded.code === ErrorCode.NotConnected || coded.code === ErrorCode.NeedsReauth;
    const connectUrl = needsLink ? await deps.links.connect(who, 'user').catch(() => undefined) : undefined;
    deps.log.info({ code: coded.code, what, team: who.teamId, user: who.userId }, 'request refused');
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...errorMessage(describeError(coded, { connectUrl })),
    });
    return;
  }
  const ref = randomBytes(4).toString('hex');
  deps.log.error({ err, ref, what, team: who.teamId, user: who.userId }, 'handler failed');
  await respond({ response_type: 'ephemeral', replace_original: false, ...internalErrorMessage(ref) }).catch(
    () => undefined,
  );
}
