import { NeedsReauthError, NotConnectedError, WorkspaceBrokenError, WorkspaceNotConnectedError } from '../errors.js';
import type { TokenSource } from '../jira/http.js';
import { InvalidGrantError, type JiraOAuth } from '../jira/oauth.js';
import type { Logger } from '../log.js';
import { LockTimeoutError, type RedisLock } from '../store/lock.js';
import type { TokenSet } from '../store/records.js';
import type { UserConnectionStore } from '../store/user-connections.js';
import type { WorkspaceStore } from '../store/workspaces.js';

/** Which connection a token belongs to. */
export type ConnectionRef = { kind: 'service'; teamId: string } | { kind: 'user'; teamId: string; userId: string };

/** Told when a connection goes bad, so its owner (or the admins) can be prompted once. */
export interface BrokenConnectionListener {
  connectionBroken(ref: ConnectionRef): Promise<void>;
}

/** Refresh this long before expiry, so a token never expires mid-request. */
export const REFRESH_SKEW_MS = 5 * 60_000;
const LOCK_TTL_MS = 20_000;

/**
 * Access tokens for one connection. Atlassian rotates refresh tokens, so a refresh happens once per
 * connection at a time across every process: take a Redis lock, re-read (another process may have
 * refreshed already), refresh, persist the new refresh token, then use the access token. A dead grant
 * or a 401 marks the connection "needs re-authorization"; no request loops on a dead token.
 */
export class ConnectionTokens {
  constructor(
    private readonly deps: {
      workspaces: WorkspaceStore;
      users: UserConnectionStore;
      lock: RedisLock;
      oauth: JiraOAuth;
      log: Logger;
      now: () => number;
      listener: BrokenConnectionListener;
    },
  ) {}

  source(ref: ConnectionRef): TokenSource {
    return {
      accessToken: () => this.accessToken(ref),
      // Jira said 401: the connection is dead. The caller sees the coded reason and prompts re-authorization.
      unauthorized: async () => {
        await this.markBroken(ref, 'jira_401');
        return ref.kind === 'service' ? new WorkspaceBrokenError() : new NeedsReauthError('broken');
      },
    };
  }

  async accessToken(ref: ConnectionRef): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const tokens = await this.usableTokens(ref);
      if (tokens.expiresAt - this.deps.now() > REFRESH_SKEW_MS) return tokens.accessToken;
      const release = await this.deps.lock.tryAcquire(lockName(ref), LOCK_TTL_MS);
      if (!release) {
        // Someone else is refreshing: wait for them, then re-read.
        await this.deps.lock.waitUntilFree(lockName(ref), LOCK_TTL_MS).catch((e: unknown) => {
          if (!(e instanceof LockTimeoutError)) throw e;
        });
        continue;
      }
      try {
        const current = await this.usableTokens(ref); // re-read under the lock
        if (current.expiresAt - this.deps.now() > REFRESH_SKEW_MS) return current.accessToken;
        return (await this.refresh(ref, current)).accessToken;
      } finally {
        await release();
      }
    }
    throw new Error('could not obtain a fresh Jira token');
  }

  private async refresh(ref: ConnectionRef, current: TokenSet): Promise<TokenSet> {
    let next: TokenSet;
    try {
      next = await this.deps.oauth.refresh(current.refreshToken);
    } catch (err) {
      if (err instanceof InvalidGrantError) {
        await this.markBroken(ref, 'invalid_grant');
        throw ref.kind === 'service' ? new WorkspaceBrokenError() : new NeedsReauthError('broken');
      }
      throw err;
    }
    // Persist before use: the old refresh token is now (or soon) dead.
    if (ref.kind === 'service') await this.deps.workspaces.update(ref.teamId, (c) => ({ ...c, tokens: next }));
    else await this.deps.users.update(ref.teamId, ref.userId, (c) => ({ ...c, tokens: next }));
    this.deps.log.info({ connection: describeRef(ref) }, 'refreshed Jira token');
    return next;
  }

  /** The stored tokens, if this connection may be used at all. */
  private async usableTokens(ref: ConnectionRef): Promise<TokenSet> {
    const ws = await this.deps.workspaces.get(ref.teamId);
    if (ref.kind === 'service') {
      if (!ws) throw new WorkspaceNotConnectedError();
      if (ws.status !== 'ok') throw new WorkspaceBrokenError();
      return ws.tokens;
    }
    const conn = await this.deps.users.get(ref.teamId, ref.userId);
    if (!conn) throw new NotConnectedError();
    // Made under a previous main authorized user: never sent to Jira again.
    if (!ws || conn.generation !== ws.generation) throw new NeedsReauthError('service_account_changed');
    if (conn.status !== 'ok') throw new NeedsReauthError('broken');
    return conn.tokens;
  }

  async markBroken(ref: ConnectionRef, why: 'invalid_grant' | 'jira_401'): Promise<void> {
    this.deps.log.warn({ connection: describeRef(ref), why }, 'Jira connection needs re-authorization');
    if (ref.kind === 'service') {
      await this.deps.workspaces.update(ref.teamId, (c) => ({ ...c, status: 'needs_reauth' }));
    } else {
      await this.deps.users.update(ref.teamId, ref.userId, (c) => ({ ...c, status: 'needs_reauth' }));
    }
    await this.deps.listener.connectionBroken(ref);
  }
}

function lockName(ref: ConnectionRef): string {
  return ref.kind === 'service' ? `refresh:${ref.teamId}:_ws` : `refresh:${ref.teamId}:${ref.userId}`;
}

function describeRef(ref: ConnectionRef): string {
  return ref.kind === 'service' ? `service:${ref.teamId}` : `user:${ref.teamId}:${ref.userId}`;
}
