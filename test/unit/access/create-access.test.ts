import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { AccessGate, creatableProjects, type EffectiveAccess } from '../../../src/access/gate.js';
import { NeedsReauthError, NotConnectedError, WorkspaceNotConnectedError } from '../../../src/errors.js';
import type { SettingsStore } from '../../../src/store/settings.js';
import type { UserConnection, UserConnectionStore } from '../../../src/store/user-connections.js';
import type { WorkspaceConnection, WorkspaceStore } from '../../../src/store/workspaces.js';

const ALPHA = { id: '1', key: 'ALPHA', name: 'Alpha' };
const BETA = { id: '2', key: 'BETA', name: 'Beta' };

function gateWith(ws: Partial<WorkspaceConnection> | null, user: Partial<UserConnection> | null): AccessGate {
  const none = () => {
    throw new Error('no Jira call expected');
  };
  return new AccessGate({
    redis: {} as Redis,
    workspaces: { get: async () => (ws ? { generation: 1, status: 'ok', ...ws } : null) } as unknown as WorkspaceStore,
    users: {
      get: async () => (user ? { generation: 1, status: 'ok', accountId: 'acc-ada', ...user } : null),
    } as unknown as UserConnectionStore,
    settings: {} as SettingsStore,
    jiraFor: none,
  });
}

describe('creatableProjects', () => {
  it('is the effective projects that Jira also lists under CREATE_ISSUES', () => {
    expect(creatableProjects([ALPHA, BETA], [{ key: 'beta' }, { key: 'NOPE' }])).toEqual([BETA]);
  });

  it('refuses anonymous access: creating always needs the person’s own Jira account', async () => {
    const anonymous = { mode: 'anonymous', projects: [ALPHA] } as unknown as EffectiveAccess;
    await expect(gateWith({}, null).creatableProjects(anonymous)).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('asks Jira with the person’s own client', async () => {
    const client = {
      projectsWithPermission: async (p: string) => (p === 'CREATE_ISSUES' ? [{ id: '1', key: 'ALPHA' }] : []),
    };
    const access = { mode: 'user', projects: [ALPHA, BETA], client } as unknown as EffectiveAccess;
    expect(await gateWith({}, {}).creatableProjects(access)).toEqual([ALPHA]);
  });
});

describe('requireConnection', () => {
  const who = { teamId: 'T1', userId: 'U1' };

  it('answers from Redis alone for a usable connection', async () => {
    const { user } = await gateWith({}, {}).requireConnection(who);
    expect(user.accountId).toBe('acc-ada');
  });

  it.each([
    ['no workspace connection', null, {}, WorkspaceNotConnectedError],
    ['no user connection', {}, null, NotConnectedError],
    ['a connection from before the main authorized user changed', { generation: 2 }, {}, NeedsReauthError],
    ['a broken connection', {}, { status: 'needs_reauth' as const }, NeedsReauthError],
  ])('refuses %s', async (_name, ws, user, error) => {
    await expect(gateWith(ws, user).requireConnection(who)).rejects.toBeInstanceOf(error);
  });
});
