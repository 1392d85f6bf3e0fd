// Citizen actions injected through the control API: one discriminated input for every platform.
import type { FakeState } from './core/state.ts';
import type { Platform } from './core/types.ts';
import type { CitizenInput } from './platforms/meta/common.ts';
import { injectFbComment, injectFbMention, injectFbMessage, injectIgComment, injectIgMention, injectIgMessage, injectWaMessage } from './platforms/meta/setup.ts';
import { createDm, createTweet, xUser } from './platforms/x.ts';
import { injectTelegramComment, injectTelegramMessage } from './platforms/telegram.ts';
import { injectYoutubeComment } from './platforms/youtube.ts';
import { emitTiktok } from './platforms/tiktok.ts';

export type { CitizenInput };

export type InjectInput =
  | { platform: 'facebook'; type: 'comment'; accountId: string; text: string; postId?: string; parentId?: string; from?: CitizenInput; attachmentUrl?: string }
  | { platform: 'facebook'; type: 'message'; accountId: string; text: string; from?: CitizenInput; attachmentUrl?: string }
  | { platform: 'facebook'; type: 'mention'; accountId: string; text: string; from?: CitizenInput }
  | { platform: 'instagram'; type: 'comment'; accountId: string; text: string; mediaId?: string; parentId?: string; from?: CitizenInput }
  | { platform: 'instagram'; type: 'mention'; accountId: string; text: string; from?: CitizenInput; kind?: 'caption' | 'comment' }
  | { platform: 'instagram'; type: 'message'; accountId: string; text: string; from?: CitizenInput; attachmentUrl?: string }
  | { platform: 'whatsapp'; type: 'message'; accountId: string; text?: string; from?: CitizenInput; messageType?: 'text' | 'image' | 'location' | 'button'; contextId?: string; location?: { latitude: number; longitude: number; name?: string; address?: string } }
  | { platform: 'x'; type: 'mention' | 'reply'; accountId: string; text: string; from?: CitizenInput; inReplyToTweetId?: string }
  | { platform: 'x'; type: 'dm'; accountId: string; text: string; from?: CitizenInput }
  | { platform: 'telegram'; type: 'message'; accountId: string; text?: string; from?: CitizenInput; replyToMessageId?: number; photo?: boolean }
  | { platform: 'telegram'; type: 'comment'; accountId: string; text: string; from?: CitizenInput; channelMessageId?: number; replyToMessageId?: number }
  | { platform: 'telegram'; type: 'block'; accountId: string; from?: CitizenInput }
  | { platform: 'youtube'; type: 'comment'; accountId: string; text: string; videoId?: string; parentId?: string; from?: CitizenInput; heldForReview?: boolean }
  | { platform: 'tiktok'; type: 'authorization_removed'; accountId: string };

export interface InjectResult {
  platform: Platform;
  type: string;
  ids: Record<string, string>;
  /** webhook deliveries created (empty for polled platforms: YouTube comments, X without webhooks) */
  deliveries: string[];
}

function xCitizen(state: FakeState, from: CitizenInput | undefined) {
  const key = from?.key ?? from?.username ?? from?.name ?? `anon-${state.ids.counter('xanon')}`;
  const handle = (from?.username ?? key).replace(/^@/, '').replace(/[^A-Za-z0-9_]/g, '_').slice(0, 15) || `warga${state.ids.counter('xh')}`;
  return xUser(state, { username: handle, name: from?.name ?? handle, citizenKey: key });
}

export function inject(state: FakeState, input: InjectInput): InjectResult {
  const base = { platform: input.platform, type: input.type };
  switch (input.platform) {
    case 'facebook': {
      if (input.type === 'comment') return { ...base, ...injectFbComment(state, { pageId: input.accountId, text: input.text, ...(input.postId ? { postId: input.postId } : {}), ...(input.parentId ? { parentId: input.parentId } : {}), ...(input.from ? { from: input.from } : {}), ...(input.attachmentUrl ? { attachmentUrl: input.attachmentUrl } : {}) }) };
      if (input.type === 'message') return { ...base, ...injectFbMessage(state, { pageId: input.accountId, text: input.text, ...(input.from ? { from: input.from } : {}), ...(input.attachmentUrl ? { attachmentUrl: input.attachmentUrl } : {}) }) };
      return { ...base, ...injectFbMention(state, { pageId: input.accountId, text: input.text, ...(input.from ? { from: input.from } : {}) }) };
    }
    case 'instagram': {
      if (input.type === 'comment') return { ...base, ...injectIgComment(state, { igUserId: input.accountId, text: input.text, ...(input.mediaId ? { mediaId: input.mediaId } : {}), ...(input.parentId ? { parentId: input.parentId } : {}), ...(input.from ? { from: input.from } : {}) }) };
      if (input.type === 'mention') return { ...base, ...injectIgMention(state, { igUserId: input.accountId, text: input.text, ...(input.from ? { from: input.from } : {}), ...(input.kind ? { kind: input.kind } : {}) }) };
      return { ...base, ...injectIgMessage(state, { igUserId: input.accountId, text: input.text, ...(input.from ? { from: input.from } : {}), ...(input.attachmentUrl ? { attachmentUrl: input.attachmentUrl } : {}) }) };
    }
    case 'whatsapp':
      return {
        ...base,
        ...injectWaMessage(state, {
          phoneId: input.accountId,
          ...(input.text !== undefined ? { text: input.text } : {}),
          ...(input.from ? { from: input.from } : {}),
          ...(input.messageType ? { type: input.messageType } : {}),
          ...(input.contextId ? { contextId: input.contextId } : {}),
          ...(input.location ? { location: input.location } : {}),
        }),
      };
    case 'x': {
      const gov = state.x.users.get(input.accountId);
      if (!gov) throw new Error(`unknown X account ${input.accountId}`);
      const citizen = xCitizen(state, input.from);
      if (input.type === 'dm') {
        const ev = createDm(state, citizen.id, gov.id, input.text);
        const deliveries = state.webhooks.list({ platform: 'x', limit: 10, includeBody: false }).filter((d) => d.eventIds.includes(ev.id)).map((d) => d.id);
        return { ...base, ids: { dmEventId: ev.id, conversationId: ev.conversationId, fromId: citizen.id, citizenKey: citizen.citizenKey ?? '' }, deliveries };
      }
      let replyTo = input.inReplyToTweetId;
      if (!replyTo && input.type === 'reply') {
        const own = [...state.x.tweets.values()].filter((t) => t.authorId === gov.id && !t.deleted).sort((a, b) => b.createdAt - a.createdAt).slice(0, 5);
        replyTo = own.length ? state.rng.pick(own).id : undefined;
      }
      const text = replyTo || input.text.toLowerCase().includes(`@${gov.username.toLowerCase()}`) ? input.text : `@${gov.username} ${input.text}`;
      const t = createTweet(state, { authorId: citizen.id, text, ...(replyTo ? { replyTo } : {}) });
      const deliveries = state.webhooks.list({ platform: 'x', limit: 10, includeBody: false }).filter((d) => d.eventIds.includes(t.id)).map((d) => d.id);
      return { ...base, ids: { tweetId: t.id, conversationId: t.conversationId, fromId: citizen.id, citizenKey: citizen.citizenKey ?? '', ...(replyTo ? { inReplyToTweetId: replyTo } : {}) }, deliveries };
    }
    case 'telegram': {
      const botId = Number(input.accountId);
      if (input.type === 'comment') return { ...base, ...injectTelegramComment(state, { botId, text: input.text, ...(input.from ? { from: input.from } : {}), ...(input.channelMessageId !== undefined ? { channelMessageId: input.channelMessageId } : {}), ...(input.replyToMessageId !== undefined ? { replyToMessageId: input.replyToMessageId } : {}) }) };
      if (input.type === 'block') return { ...base, ...injectTelegramMessage(state, { botId, blockBot: true, ...(input.from ? { from: input.from } : {}) }) };
      return { ...base, ...injectTelegramMessage(state, { botId, ...(input.text !== undefined ? { text: input.text } : {}), ...(input.from ? { from: input.from } : {}), ...(input.replyToMessageId !== undefined ? { replyToMessageId: input.replyToMessageId } : {}), ...(input.photo ? { photo: true } : {}) }) };
    }
    case 'youtube':
      return { ...base, ...injectYoutubeComment(state, { channelId: input.accountId, text: input.text, ...(input.videoId ? { videoId: input.videoId } : {}), ...(input.parentId ? { parentId: input.parentId } : {}), ...(input.from ? { from: input.from } : {}), ...(input.heldForReview ? { heldForReview: true } : {}) }) };
    case 'tiktok': {
      const tokens = state.tokens.find((t) => t.family === 'tiktok' && t.subjectId === input.accountId);
      const app = state.tiktok.apps.get(tokens[0]?.appId ?? state.tiktok.defaultClientKey);
      if (!app) throw new Error('unknown TikTok client');
      state.tokens.revokeWhere((t) => t.family === 'tiktok' && t.subjectId === input.accountId, 'authorization removed by the user');
      const id = emitTiktok(state, app, input.accountId, 'authorization.removed', { reason: 1 });
      return { ...base, ids: { openId: input.accountId }, deliveries: [id] };
    }
  }
}
