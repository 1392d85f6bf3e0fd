// One Fastify 5 server hosting every fake platform under path prefixes (see docs/fakes.md):
//   /graph /graph-video /graph-instagram /rupload /www-facebook /www-instagram /api-instagram /lookaside  Meta
//   /2 and /x, /oauth2/token, /x-web                                                                    X
//   /telegram                                                                                           Telegram
//   /google /google-oauth /google-accounts /youtubeanalytics                                            YouTube
//   /tiktok /tiktok-upload /tiktok-web                                                                  TikTok
//   /_fake                                                                                              control API
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { FakeState } from './core/state.ts';
import type { FakeConfig, DeepPartial } from './core/config.ts';
import { deepMerge, defaultConfig } from './core/config.ts';
import { WebhookEngine } from './core/webhooks.ts';
import type { Platform } from './core/types.ts';
import { createMetaStore } from './platforms/meta/store.ts';
import { createMetaApp } from './platforms/meta/setup.ts';
import { registerMetaRoutes } from './platforms/meta/index.ts';
import { createXApp, createXStore, registerXRoutes } from './platforms/x.ts';
import { createTelegramStore, registerTelegramRoutes } from './platforms/telegram.ts';
import { createYoutubeClient, createYoutubeStore, registerYoutubeRoutes } from './platforms/youtube.ts';
import { createTiktokApp, createTiktokStore, registerTiktokRoutes } from './platforms/tiktok.ts';
import { registerControlRoutes } from './control.ts';
import { setupDemoWorld } from './demo.ts';
import type { DemoInput, DemoWorld } from './demo.ts';

/** Well-known credentials of the default apps (override with FakesOptions.apps). */
export const DEFAULT_APPS = {
  meta: { id: '900000000000001', secret: 'fake-meta-app-secret', verifyToken: 'fake-meta-verify-token', name: 'Dayung' },
  instagram: { id: '900000000000002', secret: 'fake-instagram-app-secret', verifyToken: 'fake-meta-verify-token', name: 'Dayung IG' },
  x: { id: '2000001', clientId: 'fake-x-client-id', clientSecret: 'fake-x-client-secret', consumerKey: 'fake-x-consumer-key', consumerSecret: 'fake-x-consumer-secret', bearerToken: 'fake-x-app-bearer-token', name: 'Dayung' },
  youtube: { clientId: 'fake-google-client-id.apps.googleusercontent.com', clientSecret: 'fake-google-client-secret', apiKey: 'fake-google-api-key', projectNumber: '100000000001' },
  tiktok: { clientKey: 'fakettclientkey', clientSecret: 'fake-tiktok-client-secret', name: 'Dayung' },
};

export interface FakesOptions {
  /** 0 = random (tests); default 4010 */
  port?: number;
  /** default 127.0.0.1 (only loopback unless you know why) */
  host?: string;
  /** base URL of the product; deliveries go to `<webhookTarget>/webhooks/<platform>` */
  webhookTarget?: string | null;
  /** externally visible base URL (default http://<host>:<port>) */
  publicUrl?: string;
  /** seed of every random choice (ids, fault dice) */
  seed?: string | number;
  /** configuration overrides (limits, retry schedules, processing delays, faults...) */
  config?: DeepPartial<FakeConfig>;
  /** credentials of the default apps */
  apps?: DeepPartial<typeof DEFAULT_APPS>;
  /** create these OPD accounts at start */
  demo?: DemoInput;
  /** Fastify request logging */
  logger?: boolean;
  /** largest request body (uploads), bytes; default 64 MB */
  bodyLimit?: number;
}

export interface RunningFakes {
  url: string;
  port: number;
  state: FakeState;
  app: FastifyInstance;
  /** the demo world created at start (when `demo` was given) */
  demo: DemoWorld | null;
  close(): Promise<void>;
}

const PREFIX_PLATFORM: [string, Platform | 'control'][] = [
  ['/graph-instagram', 'instagram'],
  ['/www-instagram', 'instagram'],
  ['/api-instagram', 'instagram'],
  ['/graph-video', 'facebook'],
  ['/graph', 'facebook'],
  ['/rupload', 'facebook'],
  ['/www-facebook', 'facebook'],
  ['/lookaside', 'whatsapp'],
  ['/x-web', 'x'],
  ['/x/', 'x'],
  ['/2/', 'x'],
  ['/oauth2/', 'x'],
  ['/telegram', 'telegram'],
  ['/google', 'youtube'],
  ['/youtube/', 'youtube'],
  ['/upload/youtube/', 'youtube'],
  ['/youtubeanalytics', 'youtube'],
  ['/tiktok', 'tiktok'],
  ['/_fake', 'control'],
];

/** Requests sent with the real Host header (through a proxy or /etc/hosts) are routed to the matching prefix. */
const HOST_PREFIX: Record<string, string> = {
  'graph.facebook.com': '/graph',
  'graph-video.facebook.com': '/graph-video',
  'graph.instagram.com': '/graph-instagram',
  'rupload.facebook.com': '/rupload',
  'www.facebook.com': '/www-facebook',
  'www.instagram.com': '/www-instagram',
  'api.instagram.com': '/api-instagram',
  'lookaside.fbsbx.com': '/lookaside',
  'api.x.com': '',
  'api.twitter.com': '',
  'x.com': '/x-web',
  'twitter.com': '/x-web',
  'api.telegram.org': '/telegram',
  'www.googleapis.com': '/google',
  'youtube.googleapis.com': '',
  'oauth2.googleapis.com': '/google-oauth',
  'accounts.google.com': '/google-accounts',
  'youtubeanalytics.googleapis.com': '/youtubeanalytics',
  'open.tiktokapis.com': '/tiktok',
  'open-upload.tiktokapis.com': '/tiktok-upload',
  'www.tiktok.com': '/tiktok-web',
};

function platformOfPath(url: string): Platform | 'control' | 'other' {
  for (const [prefix, p] of PREFIX_PLATFORM) if (url.startsWith(prefix)) return p;
  return 'other';
}

function maskPath(url: string): string {
  return url
    .split('?')[0]!
    .replace(/\/bot[^/]+/, '/bot<token>');
}

function initStores(state: FakeState, apps: typeof DEFAULT_APPS): void {
  state.meta = createMetaStore();
  state.x = createXStore();
  state.telegram = createTelegramStore();
  state.youtube = createYoutubeStore();
  state.tiktok = createTiktokStore();
  state.oauthNext.clear();
  const meta = createMetaApp(state, { ...apps.meta, kind: 'facebook' });
  state.meta.defaultAppId = meta.id;
  const ig = createMetaApp(state, { ...apps.instagram, kind: 'instagram' });
  state.meta.defaultIgAppId = ig.id;
  state.x.defaultAppId = createXApp(state, apps.x).id;
  state.youtube.defaultClientId = createYoutubeClient(state, apps.youtube).clientId;
  state.tiktok.defaultClientKey = createTiktokApp(state, apps.tiktok).clientKey;
}

export async function startFakes(opts: FakesOptions = {}): Promise<RunningFakes> {
  const host = opts.host ?? '127.0.0.1';
  const config = defaultConfig();
  if (opts.config) deepMerge(config, opts.config);
  if (opts.webhookTarget !== undefined) config.webhookTarget = opts.webhookTarget;
  const state = new FakeState(String(opts.seed ?? 'dayung-fakes'), config);
  state.webhooks = new WebhookEngine(state);
  const apps = structuredClone(DEFAULT_APPS);
  if (opts.apps) deepMerge(apps, opts.apps);
  initStores(state, apps);

  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 64 * 1024 * 1024,
    forceCloseConnections: true,
    rewriteUrl(req) {
      const hostHeader = (req.headers.host ?? '').split(':')[0]?.toLowerCase() ?? '';
      const prefix = HOST_PREFIX[hostHeader];
      const url = req.url ?? '/';
      return prefix === undefined ? url : prefix + url;
    },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const started = new WeakMap<object, number>();
  app.addHook('onRequest', async (req) => {
    started.set(req, performance.now());
  });
  app.addHook('onResponse', async (req, reply) => {
    const t0 = started.get(req);
    state.logRequest({
      platform: platformOfPath(req.url),
      method: req.method,
      path: maskPath(req.url),
      status: reply.statusCode,
      ms: t0 === undefined ? 0 : Math.round(performance.now() - t0),
    });
  });

  registerMetaRoutes(app, state);
  registerXRoutes(app, state);
  registerTelegramRoutes(app, state);
  registerYoutubeRoutes(app, state);
  registerTiktokRoutes(app, state);
  registerControlRoutes(app, state, {
    reset() {
      state.webhooks.reset();
      state.resetCore();
      initStores(state, apps);
    },
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).type('application/json').send(JSON.stringify({ error: `no fake platform serves ${req.method} ${maskPath(req.url)}` }));
  });

  await app.listen({ port: opts.port ?? 4010, host });
  const address = app.server.address() as AddressInfo;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${address.port}`;
  state.config.publicUrl = opts.publicUrl ?? opts.config?.publicUrl ?? url;

  const demo = opts.demo ? setupDemoWorld(state, opts.demo) : null;

  let closed = false;
  return {
    url,
    port: address.port,
    state,
    app,
    demo,
    async close() {
      if (closed) return;
      closed = true;
      state.closed = true;
      state.clearTimers();
      state.webhooks.close();
      for (const conns of state.x.streams.values()) for (const res of conns) res.destroy();
      for (const bot of state.telegram.bots.values()) bot.poller?.cancel();
      await app.close();
    },
  };
}
