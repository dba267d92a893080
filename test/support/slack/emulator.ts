// The Slack emulator: a Web API server the app's WebClient talks to (SLACK_API_URL), a response_url
// sink, and a signer that sends the app requests exactly as Slack does. Tests read outcomes only from
// what it recorded. It is strict on purpose: whatever Slack would refuse, it refuses, so a passing
// end-to-end test means something.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BlockKitProblem,
  formatProblems,
  validateAttachments,
  validateMessageBlocks,
  validateUnfurls,
  validateView,
} from './block-kit.js';
import { signSlackRequest } from './signing.js';
import type {
  ActionContainer,
  ApiCall,
  AppAnswer,
  BlockActionInput,
  ClickTarget,
  EphemeralMessage,
  SlackChannelInput,
  SlackEmulatorOptions,
  SlackMessage,
  SlackUserInput,
  UnfurlRecord,
  View,
} from './types.js';
import {
  fillStateValues,
  initialStateValues,
  inputBlocks,
  optionsOf,
  type SlackViewValue,
  submitRefusals,
  type ViewStateValues,
} from './view-state.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** Slack's answer to a failed Web API call; thrown inside method handlers. */
class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Obj = {},
  ) {
    super(code);
  }
}

const invalidArguments = (messages: string[]) => new ApiError('invalid_arguments', { response_metadata: { messages } });
const invalidBlocks = (problems: BlockKitProblem[]) =>
  new ApiError('invalid_blocks', {
    errors: problems.map((p) => `${p.message} [json-pointer:${p.pointer}]`),
    response_metadata: { messages: formatProblems(problems) },
  });

interface UserRecord {
  id: string;
  name: string;
  realName: string;
  email?: string;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
  deleted: boolean;
  tz: string;
}

interface ChannelRecord {
  id: string;
  name: string;
  isPrivate: boolean;
  botIsMember: boolean;
  archived: boolean;
  members?: string[];
  /** Set on DMs between the bot and one person. */
  imUser?: string;
}

interface TriggerRecord {
  id: string;
  user: string;
  issuedAt: number;
  used: boolean;
  /** The modal the interaction came from, so views.push knows the stack. */
  viewId?: string;
}

type Original = { kind: 'message'; channel: string; ts: string } | { kind: 'ephemeral'; ref: EphemeralMessage };

interface ResponseUrlRecord {
  id: string;
  url: string;
  user: string;
  channel: string;
  createdAt: number;
  uses: number;
  /** What replace_original / delete_original act on: the message clicked, else the last reply. */
  original?: Original;
  posts: Obj[];
}

interface ShareRecord {
  user: string;
  channel: string;
  messageTs: string;
  unfurlId: string;
  source: string;
  urls: string[];
}

/** The Slack emulator. Construct through {@link startSlackEmulator}. */
export class SlackEmulator {
  readonly signingSecret: string;
  readonly botToken: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId = 'U0BOTJIRA1';
  readonly botId = 'B0BOTJIRA1';
  readonly appId = 'A0JIRABRDG';
  readonly verificationToken = 'verification-token-not-used-by-bolt';
  apiUrl = '';
  /** Where the signer's requests go: `${appUrl}/slack/events`. */
  appUrl = '';

  /** Every Web API call, in order, including refused and rate-limited ones. */
  readonly calls: ApiCall[] = [];
  /**
   * Things Slack would refuse outside the Web API: acks slower than 3 s, invalid ack bodies,
   * refused response_url posts, view_submission answers Slack cannot apply. Assert it stays empty.
   */
  readonly problems: string[] = [];

  private server?: Server;
  private readonly changed = new EventEmitter();
  private seq = 0;
  private lastTsMicros = 0;
  private revokedToken = false;
  private readonly users = new Map<string, UserRecord>();
  private readonly channels = new Map<string, ChannelRecord>();
  private readonly imByUser = new Map<string, string>();
  private readonly messages = new Map<string, SlackMessage[]>();
  private readonly ephemerals = new Map<string, EphemeralMessage[]>();
  private readonly views = new Map<string, View>();
  private readonly viewOwner = new Map<string, string>();
  private readonly homes = new Map<string, string>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly viewErrorsById = new Map<string, Record<string, string>>();
  private readonly triggers = new Map<string, TriggerRecord>();
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly shares: ShareRecord[] = [];
  private readonly unfurlRecords: UnfurlRecord[] = [];
  private readonly said = new Map<string, string[]>();
  private readonly opened = new Map<string, string[]>();
  private readonly rateLimits = new Map<string, { retryAfterSec: number; times: number }>();
  private readonly holding = new Set<string>();
  private held: Array<{ method: string; resolve: (released: boolean) => void }> = [];
  private readonly failures = new Map<string, { error: string; times: number }>();

  constructor(opts: SlackEmulatorOptions = {}) {
    this.signingSecret = opts.signingSecret ?? 'test-signing-secret-0123456789abcdef';
    this.botToken = opts.botToken ?? 'xoxb-0000000000-test-bot-token';
    this.teamId = opts.teamId ?? 'T0JIRATEST';
    this.teamDomain = opts.teamDomain ?? 'jira-bridge-test';
    this.changed.setMaxListeners(0);
    this.users.set(this.botUserId, {
      id: this.botUserId,
      name: 'jira_bridge',
      realName: 'Jira Bridge',
      isAdmin: false,
      isOwner: false,
      isBot: true,
      deleted: false,
      tz: 'UTC',
    });
    this.addChannel({ id: 'C0GENERAL1', name: 'general', botIsMember: true });
  }

  /** The channel commands and shortcuts come from when a test names none. */
  readonly defaultChannel = 'C0GENERAL1';

  // ───────────────────────────── lifecycle ─────────────────────────────

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(`emulator error: ${err instanceof Error ? err.stack : String(err)}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}/api/`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setAppUrl(url: string): void {
    this.appUrl = url.replace(/\/+$/, '');
  }

  // ───────────────────────────── fixtures ─────────────────────────────

  addUser(u: SlackUserInput): void {
    this.users.set(u.id, {
      id: u.id,
      name: u.name,
      realName: u.realName ?? u.name,
      email: u.email,
      isAdmin: u.isAdmin ?? u.isOwner ?? false,
      isOwner: u.isOwner ?? false,
      isBot: u.isBot ?? false,
      deleted: u.deleted ?? false,
      tz: u.tz ?? 'Europe/London',
    });
  }

  addChannel(c: SlackChannelInput): void {
    this.channels.set(c.id, {
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate ?? false,
      botIsMember: c.botIsMember ?? false,
      archived: c.archived ?? false,
      members: c.members ? [...c.members] : undefined,
    });
  }

  /** Seeds a message a person posted (for shortcuts, permalinks, threads). Returns its ts. */
  addMessage(channel: string, m: { user: string; text: string; ts?: string; thread_ts?: string }): string {
    const ch = this.channelOrThrow(channel);
    const ts = m.ts ?? this.nextTs();
    if (this.findMessage(ch.id, ts)) return ts;
    this.pushMessage({
      type: 'message',
      channel: ch.id,
      ts,
      text: m.text,
      user: m.user,
      team: this.teamId,
      thread_ts: m.thread_ts,
      via: 'user',
    });
    return ts;
  }

  /** Answers the next `times` calls to `method` with HTTP 429, `Retry-After` and `ratelimited`. */
  /**
   * Parks every call to `method` before Slack handles it. `release()` lets them through; `drop()` cuts
   * their connections unrecorded — what Slack sees when the sender dies before its requests leave.
   */
  hold(method: string): { count: () => number; release: () => void; drop: () => void } {
    this.holding.add(method);
    const settle = (released: boolean) => {
      this.holding.delete(method);
      const mine = this.held.filter((h) => h.method === method);
      this.held = this.held.filter((h) => h.method !== method);
      for (const h of mine) h.resolve(released);
    };
    return {
      count: () => this.held.filter((h) => h.method === method).length,
      release: () => settle(true),
      drop: () => settle(false),
    };
  }

  rateLimit(method: string, retryAfterSec: number, times = 1): void {
    this.rateLimits.set(method, { retryAfterSec, times });
  }

  /** Answers the next `times` calls to `method` with `{ ok: false, error }`. */
  failNext(method: string, error: string, times = 1): void {
    this.failures.set(method, { error, times });
  }

  /** From now on every call answers `token_revoked`, as after an uninstall. */
  revokeToken(): void {
    this.revokedToken = true;
  }

  /** Makes a trigger_id older than Slack's three seconds, to test `expired_trigger_id`. */
  expireTrigger(triggerId: string): void {
    const t = this.triggers.get(triggerId);
    if (!t) throw new Error(`unknown trigger_id ${triggerId}`);
    t.issuedAt -= 60_000;
  }

  /** Issues a trigger_id for `user`, as an interaction would. */
  issueTrigger(user: string, viewId?: string): string {
    const n = ++this.seq;
    const id = `${n}.${this.teamId.replace(/\D/g, '') || '1'}${n}.${createHash('md5').update(`trigger${n}`).digest('hex')}`;
    this.triggers.set(id, { id, user, issuedAt: Date.now(), used: false, viewId });
    return id;
  }

  // ───────────────────────────── reading ─────────────────────────────

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves on the first matching call, already recorded or arriving within `timeoutMs`. */
  waitForCall(method: string, pred?: (args: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<ApiCall> {
    return this.waitFor(() => this.calls.find((c) => c.method === method && (!pred || pred(c.args))), {
      timeoutMs,
      what: `a call to ${method}${pred ? ' matching the predicate' : ''}`,
    });
  }

  /** Resolves on the first post to `responseUrl` (matching `pred`), already made or arriving later. */
  waitForResponse(responseUrl: string, pred?: (body: Obj) => boolean, timeoutMs = 10_000): Promise<Obj> {
    return this.waitFor(() => this.responses(responseUrl).find((b) => !pred || pred(b)), {
      timeoutMs,
      what: `a post to ${responseUrl}`,
    });
  }

  /**
   * Re-evaluates `probe` after every recorded change until it returns something other than
   * undefined/false/null; rejects after `timeoutMs` listing the recent calls.
   */
  waitFor<T>(probe: () => T | undefined | null | false, opts: { timeoutMs?: number; what?: string } = {}): Promise<T> {
    let first: T | undefined | null | false;
    try {
      first = probe();
    } catch (err) {
      return Promise.reject(err);
    }
    if (first !== undefined && first !== null && first !== false) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const onChange = () => {
        let v: T | undefined | null | false;
        try {
          v = probe();
        } catch (err) {
          cleanup();
          reject(err);
          return;
        }
        if (v !== undefined && v !== null && v !== false) {
          cleanup();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `Timed out after ${opts.timeoutMs ?? 10_000} ms waiting for ${opts.what ?? 'a change'}.\n${this.describeRecent()}`,
          ),
        );
      }, opts.timeoutMs ?? 10_000);
      // Also poll, for probes that read state outside the emulator (an app's own records).
      const poll = setInterval(onChange, 20);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.changed.off('change', onChange);
      };
      this.changed.on('change', onChange);
    });
  }

  /** The latest Home tab published for `user`. */
  homeOf(user: string): View | undefined {
    const id = this.homes.get(user);
    return id ? clone(this.views.get(id)) : undefined;
  }

  /** Any view the app ever showed, by id (closed modals keep their last state). */
  view(viewId: string): View | undefined {
    return clone(this.views.get(viewId));
  }

  /** The user's open modal stack, bottom first. */
  openModals(user: string): View[] {
    return (this.modalStacks.get(user) ?? []).map((id) => clone(this.views.get(id) as View));
  }

  /** Errors the app answered a view_submission with (`response_action: errors`), by block_id. */
  viewErrors(viewId: string): Record<string, string> | undefined {
    return clone(this.viewErrorsById.get(viewId));
  }

  /** Messages in a channel (thread replies included), oldest first, as updated and deleted. */
  messagesIn(channel: string): SlackMessage[] {
    const id = this.channelByRef(channel)?.id ?? channel;
    return clone(this.messages.get(id) ?? []);
  }

  /** The IM channel id the bot uses with `user` (opened on demand, as conversations.open would). */
  imChannelOf(user: string): string {
    let id = this.imByUser.get(user);
    if (!id) {
      id = `D${user.replace(/^[UW]/, '').padEnd(9, '0').slice(0, 9)}`;
      while (this.channels.has(id)) id = `D${this.nextId()}`;
      this.imByUser.set(user, id);
      this.channels.set(id, {
        id,
        name: user,
        isPrivate: true,
        botIsMember: true,
        archived: false,
        members: [user, this.botUserId],
        imUser: user,
      });
    }
    return id;
  }

  /** Messages the bot sent to `user` in their DM. */
  dmsTo(user: string): SlackMessage[] {
    const id = this.imByUser.get(user);
    return id ? this.messagesIn(id) : [];
  }

  /** Ephemeral messages `user` can see (chat.postEphemeral, response_url and ack replies), current content. */
  ephemeralsTo(user: string): EphemeralMessage[] {
    return clone(this.ephemerals.get(user) ?? []);
  }

  /** Bodies accepted at a response_url, in order. */
  responses(responseUrl: string): Obj[] {
    const r = this.responseUrlRecord(responseUrl);
    return r ? clone(r.posts) : [];
  }

  /**
   * Everything ever shown to `user` (DMs, ephemerals, response_url replies, views, unfurls of links
   * they shared), including content later replaced. For leak checks.
   */
  everythingSaidTo(user: string): string {
    return (this.said.get(user) ?? []).join('\n');
  }

  unfurls(): UnfurlRecord[] {
    return clone(this.unfurlRecords);
  }

  /** URLs `user` opened by clicking URL buttons. */
  urlsOpenedBy(user: string): string[] {
    return [...(this.opened.get(user) ?? [])];
  }

  // ───────────────────────────── HTTP ─────────────────────────────

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/api/')) {
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      if (this.holding.has(method)) {
        // Parked before Slack "sees" it: released later, or dropped as if it never left the sender.
        const released = await new Promise<boolean>((resolve) => {
          this.held.push({ method, resolve });
          this.emitChange();
        });
        if (!released) {
          res.destroy();
          return;
        }
      }
      const { status, headers, body } = this.webApi(method, req, raw, url.searchParams);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
      return;
    }
    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      const id = decodeURIComponent(url.pathname.slice('/response/'.length));
      const { status, body } = this.responseUrlPost(id, req.headers['content-type'] ?? '', raw);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private webApi(
    method: string,
    req: IncomingMessage,
    raw: string,
    query: URLSearchParams,
  ): { status: number; headers: Record<string, string>; body: Obj } {
    const contentType = String(req.headers['content-type'] ?? '');
    const parsed = parseApiArgs(contentType, raw, query);
    const args = parsed.args;
    const auth = String(req.headers.authorization ?? '');
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    // Slack reads a token from the body only for form posts; JSON bodies need the header.
    const token = bearer ?? (parsed.json ? undefined : typeof args.token === 'string' ? args.token : undefined);
    delete args.token;

    const record = (status: number, body: Obj) => {
      this.calls.push({
        method,
        args,
        ok: body.ok === true,
        error: typeof body.error === 'string' ? body.error : undefined,
        at: Date.now(),
        status,
      });
      this.emitChange();
      return body;
    };

    const handler = this.methods[method];
    if (!handler) return { status: 200, headers: {}, body: record(200, { ok: false, error: 'unknown_method' }) };

    const limit = this.rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      return {
        status: 429,
        headers: { 'retry-after': String(limit.retryAfterSec) },
        body: record(429, { ok: false, error: 'ratelimited' }),
      };
    }
    let body: Obj;
    try {
      if (!token) throw new ApiError('not_authed');
      if (token !== this.botToken) throw new ApiError('invalid_auth');
      if (this.revokedToken) throw new ApiError('token_revoked');
      if (parsed.error) throw parsed.error;
      const failure = this.failures.get(method);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        throw new ApiError(failure.error);
      }
      body = { ok: true, ...handler.call(this, args) };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      body = { ok: false, error: err.code, ...err.extra };
    }
    return { status: 200, headers: {}, body: record(200, body) };
  }

  private readonly methods: Record<string, (this: SlackEmulator, args: Obj) => Obj> = {
    'api.test': (args) => ({ args }),
    'auth.test': () => ({
      url: `https://${this.teamDomain}.slack.com/`,
      team: 'Jira Bridge Test',
      user: 'jira_bridge',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      is_enterprise_install: false,
    }),
    'team.info': () => ({
      team: {
        id: this.teamId,
        name: 'Jira Bridge Test',
        domain: this.teamDomain,
        email_domain: 'example.com',
        icon: { image_default: true },
        url: `https://${this.teamDomain}.slack.com/`,
      },
    }),
    'users.info': (args) => {
      const u = this.users.get(requireString(args, 'user', 'user_not_found'));
      if (!u) throw new ApiError('user_not_found');
      return { user: this.userObject(u) };
    },
    'users.lookupByEmail': (args) => {
      const email = requireString(args, 'email', 'users_not_found').toLowerCase();
      const u = [...this.users.values()].find((x) => x.email?.toLowerCase() === email);
      if (!u) throw new ApiError('users_not_found');
      return { user: this.userObject(u) };
    },
    'users.list': () => ({
      members: [...this.users.values()].map((u) => this.userObject(u)),
      response_metadata: { next_cursor: '' },
    }),
    'conversations.open': (args) => {
      if (typeof args.channel === 'string') {
        const ch = this.channels.get(args.channel);
        if (!ch) throw new ApiError('channel_not_found');
        return { channel: { id: ch.id }, no_op: true, already_open: true };
      }
      const users = requireString(args, 'users', 'users_list_not_supplied')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (users.length !== 1) throw new ApiError('not_implemented_in_emulator', { detail: 'only 1:1 DMs' });
      const user = this.users.get(users[0] as string);
      if (!user) throw new ApiError('user_not_found');
      if (user.deleted) throw new ApiError('user_disabled');
      const existed = this.imByUser.has(user.id);
      const id = this.imChannelOf(user.id);
      const channel = args.return_im === true ? this.channelObject(this.channels.get(id) as ChannelRecord) : { id };
      return existed ? { no_op: true, already_open: true, channel } : { channel };
    },
    'conversations.info': (args) => {
      const ch = this.channels.get(requireString(args, 'channel', 'channel_not_found'));
      if (!ch || (ch.isPrivate && !ch.botIsMember)) throw new ApiError('channel_not_found');
      return { channel: this.channelObject(ch) };
    },
    'conversations.join': (args) => {
      const ch = this.channels.get(requireString(args, 'channel', 'channel_not_found'));
      if (!ch || (ch.isPrivate && !ch.botIsMember)) throw new ApiError('channel_not_found');
      if (ch.imUser || ch.isPrivate) throw new ApiError('method_not_supported_for_channel_type');
      if (ch.archived) throw new ApiError('is_archived');
      const already = ch.botIsMember;
      ch.botIsMember = true;
      if (ch.members && !ch.members.includes(this.botUserId)) ch.members.push(this.botUserId);
      return already
        ? {
            channel: this.channelObject(ch),
            warning: 'already_in_channel',
            response_metadata: { warnings: ['already_in_channel'] },
          }
        : { channel: this.channelObject(ch) };
    },
    'conversations.members': (args) => {
      const ch = this.channels.get(requireString(args, 'channel', 'channel_not_found'));
      if (!ch || (ch.isPrivate && !ch.botIsMember)) throw new ApiError('channel_not_found');
      return { members: ch.members ?? [], response_metadata: { next_cursor: '' } };
    },
    'chat.postMessage': (args) => this.postMessage(args),
    'chat.postEphemeral': (args) => this.postEphemeral(args),
    'chat.update': (args) => this.updateMessage(args),
    'chat.delete': (args) => {
      const ch = this.channels.get(requireString(args, 'channel', 'channel_not_found'));
      if (!ch) throw new ApiError('channel_not_found');
      const ts = requireString(args, 'ts', 'message_not_found');
      const msg = this.findMessage(ch.id, ts);
      if (!msg) throw new ApiError('message_not_found');
      if (msg.via === 'user') throw new ApiError('cant_delete_message');
      const list = this.messages.get(ch.id) ?? [];
      list.splice(list.indexOf(msg), 1);
      return { channel: ch.id, ts };
    },
    'chat.getPermalink': (args) => {
      const ch = this.channels.get(requireString(args, 'channel', 'channel_not_found'));
      if (!ch) throw new ApiError('channel_not_found');
      const msg = this.findMessage(ch.id, requireString(args, 'message_ts', 'message_not_found'));
      if (!msg) throw new ApiError('message_not_found');
      const thread = msg.thread_ts && msg.thread_ts !== msg.ts ? `?thread_ts=${msg.thread_ts}&cid=${ch.id}` : '';
      return {
        channel: ch.id,
        permalink: `https://${this.teamDomain}.slack.com/archives/${ch.id}/p${msg.ts.replace('.', '')}${thread}`,
      };
    },
    'chat.unfurl': (args) => this.unfurl(args),
    'views.publish': (args) => this.viewsPublish(args),
    'views.open': (args) => this.viewsOpen(args),
    'views.push': (args) => this.viewsPush(args),
    'views.update': (args) => this.viewsUpdate(args),
  };

  // ───────────────────────────── chat.* ─────────────────────────────

  /** Validates text/blocks/attachments as chat.postMessage and friends do; returns the cleaned parts. */
  private messageContent(
    args: Obj,
    requireSomething: boolean,
  ): { text?: string; blocks?: unknown[]; attachments?: unknown[]; warning?: string } {
    const blocks = args.blocks;
    if (blocks !== undefined && !Array.isArray(blocks)) throw new ApiError('invalid_blocks_format');
    const attachments = args.attachments;
    if (attachments !== undefined && !Array.isArray(attachments)) throw new ApiError('invalid_attachments');
    const problems = [...(blocks ? validateMessageBlocks(blocks) : []), ...validateAttachments(attachments)];
    if (problems.length > 0) throw invalidBlocks(problems);
    let text = args.text === undefined ? undefined : String(args.text);
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
    if (requireSomething && !text && !hasBlocks && !hasAttachments) throw new ApiError('no_text');
    let warning: string | undefined;
    if (text !== undefined && Array.from(text).length > 40_000) {
      text = Array.from(text).slice(0, 40_000).join('');
      warning = 'message_truncated';
    }
    return {
      text,
      blocks: blocks ? this.withIds(blocks) : undefined,
      attachments: attachments as unknown[] | undefined,
      warning,
    };
  }

  private postMessage(args: Obj): Obj {
    const ch = this.channelByRef(requireString(args, 'channel', 'channel_not_found'));
    if (!ch) throw new ApiError('channel_not_found');
    if (!ch.imUser) {
      if (ch.isPrivate && !ch.botIsMember) throw new ApiError('not_in_channel');
      if (ch.archived) throw new ApiError('is_archived');
    } else if (this.users.get(ch.imUser)?.deleted) {
      throw new ApiError('user_disabled');
    }
    const content = this.messageContent(args, true);
    const threadTs = typeof args.thread_ts === 'string' && args.thread_ts !== '' ? args.thread_ts : undefined;
    const msg: SlackMessage = {
      type: 'message',
      channel: ch.id,
      ts: this.nextTs(),
      text: content.text ?? '',
      blocks: content.blocks,
      attachments: content.attachments,
      thread_ts: threadTs,
      reply_broadcast: args.reply_broadcast === true ? true : undefined,
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
      metadata: args.metadata,
      via: 'chat.postMessage',
    };
    this.pushMessage(msg);
    const out: Obj = { channel: ch.id, ts: msg.ts, message: this.messageObject(msg) };
    if (content.warning) {
      out.warning = content.warning;
      out.response_metadata = { warnings: [content.warning] };
    }
    return out;
  }

  private postEphemeral(args: Obj): Obj {
    const ref = requireString(args, 'channel', 'channel_not_found');
    const userId = requireString(args, 'user', 'user_not_found');
    const user = this.users.get(userId);
    if (!user) throw new ApiError('user_not_found');
    const ch = this.channelByRef(ref);
    if (!ch || (ch.isPrivate && !ch.botIsMember && !ch.imUser)) throw new ApiError('channel_not_found');
    if (ch.archived) throw new ApiError('is_archived');
    if (ch.imUser ? ch.imUser !== userId : ch.members && !ch.members.includes(userId)) {
      throw new ApiError('user_not_in_channel');
    }
    const content = this.messageContent(args, true);
    const e: EphemeralMessage = {
      channel: ch.id,
      user: userId,
      ts: this.nextTs(),
      text: content.text ?? '',
      blocks: content.blocks,
      attachments: content.attachments,
      thread_ts: typeof args.thread_ts === 'string' ? args.thread_ts : undefined,
      via: 'chat.postEphemeral',
    };
    this.pushEphemeral(e);
    return { message_ts: e.ts };
  }

  private updateMessage(args: Obj): Obj {
    const ch = this.channels.get(requireString(args, 'channel', 'channel_not_found'));
    if (!ch) throw new ApiError('channel_not_found');
    const ts = requireString(args, 'ts', 'message_not_found');
    const msg = this.findMessage(ch.id, ts);
    if (!msg) throw new ApiError('message_not_found');
    if (msg.via === 'user') throw new ApiError('cant_update_message');
    if (ch.archived) throw new ApiError('is_archived');
    if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
      throw new ApiError('no_text');
    }
    const content = this.messageContent(args, false);
    // chat.update keeps what the call leaves out, as Slack documents for blocks and attachments.
    if (content.text !== undefined) msg.text = content.text;
    if (content.blocks !== undefined) msg.blocks = content.blocks;
    if (content.attachments !== undefined) msg.attachments = content.attachments;
    if (!msg.text && !msg.blocks?.length && !msg.attachments?.length) throw new ApiError('no_text');
    msg.edited = { user: this.botUserId, ts: this.nextTs() };
    this.sayMessage(msg);
    return { channel: ch.id, ts, text: msg.text, message: this.messageObject(msg) };
  }

  private unfurl(args: Obj): Obj {
    if (args.unfurls === undefined) throw new ApiError('invalid_unfurls_format');
    const unfurls = args.unfurls;
    if (!isObj(unfurls)) throw new ApiError('invalid_unfurls_format');
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    const ts = typeof args.ts === 'string' ? args.ts : undefined;
    const unfurlId = typeof args.unfurl_id === 'string' ? args.unfurl_id : undefined;
    const source = typeof args.source === 'string' ? args.source : undefined;
    if (!(channel && ts) && !(unfurlId && source)) {
      throw new ApiError(unfurlId ? 'missing_source' : channel ? 'missing_ts' : 'missing_channel');
    }
    if (source !== undefined && source !== 'composer' && source !== 'conversations_history') {
      throw new ApiError('invalid_source');
    }
    const share =
      channel && ts
        ? this.shares.find((s) => s.channel === channel && s.messageTs === ts)
        : this.shares.find((s) => s.unfurlId === unfurlId && s.source === source);
    if (!share) throw new ApiError('cannot_unfurl_message');
    for (const url of Object.keys(unfurls)) {
      if (!share.urls.includes(url)) throw new ApiError('cannot_unfurl_url', { detail: `${url} was not shared` });
    }
    const problems = validateUnfurls(unfurls);
    if (problems.length > 0) throw invalidBlocks(problems);
    const rec: UnfurlRecord = { channel, ts, unfurlId, source, unfurls: clone(unfurls), user: share.user };
    this.unfurlRecords.push(rec);
    this.say(share.user, 'unfurl', JSON.stringify(unfurls));
    return {};
  }

  // ───────────────────────────── views.* ─────────────────────────────

  private viewArg(args: Obj, expected: 'home' | 'modal' | 'any'): Obj {
    const view = args.view;
    if (view === undefined) throw invalidArguments(['[ERROR] missing required field: view [json-pointer:/view]']);
    if (typeof view === 'string') throw invalidArguments(['[ERROR] must be a JSON object [json-pointer:/view]']);
    const problems = validateView(view, expected);
    if (problems.length > 0) throw invalidArguments(formatProblems(problems));
    return view as Obj;
  }

  private consumeTrigger(args: Obj): TriggerRecord {
    const id = args.trigger_id ?? args.interactivity_pointer;
    if (typeof id !== 'string' || id === '') {
      throw invalidArguments(['[ERROR] missing required field: trigger_id [json-pointer:/trigger_id]']);
    }
    const t = this.triggers.get(id);
    if (!t) throw new ApiError('invalid_trigger_id');
    if (t.used) throw new ApiError('exchanged_trigger_id');
    if (Date.now() - t.issuedAt > 3000) throw new ApiError('expired_trigger_id');
    t.used = true;
    return t;
  }

  private checkExternalId(view: Obj, exceptViewId?: string): void {
    const ext = view.external_id;
    if (typeof ext !== 'string') return;
    for (const id of this.liveViewIds()) {
      if (id !== exceptViewId && this.views.get(id)?.external_id === ext) throw new ApiError('duplicate_external_id');
    }
  }

  private makeView(input: Obj, id: string, root: string | null, previous: string | null, state: ViewStateValues): View {
    const blocks = this.withIds(input.blocks as unknown[]);
    const fresh = initialStateValues(blocks);
    const values: ViewStateValues = {};
    // Slack keeps what a person typed across views.update while block_id and action_id stay the same.
    for (const [blockId, v] of Object.entries(fresh)) {
      const [actionId] = Object.keys(v);
      const old = state[blockId];
      values[blockId] = actionId && old && actionId in old ? old : v;
    }
    const view: View = {
      id,
      team_id: this.teamId,
      type: input.type as 'home' | 'modal',
      blocks,
      private_metadata: typeof input.private_metadata === 'string' ? input.private_metadata : '',
      callback_id: typeof input.callback_id === 'string' ? input.callback_id : '',
      external_id: typeof input.external_id === 'string' ? input.external_id : '',
      state: { values },
      hash: `${Math.floor(Date.now() / 1000)}.${createHash('md5')
        .update(`hash${++this.seq}`)
        .digest('hex')
        .slice(0, 8)}`,
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      submit_disabled: input.submit_disabled === true,
      root_view_id: root,
      previous_view_id: previous,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    if (input.type === 'modal') {
      view.title = clone(input.title);
      if (input.submit !== undefined) view.submit = clone(input.submit);
      view.close = clone(input.close) ?? { type: 'plain_text', text: 'Cancel', emoji: true };
    }
    return view;
  }

  private storeView(user: string, view: View): void {
    this.views.set(view.id, view);
    this.viewOwner.set(view.id, user);
    this.say(user, `view ${view.type}`, JSON.stringify({ title: view.title, blocks: view.blocks }));
  }

  private viewsPublish(args: Obj): Obj {
    const userId = args.user_id;
    if (typeof userId !== 'string' || userId === '') {
      throw invalidArguments(['[ERROR] missing required field: user_id [json-pointer:/user_id]']);
    }
    const input = this.viewArg(args, 'home');
    if (!this.users.has(userId)) throw new ApiError('user_not_found');
    const existingId = this.homes.get(userId);
    const existing = existingId ? this.views.get(existingId) : undefined;
    if (typeof args.hash === 'string' && existing && existing.hash !== args.hash) throw new ApiError('hash_conflict');
    this.checkExternalId(input, existingId);
    const id = existingId ?? `V${this.nextId()}`;
    const view = this.makeView(input, id, null, null, existing?.state.values ?? {});
    this.homes.set(userId, id);
    this.storeView(userId, view);
    return { view: clone(view) };
  }

  private viewsOpen(args: Obj): Obj {
    const input = this.viewArg(args, 'modal');
    this.checkExternalId(input);
    const trigger = this.consumeTrigger(args);
    const id = `V${this.nextId()}`;
    const view = this.makeView(input, id, id, null, {});
    for (const old of this.modalStacks.get(trigger.user) ?? []) this.viewErrorsById.delete(old);
    this.modalStacks.set(trigger.user, [id]);
    this.storeView(trigger.user, view);
    return { view: clone(view) };
  }

  private viewsPush(args: Obj): Obj {
    const input = this.viewArg(args, 'modal');
    this.checkExternalId(input);
    const trigger = this.consumeTrigger(args);
    const stack = this.modalStacks.get(trigger.user) ?? [];
    // Slack pushes only from an interaction inside an open modal.
    if (stack.length === 0 || !trigger.viewId || !stack.includes(trigger.viewId)) throw new ApiError('not_found');
    if (stack.length >= 3) throw new ApiError('push_limit_reached');
    const id = `V${this.nextId()}`;
    const view = this.makeView(input, id, stack[0] as string, stack[stack.length - 1] as string, {});
    stack.push(id);
    this.storeView(trigger.user, view);
    return { view: clone(view) };
  }

  private viewsUpdate(args: Obj): Obj {
    const viewId = typeof args.view_id === 'string' && args.view_id !== '' ? args.view_id : undefined;
    const externalId = typeof args.external_id === 'string' && args.external_id !== '' ? args.external_id : undefined;
    if (!viewId && !externalId) {
      throw invalidArguments(['[ERROR] must provide either view_id or external_id [json-pointer:/view_id]']);
    }
    const input = this.viewArg(args, 'any');
    const live = this.liveViewIds();
    const id = viewId ?? live.find((v) => this.views.get(v)?.external_id === externalId);
    const existing = id && live.includes(id) ? this.views.get(id) : undefined;
    if (!existing || !id) throw new ApiError('not_found');
    if (input.type !== existing.type)
      throw invalidArguments([`[ERROR] must be ${existing.type} [json-pointer:/view/type]`]);
    if (typeof args.hash === 'string' && args.hash !== existing.hash) throw new ApiError('hash_conflict');
    this.checkExternalId(input, id);
    // An update that leaves external_id out keeps the one the view has.
    const withExternal =
      input.external_id === undefined && existing.external_id ? { ...input, external_id: existing.external_id } : input;
    const view = this.makeView(
      withExternal,
      id,
      existing.root_view_id,
      existing.previous_view_id,
      existing.state.values,
    );
    this.storeView(this.viewOwner.get(id) as string, view);
    return { view: clone(view) };
  }

  private liveViewIds(): string[] {
    return [...this.homes.values(), ...[...this.modalStacks.values()].flat()];
  }

  // ───────────────────────────── response_url ─────────────────────────────

  private createResponseUrl(user: string, channel: string, original?: Original): string {
    const n = ++this.seq;
    const id = `${this.teamId}-${n}-${createHash('md5').update(`response${n}`).digest('hex').slice(0, 16)}`;
    const url = `${this.apiUrl.replace(/\/api\/$/, '')}/response/${id}`;
    this.responseUrls.set(id, { id, url, user, channel, createdAt: Date.now(), uses: 0, original, posts: [] });
    return url;
  }

  private responseUrlRecord(url: string): ResponseUrlRecord | undefined {
    const id = url.slice(url.lastIndexOf('/') + 1);
    return this.responseUrls.get(id);
  }

  private responseUrlPost(id: string, contentType: string, raw: string): { status: number; body: Obj } {
    const rec = this.responseUrls.get(id);
    if (!rec) return { status: 404, body: { ok: false, error: 'no_such_url' } };
    let body: unknown;
    try {
      body = contentType.includes('application/x-www-form-urlencoded')
        ? JSON.parse(new URLSearchParams(raw).get('payload') ?? '')
        : JSON.parse(raw);
    } catch {
      this.problem(`response_url ${rec.url} got a body that is not JSON`);
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    if (!isObj(body)) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    if (rec.uses >= 5) {
      this.problem(`response_url ${rec.url} used more than 5 times`);
      return { status: 404, body: { ok: false, error: 'used_url' } };
    }
    if (Date.now() - rec.createdAt > 30 * 60_000) return { status: 404, body: { ok: false, error: 'expired_url' } };
    const result = this.applyResponse(rec, body, 'response_url');
    if (result.error) return { status: 400, body: { ok: false, error: result.error } };
    rec.uses += 1;
    return { status: 200, body: { ok: true } };
  }

  /** Applies a reply to a command or action as Slack would; `via` 'ack' is the immediate HTTP answer. */
  private applyResponse(rec: ResponseUrlRecord, body: Obj, via: 'response_url' | 'ack'): { error?: string } {
    const refuse = (error: string, detail = '') => {
      this.problem(`${via === 'ack' ? 'ack body' : 'response_url post'} refused (${error})${detail}`);
      return { error };
    };
    if (body.delete_original === true) {
      const o = rec.original;
      if (o?.kind === 'message') {
        const list = this.messages.get(o.channel) ?? [];
        const i = list.findIndex((m) => m.ts === o.ts);
        if (i >= 0) list.splice(i, 1);
      } else if (o?.kind === 'ephemeral') {
        const list = this.ephemerals.get(o.ref.user) ?? [];
        const i = list.indexOf(o.ref);
        if (i >= 0) list.splice(i, 1);
      }
      rec.posts.push(clone(body));
      this.emitChange();
      return {};
    }
    if (body.blocks !== undefined && !Array.isArray(body.blocks)) return refuse('invalid_blocks_format');
    const problems = [
      ...(Array.isArray(body.blocks) ? validateMessageBlocks(body.blocks) : []),
      ...validateAttachments(body.attachments),
    ];
    if (problems.length > 0) return refuse('invalid_blocks', `: ${formatProblems(problems).join('; ')}`);
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? this.withIds(body.blocks) : undefined;
    const attachments = Array.isArray(body.attachments) ? (clone(body.attachments) as unknown[]) : undefined;
    if (!text && !blocks?.length && !attachments?.length) return refuse('no_text');
    rec.posts.push(clone(body));
    this.say(rec.user, 'response', JSON.stringify({ text, blocks, attachments }));

    const o = rec.original;
    if (body.replace_original === true && o) {
      if (o.kind === 'message') {
        const msg = this.findMessage(o.channel, o.ts);
        if (msg) {
          msg.text = text;
          msg.blocks = blocks;
          msg.attachments = attachments;
          msg.edited = { user: this.botUserId, ts: this.nextTs() };
          this.sayMessage(msg);
        }
      } else {
        Object.assign(o.ref, { text, blocks, attachments, replaced: (o.ref.replaced ?? 0) + 1 });
      }
      this.emitChange();
      return {};
    }
    if (body.response_type === 'in_channel') {
      const msg: SlackMessage = {
        type: 'message',
        channel: rec.channel,
        ts: this.nextTs(),
        text,
        blocks,
        attachments,
        thread_ts: typeof body.thread_ts === 'string' ? body.thread_ts : undefined,
        user: this.botUserId,
        bot_id: this.botId,
        app_id: this.appId,
        team: this.teamId,
        via: 'response_url',
      };
      this.pushMessage(msg);
      rec.original = { kind: 'message', channel: msg.channel, ts: msg.ts };
      return {};
    }
    const e: EphemeralMessage = {
      channel: rec.channel,
      user: rec.user,
      ts: this.nextTs(),
      text,
      blocks,
      attachments,
      via,
      responseUrl: rec.url,
    };
    this.pushEphemeral(e);
    // A command's later replace_original acts on the reply it already got.
    if (!rec.original || rec.original.kind === 'ephemeral') rec.original = { kind: 'ephemeral', ref: e };
    return {};
  }

  // ───────────────────────────── signer ─────────────────────────────

  private async send(
    kind: string,
    body: string,
    contentType: string,
    headers: Record<string, string> = {},
  ): Promise<AppAnswer> {
    if (!this.appUrl) throw new Error('SlackEmulator: call setAppUrl(url) before sending requests to the app');
    const started = performance.now();
    const res = await fetch(`${this.appUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signSlackRequest(this.signingSecret, body), ...headers },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    const ms = Math.round(performance.now() - started);
    if (ms > 3000) this.problem(`${kind}: the app took ${ms} ms to acknowledge (Slack gives up after 3000 ms)`);
    if (res.status !== 200) this.problem(`${kind}: the app answered HTTP ${res.status}`);
    let parsed: unknown = text === '' ? undefined : text;
    if (text !== '' && (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, ms };
  }

  private interactivity(kind: string, payload: Obj): Promise<AppAnswer> {
    return this.send(
      kind,
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
      'application/x-www-form-urlencoded',
    );
  }

  private userOrThrow(id: string): UserRecord {
    const u = this.users.get(id);
    if (!u) throw new Error(`SlackEmulator: unknown user ${id}; call addUser() first`);
    return u;
  }

  /** Channels a person acts in exist even when a test did not declare them: add them as public. */
  private channelForPerson(ref: string, user: string): ChannelRecord {
    let ch = this.channelByRef(ref);
    if (!ch) {
      this.addChannel({ id: ref, name: ref.toLowerCase() });
      ch = this.channels.get(ref) as ChannelRecord;
    }
    if (ch.members && !ch.members.includes(user)) {
      throw new Error(`SlackEmulator: ${user} is not a member of ${ch.id}, so Slack would not let them act there`);
    }
    return ch;
  }

  private teamPayload(): Obj {
    return { id: this.teamId, domain: this.teamDomain };
  }

  private userPayload(u: UserRecord): Obj {
    return { id: u.id, username: u.name, name: u.name, team_id: this.teamId };
  }

  private channelName(ch: ChannelRecord): string {
    return ch.imUser ? 'directmessage' : ch.name;
  }

  /** Sends a slash command. An ack with a message body is shown to the user, as Slack does. */
  async sendCommand(p: {
    user: string;
    text: string;
    channel?: string;
    command?: string;
  }): Promise<AppAnswer & { responseUrl: string; triggerId: string }> {
    const u = this.userOrThrow(p.user);
    const ch = this.channelForPerson(p.channel ?? this.defaultChannel, u.id);
    const responseUrl = this.createResponseUrl(u.id, ch.id);
    const triggerId = this.issueTrigger(u.id);
    const form = new URLSearchParams({
      token: this.verificationToken,
      team_id: this.teamId,
      team_domain: this.teamDomain,
      channel_id: ch.id,
      channel_name: this.channelName(ch),
      user_id: u.id,
      user_name: u.name,
      command: p.command ?? '/jira',
      text: p.text,
      api_app_id: this.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    const answer = await this.send(
      `command ${p.command ?? '/jira'} ${p.text}`,
      form.toString(),
      'application/x-www-form-urlencoded',
    );
    this.applyAck(responseUrl, answer);
    return { ...answer, responseUrl, triggerId };
  }

  /** A command's or action's 200 with a body is an immediate reply (plain text or a message JSON). */
  private applyAck(responseUrl: string, answer: AppAnswer): void {
    if (answer.status !== 200 || answer.body === undefined) return;
    const rec = this.responseUrlRecord(responseUrl) as ResponseUrlRecord;
    const body = typeof answer.body === 'string' ? { text: answer.body } : answer.body;
    if (!isObj(body)) return;
    this.applyResponse(rec, body, 'ack');
  }

  private findContainer(
    user: string,
    where: ClickTarget,
  ): {
    container: ActionContainer;
    blocks: unknown[];
    view?: View;
    message?: SlackMessage;
    ephemeral?: EphemeralMessage;
  } {
    if (where.viewId) {
      const v = this.views.get(where.viewId);
      if (!v || !this.liveViewIds().includes(v.id) || this.viewOwner.get(v.id) !== user) {
        throw new Error(`SlackEmulator: view ${where.viewId} is not open for ${user}`);
      }
      return { container: { type: 'view', viewId: v.id }, blocks: v.blocks, view: v };
    }
    if (where.responseUrl) {
      const e = [...(this.ephemerals.get(user) ?? [])].reverse().find((x) => x.responseUrl === where.responseUrl);
      const rec = this.responseUrlRecord(where.responseUrl);
      if (e)
        return {
          container: { type: 'ephemeral', responseUrl: where.responseUrl },
          blocks: e.blocks ?? [],
          ephemeral: e,
        };
      if (rec?.original?.kind === 'message') {
        const m = this.findMessage(rec.original.channel, rec.original.ts);
        if (m)
          return { container: { type: 'message', channel: m.channel, ts: m.ts }, blocks: m.blocks ?? [], message: m };
      }
      throw new Error(`SlackEmulator: nothing visible to ${user} was posted through ${where.responseUrl}`);
    }
    if (where.channel && where.ts) {
      const ch = this.channelByRef(where.channel);
      const m = ch ? this.findMessage(ch.id, where.ts) : undefined;
      if (m)
        return { container: { type: 'message', channel: m.channel, ts: m.ts }, blocks: m.blocks ?? [], message: m };
      const e = (this.ephemerals.get(user) ?? []).find((x) => x.ts === where.ts && x.channel === ch?.id);
      if (e)
        return { container: { type: 'message', channel: e.channel, ts: e.ts }, blocks: e.blocks ?? [], ephemeral: e };
      throw new Error(`SlackEmulator: no message ${where.ts} in ${where.channel} visible to ${user}`);
    }
    throw new Error('SlackEmulator: say where to act: viewId, channel+ts, or responseUrl');
  }

  /** Sends a block_actions payload for an element that is really in the view or message. */
  async sendBlockAction(p: BlockActionInput): Promise<AppAnswer & { responseUrl?: string; triggerId: string }> {
    const u = this.userOrThrow(p.user);
    const where: ClickTarget =
      p.container.type === 'view'
        ? { viewId: p.container.viewId }
        : p.container.type === 'message'
          ? { channel: p.container.channel, ts: p.container.ts }
          : { responseUrl: p.container.responseUrl };
    const found = this.findContainer(u.id, where);
    const hit = findElements(found.blocks).find(
      (x) => x.element.action_id === p.actionId && (p.blockId === undefined || x.blockId === p.blockId),
    );
    if (!hit) {
      const known = findElements(found.blocks).map((x) => `${x.blockId}/${String(x.element.action_id)}`);
      throw new Error(
        `SlackEmulator: no element with action_id "${p.actionId}" there; found: ${known.join(', ') || 'none'}`,
      );
    }
    const action = buildAction(hit.element, hit.blockId, p, this.nowTs());
    return this.dispatchAction(u, found, hit.blockId, hit.element, action);
  }

  private async dispatchAction(
    u: UserRecord,
    found: ReturnType<SlackEmulator['findContainer']>,
    blockId: string,
    element: Obj,
    action: Obj,
  ): Promise<AppAnswer & { responseUrl?: string; triggerId: string }> {
    const payload: Obj = {
      type: 'block_actions',
      user: this.userPayload(u),
      api_app_id: this.appId,
      token: this.verificationToken,
      team: this.teamPayload(),
      enterprise: null,
      is_enterprise_install: false,
    };
    let responseUrl: string | undefined;
    let triggerId: string;
    if (found.view) {
      const v = found.view;
      const stateValue = stateValueOf(element, action);
      if (stateValue) v.state.values[blockId] = { [String(element.action_id)]: stateValue };
      triggerId = this.issueTrigger(u.id, v.type === 'modal' ? v.id : undefined);
      payload.container = { type: 'view', view_id: v.id };
      payload.trigger_id = triggerId;
      payload.view = clone(v);
    } else {
      triggerId = this.issueTrigger(u.id);
      const channelId = (found.message?.channel ?? found.ephemeral?.channel) as string;
      const ch = this.channels.get(channelId);
      const original: Original | undefined = found.message
        ? { kind: 'message', channel: found.message.channel, ts: found.message.ts }
        : found.ephemeral
          ? { kind: 'ephemeral', ref: found.ephemeral }
          : undefined;
      responseUrl = this.createResponseUrl(u.id, channelId, original);
      const ts = (found.message?.ts ?? found.ephemeral?.ts) as string;
      payload.container = {
        type: 'message',
        message_ts: ts,
        channel_id: channelId,
        is_ephemeral: found.ephemeral !== undefined,
        ...(found.message?.thread_ts ? { thread_ts: found.message.thread_ts } : {}),
      };
      payload.trigger_id = triggerId;
      payload.channel = { id: channelId, name: ch ? this.channelName(ch) : channelId };
      if (found.message) payload.message = this.messageObject(found.message);
      payload.state = { values: {} };
      payload.response_url = responseUrl;
    }
    payload.actions = [action];
    const answer = await this.interactivity(`block_actions ${String(action.action_id)}`, payload);
    return { ...answer, responseUrl, triggerId };
  }

  /**
   * Clicks the button labelled `buttonTextOrActionId` (or picks the overflow option with that text).
   * A URL button opens the browser (recorded in urlsOpenedBy) and Slack still sends block_actions.
   */
  async click(
    user: string,
    where: ClickTarget,
    buttonTextOrActionId: string,
  ): Promise<AppAnswer & { responseUrl?: string; triggerId: string; url?: string }> {
    const u = this.userOrThrow(user);
    const found = this.findContainer(u.id, where);
    const elements = findElements(found.blocks);
    const buttons = elements.filter(
      (x) =>
        x.element.type === 'button' &&
        (x.element.action_id === buttonTextOrActionId ||
          (isObj(x.element.text) && x.element.text.text === buttonTextOrActionId)),
    );
    const overflowHits = elements.flatMap((x) =>
      x.element.type === 'overflow'
        ? optionsOf(x.element)
            .filter((o) => o.text?.text === buttonTextOrActionId)
            .map((o) => ({ ...x, option: o }))
        : [],
    );
    if (buttons.length + overflowHits.length === 0) {
      const labels = elements
        .filter((x) => x.element.type === 'button')
        .map((x) => `"${isObj(x.element.text) ? String(x.element.text.text) : ''}" (${String(x.element.action_id)})`);
      throw new Error(
        `SlackEmulator: no button "${buttonTextOrActionId}" there; buttons: ${labels.join(', ') || 'none'}`,
      );
    }
    if (buttons.length + overflowHits.length > 1) {
      throw new Error(`SlackEmulator: "${buttonTextOrActionId}" matches several elements; use the action_id`);
    }
    if (buttons[0]) {
      const { element, blockId } = buttons[0];
      const url = typeof element.url === 'string' ? element.url : undefined;
      if (url) {
        const list = this.opened.get(u.id) ?? [];
        list.push(url);
        this.opened.set(u.id, list);
      }
      const action = buildAction(element, blockId, { actionId: String(element.action_id) }, this.nowTs());
      return { ...(await this.dispatchAction(u, found, blockId, element, action)), url };
    }
    const o = overflowHits[0] as (typeof overflowHits)[number];
    const action = buildAction(
      o.element,
      o.blockId,
      { actionId: String(o.element.action_id), selectedOption: o.option },
      this.nowTs(),
    );
    const url = o.option.url;
    return { ...(await this.dispatchAction(u, found, o.blockId, o.element, action)), url };
  }

  /**
   * Submits the user's top modal with `values` as state, then applies the app's answer the way Slack
   * does: close, `errors`, `update`, `push` or `clear`.
   */
  async sendViewSubmission(p: {
    user: string;
    viewId: string;
    values: Record<string, Record<string, SlackViewValue>>;
  }): Promise<AppAnswer> {
    const u = this.userOrThrow(p.user);
    const stack = this.modalStacks.get(u.id) ?? [];
    if (stack[stack.length - 1] !== p.viewId) {
      throw new Error(
        `SlackEmulator: ${p.viewId} is not the modal on top for ${u.id} (open: ${stack.join(', ') || 'none'})`,
      );
    }
    const v = this.views.get(p.viewId) as View;
    const refusals = submitRefusals(v.blocks, p.values);
    if (refusals.length > 0) throw new Error(`SlackEmulator: Slack would not submit: ${refusals.join('; ')}`);
    v.state.values = clone(p.values);
    this.viewErrorsById.delete(v.id);
    const payload: Obj = {
      type: 'view_submission',
      team: this.teamPayload(),
      user: this.userPayload(u),
      api_app_id: this.appId,
      token: this.verificationToken,
      trigger_id: this.issueTrigger(u.id, v.id),
      view: clone(v),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const answer = await this.interactivity(`view_submission ${v.callback_id}`, payload);
    this.applySubmissionAnswer(u.id, v, answer);
    return answer;
  }

  private applySubmissionAnswer(user: string, v: View, answer: AppAnswer): void {
    if (answer.status !== 200) return;
    const stack = this.modalStacks.get(user) ?? [];
    const body = answer.body;
    if (body === undefined || (isObj(body) && body.response_action === undefined)) {
      stack.pop();
      return;
    }
    if (!isObj(body)) {
      this.problem(`view_submission ${v.callback_id}: Slack cannot read the answer ${JSON.stringify(body)}`);
      return;
    }
    const refuse = (why: string) => this.problem(`view_submission ${v.callback_id}: ${why}`);
    switch (body.response_action) {
      case 'clear':
        this.modalStacks.set(user, []);
        return;
      case 'errors': {
        if (!isObj(body.errors)) return void refuse('response_action errors needs an errors object');
        const inputs = new Set(inputBlocks(v.blocks).map((b) => b.blockId));
        const bad = Object.keys(body.errors).filter((k) => !inputs.has(k));
        if (bad.length > 0) return void refuse(`errors name blocks that are not input blocks: ${bad.join(', ')}`);
        this.viewErrorsById.set(v.id, body.errors as Record<string, string>);
        return;
      }
      case 'update':
      case 'push': {
        const problems = validateView(body.view, 'modal');
        if (problems.length > 0) return void refuse(`invalid view: ${formatProblems(problems).join('; ')}`);
        if (body.response_action === 'update') {
          const next = this.makeView(body.view as Obj, v.id, v.root_view_id, v.previous_view_id, v.state.values);
          this.storeView(user, next);
        } else {
          if (stack.length >= 3) return void refuse('push_limit_reached');
          const id = `V${this.nextId()}`;
          const next = this.makeView(body.view as Obj, id, stack[0] ?? id, v.id, {});
          stack.push(id);
          this.storeView(user, next);
        }
        return;
      }
      default:
        refuse(`unknown response_action ${JSON.stringify(body.response_action)}`);
    }
  }

  /** Fills the top modal's inputs (by block_id or label) over their current values and submits it. */
  async submitModal(user: string, viewId: string, fill: Record<string, string | string[]>): Promise<AppAnswer> {
    const v = this.views.get(viewId);
    if (!v) throw new Error(`SlackEmulator: no view ${viewId}`);
    const values = fillStateValues(v.blocks, v.state.values, fill);
    return this.sendViewSubmission({ user, viewId, values });
  }

  /** Closes the top modal with its Cancel button; sends view_closed when the view asked for it. */
  async closeModal(user: string, viewId: string): Promise<AppAnswer | undefined> {
    const u = this.userOrThrow(user);
    const stack = this.modalStacks.get(u.id) ?? [];
    if (stack[stack.length - 1] !== viewId) throw new Error(`SlackEmulator: ${viewId} is not the modal on top`);
    const v = this.views.get(viewId) as View;
    if (v.clear_on_close) this.modalStacks.set(u.id, []);
    else stack.pop();
    if (!v.notify_on_close) return undefined;
    return this.interactivity('view_closed', {
      type: 'view_closed',
      team: this.teamPayload(),
      user: this.userPayload(u),
      api_app_id: this.appId,
      token: this.verificationToken,
      view: clone(v),
      is_cleared: v.clear_on_close,
      is_enterprise_install: false,
      enterprise: null,
    });
  }

  /** Sends a message shortcut on a message (seeded into the channel if it is not there yet). */
  async sendShortcut(p: {
    user: string;
    callbackId: string;
    channel: string;
    message: { ts: string; text: string; user: string; thread_ts?: string };
  }): Promise<AppAnswer & { responseUrl: string; triggerId: string }> {
    const u = this.userOrThrow(p.user);
    const ch = this.channelForPerson(p.channel, u.id);
    this.addMessage(ch.id, p.message);
    const msg = this.findMessage(ch.id, p.message.ts) as SlackMessage;
    const responseUrl = this.createResponseUrl(u.id, ch.id);
    const triggerId = this.issueTrigger(u.id);
    const answer = await this.interactivity(`message_action ${p.callbackId}`, {
      type: 'message_action',
      token: this.verificationToken,
      action_ts: this.nowTs(),
      team: this.teamPayload(),
      user: { id: u.id, name: u.name, team_id: this.teamId },
      channel: { id: ch.id, name: this.channelName(ch) },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: p.callbackId,
      trigger_id: triggerId,
      response_url: responseUrl,
      message_ts: msg.ts,
      message: this.messageObject(msg),
    });
    return { ...answer, responseUrl, triggerId };
  }

  /** Sends an Events API `event_callback`. Retries carry X-Slack-Retry-Num/Reason and the same event id. */
  async sendEvent(
    event: Record<string, unknown>,
    opts: { retryNum?: number; retryReason?: string; eventId?: string } = {},
  ): Promise<AppAnswer & { eventId: string }> {
    const eventId = opts.eventId ?? `Ev${this.nextId()}`;
    const envelope = {
      token: this.verificationToken,
      team_id: this.teamId,
      context_team_id: this.teamId,
      context_enterprise_id: null,
      api_app_id: this.appId,
      event: { event_ts: this.nowTs(), ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.teamId,
          user_id: this.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(eventId).toString('base64url')}`,
    };
    const headers: Record<string, string> = {};
    if (opts.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
    }
    const answer = await this.send(
      `event ${String(event.type)}`,
      JSON.stringify(envelope),
      'application/json',
      headers,
    );
    return { ...answer, eventId };
  }

  /** The user opens the app's Home tab. */
  async openHome(user: string): Promise<AppAnswer & { eventId: string }> {
    const u = this.userOrThrow(user);
    const homeId = this.homes.get(u.id);
    const event: Obj = { type: 'app_home_opened', user: u.id, channel: this.imChannelOf(u.id), tab: 'home' };
    if (homeId) event.view = clone(this.views.get(homeId));
    return this.sendEvent(event);
  }

  /** The user posts (or types, with source composer) links; Slack sends link_shared for the app's domains. */
  async shareLinks(p: {
    user: string;
    channel: string;
    urls: string[];
    source?: 'conversations_history' | 'composer';
    unfurlId?: string;
    messageTs?: string;
    threadTs?: string;
  }): Promise<AppAnswer & { eventId: string; unfurlId: string; messageTs: string; channel: string }> {
    const u = this.userOrThrow(p.user);
    const source = p.source ?? 'conversations_history';
    const n = this.nextId();
    let channel: string;
    let messageTs: string;
    let isBotMember = false;
    if (source === 'composer') {
      channel = 'COMPOSER';
      messageTs = p.messageTs ?? `${u.id}-${createHash('md5').update(`composer${n}`).digest('hex')}`;
    } else {
      const ch = this.channelForPerson(p.channel, u.id);
      channel = ch.id;
      isBotMember = ch.botIsMember;
      messageTs = this.addMessage(ch.id, {
        user: u.id,
        text: p.urls.map((x) => `<${x}>`).join(' '),
        ts: p.messageTs,
        thread_ts: p.threadTs,
      });
    }
    const unfurlId =
      p.unfurlId ?? `${p.channel}.${messageTs}.${createHash('md5').update(`unfurl${n}`).digest('hex').slice(0, 24)}`;
    this.shares.push({ user: u.id, channel, messageTs, unfurlId, source, urls: [...p.urls] });
    const event: Obj = {
      type: 'link_shared',
      channel,
      is_bot_user_member: isBotMember,
      user: u.id,
      message_ts: messageTs,
      unfurl_id: unfurlId,
      source,
      links: p.urls.map((url) => ({ domain: new URL(url).hostname, url })),
    };
    if (p.threadTs) event.thread_ts = p.threadTs;
    const answer = await this.sendEvent(event);
    return { ...answer, unfurlId, messageTs, channel };
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private problem(message: string): void {
    this.problems.push(message);
    this.emitChange();
  }

  private emitChange(): void {
    this.changed.emit('change');
  }

  private nextId(): string {
    return (++this.seq).toString(36).toUpperCase().padStart(9, '0');
  }

  /** Message timestamps: seconds.micros, strictly increasing like Slack's. */
  private nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private nowTs(): string {
    return (Date.now() / 1000).toFixed(6);
  }

  private channelByRef(ref: string): ChannelRecord | undefined {
    if (this.channels.has(ref)) return this.channels.get(ref);
    if (/^[UW]/.test(ref) && this.users.has(ref)) return this.channels.get(this.imChannelOf(ref));
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((c) => !c.imUser && c.name === name);
  }

  private channelOrThrow(ref: string): ChannelRecord {
    const ch = this.channelByRef(ref);
    if (!ch) throw new Error(`SlackEmulator: unknown channel ${ref}; call addChannel() first`);
    return ch;
  }

  private findMessage(channel: string, ts: string): SlackMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  private pushMessage(msg: SlackMessage): void {
    const list = this.messages.get(msg.channel) ?? [];
    list.push(msg);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    this.messages.set(msg.channel, list);
    this.sayMessage(msg);
    this.emitChange();
  }

  private sayMessage(msg: SlackMessage): void {
    if (msg.via === 'user') return;
    const imUser = this.channels.get(msg.channel)?.imUser;
    if (imUser)
      this.say(imUser, 'dm', JSON.stringify({ text: msg.text, blocks: msg.blocks, attachments: msg.attachments }));
  }

  private pushEphemeral(e: EphemeralMessage): void {
    const list = this.ephemerals.get(e.user) ?? [];
    list.push(e);
    this.ephemerals.set(e.user, list);
    if (e.via === 'chat.postEphemeral') {
      this.say(e.user, 'ephemeral', JSON.stringify({ text: e.text, blocks: e.blocks, attachments: e.attachments }));
    }
    this.emitChange();
  }

  private say(user: string, kind: string, content: string): void {
    const list = this.said.get(user) ?? [];
    list.push(`[${kind}] ${content}`);
    this.said.set(user, list);
  }

  /** Slack fills in block_id and action_id when the app leaves them out; payloads carry them. */
  private withIds(blocks: unknown[]): unknown[] {
    const out = clone(blocks);
    for (const b of out) {
      if (!isObj(b)) continue;
      if (b.block_id === undefined) b.block_id = this.randomId();
      const els: unknown[] = [];
      if (b.type === 'actions' && Array.isArray(b.elements)) els.push(...b.elements);
      if (b.type === 'section' && isObj(b.accessory)) els.push(b.accessory);
      if (b.type === 'input' && isObj(b.element)) els.push(b.element);
      for (const el of els) {
        if (isObj(el) && el.type !== 'image' && el.action_id === undefined) el.action_id = this.randomId();
      }
    }
    return out;
  }

  private randomId(): string {
    return createHash('md5')
      .update(`id${++this.seq}`)
      .digest('base64url')
      .slice(0, 5);
  }

  private describeRecent(): string {
    const recent = this.calls.slice(-15).map((c) => {
      const args = JSON.stringify(c.args);
      return `  ${c.method} → ${c.ok ? 'ok' : c.error} ${args.length > 160 ? `${args.slice(0, 160)}…` : args}`;
    });
    const problems = this.problems.length > 0 ? `\nProblems:\n  ${this.problems.join('\n  ')}` : '';
    return `Recent Web API calls (${this.calls.length} in all):\n${recent.join('\n') || '  none'}${problems}`;
  }

  private userObject(u: UserRecord): Obj {
    const [first = '', ...rest] = u.realName.split(' ');
    return {
      id: u.id,
      team_id: this.teamId,
      name: u.name,
      deleted: u.deleted,
      color: '9f69e7',
      real_name: u.realName,
      tz: u.tz,
      tz_label: u.tz,
      tz_offset: 0,
      profile: {
        title: '',
        phone: '',
        skype: '',
        real_name: u.realName,
        real_name_normalized: u.realName,
        display_name: u.name,
        display_name_normalized: u.name,
        status_text: '',
        status_emoji: '',
        avatar_hash: 'g000000000',
        ...(u.email ? { email: u.email } : {}),
        first_name: first,
        last_name: rest.join(' '),
        image_24: 'https://secure.gravatar.com/avatar/0.jpg',
        image_72: 'https://secure.gravatar.com/avatar/0.jpg',
        team: this.teamId,
        ...(u.isBot ? { bot_id: this.botId, api_app_id: this.appId, always_active: true } : {}),
      },
      is_admin: u.isAdmin,
      is_owner: u.isOwner,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.isBot,
      is_app_user: false,
      updated: 1_700_000_000,
      is_email_confirmed: Boolean(u.email),
      who_can_share_contact_card: 'EVERYONE',
    };
  }

  private channelObject(ch: ChannelRecord): Obj {
    if (ch.imUser) {
      return {
        id: ch.id,
        created: 1_700_000_000,
        is_im: true,
        is_org_shared: false,
        user: ch.imUser,
        is_user_deleted: false,
        priority: 0,
      };
    }
    return {
      id: ch.id,
      name: ch.name,
      is_channel: !ch.isPrivate,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: ch.isPrivate,
      created: 1_700_000_000,
      is_archived: ch.archived,
      is_general: ch.name === 'general',
      is_shared: false,
      is_org_shared: false,
      is_ext_shared: false,
      is_member: ch.botIsMember,
      name_normalized: ch.name,
      ...(ch.members ? { num_members: ch.members.length } : {}),
    };
  }

  private messageObject(m: SlackMessage): Obj {
    const out: Obj = { type: 'message', text: m.text, user: m.user, ts: m.ts, team: m.team };
    if (m.bot_id) {
      out.bot_id = m.bot_id;
      out.app_id = m.app_id;
      out.bot_profile = {
        id: this.botId,
        app_id: this.appId,
        name: 'Jira Bridge',
        deleted: false,
        team_id: this.teamId,
      };
    }
    if (m.blocks) out.blocks = clone(m.blocks);
    if (m.attachments) out.attachments = clone(m.attachments);
    if (m.thread_ts) out.thread_ts = m.thread_ts;
    if (m.edited) out.edited = m.edited;
    if (m.metadata) out.metadata = clone(m.metadata);
    return out;
  }
}

// ───────────────────────────── pure helpers ─────────────────────────────

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form fields Slack decodes as JSON (the WebClient JSON-encodes any object argument). */
const JSON_FIELDS: Record<string, string> = {
  blocks: 'invalid_blocks_format',
  attachments: 'invalid_attachments',
  view: 'invalid_arguments',
  unfurls: 'invalid_unfurls_format',
  metadata: 'invalid_metadata_format',
  user_auth_blocks: 'invalid_blocks_format',
};
const BOOLEAN_FIELDS = new Set([
  'as_user',
  'link_names',
  'mrkdwn',
  'reply_broadcast',
  'unfurl_links',
  'unfurl_media',
  'return_im',
  'include_locale',
  'include_num_members',
  'prevent_creation',
  'user_auth_required',
  'replace_original',
  'delete_original',
]);

function parseApiArgs(
  contentType: string,
  raw: string,
  query: URLSearchParams,
): { args: Obj; json: boolean; error?: ApiError } {
  const args: Obj = Object.fromEntries(query.entries());
  if (contentType.includes('application/json')) {
    try {
      const body: unknown = raw === '' ? {} : JSON.parse(raw);
      if (!isObj(body)) return { args, json: true, error: new ApiError('invalid_json') };
      return { args: { ...args, ...body }, json: true };
    } catch {
      return { args, json: true, error: new ApiError('invalid_json') };
    }
  }
  if (contentType.includes('multipart/form-data')) {
    return { args, json: false, error: new ApiError('not_implemented_in_emulator', { detail: 'multipart bodies' }) };
  }
  for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  let error: ApiError | undefined;
  for (const [k, v] of Object.entries(args)) {
    if (typeof v !== 'string') continue;
    if (k in JSON_FIELDS) {
      try {
        args[k] = JSON.parse(v);
      } catch {
        error ??=
          k === 'view'
            ? invalidArguments([`[ERROR] must be a JSON object [json-pointer:/view]`])
            : new ApiError(JSON_FIELDS[k] as string);
      }
    } else if (BOOLEAN_FIELDS.has(k) && (v === 'true' || v === 'false' || v === '1' || v === '0')) {
      args[k] = v === 'true' || v === '1';
    }
  }
  return { args, json: false, error };
}

function requireString(args: Obj, key: string, errorIfMissing: string): string {
  const v = args[key];
  if (typeof v !== 'string' || v === '') throw new ApiError(errorIfMissing);
  return v;
}

/** Every interactive element in a list of blocks, with the block it sits in. */
function findElements(blocks: unknown[]): Array<{ blockId: string; element: Obj }> {
  const out: Array<{ blockId: string; element: Obj }> = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    const blockId = String(b.block_id ?? '');
    if (b.type === 'actions' && Array.isArray(b.elements)) {
      for (const e of b.elements) if (isObj(e)) out.push({ blockId, element: e });
    }
    if (b.type === 'section' && isObj(b.accessory) && b.accessory.type !== 'image')
      out.push({ blockId, element: b.accessory });
    if (b.type === 'input' && isObj(b.element)) out.push({ blockId, element: b.element });
  }
  return out;
}

/** The `actions[0]` entry of a block_actions payload, as Slack builds it from the element. */
function buildAction(el: Obj, blockId: string, p: Omit<BlockActionInput, 'user' | 'container'>, actionTs: string): Obj {
  const type = String(el.type);
  const action: Obj = { action_id: el.action_id, block_id: blockId, type, action_ts: actionTs };
  const pick = (value: string | undefined): unknown => {
    if (value === undefined) throw new Error(`SlackEmulator: a ${type} action needs selectedOption`);
    if (type === 'external_select' || type === 'multi_external_select') {
      return { text: { type: 'plain_text', text: value, emoji: true }, value };
    }
    const hit = optionsOf(el).find((o) => o.value === value);
    if (!hit) throw new Error(`SlackEmulator: "${value}" is not an option of ${String(el.action_id)}`);
    return clone(hit);
  };
  switch (type) {
    case 'button':
      if (p.value !== undefined && p.value !== el.value) {
        throw new Error(
          `SlackEmulator: the button's value is ${JSON.stringify(el.value)}, not ${JSON.stringify(p.value)}`,
        );
      }
      action.text = clone(el.text);
      if (el.value !== undefined) action.value = el.value;
      if (el.style !== undefined) action.style = el.style;
      if (el.url !== undefined) action.url = el.url;
      break;
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow':
      action.selected_option = pick(p.selectedOption?.value ?? p.value);
      if (el.placeholder) action.placeholder = clone(el.placeholder);
      break;
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      action.selected_options = (p.selectedOptions ?? (p.selectedOption ? [p.selectedOption] : [])).map((o) =>
        pick(o.value),
      );
      break;
    case 'users_select':
      action.selected_user = p.selectedUser ?? p.value;
      break;
    case 'conversations_select':
      action.selected_conversation = p.selectedConversation ?? p.value;
      break;
    case 'channels_select':
      action.selected_channel = p.selectedChannel ?? p.value;
      break;
    case 'datepicker':
      action.selected_date = p.selectedDate ?? p.value;
      break;
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      action.value = p.value;
      break;
    default:
      throw new Error(`SlackEmulator: sending actions for ${type} elements is not supported yet`);
  }
  return action;
}

/** How an action changes a view's state (buttons and overflows carry no state). */
function stateValueOf(el: Obj, action: Obj): SlackViewValue | undefined {
  const type = String(el.type);
  if (type === 'button' || type === 'overflow') return undefined;
  const v: SlackViewValue = { type };
  for (const k of [
    'value',
    'selected_option',
    'selected_options',
    'selected_user',
    'selected_conversation',
    'selected_channel',
    'selected_date',
  ] as const) {
    if (k in action) (v as unknown as Obj)[k] = clone(action[k]);
  }
  return v;
}

/** Starts the emulator on 127.0.0.1, port 0. Point the app at `apiUrl` and call `setAppUrl`. */
export async function startSlackEmulator(opts: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const emu = new SlackEmulator(opts);
  await emu.listen();
  return emu;
}
