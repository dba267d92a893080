// Where an issue card lives, and how to change it in place after someone acted on it from a button.
// An ephemeral card (a `/jira view` reply) can only be replaced through the action's response_url; a
// message the app posted is edited with chat.update; anything else (a preview inside someone's own
// message, Home) is left as it is and only the person is told.

import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Viewer } from '../access/gate.js';
import type { Deps } from '../deps.js';
import { ISSUE_KEY } from '../jira/jql.js';
import { CARD_FIELDS, issueCard, toCardIssue } from './blocks/issue-card.js';
import { ACTIONS } from './ids.js';

// Slack's response_urls are https; anything else in a payload or metadata is refused, never fetched.
const httpUrl = z.url({ protocol: /^https?$/ });

const placeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ephemeral'), responseUrl: httpUrl, channel: z.string().optional() }),
  z.object({
    kind: z.literal('message'),
    channel: z.string(),
    ts: z.string(),
    responseUrl: httpUrl.optional(),
    actions: z.boolean(),
    share: z.boolean(),
    sharedBy: z.string().optional(),
  }),
  z.object({ kind: z.literal('elsewhere'), responseUrl: httpUrl.optional(), channel: z.string().optional() }),
]);

/** Where the card that was clicked lives. */
export type CardPlace = z.infer<typeof placeSchema>;

const actionPayload = z.looseObject({
  type: z.literal('block_actions'),
  api_app_id: z.string().optional(),
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string().min(1) }).nullish(),
  trigger_id: z.string().min(1),
  response_url: httpUrl.optional(),
  container: z.looseObject({
    type: z.string(),
    is_ephemeral: z.boolean().optional(),
    is_app_unfurl: z.boolean().optional(),
    channel_id: z.string().optional(),
    message_ts: z.string().optional(),
  }),
  channel: z.looseObject({ id: z.string() }).optional(),
  message: z
    .looseObject({ ts: z.string(), app_id: z.string().optional(), blocks: z.array(z.unknown()).optional() })
    .optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        value: z.string().optional(),
        selected_option: z.looseObject({ value: z.string() }).nullish(),
      }),
    )
    .min(1),
});

/** A card button press, validated: who pressed it, which issue it names, where the card is. */
export interface CardAction {
  viewer: Viewer & { channelId: string };
  key: string;
  place: CardPlace;
  triggerId: string;
}

/**
 * Reads a card button's block_actions payload. Returns null for anything malformed (a forged or broken
 * payload is dropped, not half-handled). The key it names is only a claim: every handler still passes
 * it through the gate for the person who clicked.
 */
export function readCardAction(body: unknown): CardAction | null {
  const parsed = actionPayload.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const teamId = b.team?.id ?? b.user.team_id;
  const key = (b.actions[0]!.value ?? '').toUpperCase();
  if (!teamId || !ISSUE_KEY.test(key)) return null;
  const channel = b.container.channel_id ?? b.channel?.id;
  let place: CardPlace;
  if (b.container.type === 'message' && b.container.is_ephemeral && b.response_url) {
    place = { kind: 'ephemeral', responseUrl: b.response_url, ...(channel ? { channel } : {}) };
  } else if (
    b.container.type === 'message' &&
    !b.container.is_app_unfurl &&
    channel &&
    b.message &&
    b.message.app_id !== undefined &&
    b.message.app_id === b.api_app_id
  ) {
    place = {
      kind: 'message',
      channel,
      ts: b.message.ts,
      ...(b.response_url ? { responseUrl: b.response_url } : {}),
      ...cardOptionsOf(b.message.blocks ?? []),
    };
  } else {
    place = {
      kind: 'elsewhere',
      ...(b.response_url ? { responseUrl: b.response_url } : {}),
      ...(channel ? { channel } : {}),
    };
  }
  return {
    viewer: { teamId, userId: b.user.id, channelId: channel ?? '' },
    key,
    place,
    triggerId: b.trigger_id,
  };
}

/** Which optional parts a card the app posted carried, so the updated card carries the same. */
export function cardOptionsOf(blocks: readonly unknown[]): { actions: boolean; share: boolean; sharedBy?: string } {
  const json = JSON.stringify(blocks);
  const sharedBy = /Shared by <@([UW][A-Z0-9]+)>/.exec(json)?.[1];
  return {
    actions: json.includes(`"${ACTIONS.comment}"`),
    share: json.includes(`"${ACTIONS.share}"`),
    ...(sharedBy ? { sharedBy } : {}),
  };
}

/** What a modal opened from a card carries in private_metadata. */
const metaSchema = z.object({ key: z.string().regex(ISSUE_KEY), place: placeSchema });
export type CardModalMeta = z.infer<typeof metaSchema>;

export function encodeMeta(meta: CardModalMeta): string {
  return JSON.stringify(meta);
}

/** Null when the metadata isn't ours (then the submission is refused, not guessed at). */
export function decodeMeta(raw: string | undefined): CardModalMeta | null {
  try {
    const parsed = metaSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Redraws the card after a change, from the issue as the clicking person now sees it through the gate.
 * A card in a channel is seen by everyone there, so it is only redrawn while the issue may still be
 * shown to a channel (no security level, previews on); otherwise it is left as it was. Failing to
 * redraw never undoes or hides the change itself: it is logged.
 */
export async function refreshCard(
  deps: Deps,
  client: WebClient,
  viewer: Viewer,
  key: string,
  place: CardPlace,
): Promise<void> {
  if (place.kind === 'elsewhere') return;
  try {
    const { issue, access } = await deps.gate.requireIssue(viewer, key, CARD_FIELDS);
    const card = toCardIssue(issue, access.workspace.siteUrl);
    const channelRefusal = deps.gate.channelShareRefusal(access, issue);
    if (place.kind === 'ephemeral') {
      const msg = issueCard(card, { actions: true, share: channelRefusal === null });
      await postToResponseUrl(place.responseUrl, { replace_original: true, response_type: 'ephemeral', ...msg });
      return;
    }
    if (channelRefusal !== null) return;
    const msg = issueCard(card, {
      actions: place.actions,
      share: place.share,
      ...(place.sharedBy ? { sharedBy: place.sharedBy } : {}),
    });
    await client.chat.update({ channel: place.channel, ts: place.ts, text: msg.text, blocks: msg.blocks });
  } catch (err) {
    deps.log.warn({ err, key, place: place.kind, team: viewer.teamId }, 'could not redraw the issue card');
  }
}

/**
 * A `respond` for someone who acted from a card, usable after the action's own request is over (a
 * modal submission): the card's response_url when there is one, else an ephemeral in its channel, else
 * a DM from the app.
 */
export function respondTo(client: WebClient, viewer: Viewer, place: CardPlace): RespondFn {
  return async (message: string | RespondArguments) => {
    const body: RespondArguments = typeof message === 'string' ? { text: message } : message;
    if (place.responseUrl) {
      return postToResponseUrl(place.responseUrl, { response_type: 'ephemeral', replace_original: false, ...body });
    }
    const text = body.text ?? '';
    const blocks = (body as { blocks?: KnownBlock[] }).blocks;
    if (place.channel) {
      await client.chat.postEphemeral({
        channel: place.channel,
        user: viewer.userId,
        text,
        ...(blocks ? { blocks } : {}),
      });
    } else {
      await client.chat.postMessage({ channel: viewer.userId, text, ...(blocks ? { blocks } : {}) });
    }
    // RespondFn promises the response_url's answer; a Web API call that didn't throw was accepted.
    return new Response(null, { status: 200 });
  };
}

/** Posts to a Slack response_url; a refusal (4xx) throws, so the caller can log it. */
async function postToResponseUrl(url: string, body: RespondArguments): Promise<Response> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
  return res;
}
