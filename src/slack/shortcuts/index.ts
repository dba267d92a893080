import type { App, MessageShortcut } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { SHORTCUTS } from '../ids.js';
import { createIssueShortcut } from './create-issue.js';

export function register(app: App, deps: Deps): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUTS.createIssue, type: 'message_action' }, (args) =>
    createIssueShortcut(args, deps),
  );
}
