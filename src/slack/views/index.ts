import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { VIEWS } from '../ids.js';
import { submitComment } from './comment.js';
import { submitCreateIssue } from './create-issue.js';
import { submitSettings } from './settings.js';
import { submitSubscribe } from './subscribe.js';
import { submitTransition } from './transition.js';

/** Modal submissions and closes, one `app.view` per callback_id. */
export function register(app: App, deps: Deps): void {
  app.view<ViewSubmitAction>(VIEWS.createIssue, (args) => submitCreateIssue(args, deps));
  app.view<ViewSubmitAction>(VIEWS.settings, (args) => submitSettings(args, deps));
  app.view<ViewSubmitAction>(VIEWS.subscribe, (args) => submitSubscribe(args, deps));
  app.view<ViewSubmitAction>(VIEWS.comment, (args) => submitComment(args, deps));
  app.view<ViewSubmitAction>(VIEWS.transition, (args) => submitTransition(args, deps));
}
