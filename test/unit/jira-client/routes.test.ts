import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_ROUTES } from '../../../src/jira/client.js';

const SPEC_PATH = fileURLToPath(new URL('../../../../shared/reference/jira/swagger-v3.v3.json', import.meta.url));

interface Operation {
  deprecated?: boolean;
  'x-atlassian-oauth2-scopes'?: Array<{ scopes: string[]; state: string }>;
}
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

// The classic scopes the app asks for (DESIGN.md, "The Jira side"); offline_access is not an API scope.
const APP_SCOPES = new Set(['read:jira-work', 'write:jira-work', 'read:jira-user', 'manage:jira-webhook']);

describe('CLIENT_ROUTES against the Jira Cloud OpenAPI spec', () => {
  it('lists every endpoint the client calls exactly once', () => {
    const keys = CLIENT_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CLIENT_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s exists and is not deprecated',
    (_, r) => {
      const op = spec.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path} is not in the spec`).toBeDefined();
      expect(op?.deprecated ?? false).toBe(false);
    },
  );

  it.each(CLIENT_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s is allowed by the OAuth scopes the app requests',
    (_, r) => {
      const op = spec.paths[r.path]?.[r.method.toLowerCase()];
      const current = op?.['x-atlassian-oauth2-scopes']?.find((s) => s.state === 'Current');
      expect(current, 'no classic scopes listed').toBeDefined();
      for (const scope of current?.scopes ?? []) expect(APP_SCOPES.has(scope), scope).toBe(true);
    },
  );
});
