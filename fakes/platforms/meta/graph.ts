// Graph API framework of the Meta fake: versioned routing, token + appsecret_proof checks,
// error objects, usage headers and rate limits, cursor paging, and dispatch to node handlers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FakeState } from '../../core/state.ts';
import type { Incoming } from '../../core/http.ts';
import { bearer, decodeCursor, encodeCursor, header, parseIncoming, sendJson, str } from '../../core/http.ts';
import type { Token } from '../../core/tokens.ts';
import { appsecretProof } from '../../core/signing.ts';
import { applyFaults } from '../../core/faults.ts';
import type { Platform, RateLimitRule } from '../../core/types.ts';
import type { FieldSel } from './fields.ts';
import { FieldsSyntaxError, parseFields, UnknownFieldError } from './fields.ts';
import type { MetaApp, MetaStore } from './store.ts';

export type GraphHost = 'graph' | 'graph-video' | 'graph-instagram' | 'rupload';

export class GraphError extends Error {
  readonly status: number;
  readonly code: number;
  readonly type: string;
  readonly subcode: number | undefined;
  readonly userTitle: string | undefined;
  readonly userMsg: string | undefined;
  readonly isTransient: boolean;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: number,
    message: string,
    opts: { type?: string; subcode?: number; userTitle?: string; userMsg?: string; isTransient?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.type = opts.type ?? 'OAuthException';
    this.subcode = opts.subcode;
    this.userTitle = opts.userTitle;
    this.userMsg = opts.userMsg;
    this.isTransient = opts.isTransient ?? false;
    this.headers = opts.headers ?? {};
  }
}

export const gerr = {
  param(message: string, subcode?: number): GraphError {
    return new GraphError(400, 100, message.startsWith('(#') ? message : `(#100) ${message}`, subcode === undefined ? {} : { subcode });
  },
  unsupported(method: string, id: string): GraphError {
    return new GraphError(
      400,
      100,
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      { type: 'GraphMethodException', subcode: 33 },
    );
  },
  unknownPath(path: string): GraphError {
    return new GraphError(400, 2500, `Unknown path components: ${path}`);
  },
  permission(perms: string[]): GraphError {
    return new GraphError(403, 200, `(#200) Requires ${perms.join(', ')} permission${perms.length > 1 ? 's' : ''} to manage the object`);
  },
  pageTokenRequired(): GraphError {
    return new GraphError(400, 210, '(#210) A page access token is required to request this resource.');
  },
  transient(): GraphError {
    return new GraphError(500, 2, 'An unexpected error has occurred. Please retry your request later.', { isTransient: true });
  },
};

export interface GraphCtx {
  state: FakeState;
  store: MetaStore;
  inc: Incoming;
  req: FastifyRequest;
  reply: FastifyReply;
  host: GraphHost;
  version: string;
  /** the raw access token as sent */
  rawToken: string | undefined;
  token: Token | null;
  app: MetaApp | null;
  fields: FieldSel[] | null;
  /** usage accounting targets, set by handlers through `account()` */
  pageId?: string;
  igUserId?: string;
  status: number;
  extraHeaders: Record<string, string>;
}

export function fbtraceId(state: FakeState): string {
  return 'A' + state.ids.string(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
}

export function graphErrorBody(state: FakeState, e: GraphError): Record<string, unknown> {
  const error: Record<string, unknown> = { message: e.message, type: e.type, code: e.code };
  if (e.subcode !== undefined) error.error_subcode = e.subcode;
  if (e.isTransient) error.is_transient = true;
  if (e.userTitle !== undefined) error.error_user_title = e.userTitle;
  if (e.userMsg !== undefined) error.error_user_msg = e.userMsg;
  error.fbtrace_id = fbtraceId(state);
  return { error };
}

export function sendGraphError(state: FakeState, reply: FastifyReply, e: GraphError): FastifyReply {
  const headers: Record<string, string> = { ...e.headers };
  if (e.code === 190 || e.code === 102) {
    headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${e.message.replace(/"/g, "'")}"`;
  }
  return sendJson(reply, e.status, graphErrorBody(state, e), headers);
}

const VERSION_RE = /^v\d+\.\d+$/;

export function requireParam(ctx: GraphCtx, name: string): string {
  const v = str(ctx.inc.params, name);
  if (v === undefined || v === '') throw gerr.param(`(#100) The parameter ${name} is required`);
  return v;
}

/** Pages a list the way Graph does: limit, after/before cursors, own-host next/previous without them on the ends. */
export function paginate<T>(
  ctx: GraphCtx,
  items: T[],
  render: (item: T) => Record<string, unknown>,
  opts: { limit?: number; basePath?: string; extra?: Record<string, unknown>; sel?: FieldSel } = {},
): Record<string, unknown> {
  const modLimit = opts.sel?.modifiers.limit;
  const qLimit = opts.sel ? undefined : str(ctx.inc.params, 'limit');
  let limit = Number(modLimit ?? qLimit ?? opts.limit ?? 25);
  if (!Number.isFinite(limit) || limit <= 0) limit = 25;
  limit = Math.min(limit, 100);
  const after = opts.sel ? opts.sel.modifiers.after : str(ctx.inc.params, 'after');
  const before = opts.sel ? opts.sel.modifiers.before : str(ctx.inc.params, 'before');
  let start = 0;
  if (after) {
    const c = decodeCursor(after);
    if (!c || typeof c.o !== 'number') throw gerr.param('(#100) Invalid cursor');
    start = c.o;
  } else if (before) {
    const c = decodeCursor(before);
    if (!c || typeof c.o !== 'number') throw gerr.param('(#100) Invalid cursor');
    start = Math.max(0, c.o - limit);
  }
  const slice = items.slice(start, start + limit);
  const data = slice.map(render);
  const out: Record<string, unknown> = { data };
  if (slice.length > 0) {
    const cursors = { before: encodeCursor({ o: start }), after: encodeCursor({ o: start + slice.length }) };
    const paging: Record<string, unknown> = { cursors };
    const basePath = opts.basePath ?? ctx.inc.path;
    const mk = (cursorKey: 'after' | 'before', value: string) => {
      const u = new URL(ctx.state.config.publicUrl + '/' + hostPrefix(ctx.host) + basePath);
      const q = opts.sel ? {} : ctx.inc.query;
      for (const [k, v] of Object.entries(q)) if (k !== 'after' && k !== 'before') u.searchParams.set(k, v);
      if (ctx.rawToken && !u.searchParams.has('access_token')) u.searchParams.set('access_token', ctx.rawToken);
      u.searchParams.set('limit', String(limit));
      u.searchParams.set(cursorKey, value);
      return u.toString();
    };
    if (start + slice.length < items.length) paging.next = mk('after', cursors.after);
    if (start > 0) paging.previous = mk('before', cursors.before);
    out.paging = paging;
  }
  if (opts.extra) Object.assign(out, opts.extra);
  return out;
}

export function hostPrefix(host: GraphHost): string {
  return host;
}

/** Versioned own-host base, e.g. http://127.0.0.1:4010/graph/v23.0 */
export function graphBase(ctx: GraphCtx, host: GraphHost = ctx.host): string {
  return `${ctx.state.config.publicUrl}/${host}/${ctx.version}`;
}

// ---------------------------------------------------------------------------------------------
// Authentication

function revokedMessage(t: Token): { message: string; subcode: number } {
  const sub = t.revoked?.subcode ?? 460;
  switch (sub) {
    case 458:
      return { subcode: 458, message: `Error validating access token: The user has not authorized application ${t.appId}.` };
    case 467:
      return { subcode: 467, message: 'Error validating access token: The session is invalid because the user logged out.' };
    case 492:
      return { subcode: 492, message: 'Error validating access token: The user must be an administrator, editor, or moderator of the page in order to impersonate it.' };
    default:
      return {
        subcode: sub,
        message: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      };
  }
}

function dayString(ms: number): string {
  return new Date(ms).toUTCString().replace(' GMT', ' PST');
}

/** Resolves and validates the access token; returns null when none was sent. */
export function authenticate(ctx: GraphCtx): Token | null {
  const raw = ctx.rawToken;
  if (!raw) return null;
  // App access token "{app-id}|{app-secret}"
  const pipe = raw.indexOf('|');
  if (pipe > 0) {
    const appId = raw.slice(0, pipe);
    const secret = raw.slice(pipe + 1);
    const app = ctx.store.apps.get(appId);
    if (!app || app.secret !== secret) {
      throw new GraphError(400, 190, 'Invalid OAuth access token signature.');
    }
    ctx.app = app;
    return {
      value: raw,
      family: 'meta',
      kind: 'app',
      appId,
      subjectId: appId,
      scopes: [],
      issuedAt: 0,
      expiresAt: null,
      revoked: null,
      data: {},
    };
  }
  const check = ctx.state.tokens.check(raw);
  const familyOk = (f: string) => (ctx.host === 'graph-instagram' ? f === 'instagram_login' : ctx.host === 'rupload' ? f === 'meta' || f === 'instagram_login' : f === 'meta');
  if (check.status === 'unknown' || !familyOk(check.token.family)) {
    throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
  }
  if (check.status === 'expired') {
    const exp = check.token.expiresAt ?? 0;
    throw new GraphError(
      400,
      190,
      `Error validating access token: Session has expired on ${dayString(exp)}. The current time is ${dayString(ctx.state.now())}.`,
      { subcode: 463 },
    );
  }
  if (check.status === 'revoked') {
    const r = revokedMessage(check.token);
    throw new GraphError(400, 190, r.message, { subcode: r.subcode });
  }
  const token = check.token;
  ctx.app = ctx.store.apps.get(token.appId) ?? null;
  verifyProof(ctx, token);
  return token;
}

function verifyProof(ctx: GraphCtx, token: Token): void {
  const app = ctx.app;
  if (!app) return;
  const proof = str(ctx.inc.params, 'appsecret_proof');
  const time = str(ctx.inc.params, 'appsecret_time');
  if (!proof) {
    if (app.requireProof) {
      throw new GraphError(400, 100, 'API calls from the server require an appsecret_proof argument', { type: 'GraphMethodException' });
    }
    return;
  }
  if (time !== undefined) {
    const t = Number(time);
    if (!Number.isFinite(t) || Math.abs(ctx.state.nowSec() - t) > 300) {
      throw new GraphError(400, 100, 'Invalid appsecret_time provided in the API argument', { type: 'GraphMethodException' });
    }
    if (proof !== appsecretProof(app.secret, token.value, time)) {
      throw new GraphError(400, 100, 'Invalid appsecret_proof provided in the API argument', { type: 'GraphMethodException' });
    }
    return;
  }
  if (proof !== appsecretProof(app.secret, token.value)) {
    throw new GraphError(400, 100, 'Invalid appsecret_proof provided in the API argument', { type: 'GraphMethodException' });
  }
}

export function requireToken(ctx: GraphCtx): Token {
  if (!ctx.token) {
    throw new GraphError(400, 104, 'An access token is required to request this resource.');
  }
  return ctx.token;
}

export function hasScopes(token: Token, perms: string[]): boolean {
  return perms.every((p) => token.scopes.includes(p));
}

/** Requires at least one of the alternative permission sets. */
export function requireScopes(ctx: GraphCtx, ...alternatives: string[][]): void {
  const token = requireToken(ctx);
  if (token.kind === 'app') return;
  if (alternatives.some((perms) => hasScopes(token, perms))) return;
  throw gerr.permission(alternatives[0] ?? []);
}

// ---------------------------------------------------------------------------------------------
// Usage headers and rate limits

function usageHeader(state: FakeState, key: string, rule: RateLimitRule): { call_count: number; total_time: number; total_cputime: number } {
  const p = state.limiter.peek(key, rule).percent;
  return { call_count: p, total_time: Math.round(p * 0.6), total_cputime: Math.round(p * 0.5) };
}

function regainMinutes(state: FakeState, resetAt: number): number {
  return Math.max(1, Math.ceil((resetAt - state.now()) / 60_000));
}

/** Counts the call against the app, user and Page/IG (BUC) budgets; throws the Graph throttling error when one is exhausted. */
/**
 * Real Graph refuses a throttled call without performing it. Usage is counted after the handler
 * (it needs the node's Page), so writes check the budgets they can know up front — app, user, and
 * the Page of a Page token — before anything is done.
 */
function preflightBudget(ctx: GraphCtx): void {
  if (ctx.inc.method === 'GET') return;
  const { state } = ctx;
  const L = state.config.limits.meta;
  const token = ctx.token;
  const appId = token?.appId ?? ctx.app?.id;
  if (appId && !state.limiter.peek(`meta:app:${appId}`, L.app).allowed) throw new GraphError(400, 4, '(#4) Application request limit reached', { isTransient: true });
  if (token && (token.kind === 'user' || token.kind === 'system_user') && !state.limiter.peek(`meta:user:${token.subjectId}`, L.user).allowed) {
    throw new GraphError(400, 17, '(#17) User request limit reached', { isTransient: true });
  }
  if (token?.kind === 'page' && !state.limiter.peek(`meta:page:${token.subjectId}`, L.page).allowed) {
    ctx.pageId = token.subjectId;
    throw new GraphError(400, 80001, '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.', {
      isTransient: true,
      headers: bucHeader(ctx),
    });
  }
}

export function countUsage(ctx: GraphCtx): void {
  const { state } = ctx;
  const L = state.config.limits.meta;
  const token = ctx.token;
  const appId = token?.appId ?? ctx.app?.id;
  if (appId) {
    const r = state.limiter.hit(`meta:app:${appId}`, L.app);
    if (!r.allowed) throw new GraphError(400, 4, '(#4) Application request limit reached', { isTransient: true });
  }
  if (token && (token.kind === 'user' || token.kind === 'system_user')) {
    const r = state.limiter.hit(`meta:user:${token.subjectId}`, L.user);
    if (!r.allowed) {
      if (ctx.pageId) throw new GraphError(400, 32, '(#32) Page request limit reached', { isTransient: true });
      throw new GraphError(400, 17, '(#17) User request limit reached', { isTransient: true });
    }
  }
  if (ctx.igUserId) {
    const r = state.limiter.hit(`meta:ig:${ctx.igUserId}`, L.instagram);
    if (!r.allowed) {
      throw new GraphError(400, 80002, '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.', {
        isTransient: true,
        headers: bucHeader(ctx),
      });
    }
  } else if (ctx.pageId && token?.kind === 'page') {
    const r = state.limiter.hit(`meta:page:${ctx.pageId}`, L.page);
    if (!r.allowed) {
      throw new GraphError(400, 80001, '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.', {
        isTransient: true,
        headers: bucHeader(ctx),
      });
    }
  }
}

function bucHeader(ctx: GraphCtx): Record<string, string> {
  const { state } = ctx;
  const L = state.config.limits.meta;
  const id = ctx.igUserId ?? ctx.pageId;
  if (!id) return {};
  const isIg = !!ctx.igUserId;
  const key = isIg ? `meta:ig:${id}` : `meta:page:${id}`;
  const rule = isIg ? L.instagram : L.page;
  const r = state.limiter.peek(key, rule);
  const value = {
    [id]: [
      {
        type: isIg ? 'instagram' : 'pages',
        call_count: r.percent,
        total_cputime: Math.round(r.percent * 0.5),
        total_time: Math.round(r.percent * 0.6),
        estimated_time_to_regain_access: r.remaining > 0 ? 0 : regainMinutes(state, r.resetAt),
      },
    ],
  };
  return { 'x-business-use-case-usage': JSON.stringify(value) };
}

export function usageHeaders(ctx: GraphCtx): Record<string, string> {
  const { state } = ctx;
  const L = state.config.limits.meta;
  const out: Record<string, string> = {};
  const appId = ctx.token?.appId ?? ctx.app?.id;
  if (appId) out['x-app-usage'] = JSON.stringify(usageHeader(state, `meta:app:${appId}`, L.app));
  if (ctx.pageId && ctx.token?.kind === 'page') {
    out['x-page-usage'] = JSON.stringify(usageHeader(state, `meta:page:${ctx.pageId}`, L.page));
  }
  if ((ctx.pageId && ctx.token?.kind === 'page') || ctx.igUserId) Object.assign(out, bucHeader(ctx));
  return out;
}

/** Extra budgets on top of countUsage (sends, IG publishing...): throws the given error when exhausted. */
export function spend(ctx: GraphCtx, key: string, rule: RateLimitRule, err: () => GraphError): void {
  const r = ctx.state.limiter.hit(key, rule);
  if (!r.allowed) throw err();
}

// ---------------------------------------------------------------------------------------------
// Dispatch

export type GraphHandler = (ctx: GraphCtx) => Promise<unknown> | unknown;

export interface GraphRouter {
  /** answers when the first path segment is a known literal (me, debug_token, oauth...) or undefined */
  special(ctx: GraphCtx, segs: string[]): Promise<unknown> | unknown | typeof NOT_HANDLED;
  /** platform owning the node (for fault switches), or null when the id is unknown */
  platformOf(id: string): Platform | null;
  node(ctx: GraphCtx, id: string, edge: string | undefined, rest: string[]): Promise<unknown> | unknown;
  rupload(ctx: GraphCtx, segs: string[]): Promise<unknown> | unknown;
}

export const NOT_HANDLED = Symbol('not handled');

const storm = (state: FakeState) => ({
  serverError: (reply: FastifyReply) => sendGraphError(state, reply, gerr.transient()),
  rateLimited: (reply: FastifyReply, retryAfterSec: number) => {
    const usage = JSON.stringify({ call_count: 100, total_time: 100, total_cputime: 100 });
    return sendGraphError(
      state,
      reply,
      new GraphError(400, 4, '(#4) Application request limit reached', {
        isTransient: true,
        headers: { 'x-app-usage': usage, 'x-fb-fake-regain-seconds': String(retryAfterSec) },
      }),
    );
  },
});

export async function handleGraph(state: FakeState, router: GraphRouter, host: GraphHost, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
  const inc = await parseIncoming(req, '/' + host);
  const segs = inc.segments.slice();
  let version = 'v23.0';
  if (host === 'rupload') {
    // /rupload/video-upload/{v}/{video_id} or /rupload/ig-api-upload/{v?}/{container}
  } else if (segs[0] && VERSION_RE.test(segs[0])) {
    version = segs.shift() as string;
    if (!new RegExp(state.config.graphVersionPattern).test(version)) {
      return sendGraphError(state, reply, new GraphError(400, 2635, `(#2635) You are calling a deprecated version of the Graph API. Please update to the latest version.`));
    }
  }
  const ctx: GraphCtx = {
    state,
    store: state.meta,
    inc,
    req,
    reply,
    host,
    version,
    rawToken: str(inc.params, 'access_token') ?? bearer(req),
    token: null,
    app: null,
    fields: null,
    status: 200,
    extraHeaders: {},
  };
  const common = (): Record<string, string> => ({
    'x-fb-trace-id': fbtraceId(state),
    'x-fb-rev': '1019283746',
    'facebook-api-version': version,
    ...usageHeaders(ctx),
    ...ctx.extraHeaders,
  });
  // fault switches, attributed to the platform that owns the addressed node
  const firstId = host === 'rupload' ? undefined : segs[0];
  const platform: Platform = (firstId && router.platformOf(firstId)) || (host === 'graph-instagram' ? 'instagram' : 'facebook');
  const fault = await applyFaults(state, platform, inc.path, req, reply, storm(state));
  if (fault.consumed) return reply;
  try {
    if (inc.bodyError) throw gerr.param(`(#100) Could not parse request body: ${inc.bodyError}`);
    try {
      ctx.fields = parseFields(str(inc.params, 'fields'));
    } catch (e) {
      if (e instanceof FieldsSyntaxError) throw new GraphError(400, 2500, e.message);
      throw e;
    }
    let result: unknown;
    if (host === 'rupload') {
      ctx.token = authenticateRupload(ctx);
      result = await router.rupload(ctx, segs);
    } else {
      if (segs.length === 0) throw gerr.unknownPath('/');
      const special = await router.special(ctx, segs);
      if (special !== NOT_HANDLED) {
        result = special;
      } else {
        ctx.token = authenticate(ctx);
        preflightBudget(ctx);
        const [id, edge, ...rest] = segs;
        result = await router.node(ctx, id as string, edge, rest);
      }
    }
    if (ctx.token || ctx.app) countUsage(ctx);
    if (typeof result === 'string') {
      reply.code(ctx.status);
      for (const [k, v] of Object.entries(common())) reply.header(k, v);
      reply.header('content-type', 'text/plain; charset=UTF-8');
      return reply.send(result);
    }
    return sendJson(reply, ctx.status, result, common());
  } catch (err) {
    if (err instanceof GraphError) {
      // failed calls count against the budgets too (unless the failure was the budget itself)
      if (ctx.token && ![4, 17, 32, 80001, 80002].includes(err.code)) {
        try {
          countUsage(ctx);
        } catch {
          // already over budget: the original error is the answer
        }
      }
      return sendGraphError(state, reply, new GraphError(err.status, err.code, err.message, {
        type: err.type,
        ...(err.subcode === undefined ? {} : { subcode: err.subcode }),
        ...(err.userTitle === undefined ? {} : { userTitle: err.userTitle }),
        ...(err.userMsg === undefined ? {} : { userMsg: err.userMsg }),
        isTransient: err.isTransient,
        headers: { ...common(), ...err.headers },
      }));
    }
    if (err instanceof UnknownFieldError) {
      return sendGraphError(state, reply, new GraphError(400, 100, err.message));
    }
    req.log.error({ err }, 'graph fake handler failed');
    return sendGraphError(state, reply, gerr.transient());
  }
}

function authenticateRupload(ctx: GraphCtx): Token | null {
  // rupload takes "Authorization: OAuth <token>"
  const auth = header(ctx.req, 'authorization');
  const raw = auth?.replace(/^OAuth\s+/i, '').replace(/^Bearer\s+/i, '').trim();
  ctx.rawToken = raw;
  if (!raw) throw new GraphError(400, 104, 'An access token is required to request this resource.');
  return authenticate(ctx);
}
