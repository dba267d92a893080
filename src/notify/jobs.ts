import type { NotificationMessage } from '../slack/blocks/notifications.js';
import type { PersonalReason } from './personal.js';

/** One webhook delivery for one workspace, as received (the body is re-parsed by the worker). */
export interface EventJob {
  teamId: string;
  deliveryId: string;
  body: unknown;
}

export type PostTarget =
  | { kind: 'channel'; channelId: string; subscriptionId: string }
  | { kind: 'dm'; userId: string; reason: PersonalReason };

/** One message to one channel or person, rendered when the event fanned out. */
export interface PostJob {
  teamId: string;
  deliveryId: string;
  issueKey: string;
  projectKey: string;
  /** As the service account read it when the event fanned out; null when the issue has none. */
  securityLevel: string | null;
  target: PostTarget;
  message: NotificationMessage;
}

/** `ch-C123` / `dm-U123`: the part of a job id and "posted" marker naming where it goes. */
export function targetKey(t: PostTarget): string {
  return t.kind === 'channel' ? `ch-${t.channelId}` : `dm-${t.userId}`;
}

// BullMQ refuses custom ids containing ':' (and all-digit ones), so ids are built from safe parts.
const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/** Deterministic: a Jira retry of the same delivery, or a restart mid-fan-out, adds nothing new. */
export function eventJobId(teamId: string, deliveryId: string): string {
  return `ev-${safe(teamId)}-${safe(deliveryId)}`;
}

export function postJobId(teamId: string, deliveryId: string, t: PostTarget): string {
  return `post-${safe(teamId)}-${safe(deliveryId)}-${targetKey(t)}`;
}
