// The Slack emulator for tests. Typical use:
//   const slack = await startSlackEmulator();
//   slack.addUser({ id: 'U0ADA', name: 'ada', isAdmin: true });
//   // build the app with SLACK_API_URL = slack.apiUrl, SLACK_SIGNING_SECRET = slack.signingSecret,
//   // SLACK_BOT_TOKEN = slack.botToken; then:
//   slack.setAppUrl(appBaseUrl);
//   const { responseUrl } = await slack.sendCommand({ user: 'U0ADA', text: 'view ALPHA-1' });
//   const reply = await slack.waitForResponse(responseUrl);
//   expect(slack.problems).toEqual([]);
export * from './block-kit.js';
export { SlackEmulator, startSlackEmulator } from './emulator.js';
export * from './signing.js';
export type * from './types.js';
export * from './view-state.js';
