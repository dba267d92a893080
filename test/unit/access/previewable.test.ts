import { describe, expect, it } from 'vitest';
import { previewableIssue } from '../../../src/access/gate.js';
import type { JiraIssue } from '../../../src/jira/types.js';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../../src/store/settings.js';

function anIssue(security?: { id: string; name: string }): JiraIssue {
  return {
    id: '10001',
    key: 'ALPHA-1',
    fields: {
      summary: 'Fix login',
      status: { name: 'To Do', statusCategory: { key: 'new', name: 'To Do' } },
      project: { id: '1', key: 'ALPHA', name: 'Alpha' },
      ...(security ? { security } : {}),
    },
  };
}

const settings = (over: Partial<WorkspaceSettings> = {}): WorkspaceSettings => ({ ...DEFAULT_SETTINGS, ...over });

describe('previewableIssue (may a link preview show this issue to a channel)', () => {
  it('allows an issue without a security level read with the poster’s own account', () => {
    expect(previewableIssue({ mode: 'user', settings: settings() }, anIssue())).toBe(true);
  });

  it('never allows an issue with a security level, even to a poster who can see it', () => {
    expect(previewableIssue({ mode: 'user', settings: settings() }, anIssue({ id: '1', name: 'Staff' }))).toBe(false);
  });

  it('never allows anonymous reads, even with require-auth off', () => {
    const s = settings({ requireAuth: false });
    expect(previewableIssue({ mode: 'anonymous', settings: s }, anIssue())).toBe(false);
  });

  it('allows nothing while previews are off', () => {
    expect(previewableIssue({ mode: 'user', settings: settings({ previews: 'off' }) }, anIssue())).toBe(false);
  });
});
