import type { App, BlockAction } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ACTIONS, CREATE_ISSUE } from '../ids.js';
import { refreshCreateIssue } from '../views/create-issue.js';
import { assignToMeAction } from './assign-to-me.js';
import { commentAction } from './comment.js';
import { createIssueAction } from './create-issue.js';
import { disconnectAction } from './disconnect.js';
import { openSettingsAction } from './open-settings.js';
import { removeSubscriptionAction } from './remove-subscription.js';
import { searchMoreAction } from './search-more.js';
import { shareIssueAction } from './share-issue.js';
import { transitionAction } from './transition.js';
import { watchAction } from './watch.js';

/** URL buttons open the browser; Slack still sends an action, which only needs acknowledging. */
const URL_BUTTONS = [
  ACTIONS.connectUser,
  ACTIONS.connectService,
  ACTIONS.changeService,
  ACTIONS.reauthorize,
  ACTIONS.openInJira,
  ACTIONS.notificationOpenInJira,
  CREATE_ISSUE.createInJira,
];

export function register(app: App, deps: Deps): void {
  for (const id of URL_BUTTONS) app.action<BlockAction>(id, async ({ ack }) => ack());
  app.action<BlockAction>(ACTIONS.disconnectUser, (args) => disconnectAction(args, deps));
  app.action<BlockAction>(ACTIONS.createIssue, (args) => createIssueAction(args, deps));
  app.action<BlockAction>(CREATE_ISSUE.projectAction, (args) => refreshCreateIssue(args, deps));
  app.action<BlockAction>(CREATE_ISSUE.typeAction, (args) => refreshCreateIssue(args, deps));
  app.action<BlockAction>(ACTIONS.removeSubscription, (args) => removeSubscriptionAction(args, deps));
  app.action<BlockAction>(ACTIONS.openSettings, (args) => openSettingsAction(args, deps));
  app.action<BlockAction>(ACTIONS.share, (args) => shareIssueAction(args, deps));
  app.action<BlockAction>(ACTIONS.searchMore, (args) => searchMoreAction(args, deps));
  app.action<BlockAction>(ACTIONS.comment, (args) => commentAction(args, deps));
  app.action<BlockAction>(ACTIONS.assignToMe, (args) => assignToMeAction(args, deps));
  app.action<BlockAction>(ACTIONS.transition, (args) => transitionAction(args, deps));
  app.action<BlockAction>(ACTIONS.watch, (args) => watchAction(args, deps));
}
