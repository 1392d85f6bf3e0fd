// Helpers shared by the Facebook, Instagram and WhatsApp parts of the Meta fake.
import type { FakeState } from '../../core/state.ts';
import { hash32 } from '../../core/rng.ts';
import type { Token } from '../../core/tokens.ts';
import type { GraphCtx } from './graph.ts';
import { GraphError, gerr, requireToken } from './graph.ts';
import type { Citizen, Conversation, FbPage, IgUser, MetaStore, Waba } from './store.ts';

export interface CitizenInput {
  key?: string;
  name?: string;
  username?: string;
  /** WhatsApp number; digits (leading + and spaces are removed) */
  phone?: string;
}

export function normalizeWaId(phone: string): string {
  let d = phone.replace(/[^0-9]/g, '');
  if (d.startsWith('0')) d = '62' + d.slice(1);
  return d;
}

export function citizen(state: FakeState, input: CitizenInput = {}): Citizen {
  const store = state.meta;
  const key = input.key ?? input.username ?? input.phone ?? input.name ?? `anon-${state.ids.counter('anon')}`;
  let c = store.citizens.get(key);
  if (!c) {
    const name = input.name ?? `Warga ${key}`;
    const username = (input.username ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '_')).replace(/^_+|_+$/g, '').slice(0, 30) || `warga_${state.ids.counter('anonu')}`;
    // fictional numbers: 62 8xx 0000 xxxx (the 0000 block marks them as made up)
    const h = hash32(key);
    const waId = input.phone ? normalizeWaId(input.phone) : `62${['811', '812', '813', '821', '822', '852', '853', '857'][h % 8]}0000${String(h % 10_000).padStart(4, '0')}`;
    c = { key, name, username, asid: state.ids.numeric('meta', '10', 16), waId };
    store.citizens.set(key, c);
  } else {
    if (input.name) c.name = input.name;
    if (input.phone) c.waId = normalizeWaId(input.phone);
  }
  return c;
}

export function psidFor(state: FakeState, page: FbPage, c: Citizen): string {
  let id = page.psids.get(c.key);
  if (!id) {
    id = state.ids.numeric('meta', '2', 16);
    page.psids.set(c.key, id);
    state.meta.scopedIds.set(id, { accountId: page.id, citizenKey: c.key, platform: 'messenger' });
  }
  return id;
}

export function igsidFor(state: FakeState, ig: IgUser, c: Citizen): string {
  let id = ig.igsids.get(c.key);
  if (!id) {
    id = state.ids.numeric('meta', '17', 17);
    ig.igsids.set(c.key, id);
    state.meta.scopedIds.set(id, { accountId: ig.id, citizenKey: c.key, platform: 'instagram' });
  }
  return id;
}

export function conversationFor(state: FakeState, platform: 'messenger' | 'instagram', accountId: string, userId: string, c: Citizen, pageId?: string): Conversation {
  const store = state.meta;
  for (const conv of store.conversations.values()) {
    if (conv.platform === platform && conv.accountId === accountId && conv.userId === userId) return conv;
  }
  const conv: Conversation = {
    id: platform === 'messenger' ? `t_${state.ids.numeric('meta', '1', 15)}` : `aWdfZAG06${state.ids.string(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
    platform,
    accountId,
    userId,
    userName: platform === 'messenger' ? c.name : c.username,
    citizenKey: c.key,
    messageIds: [],
    lastInboundAt: null,
    updatedAt: state.now(),
    ...(pageId === undefined ? {} : { pageId }),
  };
  store.conversations.set(conv.id, conv);
  if (platform === 'messenger') store.pages.get(accountId)?.conversationIds.push(conv.id);
  else store.igUsers.get(accountId)?.conversationIds.push(conv.id);
  return conv;
}

export function messageId(state: FakeState, platform: 'messenger' | 'instagram'): string {
  return platform === 'messenger'
    ? `m_${state.ids.string(40)}`
    : `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxN${state.ids.string(30, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
}

/** the FB user (admin or system user) behind a token */
export function tokenUserId(token: Token): string | null {
  if (token.kind === 'user' || token.kind === 'system_user') return token.subjectId;
  return typeof token.data.userId === 'string' ? token.data.userId : null;
}

export function canManagePage(store: MetaStore, token: Token, pageId: string): boolean {
  if (token.kind === 'page') return token.subjectId === pageId;
  const uid = tokenUserId(token);
  if (!uid) return false;
  return store.users.get(uid)?.pageIds.includes(pageId) ?? false;
}

/** Requires a token allowed to act for the Page; publishing and moderation want a Page token. */
export function requirePage(ctx: GraphCtx, pageId: string, opts: { pageToken?: boolean } = {}): FbPage {
  const page = ctx.store.pages.get(pageId);
  const token = requireToken(ctx);
  if (!page) throw gerr.unsupported(ctx.inc.method, pageId);
  ctx.pageId = page.id;
  if (token.kind === 'app') return page;
  if (!canManagePage(ctx.store, token, pageId)) throw gerr.unsupported(ctx.inc.method, pageId);
  if (opts.pageToken && token.kind !== 'page') throw gerr.pageTokenRequired();
  return page;
}

export function requireIg(ctx: GraphCtx, igUserId: string): IgUser {
  const ig = ctx.store.igUsers.get(igUserId);
  const token = requireToken(ctx);
  if (!ig) throw gerr.unsupported(ctx.inc.method, igUserId);
  ctx.igUserId = ig.id;
  if (token.kind === 'app') return ig;
  if (token.family === 'instagram_login') {
    if (token.subjectId !== ig.id) throw gerr.unsupported(ctx.inc.method, igUserId);
    return ig;
  }
  if (!ig.pageId || !canManagePage(ctx.store, token, ig.pageId)) throw gerr.unsupported(ctx.inc.method, igUserId);
  ctx.pageId = ig.pageId;
  return ig;
}

export function requireWaba(ctx: GraphCtx, wabaId: string): Waba {
  const waba = ctx.store.wabas.get(wabaId);
  const token = requireToken(ctx);
  if (!waba) throw gerr.unsupported(ctx.inc.method, wabaId);
  if (token.kind === 'app') return waba;
  const uid = tokenUserId(token);
  if (!uid || !ctx.store.users.get(uid)?.wabaIds.includes(wabaId)) throw gerr.unsupported(ctx.inc.method, wabaId);
  return waba;
}

/** IG permissions have two names depending on the login flavour. */
export function igScopes(ctx: GraphCtx, what: 'basic' | 'content_publish' | 'manage_comments' | 'manage_messages' | 'manage_insights'): string[][] {
  const token = requireToken(ctx);
  if (token.family === 'instagram_login') return [[`instagram_business_${what}`]];
  return [[`instagram_${what}`], [`instagram_business_${what}`]];
}

/** Deterministic, slowly growing numbers for insights. */
export function metric(state: FakeState, objectId: string, name: string, createdAt: number, engagement: number): number {
  const ageH = Math.max(0, (state.now() - createdAt) / 3_600_000);
  const base = 40 + (hash32(objectId + name) % 400);
  const growth = Math.min(1, Math.log10(1 + ageH) / 2 + 0.1);
  return Math.round(base * growth + engagement * (7 + (hash32(name) % 13)));
}

export function messengerWindowError(): GraphError {
  return new GraphError(
    400,
    10,
    '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
    { subcode: 2018278 },
  );
}

export const DAY_MS = 86_400_000;
