import type { SlackViewValue, ViewStateValues } from './view-state.js';

export type { SlackViewValue, ViewStateValues };

export interface SlackEmulatorOptions {
  signingSecret?: string;
  botToken?: string;
  teamId?: string;
  /** Workspace subdomain, used in permalinks and `team_domain`. */
  teamDomain?: string;
}

/** One Web API request as the emulator answered it. `args` never holds the token. */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  at: number;
  /** HTTP status sent back: 200, or 429 when rate limited. */
  status: number;
}

export interface SlackUserInput {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface SlackChannelInput {
  id: string;
  name: string;
  isPrivate?: boolean;
  botIsMember?: boolean;
  archived?: boolean;
  /** When given, only these users are in the channel (ephemerals, commands and shortcuts check it). */
  members?: string[];
}

/** A message in a channel, DM or thread, as Slack stores it after postMessage/update. */
export interface SlackMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  edited?: { user: string; ts: string };
  metadata?: unknown;
  /** How it got there: the app's API call, a response_url post, or a person (signer-seeded). */
  via: 'chat.postMessage' | 'response_url' | 'user';
}

/** A message only one person sees. `ts` is chat.postEphemeral's `message_ts`. */
export interface EphemeralMessage {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  via: 'chat.postEphemeral' | 'response_url' | 'ack';
  /** The response_url it was posted through, when it was. */
  responseUrl?: string;
  replaced?: number;
}

/** A view as Slack returns it from views.* and sends it in payloads. */
export interface View {
  id: string;
  team_id: string;
  type: 'home' | 'modal';
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: ViewStateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  submit_disabled: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

export interface UnfurlRecord {
  channel?: string;
  ts?: string;
  unfurlId?: string;
  source?: string;
  unfurls: Record<string, unknown>;
  /** Who shared the links that were unfurled. */
  user?: string;
}

/** The app's answer to a signed request. `body` is parsed JSON, text, or undefined when empty. */
export interface AppAnswer {
  status: number;
  body: unknown;
  /** Milliseconds the app took; Slack gives up after 3000. */
  ms: number;
}

export type ActionContainer =
  | { type: 'view'; viewId: string }
  | { type: 'message'; channel: string; ts: string }
  | { type: 'ephemeral'; responseUrl: string };

export interface BlockActionInput {
  user: string;
  actionId: string;
  value?: string;
  blockId?: string;
  selectedOption?: { value: string };
  selectedOptions?: Array<{ value: string }>;
  selectedUser?: string;
  selectedDate?: string;
  selectedConversation?: string;
  selectedChannel?: string;
  container: ActionContainer;
}

export interface ClickTarget {
  viewId?: string;
  channel?: string;
  ts?: string;
  responseUrl?: string;
}
