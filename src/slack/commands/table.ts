import { ISSUE_KEY } from '../../jira/jql.js';
import { adminCommand } from './admin.js';
import { adminAllowCommand } from './admin-allow.js';
import { adminBanCommand } from './admin-ban.js';
import { adminClearCommand } from './admin-clear.js';
import { adminManagersCommand } from './admin-managers.js';
import { adminPreviewsCommand } from './admin-previews.js';
import { adminRequireAuthCommand } from './admin-require-auth.js';
import { adminSubscribersCommand } from './admin-subscribers.js';
import { assignCommand } from './assign.js';
import { commentCommand } from './comment.js';
import { connectCommand } from './connect.js';
import { createCommand } from './create.js';
import { disconnectCommand } from './disconnect.js';
import { helpCommand } from './help.js';
import { notifyCommand } from './notify.js';
import { searchCommand } from './search.js';
import { statusCommand } from './status.js';
import { subscribeCommand } from './subscribe.js';
import { subscriptionsCommand } from './subscriptions.js';
import { transitionCommand } from './transition.js';
import type { Subcommand } from './types.js';
import { unsubscribeCommand } from './unsubscribe.js';
import { unwatchCommand } from './unwatch.js';
import { viewCommand } from './view.js';
import { watchCommand } from './watch.js';

/** The subcommand table; help is generated from it. Multi-word names ("admin allow") route first. */
export const subcommands: Record<string, Subcommand> = {
  help: helpCommand,
  connect: connectCommand,
  disconnect: disconnectCommand,
  status: statusCommand,
  // Help lists commands in this order: reading, acting, notifications, administration.
  search: searchCommand,
  view: viewCommand,
  create: createCommand,
  comment: commentCommand,
  assign: assignCommand,
  transition: transitionCommand,
  watch: watchCommand,
  unwatch: unwatchCommand,
  subscribe: subscribeCommand,
  subscriptions: subscriptionsCommand,
  unsubscribe: unsubscribeCommand,
  notify: notifyCommand,
  admin: adminCommand,
  'admin allow': adminAllowCommand,
  'admin ban': adminBanCommand,
  'admin clear': adminClearCommand,
  'admin require-auth': adminRequireAuthCommand,
  'admin previews': adminPreviewsCommand,
  'admin subscribers': adminSubscribersCommand,
  'admin managers': adminManagersCommand,
};

export function subcommandList(): Array<{ name: string; usage: string; summary: string }> {
  return Object.entries(subcommands).map(([name, c]) => ({ name, usage: c.usage, summary: c.summary }));
}

/** Splits command text into words and picks the subcommand; unknown input falls through to help. */
export function route(text: string): { name: string; cmd: Subcommand; args: string[]; rest: string } {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  for (let n = Math.min(2, words.length); n > 0; n--) {
    const name = words.slice(0, n).join(' ').toLowerCase();
    const cmd = subcommands[name];
    if (cmd) {
      const rest = stripWords(trimmed, n);
      return { name, cmd, args: words.slice(n), rest };
    }
  }
  const view = subcommands.view;
  if (view && ISSUE_KEY.test((words[0] ?? '').toUpperCase()))
    return { name: 'view', cmd: view, args: words, rest: trimmed };
  return { name: 'help', cmd: helpCommand, args: [], rest: '' };
}

function stripWords(text: string, n: number): string {
  let s = text;
  for (let i = 0; i < n; i++) s = s.replace(/^\s*\S+/, '');
  return s.trim();
}
