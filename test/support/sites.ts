import type { Harness } from './harness.js';

/** Slack users of the standard test workspace. */
export const SLACK = {
  admin: 'U0ADMIN001',
  ada: 'U0ADA00001',
  grace: 'U0GRACE001',
  bob: 'U0BOB00001',
} as const;

/** Jira accounts of the standard test site. */
export const JIRA = {
  service: 'acc-service',
  ada: 'acc-ada',
  grace: 'acc-grace',
  bob: 'acc-bob',
  notAdmin: 'acc-plain',
  other: 'acc-other-site',
} as const;

export const SITE = { cloudId: 'cloud-acme', name: 'acme', url: 'https://acme.atlassian.net' } as const;
export const OTHER_SITE = { cloudId: 'cloud-globex', name: 'globex', url: 'https://globex.atlassian.net' } as const;

/**
 * The standard site: ALPHA (everyone), BETA (service + Ada), HR (service + Grace), NOPE (not the service
 * account). Ada is the Slack admin's Jira colleague; Bob is on no private project.
 */
export function seedStandardSite(h: Harness): void {
  const { jira, slack } = h;
  jira.addSite(SITE);
  jira.addSite(OTHER_SITE);
  jira.addUser({
    accountId: JIRA.service,
    displayName: 'Jira Service',
    email: 'jira-bot@acme.test',
    admin: true,
    sites: [SITE.cloudId],
  });
  jira.addUser({
    accountId: JIRA.ada,
    displayName: 'Ada Lovelace',
    email: 'ada@acme.test',
    emailVisible: true,
    sites: [SITE.cloudId],
  });
  jira.addUser({ accountId: JIRA.grace, displayName: 'Grace Hopper', email: 'grace@acme.test', sites: [SITE.cloudId] });
  jira.addUser({ accountId: JIRA.bob, displayName: 'Bob Builder', email: 'bob@acme.test', sites: [SITE.cloudId] });
  jira.addUser({ accountId: JIRA.notAdmin, displayName: 'Plain User', sites: [SITE.cloudId] });
  jira.addUser({ accountId: JIRA.other, displayName: 'Other Site', sites: [OTHER_SITE.cloudId], admin: true });
  jira.addProject({ key: 'ALPHA', name: 'Alpha', site: SITE.cloudId, browse: 'everyone', create: 'everyone' });
  jira.addProject({
    key: 'BETA',
    name: 'Beta',
    site: SITE.cloudId,
    browse: [JIRA.service, JIRA.ada],
    create: [JIRA.ada],
  });
  jira.addProject({ key: 'HR', name: 'Human Resources', site: SITE.cloudId, browse: [JIRA.service, JIRA.grace] });
  jira.addProject({ key: 'NOPE', name: 'Hidden from service', site: SITE.cloudId, browse: [JIRA.ada, JIRA.grace] });
  jira.addIssue({ key: 'ALPHA-1', project: 'ALPHA', summary: 'Fix login', reporter: JIRA.ada });
  jira.addIssue({ key: 'BETA-1', project: 'BETA', summary: 'Beta launch plan', reporter: JIRA.ada });
  jira.addIssue({ key: 'HR-1', project: 'HR', summary: 'Salary review', reporter: JIRA.grace });
  jira.addIssue({ key: 'NOPE-1', project: 'NOPE', summary: 'Invisible to the service account', reporter: JIRA.ada });

  slack.addUser({ id: SLACK.admin, name: 'admin', realName: 'Slack Admin', email: 'admin@acme.test', isAdmin: true });
  slack.addUser({ id: SLACK.ada, name: 'ada', realName: 'Ada Lovelace', email: 'ada@acme.test' });
  slack.addUser({ id: SLACK.grace, name: 'grace', realName: 'Grace Hopper', email: 'grace@acme.test' });
  slack.addUser({ id: SLACK.bob, name: 'bob', realName: 'Bob Builder', email: 'bob@acme.test' });
}

/** The standard site with the service account connected by the Slack admin. */
export async function connectedSite(h: Harness): Promise<void> {
  seedStandardSite(h);
  const text = await h.connectService(SLACK.admin, JIRA.service);
  if (!text.includes('Jira is connected')) throw new Error(`service connect failed: ${text}`);
}
