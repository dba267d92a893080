import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import type { Deps } from '../deps.js';
import { isIgnored, parseWebhookEvent } from '../notify/event.js';
import { keys } from '../store/redis.js';
import { type Route, readBody, sendText } from './server.js';

/** Jira retries a delivery for a while; a day covers every retry. */
const DEDUPE_TTL_SEC = 24 * 3600;
const ENQUEUE_TIMEOUT_MS = 5000;

/** `POST /jira/webhooks`: Jira Cloud's dynamic-webhook deliveries. */
export function jiraWebhookRoutes(deps: Deps): Route[] {
  return [{ method: 'POST', path: '/jira/webhooks', handler: (req, res) => receiveJiraWebhook(deps, req, res) }];
}

/**
 * Verifies (HS256 JWT signed with the app's client secret), validates, de-duplicates by
 * `X-Atlassian-Webhook-Identifier` and durably queues a delivery, answering 2xx only once it is queued
 * (503 while Redis is unreachable, so Jira retries). Processing happens in the notification workers.
 */
export async function receiveJiraWebhook(deps: Deps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const log = deps.log.child({ route: '/jira/webhooks' });
  const claims = await verifyJiraJwt(req.headers.authorization, deps.config.jira.clientSecret);
  if (!claims) {
    log.warn('webhook refused: missing or invalid JWT');
    await readBody(req).catch(() => undefined);
    return sendText(res, 401, 'Unauthorized');
  }

  let raw: Buffer;
  try {
    raw = await readBody(req, 2_000_000);
  } catch {
    return sendText(res, 413, 'Body too large');
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    log.warn('webhook refused: body is not JSON');
    return sendText(res, 400, 'Body is not JSON');
  }
  const header = req.headers['x-atlassian-webhook-identifier'];
  const deliveryId =
    (Array.isArray(header) ? header[0] : header) || `body-${createHash('sha256').update(raw).digest('hex')}`;
  const parsed = parseWebhookEvent(body, { deliveryId });
  if (isIgnored(parsed)) {
    log.info({ delivery: deliveryId, reason: parsed.ignored }, 'webhook ignored');
    return sendText(res, 200, 'Ignored');
  }

  if (deps.redis.status !== 'ready') {
    log.warn({ delivery: deliveryId }, 'webhook deferred: Redis unavailable');
    return sendText(res, 503, 'Try again later');
  }
  try {
    const cloudId = typeof claims.cloudId === 'string' ? claims.cloudId : undefined;
    const teams = await deps.notifications.registration.teamsFor(parsed.matchedWebhookIds, cloudId);
    if (teams.length === 0) {
      log.info(
        { delivery: deliveryId, webhooks: parsed.matchedWebhookIds },
        'webhook ignored: no workspace registered it',
      );
      return sendText(res, 200, 'Ignored');
    }
    if ((await deps.redis.exists(keys.dedupe('webhook', deliveryId))) === 1) {
      log.info({ delivery: deliveryId }, 'webhook duplicate');
      return sendText(res, 200, 'Duplicate');
    }
    // Queue first (idempotent by job id), then remember: a crash in between makes Jira's retry queue
    // nothing new, where remembering first could lose the delivery.
    await withTimeout(
      Promise.all(teams.map((teamId) => deps.notifications.enqueueDelivery({ teamId, deliveryId, body }))),
      ENQUEUE_TIMEOUT_MS,
    );
    await deps.stores.dedupe.firstTime('webhook', deliveryId, DEDUPE_TTL_SEC);
  } catch (err) {
    log.warn({ err, delivery: deliveryId }, 'webhook deferred: could not queue');
    return sendText(res, 503, 'Try again later');
  }
  log.debug({ delivery: deliveryId, event: parsed.webhookEvent }, 'webhook queued');
  sendText(res, 202, 'Queued');
}

/** The verified claims, or null. Only HS256 is accepted (`alg: none` and asymmetric tricks fail). */
export async function verifyJiraJwt(
  authorization: string | undefined,
  clientSecret: string,
): Promise<{ cloudId?: unknown } | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(clientSecret), { algorithms: ['HS256'] });
    const context = payload.context as { cloudId?: unknown } | undefined;
    return { cloudId: context?.cloudId };
  } catch {
    return null;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
