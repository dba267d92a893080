import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { CodedError } from './errors.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { Sealer } from './store/crypto.js';
import { DedupeStore } from './store/dedupe.js';
import { OAuthStateStore } from './store/oauth-state.js';
import { SettingsStore } from './store/settings.js';
import { UserConnectionStore } from './store/user-connections.js';
import { WorkspaceStore } from './store/workspaces.js';

/** What the process hands the app: configuration and the I/O it owns. */
export interface AppInput {
  config: Config;
  redis: Redis;
  log: Logger;
  metrics: Metrics;
  sealer: Sealer;
  /** Injected clock (tests freeze it). */
  now?: () => number;
}

export interface Stores {
  workspaces: WorkspaceStore;
  users: UserConnectionStore;
  settings: SettingsStore;
  oauthState: OAuthStateStore;
  dedupe: DedupeStore;
}

/** Everything a listener may use; built once per app from {@link AppInput}. */
export interface Deps extends AppInput {
  now: () => number;
  stores: Stores;
  /** Turns a non-coded failure (e.g. a Jira error) into a coded one, when it has a known meaning. */
  translateError?: (err: unknown) => CodedError | undefined;
  /** A URL that starts this user's Jira consent (a fresh single-use state each time). */
  connectLink?: (who: { teamId: string; userId: string }) => Promise<string>;
}

export function buildStores(redis: Redis, sealer: Sealer): Stores {
  return {
    workspaces: new WorkspaceStore(redis, sealer),
    users: new UserConnectionStore(redis, sealer),
    settings: new SettingsStore(redis),
    oauthState: new OAuthStateStore(redis),
    dedupe: new DedupeStore(redis),
  };
}
