// Creating and describing connected accounts on every fake platform (used by the control API,
// the demo world and tests). One shape for all platforms: AccountInfo.
import type { FakeState } from './core/state.ts';
import type { Platform } from './core/types.ts';
import type { Token } from './core/tokens.ts';
import { createIgAccount, createPage, createWaNumber, FB_SCOPES, IG_FB_SCOPES } from './platforms/meta/setup.ts';
import { addXWebhook, createTweet, xUser } from './platforms/x.ts';
import { createBot } from './platforms/telegram.ts';
import { issueGoogleTokens, seedYoutubeVideo, ytChannel } from './platforms/youtube.ts';
import { issueTiktokTokens, tiktokUser } from './platforms/tiktok.ts';

export interface AccountCredentials {
  /** the token the connector uses for this account (Page token, IG token, system-user token, X user token, bot token, Google access token, TikTok access token) */
  accessToken: string;
  refreshToken?: string;
  /** ISO time, or null when the token does not expire */
  expiresAt: string | null;
  scopes: string[];
  /** Facebook: the long-lived user token the Page token was derived from */
  userAccessToken?: string;
  /** X: OAuth 1.0a user credentials (consumer key/secret are the app's) */
  oauth1?: { accessToken: string; accessSecret: string };
  /** Telegram: the secret_token of the webhook the fake set for this bot */
  webhookSecretToken?: string;
}

export interface AccountInfo {
  platform: Platform;
  /** Page id, IG user id, phone-number id, X user id, bot id, channel id, TikTok open_id */
  id: string;
  name: string;
  username?: string;
  appId: string;
  credentials: AccountCredentials;
  /** platform specifics: wabaId, displayPhoneNumber, pageId, linkedInstagramId, channelChatId, groupChatId, seeded post ids... */
  extra: Record<string, unknown>;
}

export type CreateAccountInput =
  | { platform: 'facebook'; name: string; username?: string; id?: string; tokenTtlSec?: number | null; scopes?: string[]; subscribe?: boolean; seedPosts?: string[]; appId?: string }
  | { platform: 'instagram'; username: string; name?: string; id?: string; pageId?: string; loginType?: 'facebook' | 'instagram'; tokenTtlSec?: number | null; subscribe?: boolean; seedMedia?: string[]; appId?: string }
  | { platform: 'whatsapp'; displayPhoneNumber: string; verifiedName: string; id?: string; wabaId?: string; tokenTtlSec?: number | null; subscribe?: boolean; appId?: string }
  | { platform: 'x'; username: string; name?: string; id?: string; scopes?: string[]; tokenTtlSec?: number; subscribe?: boolean; seedTweets?: string[]; appId?: string }
  | { platform: 'telegram'; username: string; firstName?: string; id?: number; token?: string; channelUsername?: string; channelTitle?: string; webhook?: boolean | { url?: string; secretToken?: string } }
  | { platform: 'youtube'; title: string; handle?: string; id?: string; scopes?: string[]; seedVideos?: string[]; clientId?: string }
  | { platform: 'tiktok'; username: string; displayName?: string; openId?: string; scopes?: string[]; clientKey?: string };

const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write', 'dm.read', 'dm.write', 'tweet.moderate.write'];
const YT_SCOPES = ['https://www.googleapis.com/auth/youtube.force-ssl', 'https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/yt-analytics.readonly'];
const TT_SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.publish', 'video.upload', 'video.list'];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function createAccount(state: FakeState, input: CreateAccountInput): AccountInfo {
  switch (input.platform) {
    case 'facebook': {
      const r = createPage(state, {
        name: input.name,
        ...(input.username ? { username: input.username } : {}),
        ...(input.id ? { id: input.id } : {}),
        ...(input.tokenTtlSec !== undefined ? { tokenTtlSec: input.tokenTtlSec } : {}),
        ...(input.scopes ? { scopes: input.scopes } : {}),
        ...(input.subscribe !== undefined ? { subscribe: input.subscribe } : {}),
        ...(input.appId ? { appId: input.appId } : {}),
        seedPosts: input.seedPosts ?? [`Selamat datang di halaman resmi ${input.name}.`, `Informasi layanan ${input.name} minggu ini.`],
      });
      return describe(state, 'facebook', r.page.id)!;
    }
    case 'instagram': {
      const r = createIgAccount(state, {
        username: input.username,
        ...(input.name ? { name: input.name } : {}),
        ...(input.id ? { id: input.id } : {}),
        ...(input.pageId ? { pageId: input.pageId } : {}),
        ...(input.loginType ? { loginType: input.loginType } : {}),
        ...(input.tokenTtlSec !== undefined ? { tokenTtlSec: input.tokenTtlSec } : {}),
        ...(input.subscribe !== undefined ? { subscribe: input.subscribe } : {}),
        ...(input.appId ? { appId: input.appId } : {}),
        seedMedia: input.seedMedia ?? [`Info resmi ${input.name ?? input.username}`],
      });
      return describe(state, 'instagram', r.ig.id)!;
    }
    case 'whatsapp': {
      const r = createWaNumber(state, {
        displayPhoneNumber: input.displayPhoneNumber,
        verifiedName: input.verifiedName,
        ...(input.id ? { id: input.id } : {}),
        ...(input.wabaId ? { wabaId: input.wabaId } : {}),
        ...(input.tokenTtlSec !== undefined ? { tokenTtlSec: input.tokenTtlSec } : {}),
        ...(input.subscribe !== undefined ? { subscribe: input.subscribe } : {}),
        ...(input.appId ? { appId: input.appId } : {}),
      });
      return describe(state, 'whatsapp', r.phone.id)!;
    }
    case 'x': {
      const app = state.x.apps.get(input.appId ?? state.x.defaultAppId);
      if (!app) throw new Error('unknown X app');
      const u = xUser(state, { username: input.username, ...(input.name ? { name: input.name } : {}), connected: true, ...(input.id ? { id: input.id } : {}) });
      const scopes = input.scopes ?? X_SCOPES;
      const access = state.tokens.issue({ family: 'x', kind: 'oauth2_user', appId: app.id, subjectId: u.id, scopes, ttlSec: input.tokenTtlSec ?? state.config.tokenTtl.xAccess });
      if (scopes.includes('offline.access')) {
        const refresh = state.tokens.issue({ family: 'x', kind: 'refresh', appId: app.id, subjectId: u.id, scopes, ttlSec: 180 * 86400 });
        access.pair = refresh.value;
        refresh.pair = access.value;
      }
      state.tokens.issue({ family: 'x', kind: 'user', appId: app.id, subjectId: u.id, scopes: [], ttlSec: null, value: `${u.id}-${state.ids.string(40)}`, data: { oauth1Secret: state.ids.string(45) } });

      for (const text of input.seedTweets ?? [`Selamat datang di akun resmi ${input.name ?? input.username}.`]) {
        const t = createTweet(state, { authorId: u.id, text });
        t.createdAt -= 3_600_000;
      }
      // subscribe the account to the Account Activity webhook at the target (after seeding, so seeds are not delivered)
      if ((input.subscribe ?? true) && state.config.webhookTarget) addXWebhook(state, app, `${state.config.webhookTarget.replace(/\/+$/, '')}/webhooks/x`, [u.id]);
      return describe(state, 'x', u.id)!;
    }
    case 'telegram': {
      const bot = createBot(state, {
        username: input.username,
        ...(input.firstName ? { firstName: input.firstName } : {}),
        ...(input.id !== undefined ? { id: input.id } : {}),
        ...(input.token ? { token: input.token } : {}),
        ...(input.channelUsername ? { channelUsername: input.channelUsername } : {}),
        ...(input.channelTitle ? { channelTitle: input.channelTitle } : {}),
      });
      const wh = input.webhook;
      if (wh) {
        const url = (typeof wh === 'object' && wh.url) || (state.config.webhookTarget ? `${state.config.webhookTarget.replace(/\/+$/, '')}/webhooks/telegram` : '');
        if (url) bot.webhook = { url, maxConnections: 40, secretToken: (typeof wh === 'object' && wh.secretToken) || state.ids.string(32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') };
      }
      return describe(state, 'telegram', String(bot.id))!;
    }
    case 'youtube': {
      const client = state.youtube.clients.get(input.clientId ?? state.youtube.defaultClientId);
      if (!client) throw new Error('unknown Google OAuth client');
      const ch = ytChannel(state, { title: input.title, ...(input.handle ? { handle: input.handle } : {}), owned: true, ...(input.id ? { id: input.id } : {}) });
      issueGoogleTokens(state, client, ch.id, input.scopes ?? YT_SCOPES, true);
      for (const title of input.seedVideos ?? [`Profil ${input.title}`]) seedYoutubeVideo(state, ch.id, title);
      return describe(state, 'youtube', ch.id)!;
    }
    case 'tiktok': {
      const app = state.tiktok.apps.get(input.clientKey ?? state.tiktok.defaultClientKey);
      if (!app) throw new Error('unknown TikTok client');
      const u = tiktokUser(state, { username: input.username, ...(input.displayName ? { displayName: input.displayName } : {}), ...(input.openId ? { openId: input.openId } : {}) });
      issueTiktokTokens(state, app, u.openId, input.scopes ?? TT_SCOPES);
      return describe(state, 'tiktok', u.openId)!;
    }
  }
}

/** the most recently issued token that still works (falls back to the newest one at all) */
function latest(state: FakeState, pred: (t: Token) => boolean) {
  const all = state.tokens.find(pred);
  const valid = all.filter((t) => state.tokens.check(t.value).status === 'ok');
  return valid[valid.length - 1] ?? all[all.length - 1];
}

/** The current description (ids + freshest credentials) of an account, or undefined. */
export function describe(state: FakeState, platform: Platform, id: string): AccountInfo | undefined {
  switch (platform) {
    case 'facebook': {
      const page = state.meta.pages.get(id);
      if (!page) return undefined;
      const pt = latest(state, (t) => t.family === 'meta' && t.kind === 'page' && t.subjectId === page.id);
      const ut = pt ? state.tokens.tokens.get(String(pt.data.fromUserToken)) : undefined;
      return {
        platform,
        id: page.id,
        name: page.name,
        username: page.username,
        appId: pt?.appId ?? state.meta.defaultAppId,
        credentials: { accessToken: pt?.value ?? '', expiresAt: iso(pt?.expiresAt ?? null), scopes: pt?.scopes ?? [...FB_SCOPES, ...IG_FB_SCOPES], ...(ut ? { userAccessToken: ut.value } : {}) },
        extra: { ownerUserId: page.ownerUserId, linkedInstagramId: page.igUserId, postIds: page.postIds.slice(0, 10) },
      };
    }
    case 'instagram': {
      const ig = state.meta.igUsers.get(id);
      if (!ig) return undefined;
      const t = ig.loginType === 'instagram'
        ? latest(state, (x) => x.family === 'instagram_login' && x.subjectId === ig.id)
        : latest(state, (x) => x.family === 'meta' && x.kind === 'page' && x.subjectId === ig.pageId);
      return {
        platform,
        id: ig.id,
        name: ig.name,
        username: ig.username,
        appId: ig.appId,
        credentials: { accessToken: t?.value ?? '', expiresAt: iso(t?.expiresAt ?? null), scopes: t?.scopes ?? [] },
        extra: { loginType: ig.loginType, pageId: ig.pageId, graphHost: ig.loginType === 'instagram' ? 'graph-instagram' : 'graph', mediaIds: ig.mediaIds.slice(0, 10) },
      };
    }
    case 'whatsapp': {
      const phone = state.meta.waPhones.get(id);
      if (!phone) return undefined;
      const waba = state.meta.wabas.get(phone.wabaId);
      const t = latest(state, (x) => x.family === 'meta' && x.kind === 'system_user' && !!waba && (state.meta.users.get(x.subjectId)?.wabaIds.includes(waba.id) ?? false));
      return {
        platform,
        id: phone.id,
        name: phone.verifiedName,
        appId: t?.appId ?? state.meta.defaultAppId,
        credentials: { accessToken: t?.value ?? '', expiresAt: iso(t?.expiresAt ?? null), scopes: t?.scopes ?? [] },
        extra: { wabaId: phone.wabaId, displayPhoneNumber: phone.displayPhoneNumber, templates: waba?.templates.map((x) => ({ name: x.name, language: x.language, status: x.status })) },
      };
    }
    case 'x': {
      const u = state.x.users.get(id);
      if (!u) return undefined;
      const t = latest(state, (x) => x.family === 'x' && x.kind === 'oauth2_user' && x.subjectId === u.id);
      const o1 = latest(state, (x) => x.family === 'x' && x.kind === 'user' && x.subjectId === u.id);
      return {
        platform,
        id: u.id,
        name: u.name,
        username: u.username,
        appId: t?.appId ?? state.x.defaultAppId,
        credentials: {
          accessToken: t?.value ?? '',
          ...(t?.pair ? { refreshToken: t.pair } : {}),
          expiresAt: iso(t?.expiresAt ?? null),
          scopes: t?.scopes ?? [],
          ...(o1 ? { oauth1: { accessToken: o1.value, accessSecret: String(o1.data.oauth1Secret) } } : {}),
        },
        extra: {},
      };
    }
    case 'telegram': {
      const bot = state.telegram.bots.get(Number(id));
      if (!bot) return undefined;
      const channel = bot.channelId !== undefined ? state.telegram.chats.get(bot.channelId) : undefined;
      return {
        platform,
        id: String(bot.id),
        name: bot.firstName,
        username: bot.username,
        appId: 'telegram',
        credentials: { accessToken: bot.token, expiresAt: null, scopes: [], ...(bot.webhook?.secretToken ? { webhookSecretToken: bot.webhook.secretToken } : {}) },
        extra: { channelChatId: bot.channelId, channelUsername: channel?.username ? `@${channel.username}` : undefined, groupChatId: bot.groupId, webhookUrl: bot.webhook?.url ?? null },
      };
    }
    case 'youtube': {
      const ch = state.youtube.channels.get(id);
      if (!ch) return undefined;
      const t = latest(state, (x) => x.family === 'google' && x.kind === 'oauth2_user' && x.subjectId === ch.id);
      return {
        platform,
        id: ch.id,
        name: ch.title,
        username: `@${ch.handle}`,
        appId: t?.appId ?? state.youtube.defaultClientId,
        credentials: { accessToken: t?.value ?? '', ...(t?.pair ? { refreshToken: t.pair } : {}), expiresAt: iso(t?.expiresAt ?? null), scopes: t?.scopes ?? [] },
        extra: { videoIds: [...state.youtube.videos.values()].filter((v) => v.channelId === ch.id && !v.deleted).map((v) => v.id) },
      };
    }
    case 'tiktok': {
      const u = state.tiktok.users.get(id);
      if (!u) return undefined;
      const t = latest(state, (x) => x.family === 'tiktok' && x.kind === 'oauth2_user' && x.subjectId === u.openId);
      return {
        platform,
        id: u.openId,
        name: u.displayName,
        username: u.username,
        appId: t?.appId ?? state.tiktok.defaultClientKey,
        credentials: { accessToken: t?.value ?? '', ...(t?.pair ? { refreshToken: t.pair } : {}), expiresAt: iso(t?.expiresAt ?? null), scopes: t?.scopes ?? [] },
        extra: {},
      };
    }
  }
}

export function listAccounts(state: FakeState, platform?: Platform): AccountInfo[] {
  const out: AccountInfo[] = [];
  const add = (p: Platform, ids: Iterable<string>) => {
    if (platform && platform !== p) return;
    for (const id of ids) {
      const a = describe(state, p, id);
      if (a) out.push(a);
    }
  };
  add('facebook', state.meta.pages.keys());
  add('instagram', state.meta.igUsers.keys());
  add('whatsapp', state.meta.waPhones.keys());
  add('x', [...state.x.users.values()].filter((u) => u.connected).map((u) => u.id));
  add('telegram', [...state.telegram.bots.keys()].map(String));
  add('youtube', [...state.youtube.channels.values()].filter((c) => c.owned).map((c) => c.id));
  add('tiktok', [...state.tiktok.users.values()].filter((u) => u.connected).map((u) => u.openId));
  return out;
}

/** Recent content of an account that citizens can react to (posts, media, tweets, videos, channel posts, bot replies). */
export function accountContent(state: FakeState, platform: Platform, id: string): { id: string; text: string; createdAt: string }[] {
  const out: { id: string; text: string; createdAt: number }[] = [];
  switch (platform) {
    case 'facebook':
      for (const pid of state.meta.pages.get(id)?.postIds ?? []) {
        const p = state.meta.posts.get(pid);
        if (p && !p.deleted && p.published && !p.author) out.push({ id: p.id, text: p.message ?? '', createdAt: p.createdAt });
      }
      break;
    case 'instagram':
      for (const mid of state.meta.igUsers.get(id)?.mediaIds ?? []) {
        const m = state.meta.igMedia.get(mid);
        if (m && !m.deleted) out.push({ id: m.id, text: m.caption ?? '', createdAt: m.createdAt });
      }
      break;
    case 'x':
      for (const t of state.x.tweets.values()) if (t.authorId === id && !t.deleted && !t.replyToTweetId) out.push({ id: t.id, text: t.text, createdAt: t.createdAt });
      break;
    case 'youtube':
      for (const v of state.youtube.videos.values()) if (v.channelId === id && !v.deleted) out.push({ id: v.id, text: v.title, createdAt: v.createdAt });
      break;
    case 'telegram': {
      const bot = state.telegram.bots.get(Number(id));
      const ch = bot?.channelId !== undefined ? state.telegram.chats.get(bot.channelId) : undefined;
      for (const m of ch?.messages.values() ?? []) out.push({ id: String(m.message_id), text: String(m.text ?? m.caption ?? ''), createdAt: Number(m.date) * 1000 });
      break;
    }
    case 'tiktok':
      for (const v of state.tiktok.videos.values()) if (v.openId === id) out.push({ id: v.id, text: v.title, createdAt: v.createdAt });
      break;
    case 'whatsapp':
      break;
  }
  return out.sort((a, b) => b.createdAt - a.createdAt).slice(0, 50).map((x) => ({ ...x, createdAt: new Date(x.createdAt).toISOString() }));
}
