// Starts the Jira Cloud and Slack emulators with a demo site and prints the environment that points
// the app at them: `npm run dev:emulators`, then in another terminal `npm run dev` with that env.
import { randomBytes } from 'node:crypto';
import { startJiraEmulator } from '../test/support/jira/emulator.js';
import { startSlackEmulator } from '../test/support/slack/index.js';
import { seedDemoSite } from './demo-site.js';

const port = Number(process.env.PORT ?? 3000);
const jira = await startJiraEmulator();
const slack = await startSlackEmulator();
seedDemoSite(jira, slack);
slack.setAppUrl(`http://127.0.0.1:${port}`);

process.stdout.write(`Emulators are running (Ctrl-C to stop). Point the app at them with:

PORT=${port}
PUBLIC_URL=http://127.0.0.1:${port}
SLACK_SIGNING_SECRET=${slack.signingSecret}
SLACK_BOT_TOKEN=${slack.botToken}
SLACK_API_URL=${slack.apiUrl}
JIRA_CLIENT_ID=${jira.clientId}
JIRA_CLIENT_SECRET=${jira.clientSecret}
ATLASSIAN_AUTH_URL=${jira.url}
ATLASSIAN_API_URL=${jira.url}
TOKEN_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}
REDIS_KEY_PREFIX=jbdev:

Open a Connect link from the app in a browser: Atlassian's consent page lets you pick the demo account.
`);

const stop = async () => {
  await jira.close();
  await slack.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
