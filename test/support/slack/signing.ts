import { createHmac } from 'node:crypto';

/** The two headers Slack adds to every request it sends an app. */
export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/**
 * Signs a raw body exactly as Slack does: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{body}`).
 * `timestampSec` defaults to now; pass an old one to test the five-minute replay window.
 */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSec = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestampSec) };
}
