/** Stable error codes; `src/slack/blocks/error-message.ts` alone turns them into words. */
export enum ErrorCode {
  Usage = 'jb_usage',
  NotConnected = 'jb_not_connected',
  NeedsReauth = 'jb_needs_reauth',
  WorkspaceNotConnected = 'jb_workspace_not_connected',
  WorkspaceBroken = 'jb_workspace_broken',
  NotAdmin = 'jb_not_admin',
  NotVisible = 'jb_not_visible',
  NotAllowed = 'jb_not_allowed',
  Jira = 'jb_jira',
  ActRefused = 'jb_act_refused',
  TransitionUnknown = 'jb_transition_unknown',
  UserUnmapped = 'jb_user_unmapped',
  NoProjects = 'jb_no_projects',
  SearchRefused = 'jb_search_refused',
  ShareRefused = 'jb_share_refused',
}

export abstract class CodedError extends Error {
  abstract readonly code: ErrorCode;
}

/** The user typed something we can't use; `usage` is the line that shows how. */
export class UsageError extends CodedError {
  readonly code = ErrorCode.Usage;
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The Slack user has no Jira connection (and the workspace requires one). */
export class NotConnectedError extends CodedError {
  readonly code = ErrorCode.NotConnected;
  constructor() {
    super('Jira account not connected');
  }
}

/** The user's connection is broken or predates a change of the main authorized user. */
export class NeedsReauthError extends CodedError {
  readonly code = ErrorCode.NeedsReauth;
  constructor(readonly reason: 'broken' | 'service_account_changed' = 'broken') {
    super('Jira connection needs re-authorization');
  }
}

/** No service account is connected for this workspace. */
export class WorkspaceNotConnectedError extends CodedError {
  readonly code = ErrorCode.WorkspaceNotConnected;
  constructor() {
    super('workspace has no Jira service account');
  }
}

/** The service account's tokens are dead; an admin must re-authorize it. */
export class WorkspaceBrokenError extends CodedError {
  readonly code = ErrorCode.WorkspaceBroken;
  constructor() {
    super('service account needs re-authorization');
  }
}

/** Only workspace admins (or app managers) may do `action`. */
export class NotAdminError extends CodedError {
  readonly code = ErrorCode.NotAdmin;
  constructor(readonly action: string) {
    super(`not an admin: ${action}`);
  }
}

/** The issue doesn't exist or the user can't see it: deliberately the same answer for both. */
export class NotVisibleError extends CodedError {
  readonly code = ErrorCode.NotVisible;
  constructor(readonly key: string) {
    super(`issue not visible: ${key}`);
  }
}

/** The project is outside what this workspace's settings allow, or the user may not do this there. */
export class NotAllowedError extends CodedError {
  readonly code = ErrorCode.NotAllowed;
  constructor(readonly what: string) {
    super(what);
  }
}

/** The viewer's effective access is empty: no project is reachable from Slack, so nothing is searched. */
export class NoProjectsReachableError extends CodedError {
  readonly code = ErrorCode.NoProjects;
  constructor() {
    super('no project reachable from Slack');
  }
}

/** Jira refused to run a search (usually bad JQL); `reasons` are Jira's own words. */
export class SearchRefusedError extends CodedError {
  readonly code = ErrorCode.SearchRefused;
  constructor(readonly reasons: string) {
    super(`search refused: ${reasons}`);
  }
}

/** Why an issue can't be shared into a channel. */
export type ShareRefusal = 'security_level' | 'previews_off' | 'bot_not_in_channel';

/** Sharing an issue card into a channel is refused; `reason` says why. */
export class ShareRefusedError extends CodedError {
  readonly code = ErrorCode.ShareRefused;
  constructor(
    readonly key: string,
    readonly reason: ShareRefusal,
  ) {
    super(`share refused (${reason}): ${key}`);
  }
}

/** A change a person makes to an issue (each is made with their own Jira token). */
export type IssueAct = 'comment' | 'assign' | 'transition' | 'watch' | 'unwatch';

/** Why Jira refused a change: no permission, bad input, too busy, or not answering. */
export type ActRefusal = 'forbidden' | 'invalid' | 'busy' | 'unavailable';

/** Jira refused a change to an issue; `jiraSays` is Jira's own words (unescaped), possibly empty. */
export class ActRefusedError extends CodedError {
  readonly code = ErrorCode.ActRefused;
  constructor(
    readonly act: IssueAct,
    readonly key: string,
    readonly reason: ActRefusal,
    readonly jiraSays: string,
    readonly retryAfterSec?: number,
  ) {
    super(`${act} on ${key} refused (${reason})${jiraSays ? `: ${jiraSays}` : ''}`);
  }
}

/** One transition the person could take instead: its name and the status it leads to. */
export interface TransitionChoice {
  name: string;
  to: string;
}

/**
 * The transition asked for is unknown or ambiguous for this person; `choices` are the ones they may take.
 * `target` is empty when they named none; `current` is the issue's status, for "already there".
 */
export class TransitionUnknownError extends CodedError {
  readonly code = ErrorCode.TransitionUnknown;
  constructor(
    readonly key: string,
    readonly target: string,
    readonly choices: TransitionChoice[],
    readonly ambiguous: boolean,
    readonly current?: string,
  ) {
    super(`transition "${target}" ${ambiguous ? 'ambiguous' : 'unknown'} for ${key}`);
  }
}

/**
 * A Slack user can't be matched to a Jira account: not connected (under this service account), and no
 * Jira account has their Slack email visible. `who` is how Slack calls them (unescaped).
 */
export class UserUnmappedError extends CodedError {
  readonly code = ErrorCode.UserUnmapped;
  constructor(
    readonly slackUserId: string,
    readonly who: string,
    readonly reason: 'no_slack_email' | 'no_jira_match',
  ) {
    super(`no Jira account for Slack user ${slackUserId} (${reason})`);
  }
}

/**
 * A comment that wasn't posted, for whatever `inner` reason; the reply carries `text` (what they wrote,
 * as Slack mrkdwn) so nothing is lost. Its code is the inner one, so connect prompts still get their button.
 */
export class CommentNotPostedError extends CodedError {
  constructor(
    readonly inner: CodedError,
    readonly text: string,
  ) {
    super(`comment not posted: ${inner.message}`);
  }

  get code(): ErrorCode {
    return this.inner.code;
  }
}

export function isCodedError(e: unknown): e is CodedError {
  return e instanceof CodedError;
}
