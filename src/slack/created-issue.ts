import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { channelShareRefusal, type EffectiveAccess } from '../access/gate.js';
import type { Deps } from '../deps.js';
import type { CreateMeta } from './blocks/create-issue.js';
import type { Message } from './blocks/help.js';
import { CARD_FIELDS, type CardIssue, issueCard, toCardIssue } from './blocks/issue-card.js';
import { clip, esc, link } from './blocks/mrkdwn.js';
import { slackErrorCode } from './slack-error-code.js';

export interface Created {
  deps: Deps;
  slack: WebClient;
  who: { teamId: string; userId: string };
  access: EffectiveAccess;
  key: string;
  meta: CreateMeta;
}

/** What the "Created" modal shows. */
export interface CreatedRef {
  key: string;
  url: string;
  summary: string;
}

/**
 * Tells people about a new issue. From a message shortcut: the card goes in the message's thread (the
 * key alone when the issue may not be shown to a whole channel) and the issue gets a remote link back to
 * the message; if the bot can't post there, the creator gets the card ephemerally instead. Otherwise the
 * creator gets the card ephemerally where they typed `/jira create`, or as a DM (from Home, or when the
 * ephemeral can't be posted). Never throws: the issue exists whatever Slack says.
 */
export async function announceCreated(c: Created): Promise<CreatedRef> {
  const { deps, access, key, meta } = c;
  const siteUrl = access.workspace.siteUrl;
  const url = `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
  let card: CardIssue | null = null;
  let refusal: string | null = 'unknown';
  try {
    const issue = await access.client.getIssue(key, CARD_FIELDS);
    card = toCardIssue(issue, siteUrl);
    refusal = channelShareRefusal(access.settings, issue);
  } catch (err) {
    deps.log.warn({ err, key }, 'could not read the issue just created');
  }
  const ref: CreatedRef = { key, url, summary: card?.summary ?? '' };
  const own = confirmation(ref, card, c.who.userId);

  const src = meta.src;
  if (src) {
    if (src.link) {
      await access.client
        .addRemoteLink(key, {
          url: src.link,
          title: clip(src.name ? `Slack message in #${src.name}` : 'Slack message', 255),
        })
        .catch((err: unknown) => deps.log.warn({ err, key }, 'could not link the issue back to the Slack message'));
    }
    const thread = refusal === null && card ? threadCard(card, c.who.userId) : keyOnly(ref, c.who.userId);
    try {
      await c.slack.chat.postMessage({ channel: src.ch, thread_ts: src.th ?? src.ts, ...thread, unfurl_links: false });
      return ref;
    } catch (err) {
      deps.log.info({ slackError: slackErrorCode(err), key }, 'could not post the new issue in the thread');
    }
    await ephemeralOrDm(c, src.ch, own);
    return ref;
  }
  await ephemeralOrDm(c, meta.ch, own);
  return ref;
}

async function ephemeralOrDm(c: Created, channel: string | undefined, m: Message): Promise<void> {
  if (channel) {
    try {
      await c.slack.chat.postEphemeral({ channel, user: c.who.userId, ...m });
      return;
    } catch (err) {
      c.deps.log.info({ slackError: slackErrorCode(err) }, 'ephemeral confirmation failed; sending a DM');
    }
  }
  try {
    const im = await c.slack.conversations.open({ users: c.who.userId });
    const id = im.channel?.id;
    if (id) await c.slack.chat.postMessage({ channel: id, ...m });
  } catch (err) {
    c.deps.log.warn({ slackError: slackErrorCode(err) }, 'could not confirm a created issue');
  }
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** The creator's own confirmation: a line, then the card with its buttons. */
function confirmation(ref: CreatedRef, card: CardIssue | null, _userId: string): Message {
  if (!card) {
    const text = `Created ${link(ref.url, ref.key)}.`;
    return { text: `Created ${esc(ref.key)}`, blocks: [section(`:white_check_mark: ${text}`)] };
  }
  const full = issueCard(card, { actions: true });
  return {
    text: `Created ${full.text}`,
    blocks: [section(`:white_check_mark: You created ${link(ref.url, ref.key)}.`), ...full.blocks],
  };
}

/** The card as the thread sees it (a channel is an audience: no acting buttons). */
function threadCard(card: CardIssue, userId: string): Message {
  const full = issueCard(card);
  const who = /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : 'Someone';
  return {
    text: `${who} created ${full.text}`,
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${who} created an issue from this message` }] },
      ...full.blocks,
    ],
  };
}

/** For an issue that may not be shown to a whole channel: its key and link, nothing it says. */
function keyOnly(ref: CreatedRef, userId: string): Message {
  const who = /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : 'Someone';
  const text = `${who} created ${link(ref.url, ref.key)} from this message.`;
  return { text, blocks: [section(text)] };
}
