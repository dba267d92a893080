import { readFileSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES, registerListeners } from '../../src/app.js';
import type { Deps } from '../../src/deps.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; url: string; usage_hint: string }>;
    shortcuts: Array<{ callback_id: string; type: string; name: string }>;
    unfurl_domains: string[];
  };
  oauth_config: { scopes: { bot: string[] }; redirect_urls: string[] };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Manifest;

/** Drives the real registration code with an app that only records what was registered. */
function registered() {
  const seen = { commands: [] as string[], events: [] as string[], shortcuts: [] as string[], interactive: 0 };
  const constraintId = (c: unknown) =>
    typeof c === 'string' ? c : String((c as { callback_id?: unknown }).callback_id ?? '');
  const fake = {
    command: (name: string) => seen.commands.push(name),
    event: (name: string) => seen.events.push(name),
    shortcut: (c: unknown) => seen.shortcuts.push(constraintId(c)),
    action: () => seen.interactive++,
    view: () => seen.interactive++,
    options: () => seen.interactive++,
    error: () => undefined,
    use: () => undefined,
  };
  registerListeners(fake as unknown as App, {} as Deps);
  return seen;
}

describe('the Slack app manifest', () => {
  it('declares exactly the commands the code listens to', () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(registered().commands.sort());
  });

  it('declares exactly the events the code listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...new Set(registered().events)].sort(),
    );
  });

  it('declares exactly the shortcuts the code listens to, including "Create Jira issue"', () => {
    expect(manifest.features.shortcuts.map((s) => s.callback_id).sort()).toEqual(registered().shortcuts.sort());
    expect(manifest.features.shortcuts).toContainEqual(
      expect.objectContaining({ name: 'Create Jira issue', callback_id: 'create_jira_issue', type: 'message' }),
    );
  });

  it('asks for exactly the bot scopes the app requests when installed', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
  });

  it('enables the Home tab, interactivity and previews of Jira links, all at /slack/events', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.unfurl_domains).toContain('atlassian.net');
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const u of urls) expect(u).toBe('https://YOUR_PUBLIC_URL/slack/events');
    expect(manifest.features.slash_commands[0]?.usage_hint).toBeTruthy();
  });
});
