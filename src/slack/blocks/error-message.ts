import type { KnownBlock } from '@slack/types';
import type { CodedError } from '../../errors.js';
import {
  type ActRefusedError,
  CommentNotPostedError,
  ErrorCode,
  isCodedError,
  type TransitionUnknownError,
  type UserUnmappedError,
} from '../../errors.js';
import { ACTIONS } from '../ids.js';
import type { Message } from './help.js';
import { esc, unesc } from './mrkdwn.js';

export interface ErrorView {
  text: string;
  /** A URL button to offer (connect / re-authorize), when the fix is one click away. */
  button?: { text: string; url: string; actionId: string };
}

/**
 * The one place error codes become words. Anything uncoded is "on our side", with a reference that is
 * also logged, so support can find it; no stack traces, statuses or tokens reach Slack.
 */
export function describeError(err: CodedError, links: { connectUrl?: string; siteName?: string }): ErrorView {
  if (err instanceof CommentNotPostedError) {
    const inner = describeError(err.inner, links);
    return { ...inner, text: `${inner.text}\n\n${keptCommentWords(err.text)}` };
  }
  switch (err.code) {
    case ErrorCode.Usage: {
      const u = err as CodedError & { usage?: string };
      return { text: u.usage ? `${esc(err.message)}\nUsage: \`/jira ${esc(u.usage)}\`` : esc(err.message) };
    }
    case ErrorCode.NotConnected:
      return {
        text: 'Connect your Jira account to use Jira from Slack. You will only see what your own Jira account can see.',
        button: links.connectUrl
          ? { text: 'Connect your Jira account', url: links.connectUrl, actionId: ACTIONS.connectUser }
          : undefined,
      };
    case ErrorCode.NeedsReauth: {
      const changed = (err as CodedError & { reason?: string }).reason === 'service_account_changed';
      return {
        text: changed
          ? 'The main authorized user for Jira changed. Re-authorize to keep using Jira from Slack.'
          : 'Your Jira authorization has expired or was revoked. Re-authorize to keep using Jira from Slack.',
        button: links.connectUrl
          ? { text: 'Re-authorize', url: links.connectUrl, actionId: ACTIONS.reauthorize }
          : undefined,
      };
    }
    case ErrorCode.WorkspaceNotConnected:
      return {
        text: 'Jira isn’t connected to this workspace yet. A Slack admin can connect it from the Jira Bridge *Home* tab.',
      };
    case ErrorCode.WorkspaceBroken:
      return {
        text: 'Jira Bridge has lost its connection to Jira. A Slack admin needs to re-authorize the main authorized user from the Jira Bridge *Home* tab.',
      };
    case ErrorCode.NotAdmin:
      return { text: `Only workspace admins can ${esc((err as CodedError & { action: string }).action)}.` };
    case ErrorCode.NotVisible:
      return {
        text: `${esc((err as CodedError & { key: string }).key)} doesn’t exist or you don’t have permission to see it.`,
      };
    case ErrorCode.NotAllowed:
    case ErrorCode.Jira:
      return { text: esc(err.message) };
    case ErrorCode.NoProjects:
      return {
        text: 'You can’t reach any Jira project from Slack, so there is nothing to search. Projects must be open to you, to the main authorized user and to this workspace’s settings.',
      };
    case ErrorCode.SearchRefused:
      return { text: `Jira couldn’t run that search: ${esc((err as CodedError & { reasons: string }).reasons)}` };
    case ErrorCode.ShareRefused: {
      const e = err as CodedError & { key: string; reason: string };
      const key = esc(e.key);
      if (e.reason === 'security_level')
        return { text: `${key} has a security level, so it can’t be shared in a channel.` };
      if (e.reason === 'previews_off')
        return { text: `A workspace admin turned issue previews off, so ${key} can’t be shared in a channel.` };
      return {
        text: `Jira Bridge can’t post in this channel. Invite it to the channel (\`/invite @Jira Bridge\`) and try again.`,
      };
    }
    case ErrorCode.ActRefused:
      return { text: actRefusedWords(err as ActRefusedError) };
    case ErrorCode.TransitionUnknown:
      return { text: transitionUnknownWords(err as TransitionUnknownError) };
    case ErrorCode.UserUnmapped: {
      const e = err as UserUnmappedError;
      const why =
        e.reason === 'no_slack_email'
          ? 'they haven’t connected Jira Bridge and Slack doesn’t share their email'
          : 'they haven’t connected Jira Bridge and their email isn’t visible in Jira';
      return {
        text: `We couldn’t find ${esc(possessive(e.who))} Jira account: ${why}. Ask them to run \`/jira connect\`.`,
      };
    }
  }
}

const ACT_VERB: Record<ActRefusedError['act'], string> = {
  comment: 'comment on',
  assign: 'assign',
  transition: 'transition',
  watch: 'watch',
  unwatch: 'stop watching',
};

const ACT_NOUN: Record<ActRefusedError['act'], string> = {
  comment: 'the comment',
  assign: 'the assignment',
  transition: 'the transition',
  watch: 'watching',
  unwatch: 'unwatching',
};

function actRefusedWords(e: ActRefusedError): string {
  const key = esc(e.key);
  const says = e.jiraSays ? esc(e.jiraSays) : '';
  switch (e.reason) {
    case 'forbidden':
      return `You don’t have permission to ${ACT_VERB[e.act]} ${key} in Jira.${says ? ` Jira says: ${says}` : ''}`;
    case 'invalid':
      return says ? `Jira refused ${ACT_NOUN[e.act]}: ${says}` : `Jira refused ${ACT_NOUN[e.act]}.`;
    case 'busy': {
      const n = e.retryAfterSec ?? 60;
      return `Jira is busy; try again in ${n} second${n === 1 ? '' : 's'}.`;
    }
    case 'unavailable':
      return 'Jira isn’t answering right now; try again in a few minutes.';
  }
}

function transitionUnknownWords(e: TransitionUnknownError): string {
  const key = esc(e.key);
  const list = e.choices.map((c) => `• *${esc(c.name)}* → ${esc(c.to)}`).join('\n');
  if (e.choices.length === 0) {
    return `No transitions of ${key} are open to you right now.`;
  }
  const target = esc(e.target.slice(0, 100));
  let lead: string;
  if (!e.target) lead = `Say where to move ${key}. You can use:`;
  else if (e.ambiguous) lead = `“${target}” matches more than one transition of ${key}. Name one of:`;
  else if (e.current && e.current.trim().toLowerCase() === e.target.trim().toLowerCase())
    lead = `${key} is already in *${esc(e.current)}*. You can use:`;
  else lead = `“${target}” isn’t a transition available for ${key}. You can use:`;
  return `${lead}\n${list}`;
}

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}

// What someone wrote stays with them when it couldn't be posted, in a block they can copy from.
const KEPT_MAX = 2000;

function keptCommentWords(mrkdwn: string): string {
  const body = mrkdwn.length > KEPT_MAX ? `${mrkdwn.slice(0, KEPT_MAX)}…` : mrkdwn;
  // A fence inside would end the block early.
  return `Your comment wasn’t posted. Here’s what you wrote:\n\`\`\`${body.replace(/```/g, '`\u200b``')}\`\`\``;
}

export function errorMessage(view: ErrorView): Message {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: view.text } }];
  if (view.button) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: view.button.text },
          url: view.button.url,
          action_id: view.button.actionId,
          style: 'primary',
        },
      ],
    });
  }
  return { text: view.text, blocks };
}

export function internalErrorMessage(ref: string): Message {
  const text = `Something went wrong on our side (ref ${ref}). Please try again; if it keeps happening, tell your Slack admin.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export { isCodedError };

/** A modal input's `errors` text is plain: no mrkdwn emphasis, no entities. */
export function plainWords(mrkdwn: string, max = 1000): string {
  const plain = unesc(mrkdwn.replace(/\*([^*\n]+)\*/g, '$1').replace(/`([^`\n]+)`/g, '$1'));
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}
