import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { UsageError } from '../../errors.js';
import { type SearchPageState, searchPageStateSchema } from '../../store/search-pages.js';
import { SEARCH_USAGE, searchPage } from '../commands/search.js';
import { replyWithError } from '../reply-error.js';

const buttonValue = z.union([searchPageStateSchema, z.object({ s: z.string().min(1).max(64) })]);

const EXPIRED = 'That search has expired. Run it again.';

/**
 * *More results* under a search: replaces the ephemeral with the next page. The value is re-read as
 * untrusted input, and the query runs again through the gate with the clicker's own access.
 */
export async function searchMoreAction(
  { ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: Deps,
): Promise<void> {
  await ack();
  const who = {
    teamId: body.team?.id ?? body.user.team_id ?? '',
    userId: body.user.id,
    channelId: body.channel?.id ?? '',
  };
  try {
    const state = await readState(deps, who, action.type === 'button' ? action.value : undefined);
    const message = await searchPage(deps, who, {
      query: state.q,
      page: state.p,
      ...(state.t ? { token: state.t } : {}),
      fingerprint: state.h,
    });
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
  } catch (err) {
    await replyWithError(err, { deps, respond, who, what: 'search more' });
  }
}

async function readState(
  deps: Deps,
  who: { teamId: string; userId: string },
  value: string | undefined,
): Promise<SearchPageState> {
  let parsed: z.infer<typeof buttonValue>;
  try {
    parsed = buttonValue.parse(JSON.parse(value ?? ''));
  } catch {
    throw new UsageError(EXPIRED, SEARCH_USAGE);
  }
  if (!('s' in parsed)) return parsed;
  const stored = await deps.stores.searchPages.get(who.teamId, who.userId, parsed.s);
  if (!stored) throw new UsageError(EXPIRED, SEARCH_USAGE);
  return stored;
}
