import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { COMMAND } from '../ids.js';
import { replyWithError } from '../reply-error.js';
import { route } from './table.js';

/** `/jira …`: ack at once, route to a subcommand, render any failure as an ephemeral message. */
export function register(app: App, deps: Deps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const { name, cmd, args, rest } = route(command.text ?? '');
    const who = { teamId: command.team_id, userId: command.user_id, channelId: command.channel_id };
    try {
      await cmd.run({ who, args, rest, deps, respond, client, command });
    } catch (err) {
      await replyWithError(err, { deps, respond, who, what: `/jira ${name}` });
    }
  });
}
