import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';

/** Who is asking, from the verified Slack request. */
export interface Who {
  teamId: string;
  userId: string;
  channelId: string;
}

export interface CommandContext {
  who: Who;
  /** Words after the subcommand name. */
  args: string[];
  /** The raw text after the subcommand name (for free text such as comments and searches). */
  rest: string;
  deps: Deps;
  respond: RespondFn;
  client: WebClient;
  command: SlashCommand;
}

export interface Subcommand {
  /** One usage line for help, e.g. "view <KEY>". */
  usage: string;
  /** What it does, a few words. */
  summary: string;
  run(ctx: CommandContext): Promise<void>;
}
