import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { appUninstalled, tokensRevoked } from './app-uninstalled.js';
import { linkShared } from './link-shared.js';

export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', (args) => appHomeOpened(args, deps));
  app.event('link_shared', (args) => linkShared(args, deps));
  app.event('app_uninstalled', (args) => appUninstalled(args, deps));
  app.event('tokens_revoked', (args) => tokensRevoked(args, deps));
}
