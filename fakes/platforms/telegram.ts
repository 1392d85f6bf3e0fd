// Telegram Bot API fake: /telegram/bot<token>/<method> (GET/POST; query, form, JSON or multipart),
// {ok,result} envelope, 401/400/403/409/429 with parameters.retry_after, getUpdates with offset
// confirmation and long polling, setWebhook with X-Telegram-Bot-Api-Secret-Token, the same
// update_id resent until 2xx, getWebhookInfo counters, updates dropped after 24 h, channels with a
// linked discussion group (comments arrive as messages replying to the automatic forward).
import { CITIZEN_PHOTO_JPEG } from '../core/sample-photo.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeState } from '../core/state.ts';
import type { Incoming, UploadedFile } from '../core/http.ts';
import { bool, int, obj, parseIncoming, sendJson, str } from '../core/http.ts';
import { applyFaults } from '../core/faults.ts';
import type { CitizenInput } from './meta/common.ts';

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  /** channel <-> discussion group */
  linkedChatId?: number;
  messages: Map<number, Record<string, unknown>>;
  nextMessageId: number;
  /** bots that are members/admins */
  botIds: Set<number>;
}

export interface TgUpdate {
  update_id: number;
  createdAt: number;
  payload: Record<string, unknown>;
  kind: string;
}

export interface TgBot {
  id: number;
  username: string;
  firstName: string;
  token: string;
  revokedTokens: Set<string>;
  webhook: { url: string; secretToken?: string; maxConnections: number; allowedUpdates?: string[] } | null;
  /** updates not yet confirmed (getUpdates) or delivered (webhook) */
  pending: TgUpdate[];
  nextUpdateId: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
  blockedBy: Set<number>;
  /** users who started a private chat with the bot */
  startedBy: Set<number>;
  poller?: { reply: FastifyReply; cancel: () => void };
  pollWaiters: Set<() => void>;
  channelId?: number;
  groupId?: number;
  files: Map<string, { file: UploadedFile | null; url?: string; path: string; size: number }>;
}

export interface TelegramStore {
  bots: Map<number, TgBot>;
  users: Map<number, TgUser & { citizenKey?: string }>;
  citizens: Map<string, number>;
  chats: Map<number, TgChat>;
  chatUsernames: Map<string, number>;
}

export function createTelegramStore(): TelegramStore {
  return { bots: new Map(), users: new Map(), citizens: new Map(), chats: new Map(), chatUsernames: new Map() };
}

class TgError extends Error {
  readonly code: number;
  readonly retryAfter: number | undefined;
  constructor(code: number, description: string, retryAfter?: number) {
    super(description);
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

function fail(reply: FastifyReply, code: number, description: string, retryAfter?: number): FastifyReply {
  const body: Record<string, unknown> = { ok: false, error_code: code, description };
  if (retryAfter !== undefined) body.parameters = { retry_after: retryAfter };
  return sendJson(reply, code, body);
}

function botUser(bot: TgBot): TgUser {
  return { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username };
}

function chatJson(chat: TgChat): Record<string, unknown> {
  const out: Record<string, unknown> = { id: chat.id, type: chat.type };
  if (chat.title) out.title = chat.title;
  if (chat.username) out.username = chat.username;
  if (chat.first_name) out.first_name = chat.first_name;
  if (chat.last_name) out.last_name = chat.last_name;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Setup (control API)

export function createBot(state: FakeState, input: { username: string; firstName?: string; id?: number; token?: string; channelUsername?: string; channelTitle?: string }): TgBot {
  const id = input.id ?? 7_000_000_000 + state.ids.counter('tgbot') * 1_117 + state.rng.int(0, 999);
  const username = input.username.replace(/^@/, '');
  const bot: TgBot = {
    id,
    username,
    firstName: input.firstName ?? username.replace(/_?bot$/i, ''),
    token: input.token ?? state.tokens.mint('telegram', 'bot', String(id)),
    revokedTokens: new Set(),
    webhook: null,
    pending: [],
    nextUpdateId: 100_000_000 + state.rng.int(0, 800_000_000),
    blockedBy: new Set(),
    startedBy: new Set(),
    pollWaiters: new Set(),
    files: new Map(),
  };
  state.telegram.bots.set(id, bot);
  state.tokens.issue({ family: 'telegram', kind: 'bot', appId: 'telegram', subjectId: String(id), value: bot.token });
  if (input.channelUsername) {
    const ch = newChat(state, { type: 'channel', title: input.channelTitle ?? input.channelUsername, username: input.channelUsername.replace(/^@/, '') });
    const group = newChat(state, { type: 'supergroup', title: `${input.channelTitle ?? input.channelUsername} Chat` });
    ch.linkedChatId = group.id;
    group.linkedChatId = ch.id;
    ch.botIds.add(id);
    group.botIds.add(id);
    bot.channelId = ch.id;
    bot.groupId = group.id;
  }
  return bot;
}

function newChat(state: FakeState, input: { type: TgChat['type']; title?: string; username?: string; id?: number; first_name?: string; last_name?: string }): TgChat {
  const id = input.id ?? -(1_000_000_000_000 + state.ids.counter('tgchat') * 7_919 + state.rng.int(0, 999));
  const chat: TgChat = {
    id,
    type: input.type,
    ...(input.title ? { title: input.title } : {}),
    ...(input.username ? { username: input.username } : {}),
    ...(input.first_name ? { first_name: input.first_name } : {}),
    ...(input.last_name ? { last_name: input.last_name } : {}),
    messages: new Map(),
    nextMessageId: 1,
    botIds: new Set(),
  };
  state.telegram.chats.set(id, chat);
  if (chat.username) state.telegram.chatUsernames.set(chat.username.toLowerCase(), id);
  return chat;
}

export function tgCitizen(state: FakeState, input: CitizenInput = {}): TgUser {
  const key = input.key ?? input.username ?? input.name ?? `anon-${state.ids.counter('tganon')}`;
  const existing = state.telegram.citizens.get(key);
  if (existing) {
    const u = state.telegram.users.get(existing);
    if (u) return u;
  }
  const [first, ...rest] = (input.name ?? `Warga ${key}`).split(' ');
  const u: TgUser & { citizenKey?: string } = {
    id: 100_000_000 + state.ids.counter('tguser') * 9_973 + state.rng.int(0, 9_000),
    is_bot: false,
    first_name: first ?? 'Warga',
    ...(rest.length ? { last_name: rest.join(' ') } : {}),
    ...(input.username ? { username: input.username.replace(/^@/, '') } : {}),
    language_code: 'id',
    citizenKey: key,
  };
  state.telegram.users.set(u.id, u);
  state.telegram.citizens.set(key, u.id);
  return u;
}

function publicUser(u: TgUser & { citizenKey?: string }): TgUser {
  const { citizenKey: _k, ...rest } = u;
  void _k;
  return rest;
}

function privateChat(state: FakeState, u: TgUser): TgChat {
  return state.telegram.chats.get(u.id) ?? newChat(state, { type: 'private', id: u.id, first_name: u.first_name, ...(u.last_name ? { last_name: u.last_name } : {}), ...(u.username ? { username: u.username } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Updates: queue, long polling, webhook delivery

function pushUpdate(state: FakeState, bot: TgBot, kind: string, payload: Record<string, unknown>): TgUpdate {
  const u: TgUpdate = { update_id: bot.nextUpdateId++, createdAt: state.now(), payload, kind };
  bot.pending.push(u);
  if (bot.webhook) deliverUpdate(state, bot, u);
  for (const w of [...bot.pollWaiters]) w();
  return u;
}

function updateJson(u: TgUpdate): Record<string, unknown> {
  return { update_id: u.update_id, [u.kind]: u.payload };
}

function deliverUpdate(state: FakeState, bot: TgBot, u: TgUpdate): string | undefined {
  const wh = bot.webhook;
  if (!wh) return undefined;
  if (wh.allowedUpdates && wh.allowedUpdates.length > 0 && !wh.allowedUpdates.includes(u.kind)) {
    bot.pending = bot.pending.filter((p) => p !== u);
    return undefined;
  }
  const body = JSON.stringify(updateJson(u));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (wh.secretToken) headers['x-telegram-bot-api-secret-token'] = wh.secretToken;
  const d = state.webhooks.enqueue({
    platform: 'telegram',
    url: wh.url,
    body,
    headers,
    kind: u.kind,
    accountId: String(bot.id),
    eventIds: [String(u.update_id)],
    group: `tg:${bot.id}`,
    onDelivered: () => {
      bot.pending = bot.pending.filter((p) => p.update_id !== u.update_id);
    },
    onAbandoned: () => {
      bot.pending = bot.pending.filter((p) => p.update_id !== u.update_id);
    },
    onAttemptFailed: (dl) => {
      const last = dl.attempts[dl.attempts.length - 1];
      bot.lastErrorDate = state.nowSec();
      bot.lastErrorMessage = last?.status ? `Wrong response from the webhook: ${last.status} ${statusText(last.status)}` : last?.error?.includes('timeout') ? 'Read timeout expired' : 'Connection refused';
    },
  });
  return d.id;
}

function statusText(code: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' } as Record<number, string>)[code] ?? '';
}

function dropOld(state: FakeState, bot: TgBot): void {
  const cutoff = state.now() - 24 * 3_600_000;
  bot.pending = bot.pending.filter((u) => u.createdAt >= cutoff);
}

// ---------------------------------------------------------------------------------------------
// Text validation (parse_mode)

function checkHtml(text: string): void {
  const allowed = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
  const stack: string[] = [];
  const re = /<\/?([a-zA-Z-]+)[^>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const tag = (m[1] ?? '').toLowerCase();
    const offset = Buffer.byteLength(text.slice(0, m.index));
    if (!allowed.has(tag)) throw new TgError(400, `Bad Request: can't parse entities: Unsupported start tag "${tag}" at byte offset ${offset}`);
    if (m[0].startsWith('</')) {
      if (stack.pop() !== tag) throw new TgError(400, `Bad Request: can't parse entities: Unexpected end tag at byte offset ${offset}`);
    } else stack.push(tag);
  }
  if (stack.length) throw new TgError(400, `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  const amp = /&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (amp) void amp; // Telegram tolerates a bare '&'
}

function checkMarkdownV2(text: string): void {
  const reserved = new Set(['_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=', '|', '{', '}', '.', '!']);
  const open: string[] = [];
  let i = 0;
  const bytes = (k: number) => Buffer.byteLength(text.slice(0, k));
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      const fence = text.startsWith('```', i) ? '```' : '`';
      const end = text.indexOf(fence, i + fence.length);
      if (end === -1) throw new TgError(400, `Bad Request: can't parse entities: Can't find end of ${fence === '```' ? 'Pre' : 'Code'} entity at byte offset ${bytes(i)}`);
      i = end + fence.length;
      continue;
    }
    if (c === '[') {
      const close = text.indexOf('](', i);
      const end = close === -1 ? -1 : text.indexOf(')', close);
      if (close === -1 || end === -1) throw new TgError(400, `Bad Request: can't parse entities: Character '[' is reserved and must be escaped with the preceding '\\'`);
      i = end + 1;
      continue;
    }
    if (c === '*' || c === '_' || c === '~' || (c === '|' && text[i + 1] === '|')) {
      const tok = c === '_' && text[i + 1] === '_' ? '__' : c === '|' ? '||' : c;
      if (open[open.length - 1] === tok) open.pop();
      else open.push(tok);
      i += tok.length;
      continue;
    }
    if (c === '>' && (i === 0 || text[i - 1] === '\n')) {
      i++;
      continue;
    }
    if (reserved.has(c)) throw new TgError(400, `Bad Request: can't parse entities: Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    i++;
  }
  if (open.length) {
    const name = { '*': 'Bold', _: 'Italic', __: 'Underline', '~': 'Strikethrough', '||': 'Spoiler' }[open[open.length - 1] as string] ?? 'Bold';
    throw new TgError(400, `Bad Request: can't parse entities: Can't find end of ${name} entity at byte offset ${bytes(text.length)}`);
  }
}

function checkParseMode(text: string, mode: string | undefined): void {
  if (!mode) return;
  if (mode === 'HTML') checkHtml(text);
  else if (mode === 'MarkdownV2') checkMarkdownV2(text);
  else if (mode !== 'Markdown') throw new TgError(400, `Bad Request: unsupported parse_mode`);
}

// ---------------------------------------------------------------------------------------------
// Methods

interface TgCtx {
  state: FakeState;
  bot: TgBot;
  inc: Incoming;
  req: FastifyRequest;
  reply: FastifyReply;
}

function resolveChat(ctx: TgCtx): TgChat {
  const raw = str(ctx.inc.params, 'chat_id');
  if (raw === undefined || raw === '') throw new TgError(400, 'Bad Request: chat_id is empty');
  let chat: TgChat | undefined;
  if (raw.startsWith('@')) {
    const id = ctx.state.telegram.chatUsernames.get(raw.slice(1).toLowerCase());
    chat = id === undefined ? undefined : ctx.state.telegram.chats.get(id);
  } else if (/^-?\d+$/.test(raw)) chat = ctx.state.telegram.chats.get(Number(raw));
  if (!chat) throw new TgError(400, 'Bad Request: chat not found');
  if (chat.type === 'private') {
    if (ctx.bot.blockedBy.has(chat.id)) throw new TgError(403, 'Forbidden: bot was blocked by the user');
    if (!ctx.bot.startedBy.has(chat.id)) throw new TgError(403, "Forbidden: bot can't initiate conversation with a user");
  } else if (!chat.botIds.has(ctx.bot.id)) {
    throw new TgError(chat.type === 'channel' ? 400 : 403, chat.type === 'channel' ? 'Bad Request: need administrator rights in the channel chat' : 'Forbidden: bot is not a member of the supergroup chat');
  }
  return chat;
}

function sendLimits(ctx: TgCtx, chat: TgChat): void {
  const L = ctx.state.config.limits.telegram;
  for (const [key, rule] of [[`tg:chat:${ctx.bot.id}:${chat.id}`, L.perChat], [`tg:all:${ctx.bot.id}`, L.global]] as const) {
    const r = ctx.state.limiter.hit(key, rule);
    if (!r.allowed) {
      const retry = Math.max(1, Math.ceil((r.resetAt - ctx.state.now()) / 1000));
      throw new TgError(429, `Too Many Requests: retry after ${retry}`, retry);
    }
  }
}

function replyTarget(ctx: TgCtx, chat: TgChat): Record<string, unknown> | undefined {
  const rp = obj(ctx.inc.params, 'reply_parameters');
  const legacy = int(ctx.inc.params, 'reply_to_message_id');
  const mid = rp?.message_id !== undefined ? Number(rp.message_id) : legacy;
  if (mid === undefined) return undefined;
  const target = chat.messages.get(mid);
  if (!target) {
    if (rp?.allow_sending_without_reply === true || bool(ctx.inc.params, 'allow_sending_without_reply')) return undefined;
    throw new TgError(400, 'Bad Request: message to be replied not found');
  }
  return target;
}

function storeFile(ctx: TgCtx, rawInput: string | undefined, directFile: UploadedFile | undefined, kind: string): { file_id: string; file_unique_id: string; file_size: number } {
  // multipart uploads either name the part after the field, or reference it as "attach://<part name>"
  let input = rawInput;
  let file = directFile;
  if (input?.startsWith('attach://')) {
    file = ctx.inc.parts[input.slice('attach://'.length)];
    if (!file) throw new TgError(400, `Bad Request: file must be non-empty`);
    input = undefined;
  }
  if (!input && !file) throw new TgError(400, `Bad Request: there is no ${kind} in the request`);
  if (input && !file && !/^https?:\/\//.test(input) && !ctx.bot.files.has(input)) throw new TgError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
  if (input && ctx.bot.files.has(input)) {
    const f = ctx.bot.files.get(input)!;
    return { file_id: input, file_unique_id: input.slice(-12), file_size: f.size };
  }
  const fileId = `AgACAgUAAxkBAA${ctx.state.ids.string(60)}`;
  const size = file?.size ?? 120_000;
  ctx.bot.files.set(fileId, { file: file ?? null, ...(input ? { url: input } : {}), path: `${kind}s/file_${ctx.state.ids.counter('tgfile')}.${kind === 'photo' ? 'jpg' : kind === 'video' ? 'mp4' : 'bin'}`, size });
  return { file_id: fileId, file_unique_id: `AQAD${ctx.state.ids.string(12)}`, file_size: size };
}

function newMessage(ctx: TgCtx, chat: TgChat, content: Record<string, unknown>): Record<string, unknown> {
  const mid = chat.nextMessageId++;
  const msg: Record<string, unknown> = { message_id: mid };
  if (chat.type === 'channel') msg.sender_chat = chatJson(chat);
  else msg.from = botUser(ctx.bot);
  msg.chat = chatJson(chat);
  msg.date = ctx.state.nowSec();
  Object.assign(msg, content);
  chat.messages.set(mid, msg);
  if (chat.type === 'channel' && chat.linkedChatId !== undefined) {
    // the channel post is forwarded automatically into the discussion group, where comments attach
    const group = ctx.state.telegram.chats.get(chat.linkedChatId);
    if (group) {
      const fmid = group.nextMessageId++;
      const fwd: Record<string, unknown> = {
        message_id: fmid,
        from: { id: 777000, is_bot: false, first_name: 'Telegram' },
        sender_chat: chatJson(chat),
        chat: chatJson(group),
        date: msg.date,
        is_automatic_forward: true,
        forward_origin: { type: 'channel', chat: chatJson(chat), message_id: mid, date: msg.date },
        ...content,
      };
      group.messages.set(fmid, fwd);
      msg.fake_discussion_message_id = fmid;
    }
  }
  return msg;
}

function publicMessage(msg: Record<string, unknown>): Record<string, unknown> {
  const { fake_discussion_message_id: _d, ...rest } = msg;
  void _d;
  return rest;
}

function sendText(ctx: TgCtx): unknown {
  const chat = resolveChat(ctx);
  const text = str(ctx.inc.params, 'text');
  if (!text || text.trim() === '') throw new TgError(400, 'Bad Request: message text is empty');
  if (text.length > 4096) throw new TgError(400, 'Bad Request: message is too long');
  checkParseMode(text, str(ctx.inc.params, 'parse_mode'));
  const target = replyTarget(ctx, chat);
  sendLimits(ctx, chat);
  const content: Record<string, unknown> = { text };
  if (target) content.reply_to_message = target;
  const markup = obj(ctx.inc.params, 'reply_markup');
  if (markup) content.reply_markup = markup;
  const msg = newMessage(ctx, chat, content);
  ctx.state.record({
    platform: 'telegram',
    kind: chat.type === 'channel' ? 'post' : target ? 'comment_reply' : 'message',
    accountId: String(ctx.bot.id),
    objectId: `${chat.id}:${msg.message_id}`,
    targetId: target ? `${chat.id}:${String(target.message_id)}` : String(chat.id),
    text,
    data: { chatId: chat.id, chatType: chat.type, parseMode: str(ctx.inc.params, 'parse_mode'), replyTo: target?.message_id },
  });
  return publicMessage(msg);
}

function sendMedia(ctx: TgCtx, kind: 'photo' | 'video' | 'document'): unknown {
  const chat = resolveChat(ctx);
  const caption = str(ctx.inc.params, 'caption');
  if (caption && caption.length > 1024) throw new TgError(400, 'Bad Request: message caption is too long');
  if (caption) checkParseMode(caption, str(ctx.inc.params, 'parse_mode'));
  const f = storeFile(ctx, ctx.inc.files[kind] ? undefined : str(ctx.inc.params, kind), ctx.inc.files[kind], kind);
  const target = replyTarget(ctx, chat);
  sendLimits(ctx, chat);
  const content: Record<string, unknown> = {};
  if (kind === 'photo') {
    content.photo = [
      { ...f, file_id: f.file_id + 's', file_size: Math.round(f.file_size / 10), width: 90, height: 90 },
      { ...f, width: 1280, height: 960 },
    ];
  } else if (kind === 'video') content.video = { ...f, width: 1280, height: 720, duration: 30, mime_type: 'video/mp4' };
  else content.document = { ...f, file_name: 'document', mime_type: 'application/octet-stream' };
  if (caption) content.caption = caption;
  if (target) content.reply_to_message = target;
  const msg = newMessage(ctx, chat, content);
  ctx.state.record({
    platform: 'telegram',
    kind: chat.type === 'channel' ? 'post' : target ? 'comment_reply' : 'message',
    accountId: String(ctx.bot.id),
    objectId: `${chat.id}:${msg.message_id}`,
    targetId: String(chat.id),
    ...(caption === undefined ? {} : { text: caption }),
    data: { chatId: chat.id, chatType: chat.type, media: kind, fileId: f.file_id, bytes: ctx.bot.files.get(f.file_id)?.file?.size, url: ctx.bot.files.get(f.file_id)?.url },
  });
  return publicMessage(msg);
}

async function getUpdates(ctx: TgCtx): Promise<unknown> {
  const { bot, state } = ctx;
  if (bot.webhook) throw new TgError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  const offset = int(ctx.inc.params, 'offset');
  const limit = Math.min(100, Math.max(1, int(ctx.inc.params, 'limit') ?? 100));
  const timeout = Math.min(state.config.telegramMaxLongPollSec, Math.max(0, int(ctx.inc.params, 'timeout') ?? 0));
  const allowed = (() => {
    const v = ctx.inc.params.allowed_updates;
    if (Array.isArray(v)) return v.map(String);
    if (typeof v === 'string' && v.startsWith('[')) return (JSON.parse(v) as unknown[]).map(String);
    return undefined;
  })();
  // a newer poll terminates the older one
  if (bot.poller) {
    const old = bot.poller;
    bot.poller = undefined;
    old.cancel();
    fail(old.reply, 409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
  }
  dropOld(state, bot);
  if (offset !== undefined) {
    if (offset < 0) bot.pending = bot.pending.slice(offset);
    else bot.pending = bot.pending.filter((u) => u.update_id >= offset);
  }
  const pick = () => bot.pending.filter((u) => !allowed || allowed.length === 0 || allowed.includes(u.kind)).slice(0, limit).map(updateJson);
  let result = pick();
  if (result.length === 0 && timeout > 0) {
    await new Promise<void>((resolve) => {
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        bot.pollWaiters.delete(finish);
        if (bot.poller?.reply === ctx.reply) bot.poller = undefined;
        resolve();
      };
      const timer = setTimeout(finish, timeout * 1000);
      timer.unref?.();
      bot.pollWaiters.add(finish);
      bot.poller = { reply: ctx.reply, cancel: finish };
      ctx.req.raw.on('close', finish);
    });
    if (ctx.reply.sent) return undefined;
    result = pick();
  }
  return result;
}

function setWebhook(ctx: TgCtx): unknown {
  const { bot, state } = ctx;
  const url = str(ctx.inc.params, 'url') ?? '';
  if (url === '') return deleteWebhook(ctx, 'Webhook is already deleted');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TgError(400, 'Bad Request: bad webhook: Failed to resolve host: Name or service not known');
  }
  if (state.config.telegramRequireHttps) {
    if (parsed.protocol !== 'https:') throw new TgError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    if (parsed.port && !['443', '80', '88', '8443'].includes(parsed.port)) throw new TgError(400, 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
  }
  const secret = str(ctx.inc.params, 'secret_token');
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new TgError(400, 'Bad Request: secret token contains unallowed characters');
  const maxConnections = int(ctx.inc.params, 'max_connections') ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw new TgError(400, 'Bad Request: bad webhook: max_connections must be between 1 and 100');
  const allowedRaw = ctx.inc.params.allowed_updates;
  const allowedUpdates = Array.isArray(allowedRaw) ? allowedRaw.map(String) : typeof allowedRaw === 'string' && allowedRaw.startsWith('[') ? (JSON.parse(allowedRaw) as unknown[]).map(String) : undefined;
  if (bool(ctx.inc.params, 'drop_pending_updates')) bot.pending = [];
  const same = bot.webhook?.url === url && bot.webhook.secretToken === secret;
  state.webhooks.cancel((d) => d.group === `tg:${bot.id}`, 'webhook replaced');
  bot.webhook = { url, maxConnections, ...(secret === undefined ? {} : { secretToken: secret }), ...(allowedUpdates ? { allowedUpdates } : {}) };
  if (bot.poller) {
    const p = bot.poller;
    bot.poller = undefined;
    p.cancel();
  }
  dropOld(state, bot);
  for (const u of bot.pending.slice()) deliverUpdate(state, bot, u);
  state.record({ platform: 'telegram', kind: 'webhook_subscription', accountId: String(bot.id), data: { url, hasSecret: secret !== undefined, allowedUpdates } });
  return { __description: same ? 'Webhook is already set' : 'Webhook was set', result: true };
}

function deleteWebhook(ctx: TgCtx, already = 'Webhook is already deleted'): unknown {
  const { bot, state } = ctx;
  const had = !!bot.webhook;
  state.webhooks.cancel((d) => d.group === `tg:${bot.id}`, 'webhook deleted');
  bot.webhook = null;
  if (bool(ctx.inc.params, 'drop_pending_updates')) bot.pending = [];
  return { __description: had ? 'Webhook was deleted' : already, result: true };
}

function getWebhookInfo(ctx: TgCtx): unknown {
  const { bot, state } = ctx;
  dropOld(state, bot);
  const info: Record<string, unknown> = {
    url: bot.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: bot.pending.length,
  };
  if (bot.webhook) {
    info.max_connections = bot.webhook.maxConnections;
    info.ip_address = '127.0.0.1';
    if (bot.webhook.allowedUpdates) info.allowed_updates = bot.webhook.allowedUpdates;
  }
  if (bot.lastErrorDate) {
    info.last_error_date = bot.lastErrorDate;
    info.last_error_message = bot.lastErrorMessage;
  }
  return info;
}

async function dispatch(ctx: TgCtx, method: string): Promise<unknown> {
  const m = method.toLowerCase();
  switch (m) {
    case 'getme':
      return { ...botUser(ctx.bot), can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false };
    case 'logout':
    case 'close':
      return true;
    case 'sendmessage':
      return sendText(ctx);
    case 'sendphoto':
      return sendMedia(ctx, 'photo');
    case 'sendvideo':
      return sendMedia(ctx, 'video');
    case 'senddocument':
      return sendMedia(ctx, 'document');
    case 'sendchataction':
      resolveChat(ctx);
      return true;
    case 'editmessagetext': {
      const chat = resolveChat(ctx);
      const mid = int(ctx.inc.params, 'message_id');
      const msg = mid === undefined ? undefined : chat.messages.get(mid);
      if (!msg) throw new TgError(400, 'Bad Request: message to edit not found');
      const text = str(ctx.inc.params, 'text');
      if (!text) throw new TgError(400, 'Bad Request: message text is empty');
      checkParseMode(text, str(ctx.inc.params, 'parse_mode'));
      if (msg.text === text) throw new TgError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      const fromBot = (msg.from as TgUser | undefined)?.id === ctx.bot.id || chat.type === 'channel';
      if (!fromBot) throw new TgError(400, "Bad Request: message can't be edited");
      msg.text = text;
      msg.edit_date = ctx.state.nowSec();
      return publicMessage(msg);
    }
    case 'deletemessage': {
      const chat = resolveChat(ctx);
      const mid = int(ctx.inc.params, 'message_id');
      const msg = mid === undefined ? undefined : chat.messages.get(mid);
      if (!msg || mid === undefined) throw new TgError(400, 'Bad Request: message to delete not found');
      chat.messages.delete(mid);
      ctx.state.record({ platform: 'telegram', kind: 'comment_deleted', accountId: String(ctx.bot.id), targetId: `${chat.id}:${mid}`, ...(typeof msg.text === 'string' ? { text: msg.text } : {}), data: { chatId: chat.id } });
      return true;
    }
    case 'getupdates':
      return getUpdates(ctx);
    case 'setwebhook':
      return setWebhook(ctx);
    case 'deletewebhook':
      return deleteWebhook(ctx);
    case 'getwebhookinfo':
      return getWebhookInfo(ctx);
    case 'getchat': {
      const raw = str(ctx.inc.params, 'chat_id') ?? '';
      const id = raw.startsWith('@') ? ctx.state.telegram.chatUsernames.get(raw.slice(1).toLowerCase()) : Number(raw);
      const chat = id === undefined ? undefined : ctx.state.telegram.chats.get(id);
      if (!chat) throw new TgError(400, 'Bad Request: chat not found');
      return { ...chatJson(chat), accent_color_id: 0, max_reaction_count: 11, ...(chat.linkedChatId !== undefined ? { linked_chat_id: chat.linkedChatId } : {}) };
    }
    case 'getfile': {
      const fid = str(ctx.inc.params, 'file_id') ?? '';
      const f = ctx.bot.files.get(fid);
      if (!f) throw new TgError(400, 'Bad Request: invalid file_id');
      return { file_id: fid, file_unique_id: fid.slice(-12), file_size: f.size, file_path: f.path };
    }
    case 'setmycommands':
    case 'deletemycommands':
    case 'answercallbackquery':
    case 'setmessagereaction':
      return true;
    case 'getmycommands':
      return [];
    case 'banchatmember': {
      const chat = resolveChat(ctx);
      ctx.state.record({ platform: 'telegram', kind: 'comment_moderated', accountId: String(ctx.bot.id), targetId: `${chat.id}:${str(ctx.inc.params, 'user_id')}`, data: { action: 'ban', chatId: chat.id, userId: str(ctx.inc.params, 'user_id') } });
      return true;
    }
    default:
      throw new TgError(404, 'Not Found');
  }
}

export function registerTelegramRoutes(app: FastifyInstance, state: FakeState): void {
  app.all('/telegram/*', async (req, reply) => {
    const inc = await parseIncoming(req, '/telegram');
    const [first, second, third] = inc.segments;
    // file download: /telegram/file/bot<token>/<path>
    if (first === 'file' && second?.startsWith('bot')) {
      const bot = [...state.telegram.bots.values()].find((b) => b.token === second.slice(3));
      if (!bot) return reply.code(401).send();
      const f = [...bot.files.values()].find((x) => x.path === inc.segments.slice(2).join('/'));
      if (!f) return reply.code(404).send();
      return reply.code(200).type('application/octet-stream').send(f.file?.data ?? Buffer.alloc(f.size));
    }
    if (!first?.startsWith('bot') || !second || third !== undefined) return fail(reply, 404, 'Not Found');
    const fault = await applyFaults(state, 'telegram', `/${second}`, req, reply, {
      serverError: (r) => fail(r, 502, 'Bad Gateway'),
      rateLimited: (r, sec) => fail(r, 429, `Too Many Requests: retry after ${sec}`, sec),
    });
    if (fault.consumed) return reply;
    const token = first.slice(3);
    const bot = [...state.telegram.bots.values()].find((b) => b.token === token);
    const check = state.tokens.check(token);
    if (!bot || check.status !== 'ok') return fail(reply, 401, 'Unauthorized');
    if (inc.bodyError) return fail(reply, 400, `Bad Request: can't parse request body: ${inc.bodyError}`);
    try {
      const result = await dispatch({ state, bot, inc, req, reply }, second);
      if (reply.sent) return reply;
      if (result && typeof result === 'object' && '__description' in result) {
        const r = result as { __description: string; result: unknown };
        return sendJson(reply, 200, { ok: true, result: r.result, description: r.__description });
      }
      return sendJson(reply, 200, { ok: true, result });
    } catch (err) {
      if (reply.sent) return reply;
      if (err instanceof TgError) return fail(reply, err.code, err.message, err.retryAfter);
      req.log.error({ err }, 'telegram fake handler failed');
      return fail(reply, 500, 'Internal Server Error');
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Citizen actions

export function injectTelegramMessage(state: FakeState, input: { botId: number; text?: string; from?: CitizenInput; replyToMessageId?: number; photo?: boolean; caption?: string; blockBot?: boolean }): { ids: Record<string, string>; deliveries: string[] } {
  const bot = state.telegram.bots.get(input.botId);
  if (!bot) throw new Error(`unknown bot ${input.botId}`);
  const u = tgCitizen(state, input.from);
  const chat = privateChat(state, u);
  chat.botIds.add(bot.id);
  bot.startedBy.add(u.id);
  if (input.blockBot) {
    bot.blockedBy.add(u.id);
    const upd = pushUpdate(state, bot, 'my_chat_member', { chat: chatJson(chat), from: publicUser(u), date: state.nowSec(), old_chat_member: { user: botUser(bot), status: 'member' }, new_chat_member: { user: botUser(bot), status: 'kicked', until_date: 0 } });
    return { ids: { updateId: String(upd.update_id), chatId: String(chat.id) }, deliveries: [] };
  }
  bot.blockedBy.delete(u.id);
  const mid = chat.nextMessageId++;
  const msg: Record<string, unknown> = { message_id: mid, from: publicUser(u), chat: chatJson(chat), date: state.nowSec() };
  if (input.photo) {
    const fid = `AgACAgUAAxkBAA${state.ids.string(60)}`;
    // the citizen's photo: getFile gives its path, /file/bot<token>/<path> its bytes (a real JPEG)
    bot.files.set(fid, { file: { data: CITIZEN_PHOTO_JPEG, contentType: 'image/jpeg', filename: 'photo.jpg', size: CITIZEN_PHOTO_JPEG.length }, path: `photos/file_${state.ids.counter('tgfile')}.jpg`, size: CITIZEN_PHOTO_JPEG.length });
    msg.photo = [{ file_id: fid, file_unique_id: `AQAD${state.ids.string(12)}`, file_size: CITIZEN_PHOTO_JPEG.length, width: 48, height: 36 }];
    if (input.caption ?? input.text) msg.caption = input.caption ?? input.text;
  } else {
    const text = input.text ?? '/start';
    msg.text = text;
    if (text.startsWith('/')) msg.entities = [{ offset: 0, length: text.split(/\s/)[0]?.length ?? 1, type: 'bot_command' }];
  }
  if (input.replyToMessageId !== undefined) {
    const target = chat.messages.get(input.replyToMessageId);
    if (target) msg.reply_to_message = target;
  }
  chat.messages.set(mid, msg);
  const upd = pushUpdate(state, bot, 'message', msg);
  return { ids: { updateId: String(upd.update_id), chatId: String(chat.id), messageId: String(mid), userId: String(u.id) }, deliveries: deliveriesOf(state, bot, upd) };
}

/** A citizen comment under a channel post (arrives through the linked discussion group). */
export function injectTelegramComment(state: FakeState, input: { botId: number; channelMessageId?: number; text: string; from?: CitizenInput; replyToMessageId?: number }): { ids: Record<string, string>; deliveries: string[] } {
  const bot = state.telegram.bots.get(input.botId);
  if (!bot) throw new Error(`unknown bot ${input.botId}`);
  if (bot.channelId === undefined || bot.groupId === undefined) throw new Error(`bot ${input.botId} has no channel with a discussion group`);
  const channel = state.telegram.chats.get(bot.channelId);
  const group = state.telegram.chats.get(bot.groupId);
  if (!channel || !group) throw new Error('channel or discussion group missing');
  const forwards = [...group.messages.values()].filter((m) => m.is_automatic_forward === true);
  let target: Record<string, unknown> | undefined;
  if (input.replyToMessageId !== undefined) target = group.messages.get(input.replyToMessageId);
  else if (input.channelMessageId !== undefined) target = forwards.find((m) => (m.forward_origin as { message_id?: number } | undefined)?.message_id === input.channelMessageId);
  else target = forwards.length ? state.rng.pick(forwards.slice(-5)) : undefined;
  if (!target) {
    // seed a channel post so there is something to comment on
    const ctx = { state, bot, inc: { params: {} } as unknown as Incoming, req: undefined as unknown as FastifyRequest, reply: undefined as unknown as FastifyReply };
    newMessage(ctx, channel, { text: `Informasi resmi dari ${channel.title ?? 'kanal'}` });
    target = [...group.messages.values()].filter((m) => m.is_automatic_forward === true).pop();
  }
  const u = tgCitizen(state, input.from);
  const mid = group.nextMessageId++;
  const thread = (target?.message_thread_id as number | undefined) ?? (target?.message_id as number | undefined);
  const msg: Record<string, unknown> = { message_id: mid, from: publicUser(u), chat: chatJson(group), date: state.nowSec(), message_thread_id: thread, reply_to_message: target, text: input.text };
  group.messages.set(mid, msg);
  const upd = pushUpdate(state, bot, 'message', msg);
  return { ids: { updateId: String(upd.update_id), chatId: String(group.id), messageId: String(mid), userId: String(u.id) }, deliveries: deliveriesOf(state, bot, upd) };
}

function deliveriesOf(state: FakeState, bot: TgBot, upd: TgUpdate): string[] {
  return state.webhooks.list({ platform: 'telegram', accountId: String(bot.id), limit: 5, includeBody: false }).filter((d) => d.eventIds.includes(String(upd.update_id))).map((d) => d.id);
}

/** BotFather /revoke: the old token stops working, a new one is issued. */
export function revokeBotToken(state: FakeState, botId: number): string {
  const bot = state.telegram.bots.get(botId);
  if (!bot) throw new Error(`unknown bot ${botId}`);
  state.tokens.revoke(bot.token, 'revoked via BotFather');
  bot.revokedTokens.add(bot.token);
  bot.token = state.tokens.mint('telegram', 'bot', String(bot.id));
  state.tokens.issue({ family: 'telegram', kind: 'bot', appId: 'telegram', subjectId: String(bot.id), value: bot.token });
  return bot.token;
}
