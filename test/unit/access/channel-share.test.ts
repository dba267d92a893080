import { describe, expect, it } from 'vitest';
import { channelShareRefusal } from '../../../src/access/gate.js';
import type { JiraIssue } from '../../../src/jira/types.js';
import { DEFAULT_SETTINGS } from '../../../src/store/settings.js';

const anIssue = (security: { id: string; name: string } | null): JiraIssue => ({
  id: '1',
  key: 'ALPHA-1',
  fields: {
    summary: 'Fix login',
    status: { name: 'To Do', statusCategory: { key: 'new', name: 'To Do' } },
    project: { id: '10', key: 'ALPHA', name: 'Alpha' },
    security,
  },
});

describe('channelShareRefusal', () => {
  it.each([
    ['allows a plain issue when previews are on', null, 'connected', null],
    ['refuses an issue with a security level', { id: '5', name: 'Staff' }, 'connected', 'security_level'],
    ['refuses a plain issue when previews are off', null, 'off', 'previews_off'],
    ['names the security level first when both apply', { id: '5', name: 'Staff' }, 'off', 'security_level'],
  ] as const)('%s', (_name, security, previews, expected) => {
    expect(channelShareRefusal({ ...DEFAULT_SETTINGS, previews }, anIssue(security))).toBe(expected);
  });
});
