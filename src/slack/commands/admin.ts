import { UsageError } from '../../errors.js';
import { openSettings } from '../views/settings.js';
import type { Subcommand } from './types.js';

const FORMS = ['allow', 'ban', 'clear', 'require-auth', 'previews', 'subscribers', 'managers'];

/** Bare `/jira admin` opens the settings modal; an unknown `admin <word>` lands here too and is told the forms. */
export const adminCommand: Subcommand = {
  usage: 'admin',
  summary: 'Admins: open the Jira Bridge settings',
  async run({ who, args, deps, client, command }) {
    if (args.length) {
      throw new UsageError(
        `“${args[0]}” is not an admin command. The admin commands are: ${FORMS.map((f) => `admin ${f}`).join(', ')}.`,
        'admin',
      );
    }
    await openSettings(deps, client, who, command.trigger_id);
  },
};
