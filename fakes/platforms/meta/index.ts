// Routes of the Meta fake: graph.facebook.com (/graph), graph-video.facebook.com (/graph-video),
// graph.instagram.com (/graph-instagram), rupload.facebook.com (/rupload), the OAuth dialogs
// (www.facebook.com -> /www-facebook, www.instagram.com -> /www-instagram, api.instagram.com ->
// /api-instagram) and WhatsApp media downloads (lookaside.fbsbx.com -> /lookaside).
import type { FastifyInstance } from 'fastify';
import type { FakeState } from '../../core/state.ts';
import { bearer, parseIncoming, sendJson, str } from '../../core/http.ts';
import { chooseSubject, consentPage, redirectTo } from '../../core/oauth.ts';
import { metaVerifyCallback } from '../../core/webhooks.ts';
import type { Platform } from '../../core/types.ts';
import type { GraphCtx, GraphRouter } from './graph.ts';
import { GraphError, NOT_HANDLED, authenticate, gerr, graphErrorBody, handleGraph, paginate, requireParam, requireToken } from './graph.ts';
import { project } from './fields.ts';
import { DAY_MS, tokenUserId } from './common.ts';
import { commentNode, conversationNode, messageNode, pageNode, pageTokenFor, photoNode, postNode, renderPage, ruploadVideo, sendMessage, videoNode } from './facebook.ts';
import { igCommentNode, igContainerNode, igMediaNode, igUserNode, ruploadIg } from './instagram.ts';
import { waMediaNode, waPhoneNode, wabaNode } from './whatsapp.ts';
import { callbackUrl } from './events.ts';
import type { MetaObject, OAuthCode } from './store.ts';

function platformOf(state: FakeState, id: string): Platform | null {
  const s = state.meta;
  if (s.pages.has(id) || s.posts.has(id) || s.comments.has(id) || s.photos.has(id) || s.videos.has(id)) return 'facebook';
  if (s.igUsers.has(id) || s.igMedia.has(id) || s.igComments.has(id) || s.igContainers.has(id)) return 'instagram';
  if (s.wabas.has(id) || s.waPhones.has(id) || s.waMedia.has(id)) return 'whatsapp';
  const conv = s.conversations.get(id);
  if (conv) return conv.platform === 'messenger' ? 'facebook' : 'instagram';
  return null;
}

function tokenType(kind: string): string {
  return kind === 'page' ? 'PAGE' : kind === 'app' ? 'APP' : kind === 'system_user' ? 'SYSTEM_USER' : 'USER';
}

function debugToken(ctx: GraphCtx): Record<string, unknown> {
  const caller = authenticate(ctx);
  if (!caller) throw new GraphError(400, 104, 'An access token is required to request this resource.');
  ctx.token = caller;
  const input = requireParam(ctx, 'input_token');
  const pipe = input.indexOf('|');
  if (pipe > 0) {
    const app = ctx.store.apps.get(input.slice(0, pipe));
    const ok = !!app && app.secret === input.slice(pipe + 1);
    return { data: ok ? { app_id: app.id, type: 'APP', application: app.name, is_valid: true, scopes: [] } : { is_valid: false, scopes: [], error: { code: 190, message: 'Invalid OAuth access token signature.' } } };
  }
  const check = ctx.state.tokens.check(input);
  if (check.status === 'unknown') {
    return { data: { is_valid: false, scopes: [], error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' } } };
  }
  const t = check.token;
  const app = ctx.store.apps.get(t.appId);
  const data: Record<string, unknown> = {
    app_id: t.appId,
    type: tokenType(t.kind),
    application: app?.name ?? t.appId,
    data_access_expires_at: typeof t.data.dataAccessExpiresAt === 'number' ? t.data.dataAccessExpiresAt : 0,
    expires_at: t.expiresAt === null ? 0 : Math.floor(t.expiresAt / 1000),
    is_valid: check.status === 'ok',
    issued_at: Math.floor(t.issuedAt / 1000),
    scopes: t.scopes,
    granular_scopes: t.scopes.map((scope) => {
      const uid = tokenUserId(t);
      const user = uid ? ctx.store.users.get(uid) : undefined;
      if (scope.startsWith('pages_') && user) return { scope, target_ids: user.pageIds };
      if (scope.startsWith('whatsapp_') && user) return { scope, target_ids: user.wabaIds };
      return { scope };
    }),
    user_id: tokenUserId(t) ?? t.subjectId,
  };
  if (t.kind === 'page') data.profile_id = t.subjectId;
  if (check.status === 'expired') {
    data.error = { code: 190, message: `Error validating access token: Session has expired on ${new Date(t.expiresAt ?? 0).toUTCString()}.`, subcode: 463 };
  }
  if (check.status === 'revoked') {
    data.error = { code: 190, message: 'Error validating access token: The user has not authorized application ' + t.appId + '.', subcode: t.revoked?.subcode ?? 458 };
  }
  return { data };
}

function exchangeToken(ctx: GraphCtx): Record<string, unknown> {
  const p = ctx.inc.params;
  const grant = str(p, 'grant_type');
  const clientId = str(p, 'client_id');
  const app = clientId ? ctx.store.apps.get(clientId) : undefined;
  if (!app) throw new GraphError(400, 101, 'Error validating application. Invalid application ID.');
  ctx.app = app;
  const secret = str(p, 'client_secret');
  if (grant === 'client_credentials') {
    if (secret !== app.secret) throw new GraphError(400, 1, 'Error validating client secret.');
    return { access_token: `${app.id}|${app.secret}`, token_type: 'bearer' };
  }
  if (secret !== app.secret) throw new GraphError(400, 1, 'Error validating client secret.');
  if (grant === 'fb_exchange_token') {
    const short = str(p, 'fb_exchange_token');
    const check = ctx.state.tokens.check(short);
    if (check.status !== 'ok' || check.token.appId !== app.id) {
      throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    const t = check.token;
    const ttl = ctx.state.config.tokenTtl.metaLongUser;
    const long = ctx.state.tokens.issue({ family: 'meta', kind: t.kind, appId: app.id, subjectId: t.subjectId, scopes: t.scopes, ttlSec: t.kind === 'page' ? null : ttl, data: { ...t.data, longLived: true, dataAccessExpiresAt: ctx.state.nowSec() + 90 * 86400 } });
    ctx.state.record({ platform: 'facebook', kind: 'token_issued', accountId: t.subjectId, data: { type: 'long_lived_user', appId: app.id } });
    return t.kind === 'page' ? { access_token: long.value, token_type: 'bearer' } : { access_token: long.value, token_type: 'bearer', expires_in: ttl };
  }
  const code = str(p, 'code');
  if (!code) throw gerr.param('(#100) Missing authorization code');
  const rec = ctx.store.oauthCodes.get(code);
  if (!rec || rec.kind !== 'facebook') throw new GraphError(400, 100, 'Invalid verification code format.', { subcode: 36007 });
  if (rec.used) throw new GraphError(400, 100, 'This authorization code has been used.', { subcode: 36009 });
  if (rec.expiresAt < ctx.state.now()) throw new GraphError(400, 100, 'This authorization code has expired.', { subcode: 36007 });
  if (rec.appId !== app.id) throw new GraphError(400, 100, 'Invalid verification code format.', { subcode: 36007 });
  if (str(p, 'redirect_uri') !== rec.redirectUri) {
    throw new GraphError(400, 100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', { subcode: 36008 });
  }
  rec.used = true;
  const ttl = ctx.state.config.tokenTtl.metaShortUser;
  const t = ctx.state.tokens.issue({ family: 'meta', kind: 'user', appId: app.id, subjectId: rec.userId, scopes: rec.scopes, ttlSec: ttl, data: { longLived: false, dataAccessExpiresAt: ctx.state.nowSec() + 90 * 86400 } });
  ctx.state.record({ platform: 'facebook', kind: 'token_issued', accountId: rec.userId, data: { type: 'user', appId: app.id, scopes: rec.scopes } });
  return { access_token: t.value, token_type: 'bearer', expires_in: ttl };
}

async function appSubscriptions(ctx: GraphCtx, appId: string): Promise<unknown> {
  const app = ctx.store.apps.get(appId);
  if (!app) throw gerr.unsupported(ctx.inc.method, appId);
  const token = requireToken(ctx);
  if (token.kind !== 'app' || token.appId !== app.id) {
    throw new GraphError(400, 15, '(#15) This method must be called with an app access_token.');
  }
  const m = ctx.inc.method;
  if (m === 'GET') {
    return {
      data: Object.values(app.subscriptions).map((s) => ({
        object: s.object,
        callback_url: s.callbackUrl ?? callbackUrl(ctx.state, app, s.object, s.object === 'page' ? 'facebook' : s.object === 'instagram' ? 'instagram' : 'whatsapp'),
        active: s.active,
        fields: s.fields.map((name) => ({ name, version: ctx.version })),
      })),
    };
  }
  const object = str(ctx.inc.params, 'object') as MetaObject | undefined;
  if (!object || !['page', 'instagram', 'whatsapp_business_account', 'user', 'permissions'].includes(object)) {
    throw gerr.param('(#100) Param object must be one of {page, instagram, whatsapp_business_account, user, permissions}');
  }
  if (m === 'DELETE') {
    const fields = str(ctx.inc.params, 'fields')?.split(',').filter(Boolean);
    const sub = app.subscriptions[object];
    if (sub && fields?.length) sub.fields = sub.fields.filter((f) => !fields.includes(f));
    else delete app.subscriptions[object];
    return { success: true };
  }
  if (m === 'POST') {
    const url = requireParam(ctx, 'callback_url');
    const verifyToken = requireParam(ctx, 'verify_token');
    const fields = (str(ctx.inc.params, 'fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    const result = await metaVerifyCallback(ctx.state, url, verifyToken);
    if (!result.ok) {
      throw new GraphError(400, 2200, `(#2200) Callback verification failed with the following errors: ${result.error ?? `HTTP Status Code = ${result.status}; HTTP Message = ${result.received ?? ''}`}`);
    }
    const existing = app.subscriptions[object];
    app.subscriptions[object] = {
      object,
      callbackUrl: url,
      verifyToken,
      fields: [...new Set([...(existing?.fields ?? []), ...fields])],
      active: true,
      includeValues: str(ctx.inc.params, 'include_values') !== 'false',
      lastVerification: result,
    };
    return { success: true };
  }
  throw gerr.unsupported(m, `${appId}/subscriptions`);
}

function userNode(ctx: GraphCtx, userId: string, edge: string | undefined): unknown {
  const user = ctx.store.users.get(userId);
  const token = requireToken(ctx);
  if (!user) throw gerr.unsupported(ctx.inc.method, userId);
  if (tokenUserId(token) !== user.id && token.kind !== 'app') throw gerr.unsupported(ctx.inc.method, userId);
  const m = ctx.inc.method;
  if (!edge && m === 'GET') return project({ id: user.id, name: user.name }, 'User', ctx.fields, ['name', 'id']);
  if (edge === 'accounts' && m === 'GET') {
    const pages = user.pageIds.map((id) => ctx.store.pages.get(id)).filter((p) => !!p);
    return paginate(ctx, pages, (page) => {
      const r = renderPage(ctx, page);
      const pt = pageTokenFor(ctx.state, page, token.value);
      const base = project({ ...r, access_token: pt.value, category_list: [{ id: '2235', name: page.category }] }, 'Page', ctx.fields, ['access_token', 'category', 'category_list', 'name', 'id', 'tasks']);
      return base;
    });
  }
  if (edge === 'permissions') {
    if (m === 'GET') return { data: token.scopes.map((permission) => ({ permission, status: 'granted' })) };
    if (m === 'DELETE') {
      const perm = str(ctx.inc.params, 'permission');
      if (perm) {
        for (const t of ctx.state.tokens.find((x) => x.appId === token.appId && (tokenUserId(x) === user.id))) t.scopes = t.scopes.filter((s) => s !== perm);
        return { success: true };
      }
      const revoked = ctx.state.tokens.revokeWhere((t) => t.appId === token.appId && tokenUserId(t) === user.id, 'user removed the app', 458);
      ctx.state.record({ platform: 'facebook', kind: 'token_revoked', accountId: user.id, data: { count: revoked.length, reason: 'deauthorized' } });
      return { success: true };
    }
  }
  if (edge === 'businesses' && m === 'GET') return { data: [] };
  throw gerr.unsupported(m, `${userId}${edge ? '/' + edge : ''}`);
}

function igTokenEndpoints(ctx: GraphCtx, name: string): Record<string, unknown> {
  const p = ctx.inc.params;
  const raw = str(p, 'access_token');
  const check = ctx.state.tokens.check(raw);
  if (check.status !== 'ok' || check.token.family !== 'instagram_login') {
    throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
  }
  const t = check.token;
  const ttl = ctx.state.config.tokenTtl.instagramLong;
  if (name === 'access_token') {
    if (str(p, 'grant_type') !== 'ig_exchange_token') throw gerr.param('(#100) grant_type must be ig_exchange_token');
    const app = ctx.store.apps.get(t.appId);
    if (!app || str(p, 'client_secret') !== app.secret) throw new GraphError(400, 1, 'Error validating client secret.');
    const long = ctx.state.tokens.issue({ family: 'instagram_login', kind: 'ig_user', appId: t.appId, subjectId: t.subjectId, scopes: t.scopes, ttlSec: ttl, data: { longLived: true } });
    return { access_token: long.value, token_type: 'bearer', expires_in: ttl };
  }
  if (str(p, 'grant_type') !== 'ig_refresh_token') throw gerr.param('(#100) grant_type must be ig_refresh_token');
  if (t.data.longLived !== true) throw new GraphError(400, 190, 'Only long-lived tokens can be refreshed');
  if (ctx.state.now() - t.issuedAt < DAY_MS) throw new GraphError(400, 10, '(#10) The access token must be at least 24 hours old to be refreshed');
  t.expiresAt = ctx.state.now() + ttl * 1000;
  t.issuedAt = ctx.state.now();
  return { access_token: t.value, token_type: 'bearer', expires_in: ttl, permissions: t.scopes.join(',') };
}

export function createGraphRouter(state: FakeState): GraphRouter {
  return {
    platformOf: (id) => platformOf(state, id),
    async special(ctx, segs) {
      const [a, b] = segs;
      if (a === 'oauth' && b === 'access_token') return exchangeToken(ctx);
      if (a === 'debug_token') return debugToken(ctx);
      if (ctx.host === 'graph-instagram' && (a === 'refresh_access_token' || a === 'access_token') && segs.length === 1) return igTokenEndpoints(ctx, a);
      if (a === 'me') {
        const token = authenticate(ctx);
        ctx.token = token;
        if (!token) throw new GraphError(400, 2500, 'An active access token must be used to query information about the current user.');
        const id = token.kind === 'app' ? token.appId : token.subjectId;
        return this.node(ctx, id, b, segs.slice(2));
      }
      return NOT_HANDLED;
    },
    async node(ctx, id, edge, rest) {
      const s = state.meta;
      if (s.apps.has(id)) {
        if (edge === 'subscriptions') return appSubscriptions(ctx, id);
        const app = s.apps.get(id);
        if (!edge && ctx.inc.method === 'GET' && app) return project({ id: app.id, name: app.name, link: `https://www.facebook.com/games/?app_id=${app.id}` }, 'Application', ctx.fields, ['link', 'name', 'id']);
        throw gerr.unsupported(ctx.inc.method, id);
      }
      if (s.users.has(id)) return userNode(ctx, id, edge);
      const page = s.pages.get(id);
      if (page) {
        // `/me/messages` with a Page token, or IG (FB login) sends through the Page
        if (edge === 'messages' && ctx.inc.method === 'POST') return sendMessage(ctx, page.id, 'page');
        return pageNode(ctx, page, edge, rest);
      }
      const post = s.posts.get(id);
      if (post) return postNode(ctx, post, edge, rest);
      const comment = s.comments.get(id);
      if (comment) return commentNode(ctx, comment, edge);
      if (s.photos.has(id)) return photoNode(ctx, id, edge);
      const video = s.videos.get(id);
      if (video) return videoNode(ctx, video, edge);
      const conv = s.conversations.get(id);
      if (conv) return conversationNode(ctx, conv, edge);
      const msg = s.messages.get(id);
      if (msg) return messageNode(ctx, msg);
      const ig = s.igUsers.get(id);
      if (ig) return igUserNode(ctx, ig, edge);
      const container = s.igContainers.get(id);
      if (container) return igContainerNode(ctx, container, edge);
      const media = s.igMedia.get(id);
      if (media) return igMediaNode(ctx, media, edge);
      const igc = s.igComments.get(id);
      if (igc) return igCommentNode(ctx, igc, edge);
      const phone = s.waPhones.get(id);
      if (phone) return waPhoneNode(ctx, phone, edge);
      const waba = s.wabas.get(id);
      if (waba) return wabaNode(ctx, waba, edge);
      if (s.waMedia.has(id)) return waMediaNode(ctx, id, edge);
      if (!/^\d+(_\d+)?$/.test(id) && !edge) throw gerr.unknownPath(`/${id}`);
      throw gerr.unsupported(ctx.inc.method, id);
    },
    async rupload(ctx, segs) {
      // /rupload/video-upload/{v}/{video_id}  |  /rupload/ig-api-upload/{v}/{container_id}
      const [kind, maybeVersion, maybeId] = segs;
      const id = maybeId ?? maybeVersion;
      if (!id) throw gerr.unknownPath('/' + segs.join('/'));
      if (kind === 'video-upload') return ruploadVideo(ctx, id);
      if (kind === 'ig-api-upload') return ruploadIg(ctx, id);
      throw gerr.unknownPath('/' + segs.join('/'));
    },
  };
}

export function registerMetaRoutes(app: FastifyInstance, state: FakeState): void {
  const router = createGraphRouter(state);
  for (const host of ['graph', 'graph-video', 'graph-instagram', 'rupload'] as const) {
    app.all(`/${host}/*`, (req, reply) => handleGraph(state, router, host, req, reply));
  }

  // Facebook Login dialog: https://www.facebook.com/{v}/dialog/oauth
  app.get('/www-facebook/*', async (req, reply) => {
    const inc = await parseIncoming(req, '/www-facebook');
    const segs = inc.segments[0]?.startsWith('v') ? inc.segments.slice(1) : inc.segments;
    if (segs.join('/') !== 'dialog/oauth') return reply.code(404).type('text/plain').send('Not Found');
    const q = inc.query;
    const fbApp = q.client_id ? state.meta.apps.get(q.client_id) : undefined;
    if (!fbApp || fbApp.kind !== 'facebook') return reply.code(400).type('text/html').send('<h1>Invalid App ID</h1>');
    const redirectUri = q.redirect_uri ?? '';
    if (!redirectUri || (fbApp.redirectUris.length > 0 && !fbApp.redirectUris.includes(redirectUri))) {
      return reply.code(400).type('text/html').send("<h1>URL blocked</h1><p>This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.</p>");
    }
    if (q.fake_deny) return redirectTo(reply, redirectUri, { error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state: q.state }, '#_=_');
    const candidates = [...state.meta.users.values()].filter((u) => !u.system && u.pageIds.length > 0).map((u) => ({
      id: u.id,
      label: `${u.name} (${u.pageIds.map((p) => state.meta.pages.get(p)?.name).join(', ')})`,
    }));
    const scopes = (q.scope ?? '').split(/[ ,]+/).filter(Boolean);
    const subject = chooseSubject(state, 'facebook', q, candidates);
    if (!subject) return consentPage(reply, { title: 'Masuk dengan Facebook (palsu)', appName: fbApp.name, scopes, candidates, currentUrl: state.config.publicUrl + req.url });
    const code: OAuthCode = { code: 'AQ' + state.ids.string(120), appId: fbApp.id, redirectUri, userId: subject, scopes, expiresAt: state.now() + 10 * 60_000, used: false, kind: 'facebook' };
    state.meta.oauthCodes.set(code.code, code);
    return redirectTo(reply, redirectUri, { code: code.code, state: q.state }, '#_=_');
  });

  // Instagram Login: https://www.instagram.com/oauth/authorize
  app.get('/www-instagram/oauth/authorize', async (req, reply) => {
    const inc = await parseIncoming(req, '/www-instagram');
    const q = inc.query;
    const igApp = q.client_id ? state.meta.apps.get(q.client_id) : undefined;
    if (!igApp || igApp.kind !== 'instagram') return reply.code(400).type('application/json').send(JSON.stringify({ error_type: 'OAuthException', code: 400, error_message: 'Invalid platform app' }));
    const redirectUri = q.redirect_uri ?? '';
    if (!redirectUri || (igApp.redirectUris.length > 0 && !igApp.redirectUris.includes(redirectUri))) {
      return reply.code(400).type('application/json').send(JSON.stringify({ error_type: 'OAuthException', code: 400, error_message: 'Invalid redirect_uri' }));
    }
    if (q.fake_deny) return redirectTo(reply, redirectUri, { error: 'access_denied', error_reason: 'user_denied', error_description: 'The user denied your request.', state: q.state });
    const candidates = [...state.meta.igUsers.values()].filter((u) => u.loginType === 'instagram').map((u) => ({ id: u.id, label: `@${u.username}` }));
    const scopes = (q.scope ?? '').split(/[ ,]+/).filter(Boolean);
    const subject = chooseSubject(state, 'instagram', q, candidates);
    if (!subject) return consentPage(reply, { title: 'Masuk dengan Instagram (palsu)', appName: igApp.name, scopes, candidates, currentUrl: state.config.publicUrl + req.url });
    const code: OAuthCode = { code: 'AQ' + state.ids.string(100), appId: igApp.id, redirectUri, userId: subject, scopes, expiresAt: state.now() + 60 * 60_000, used: false, kind: 'instagram' };
    state.meta.oauthCodes.set(code.code, code);
    return redirectTo(reply, redirectUri, { code: code.code, state: q.state }, '#_');
  });

  // Instagram Login code exchange: POST https://api.instagram.com/oauth/access_token
  app.post('/api-instagram/oauth/access_token', async (req, reply) => {
    const inc = await parseIncoming(req, '/api-instagram');
    const p = inc.params;
    const err = (msg: string) => sendJson(reply, 400, { error_type: 'OAuthException', code: 400, error_message: msg });
    const igApp = state.meta.apps.get(str(p, 'client_id') ?? '');
    if (!igApp || igApp.kind !== 'instagram') return err('Invalid platform app');
    if (str(p, 'client_secret') !== igApp.secret) return err('Error validating client secret.');
    if (str(p, 'grant_type') !== 'authorization_code') return err('Unsupported grant_type');
    const rec = state.meta.oauthCodes.get((str(p, 'code') ?? '').replace(/#_$/, ''));
    if (!rec || rec.kind !== 'instagram' || rec.appId !== igApp.id) return err('Invalid authorization code');
    if (rec.used) return err('This authorization code has been used');
    if (rec.expiresAt < state.now()) return err('This authorization code has expired');
    if (str(p, 'redirect_uri') !== rec.redirectUri) return err('Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request');
    rec.used = true;
    const t = state.tokens.issue({ family: 'instagram_login', kind: 'ig_user', appId: igApp.id, subjectId: rec.userId, scopes: rec.scopes, ttlSec: 3600, data: { longLived: false } });
    state.record({ platform: 'instagram', kind: 'token_issued', accountId: rec.userId, data: { type: 'short_lived', appId: igApp.id, scopes: rec.scopes } });
    return sendJson(reply, 200, { data: [{ access_token: t.value, user_id: rec.userId, permissions: rec.scopes.join(',') }] });
  });

  // WhatsApp media download (lookaside.fbsbx.com), needs the Bearer token
  app.get('/lookaside/whatsapp_business/attachments/', async (req, reply) => {
    const inc = await parseIncoming(req, '/lookaside');
    const media = state.meta.waMedia.get(inc.query.mid ?? '');
    const check = state.tokens.check(bearer(req));
    if (check.status !== 'ok') return sendJson(reply, 401, graphErrorBody(state, new GraphError(401, 190, 'Invalid OAuth access token - Cannot parse access token')));
    if (!media) return reply.code(404).send();
    return reply.code(200).type(media.mimeType).send(media.data ?? Buffer.alloc(0));
  });
}

