import type { JiraEmulator } from '../test/support/jira/emulator.js';
import type { SlackEmulator } from '../test/support/slack/index.js';

/** A small demo site for trying Jira Bridge by hand against the emulators. */
export function seedDemoSite(jira: JiraEmulator, slack: SlackEmulator): void {
  jira.addSite({ cloudId: 'cloud-demo', name: 'demo', url: 'https://demo.atlassian.net' });
  jira.addUser({ accountId: 'acc-service', displayName: 'Jira Service', admin: true, email: 'jira-bot@demo.test' });
  jira.addUser({ accountId: 'acc-ada', displayName: 'Ada Lovelace', email: 'ada@demo.test', emailVisible: true });
  jira.addUser({ accountId: 'acc-grace', displayName: 'Grace Hopper', email: 'grace@demo.test', emailVisible: true });
  jira.addProject({ key: 'ALPHA', name: 'Alpha', browse: 'everyone', create: 'everyone' });
  jira.addProject({ key: 'BETA', name: 'Beta', browse: ['acc-service', 'acc-ada'], create: ['acc-ada'] });
  jira.addIssue({
    key: 'ALPHA-1',
    project: 'ALPHA',
    summary: 'Login fails with a 500 after password reset',
    description: 'Steps: reset the password, then log in. *Expected* the dashboard.',
    reporter: 'acc-ada',
    assignee: 'acc-grace',
    priority: 'High',
    labels: ['auth'],
  });
  jira.addIssue({
    key: 'ALPHA-2',
    project: 'ALPHA',
    summary: 'Dark mode for the settings page',
    reporter: 'acc-grace',
  });
  jira.addIssue({
    key: 'ALPHA-3',
    project: 'ALPHA',
    summary: 'Rotate the signing keys',
    reporter: 'acc-ada',
    security: { name: 'Security team', users: ['acc-ada', 'acc-service'] },
  });
  jira.addIssue({ key: 'BETA-1', project: 'BETA', summary: 'Beta launch plan', reporter: 'acc-ada' });
  slack.addUser({ id: 'U0ADMIN001', name: 'admin', realName: 'Slack Admin', email: 'admin@demo.test', isAdmin: true });
  slack.addUser({ id: 'U0ADA00001', name: 'ada', realName: 'Ada Lovelace', email: 'ada@demo.test' });
  slack.addUser({ id: 'U0GRACE001', name: 'grace', realName: 'Grace Hopper', email: 'grace@demo.test' });
}

export const DEMO_USERS: Record<string, { slack: string; jira: string }> = {
  admin: { slack: 'U0ADMIN001', jira: 'acc-service' },
  ada: { slack: 'U0ADA00001', jira: 'acc-ada' },
  grace: { slack: 'U0GRACE001', jira: 'acc-grace' },
};
