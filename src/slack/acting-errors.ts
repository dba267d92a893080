import { randomBytes } from 'node:crypto';
import type { Viewer } from '../access/gate.js';
import type { Deps } from '../deps.js';
import { type CodedError, ErrorCode, isCodedError } from '../errors.js';
import { describeError, type ErrorView } from './blocks/error-message.js';

/**
 * The words for a failure shown somewhere other than a reply (a modal): the same words and Connect button
 * a reply would carry. Uncoded failures are logged with a reference the person is shown.
 */
export async function errorViewFor(deps: Deps, who: Viewer, err: unknown, what: string): Promise<ErrorView> {
  const coded: CodedError | undefined = isCodedError(err) ? err : deps.translateError(err);
  if (!coded) {
    const ref = randomBytes(4).toString('hex');
    deps.log.error({ err, ref, what, team: who.teamId, user: who.userId }, 'handler failed');
    return {
      text: `Something went wrong on our side (ref ${ref}). Please try again; if it keeps happening, tell your Slack admin.`,
    };
  }
  deps.log.info({ code: coded.code, what, team: who.teamId, user: who.userId }, 'request refused');
  const needsLink = coded.code === ErrorCode.NotConnected || coded.code === ErrorCode.NeedsReauth;
  const connectUrl = needsLink ? await deps.links.connect(who, 'user').catch(() => undefined) : undefined;
  return describeError(coded, { connectUrl });
}

/**
 * Waits for `work` at most `ms`: its outcome when it settled in time, else undefined (it keeps running).
 * Modal submissions use this to answer a quick failure inside the ack window, keeping what was typed.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A settled promise as a value, so a failure can be inspected later without an unhandled rejection. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; err: unknown };

export function settle<T>(p: Promise<T>): Promise<Outcome<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (err: unknown) => ({ ok: false as const, err }),
  );
}
