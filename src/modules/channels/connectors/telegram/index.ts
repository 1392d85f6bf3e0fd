import { Api, GrammyError, HttpError } from 'grammy';
import type { Message } from 'grammy/types';
import { hideBotToken } from '../http.ts';
import { ConnectorError } from '../types.ts';
import type { ConnectCandidate, Connector, ConnectorAuth, ConnectorContext, Insights, PlatformModule, PublishInput, TokenCheck } from '../types.ts';
import type { PlatformSettings } from '../../settings.ts';

// Telegram Bot API through grammy's Api client (apiRoot = settings.hosts.telegram, so a self-hosted
// Bot API server or the fakes work the same). The bot publishes to the OPD's channel
// (extra.channelChatId), answers citizens in private chats and discussion groups, and deletes
// messages where it is an admin. Updates arrive by webhook (setWebhook with a secret token), so
// there is no poller: getUpdates and a webhook exclude each other.

export const TELEGRAM_TIMEOUT_S = 20;
const TEXT_MAX = 4096;
const CAPTION_MAX = 1024;
/** Methods that create a message: a lost answer leaves us not knowing whether it was sent. */
const CREATING = new Set(['sendMessage', 'sendPhoto', 'sendVideo', 'sendDocument', 'sendMediaGroup', 'copyMessage', 'forwardMessage']);

export const ALLOWED_UPDATES = ['message', 'edited_message', 'channel_post', 'callback_query'] as const;

function api(settings: PlatformSettings, token: string): Api {
  return new Api(token, { apiRoot: settings.hosts.telegram.replace(/\/+$/, ''), timeoutSeconds: TELEGRAM_TIMEOUT_S });
}

/** grammy errors → ConnectorError. Messages never contain the token (it is part of every URL). */
export function mapTelegramError(err: unknown, method: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof GrammyError) {
    const code = err.error_code;
    const desc = err.description;
    const extra = { status: code, platformCode: code };
    if (code === 429) {
      const after = err.parameters?.retry_after;
      return new ConnectorError('rate_limited', 'telegram', 'Batas kiriman Telegram tercapai; Dayung menunggu sesuai permintaan Telegram.', { ...extra, retryAfterMs: typeof after === 'number' ? after * 1000 : null });
    }
    if (code === 401 || code === 404) return new ConnectorError('auth', 'telegram', 'Token bot Telegram tidak berlaku (dicabut lewat BotFather atau salah); hubungkan ulang bot.', extra);
    if (code >= 500) return new ConnectorError('transient', 'telegram', `Telegram sedang bermasalah (${code}); akan dicoba lagi.`, extra);
    if (code === 403) {
      const why = /blocked/i.test(desc)
        ? 'pengguna memblokir bot'
        : /initiate conversation/i.test(desc)
          ? 'pengguna belum pernah memulai percakapan dengan bot'
          : /not a member|kicked/i.test(desc)
            ? 'bot bukan anggota obrolan tersebut'
            : desc;
      return new ConnectorError('permanent', 'telegram', `Telegram menolak: ${why}.`, extra);
    }
    if (/need administrator rights|not enough rights/i.test(desc)) return new ConnectorError('permanent', 'telegram', 'Bot belum menjadi admin kanal/grup dengan hak mengirim atau menghapus pesan.', extra);
    if (/chat not found/i.test(desc)) return new ConnectorError('permanent', 'telegram', 'Obrolan atau kanal Telegram tidak ditemukan (periksa nama kanal dan pastikan bot sudah ditambahkan).', extra);
    const migrate = err.parameters?.migrate_to_chat_id;
    if (migrate !== undefined) return new ConnectorError('permanent', 'telegram', `Grup Telegram sudah dipindah ke supergrup baru (id ${migrate}).`, extra);
    return new ConnectorError('permanent', 'telegram', `Telegram menolak permintaan: ${desc}`, extra);
  }
  if (err instanceof HttpError) {
    const inner = err.error as (Error & { code?: string; cause?: { code?: string } }) | undefined;
    const code = inner?.code ?? inner?.cause?.code ?? (/timed out/i.test(inner?.message ?? '') ? 'timeout' : 'network');
    const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    const kind = CREATING.has(method) && !refused ? 'ambiguous' : 'transient';
    return new ConnectorError(kind, 'telegram', kind === 'ambiguous' ? `Koneksi ke Telegram terputus setelah pesan dikirim (${code}); belum pasti pesan terkirim.` : `Koneksi ke Telegram gagal (${code}).`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectorError(CREATING.has(method) ? 'ambiguous' : 'transient', 'telegram', `Kesalahan tak terduga saat menghubungi Telegram: ${hideBotToken(message)}`);
}

async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapTelegramError(err, method);
  }
}

function botApi(ctx: ConnectorContext): Api {
  if (!ctx.credentials.accessToken) throw new ConnectorError('auth', 'telegram', 'Token bot Telegram belum diisi; hubungkan ulang bot.');
  return api(ctx.settings, ctx.credentials.accessToken);
}

function composeText(input: PublishInput): string {
  const text = input.text.trim();
  return input.link && !text.includes(input.link) ? `${text}\n\n${input.link}`.trim() : text;
}

/** `<chat id>:<message id>`, the external id of every message Dayung sends or acts on. */
export const messageRef = (chatId: number | string, messageId: number | string) => `${chatId}:${messageId}`;

/** Accepts `<chat id>:<message id>`, or a bare message id with the chat in `chatId`. */
export function parseMessageRef(ref: string, chatId?: string): { chatId: string; messageId: number } {
  const m = /^(-?\d+|@[A-Za-z0-9_]{4,}):(\d+)$/.exec(ref);
  if (m) return { chatId: m[1]!, messageId: Number(m[2]) };
  if (/^\d+$/.test(ref) && chatId) return { chatId, messageId: Number(ref) };
  throw new ConnectorError('permanent', 'telegram', 'Rujukan pesan Telegram tidak lengkap (perlu id obrolan dan id pesan).');
}

function permalink(msg: Message): string | null {
  const chat = msg.chat as { id: number; username?: string; type: string };
  if (chat.type !== 'channel' && chat.type !== 'supergroup') return null;
  if (chat.username) return `https://t.me/${chat.username}/${msg.message_id}`;
  const id = String(chat.id);
  return id.startsWith('-100') ? `https://t.me/c/${id.slice(4)}/${msg.message_id}` : null;
}

function tooLong(what: string, max: number): ConnectorError {
  return new ConnectorError('permanent', 'telegram', `${what} terlalu panjang untuk Telegram (maksimal ${max} karakter); persingkat teksnya.`);
}

/** '@kanal', 'https://t.me/kanal', 't.me/kanal' or a numeric chat id → what getChat accepts. */
export function normalizeChannel(raw: string): string | null {
  const v = raw.trim();
  if (!v) return null;
  if (/^-?\d+$/.test(v)) return v;
  const m = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z0-9_]{4,})\/?$/i.exec(v) ?? /^@?([A-Za-z0-9_]{4,})$/.exec(v);
  return m ? `@${m[1]}` : null;
}

const connector: Connector = {
  platform: 'telegram',
  capabilities: {
    publishText: true,
    publishImage: true,
    publishVideo: true,
    publishReel: false,
    comments: true,
    mentions: false,
    directMessages: true,
    publicReply: true,
    privateReply: true,
    hide: false,
    delete: true,
    insights: false,
    webhooks: true,
    polling: false,
  },

  async publish(ctx, input) {
    const chatId = ctx.account.extra['channelChatId'];
    if (chatId === undefined || chatId === null || chatId === '') {
      throw new ConnectorError('permanent', 'telegram', 'Kanal Telegram untuk publikasi belum diatur; hubungkan ulang bot dengan mengisi nama kanal.');
    }
    const target = typeof chatId === 'number' ? chatId : String(chatId);
    const text = composeText(input);
    const media = input.media ?? [];
    if (media.length > 1) throw new ConnectorError('permanent', 'telegram', 'Publikasi Telegram dari Dayung memuat paling banyak satu gambar atau video.');
    const bot = botApi(ctx);
    let msg: Message;
    const m = media[0];
    if (m) {
      if (text.length > CAPTION_MAX) throw tooLong('Keterangan (caption) media', CAPTION_MAX);
      const other = text ? { caption: text } : {};
      // Telegram fetches the URL itself (photos up to 5 MB, videos up to 20 MB)
      msg = m.kind === 'image'
        ? await call('sendPhoto', () => bot.sendPhoto(target, m.url, other))
        : await call('sendVideo', () => bot.sendVideo(target, m.url, { ...other, supports_streaming: true }));
    } else {
      if (!text) throw new ConnectorError('permanent', 'telegram', 'Publikasi Telegram kosong.');
      if (text.length > TEXT_MAX) throw tooLong('Teks', TEXT_MAX);
      msg = await call('sendMessage', () => bot.sendMessage(target, text));
    }
    return { externalId: messageRef(msg.chat.id, msg.message_id), permalink: permalink(msg) };
  },

  /**
   * The Bot API cannot list a channel's history, so a publication whose answer was lost cannot be
   * looked up: always null. Callers must therefore never blindly retry an ambiguous Telegram
   * publication (they can only ask a person to check the channel).
   */
  async findPublished() {
    return null;
  },

  async replyPublic(ctx, input) {
    const text = input.text.trim();
    if (!text) throw new ConnectorError('permanent', 'telegram', 'Balasan kosong.');
    if (text.length > TEXT_MAX) throw tooLong('Balasan', TEXT_MAX);
    const ref = parseMessageRef(input.target.externalId, input.target.userId);
    const msg = await call('sendMessage', () => botApi(ctx).sendMessage(ref.chatId, text, { reply_parameters: { message_id: ref.messageId } }));
    return { externalId: messageRef(msg.chat.id, msg.message_id) };
  },

  async replyPrivate(ctx, input) {
    const text = input.text.trim();
    if (!text) throw new ConnectorError('permanent', 'telegram', 'Pesan kosong.');
    if (text.length > TEXT_MAX) throw tooLong('Pesan', TEXT_MAX);
    const userId = input.target.userId;
    let chatId: string;
    let replyTo: number | undefined;
    if (userId) {
      chatId = userId;
      // quote the citizen's message only when it is in that private chat
      const m = /^(-?\d+):(\d+)$/.exec(input.target.externalId);
      if (m && m[1] === userId) replyTo = Number(m[2]);
      else if (/^\d+$/.test(input.target.externalId)) replyTo = Number(input.target.externalId);
    } else {
      const ref = parseMessageRef(input.target.externalId);
      if (ref.chatId.startsWith('-')) throw new ConnectorError('permanent', 'telegram', 'Pesan pribadi Telegram memerlukan id pengguna tujuan.');
      chatId = ref.chatId;
      replyTo = ref.messageId;
    }
    const other = replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {};
    const msg = await call('sendMessage', () => botApi(ctx).sendMessage(chatId, text, other));
    return { externalId: messageRef(msg.chat.id, msg.message_id) };
  },

  async setHidden() {
    throw new ConnectorError('unsupported', 'telegram', 'Telegram tidak mengenal menyembunyikan pesan; hapus pesannya (bot harus admin grup).');
  },

  async deleteComment(ctx, commentId) {
    const ref = parseMessageRef(commentId);
    await call('deleteMessage', () => botApi(ctx).deleteMessage(ref.chatId, ref.messageId));
  },

  /** The Bot API has no view or reaction counts for bots: no numbers. */
  async insights(): Promise<Insights> {
    return { reach: null, impressions: null, engagement: null, raw: null };
  },

  async checkToken(ctx): Promise<TokenCheck> {
    try {
      const me = await call('getMe', () => botApi(ctx).getMe());
      if (String(me.id) !== ctx.account.externalId) return { valid: false, expiresAt: null, scopes: null, reason: 'invalid' };
      return { valid: true, expiresAt: null, scopes: null, reason: null };
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'auth') return { valid: false, expiresAt: null, scopes: null, reason: 'revoked' };
      throw err;
    }
  },

  /** A file a citizen sent: getFile gives its path (bots may download files up to 20 MB), then the file URL. */
  async downloadMedia(ctx, fileId, maxBytes) {
    const file = await call('getFile', () => botApi(ctx).getFile(fileId));
    if (!file.file_path) throw new ConnectorError('permanent', 'telegram', 'Telegram tidak memberikan berkas ini (mungkin lebih dari 20 MB).');
    if ((file.file_size ?? 0) > maxBytes) throw new ConnectorError('permanent', 'telegram', `Berkas dari warga terlalu besar untuk disimpan (${file.file_size} byte).`);
    const root = ctx.settings.hosts.telegram.replace(/\/+$/, '');
    const res = await ctx.http({ method: 'GET', url: `${root}/file/bot${ctx.credentials.accessToken}/${file.file_path}`, binary: { maxBytes } });
    if (res.status === 401 || res.status === 404) throw new ConnectorError(res.status === 401 ? 'auth' : 'permanent', 'telegram', res.status === 401 ? 'Token bot Telegram tidak berlaku; hubungkan ulang bot.' : 'Berkas Telegram sudah tidak tersedia.', { status: res.status });
    if (!res.bytes) throw new ConnectorError(res.status >= 500 ? 'transient' : 'permanent', 'telegram', `Unduhan berkas Telegram gagal (HTTP ${res.status}).`, { status: res.status });
    return { data: res.bytes, mime: null };
  },
};

const auth: ConnectorAuth = {
  kind: 'token',
  tokenFields: [
    { name: 'botToken', label: 'Token bot (dari @BotFather)', secret: true, help: 'Buat bot lewat @BotFather, lalu salin token berbentuk 123456789:AA...' },
    { name: 'channel', label: 'Kanal untuk publikasi (opsional)', secret: false, optional: true, help: '@namakanal atau id kanal; jadikan bot admin kanal dengan hak mengirim pesan.' },
  ],

  async fromToken(ctx, fields): Promise<ConnectCandidate[]> {
    const token = (fields['botToken'] ?? '').trim();
    if (!/^\d{5,}:[A-Za-z0-9_-]{20,}$/.test(token)) throw new ConnectorError('permanent', 'telegram', 'Format token bot tidak valid (contoh: 123456789:AA...).');
    const bot = api(ctx.settings, token);
    const me = await call('getMe', () => bot.getMe());
    const extra: Record<string, unknown> = { botUsername: me.username };
    const rawChannel = (fields['channel'] ?? '').trim();
    if (rawChannel) {
      const channel = normalizeChannel(rawChannel);
      if (!channel) throw new ConnectorError('permanent', 'telegram', 'Nama kanal tidak valid; tulis @namakanal atau id kanal.');
      const chat = await call('getChat', () => bot.getChat(channel));
      if (chat.type !== 'channel' && chat.type !== 'supergroup') throw new ConnectorError('permanent', 'telegram', `${rawChannel} bukan kanal atau supergrup Telegram.`);
      extra['channelChatId'] = chat.id;
      extra['channelTitle'] = 'title' in chat ? chat.title : null;
      if ('username' in chat && chat.username) extra['channelUsername'] = `@${chat.username}`;
    }
    return [
      {
        externalId: String(me.id),
        name: me.first_name,
        handle: me.username ? `@${me.username}` : null,
        credentials: { accessToken: token, refreshToken: null, expiresAt: null },
        scopes: [],
        extra,
      },
    ];
  },

  async afterConnect(ctx, p) {
    if (!p.telegramSecret) throw new ConnectorError('permanent', 'telegram', 'Rahasia webhook Telegram tidak tersedia.');
    const url = `${p.webhookBaseUrl.replace(/\/+$/, '')}/webhooks/telegram`;
    await call('setWebhook', () => botApi(ctx).setWebhook(url, { secret_token: p.telegramSecret, allowed_updates: [...ALLOWED_UPDATES] }));
    return { webhookUrl: url };
  },
};

export const telegram: PlatformModule = { connector, auth };
