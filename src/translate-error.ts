import { type CodedError, ErrorCode } from './errors.js';
import { describeJiraError, isJiraError } from './jira/errors.js';

/** A Jira failure the person can act on, in words; "unauthorized" is handled by the token layer. */
export class JiraFailure extends Error {
  readonly code = ErrorCode.Jira;
}

/** Maps known non-coded failures (Jira's) to coded ones; anything else stays "on our side". */
export function translateError(err: unknown): CodedError | undefined {
  if (isJiraError(err)) return new JiraFailure(describeJiraError(err)) as unknown as CodedError;
  return undefined;
}
