import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';

/** Modal submissions and closes, one `app.view` per callback_id. */
export function register(_app: App, _deps: Deps): void {}
