/**
 * The product's promise, checked at random: nobody ever sees, in anything the app says to them or
 * previews in a channel, an issue outside their effective access — and they do find what they may see.
 * Seeded; the seed is printed on failure. LEAK_SEEDS=N runs N seeds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';

const SITE = { cloudId: 'cloud-leak', name: 'leak', url: 'https://leak.atlassian.net' };
const SERVICE = 'acc-svc';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface World {
  users: Array<{ slack: string; jira: string; connected: boolean }>;
  projects: Array<{ key: string; browse: Set<string> }>;
  issues: Array<{ key: string; project: string; summary: string; security: Set<string> | null }>;
  settings: { allowed: string[]; banned: string[]; requireAuth: boolean };
}

function makeWorld(seed: number): World {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const users = Array.from({ length: 8 }, (_, i) => ({
    slack: `U0LEAK${String(i).padStart(4, '0')}`,
    jira: `acc-u${i}`,
    connected: r() < 0.75,
  }));
  const keys = ['QA', 'QB', 'QC', 'QD', 'QE', 'QF', 'QG'];
  const projects = keys.map((key, i) => {
    const browse = new Set(users.filter(() => r() < 0.55).map((u) => u.jira));
    // QA: the service account can't see it, so nobody may reach it from Slack.
    if (i > 0) browse.add(SERVICE);
    return { key, browse };
  });
  const issues: World['issues'] = [];
  for (const p of projects) {
    const n = 2 + Math.floor(r() * 3);
    for (let j = 1; j <= n; j++) {
      const secured = r() < 0.3;
      const security = secured ? new Set([...p.browse].filter(() => r() < 0.5)) : null;
      issues.push({
        key: `${p.key}-${j}`,
        project: p.key,
        summary: `issue zq${seed} secret${p.key.toLowerCase()}${j}w${seed}`,
        security,
      });
    }
  }
  const mode = r();
  const settings = {
    allowed: mode < 0.33 ? keys.filter(() => r() < 0.6) : [],
    banned: mode >= 0.33 && mode < 0.66 ? [pick(keys), pick(keys)] : [],
    requireAuth: r() < 0.6,
  };
  if (mode < 0.33 && settings.allowed.length === 0) settings.allowed.push(pick(keys));
  return { users, projects, issues, settings };
}

/** The oracle: what `user` may see in replies to them, and what may be previewed in a channel. */
function oracle(w: World, u: World['users'][number]) {
  const allowedBySettings = (k: string) =>
    w.settings.allowed.length ? w.settings.allowed.includes(k) : !w.settings.banned.includes(k);
  const serviceSees = (k: string) => w.projects.find((p) => p.key === k)!.browse.has(SERVICE);
  const anonymous = !u.connected;
  const mayReachProject = (k: string) => {
    if (!serviceSees(k) || !allowedBySettings(k)) return false;
    if (anonymous) return !w.settings.requireAuth;
    return w.projects.find((p) => p.key === k)!.browse.has(u.jira);
  };
  const visible = w.issues.filter((i) => {
    if (!mayReachProject(i.project)) return false;
    if (!i.security) return true;
    return !anonymous && i.security.has(u.jira);
  });
  const previewable = anonymous ? [] : visible.filter((i) => !i.security);
  return { visible, previewable };
}

async function seedHarness(h: Harness, w: World): Promise<void> {
  h.jira.addSite(SITE);
  h.jira.addUser({ accountId: SERVICE, displayName: 'Service', admin: true });
  h.slack.addUser({ id: 'U0LEAKADMN', name: 'admin', isAdmin: true });
  for (const u of w.users) {
    h.jira.addUser({ accountId: u.jira, displayName: `User ${u.jira}` });
    h.slack.addUser({ id: u.slack, name: u.jira });
  }
  for (const p of w.projects) h.jira.addProject({ key: p.key, name: `Project ${p.key}`, browse: [...p.browse] });
  for (const i of w.issues) {
    h.jira.addIssue({
      key: i.key,
      project: i.project,
      summary: i.summary,
      reporter: SERVICE,
      security: i.security ? { name: 'Restricted', users: [...i.security] } : undefined,
    });
  }
  const page = await h.connectService('U0LEAKADMN', SERVICE);
  if (!page.includes('Jira is connected')) throw new Error(page);
  for (const u of w.users) if (u.connected) await h.connectUser(u.slack, u.jira);
  await h.app.deps.stores.settings.update(h.slack.teamId, (s) => ({
    ...s,
    allowedProjects: w.settings.allowed,
    bannedProjects: w.settings.banned,
    requireAuth: w.settings.requireAuth,
  }));
}

// Replies may echo a key the person typed ("QA-1 doesn't exist or you can't see it"), so a leak in a
// reply is the issue's content; a channel preview must not even name an issue it may not show.
const leaksContent = (text: string, i: { summary: string }) => text.includes(i.summary);
const namesIssue = (text: string, i: { key: string; summary: string }) =>
  new RegExp(`\\b${i.key}\\b`).test(text) || leaksContent(text, i);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const seeds = Array.from({ length: Number(process.env.LEAK_SEEDS ?? 3) }, (_, i) => 1000 + i * 7919);

describe('no leaks, at random', () => {
  for (const seed of seeds) {
    it(`shows each person exactly what their Jira access allows (seed ${seed})`, async () => {
      const w = makeWorld(seed);
      h = await Harness.start();
      await seedHarness(h, w);
      const channel = 'C0LEAKCHAN';
      h.slack.addChannel({ id: channel, name: 'leaks', botIsMember: true });
      const failures: string[] = [];
      for (const u of w.users) {
        const { visible, previewable } = oracle(w, u);
        // Views of every key in the site; every reply must be about that key or a refusal.
        for (const i of w.issues) {
          const reply = JSON.stringify(await h.command(u.slack, `view ${i.key}`));
          const should = visible.some((v) => v.key === i.key);
          if (should && !reply.includes(i.summary)) failures.push(`${u.jira} could not view ${i.key}`);
        }
        // Searches: free text, JQL on every project, injection attempts.
        const r = rng(seed + u.jira.length);
        const some = () => w.projects[Math.floor(r() * w.projects.length)]!.key;
        const queries = [
          `project = ${some()}`,
          `project in (${some()}, ${some()}) ORDER BY key`,
          `summary ~ "issue" OR project = ${some()}`,
          `text ~ "x\\" OR project = ${some()} OR \\"y"`,
          `") OR project = ${some()} OR ("`,
          'ORDER BY created DESC',
        ];
        for (const q of queries) await h.command(u.slack, `search ${q}`);
        const free = JSON.stringify(await h.command(u.slack, `search zq${seed}`));
        for (const v of visible.slice(0, 10)) {
          if (!free.includes(v.key) && visible.length <= 10) failures.push(`${u.jira}: search missed ${v.key}`);
        }
        // Previews of every issue URL, five per message.
        const before = h.slack.unfurls().length;
        const urls = w.issues.map((i) => `${SITE.url}/browse/${i.key}`);
        for (let k = 0; k < urls.length; k += 5) {
          await h.slack.shareLinks({ user: u.slack, channel, urls: urls.slice(k, k + 5) });
        }
        // A last, always-previewable link (if any) proves the earlier events were handled.
        await h.app.deps.previews.idle();
        const unfurled = JSON.stringify(h.slack.unfurls().slice(before));
        const said = h.slack.everythingSaidTo(u.slack);
        for (const i of w.issues) {
          const inReplies = leaksContent(said, i);
          const mayReply = visible.some((v) => v.key === i.key);
          if (inReplies && !mayReply) failures.push(`LEAK to ${u.jira}: ${i.key}`);
          const inPreview = namesIssue(unfurled, i);
          if (inPreview && !previewable.some((v) => v.key === i.key))
            failures.push(`CHANNEL LEAK by ${u.jira}: ${i.key}`);
          if (!inPreview && previewable.some((v) => v.key === i.key))
            failures.push(`${u.jira}: no preview of ${i.key}`);
        }
      }
      // The world must be one where leaks are possible, or the test proves nothing.
      const hidden = w.users.map((u) => w.issues.length - oracle(w, u).visible.length);
      expect(Math.max(...hidden)).toBeGreaterThan(0);
      expect(w.issues.some((i) => i.security)).toBe(true);
      expect(h.slack.problems).toEqual([]);
      expect(h.jira.contractViolations).toEqual([]);
      expect(failures, `seed ${seed}: ${JSON.stringify(w.settings)}`).toEqual([]);
    }, 120_000);
  }
});
