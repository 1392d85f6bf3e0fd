import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/index.ts';
import { migrationsCurrent } from '../platform/db/migrate.ts';
import { AppError } from '../platform/errors.ts';
import { createHttpServer, notFoundProblem, sendProblem, type App } from '../platform/http/server.ts';
import type { Logger } from '../platform/logger.ts';
import { registry } from '../platform/metrics.ts';
import type pg from 'pg';
import { registerNotificationRoutes, registerOrgRoutes, registerSessionAuth } from '../modules/org/index.ts';
import { LiveHub, registerInboxRoutes } from '../modules/inbox/index.ts';
import { campaignAssetOrgs, registerPublishingRoutes } from '../modules/publishing/index.ts';
import { CoachSettingsStore, registerCoachRoutes } from '../modules/publishing/coach/index.ts';
import { mediaPort } from './media-port.ts';
import { registerCaseRoutes, registerOpen311Routes, registerPublicCaseRoutes, seedCaseReference } from '../modules/cases/index.ts';
import { mediaDeps, registerMediaRoutes } from '../modules/media/index.ts';
import { Intake, registerChannelRoutes, registerWebhookRoutes, type ChannelsDeps, type PlatformSettings } from '../modules/channels/index.ts';
import { ROOT, VERSION } from './runtime.ts';

// The web process: the JSON API of every module, health and metrics, and the React app.

export const WEB_DIST = path.join(ROOT, 'web', 'dist');
const API_PREFIXES = ['/api/', '/webhooks/', '/open311/', '/healthz', '/readyz', '/metrics'];

export interface WebDeps {
  config: Config;
  logger: Logger;
  db: Db;
  pool: pg.Pool;
  platforms: PlatformSettings;
  channels: ChannelsDeps;
  databaseUrl: string;
}

export async function buildWebApp(deps: WebDeps): Promise<App> {
  const { config } = deps;
  const app = await createHttpServer({ logger: deps.logger, bodyLimit: config.BODY_LIMIT_BYTES, publicUrl: config.PUBLIC_URL, version: VERSION, trustProxy: config.TRUST_PROXY });
  const orgDeps = { db: deps.db, config };

  registerSessionAuth(app, orgDeps, { secureCookies: config.COOKIE_SECURE, publicUrl: config.PUBLIC_URL });

  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Proses hidup', response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) } } }, async () => ({
    status: 'ok' as const,
    version: VERSION,
  }));
  app.get('/readyz', { schema: { tags: ['ops'], summary: 'Siap melayani: database terjangkau dan migrasi terkini' } }, async (req, reply) => {
    try {
      await deps.pool.query('select 1');
    } catch {
      return sendProblem(req, reply, new AppError('service_unavailable', { reason: 'database' }));
    }
    if (!(await migrationsCurrent(deps.pool))) return sendProblem(req, reply, new AppError('service_unavailable', { reason: 'migrations' }));
    return { status: 'ready', version: VERSION };
  });
  app.get('/metrics', { schema: { tags: ['ops'], summary: 'Metrik Prometheus', hide: false } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });

  registerOrgRoutes(app, orgDeps, config);
  registerNotificationRoutes(app, orgDeps);
  registerChannelRoutes(app, deps.channels);
  const live = new LiveHub(deps.databaseUrl, deps.logger);
  registerInboxRoutes(app, { db: deps.db }, live);
  // Categories and the outside-authority directory (Dayung's own reference data; idempotent, admin edits kept).
  await seedCaseReference(deps.db);
  // The media store: staff uploads (/api/media) and signed public URLs (/media/:id/:token).
  // a campaign's assets are seen by the staff of its target OPDs
  const media = { ...mediaDeps(deps.db, config), sharedWith: (id: string) => campaignAssetOrgs(deps.db, id) };
  await registerMediaRoutes(app, media);
  registerCaseRoutes(app, { db: deps.db });
  const coachStore = new CoachSettingsStore(deps.db);
  registerPublishingRoutes(app, { db: deps.db, coach: coachStore, engine: { db: deps.db, channels: deps.channels, media: mediaPort(deps.db, config) } });
  registerCoachRoutes(app, { db: deps.db, store: coachStore });
  // The public side of complaints: /api/public (form, tracking, statistics) and Open311 at /open311/v2.
  await registerPublicCaseRoutes(app, { db: deps.db, publicUrl: config.PUBLIC_URL, media });
  await registerOpen311Routes(app, { db: deps.db, publicUrl: config.PUBLIC_URL, media }, { bodyLimit: config.BODY_LIMIT_BYTES });
  app.addHook('preClose', async () => live.endAll());
  app.addHook('onClose', () => live.close());
  const intake = new Intake(deps.pool);
  registerWebhookRoutes(app, { pool: deps.pool, intake, settings: () => deps.platforms });
  app.addHook('onClose', () => intake.drain());

  if (existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, maxAge: '1h', immutable: false });
    const assets = path.join(WEB_DIST, 'assets');
    if (existsSync(assets)) {
      await app.register(fastifyStatic, { root: assets, prefix: '/assets/', decorateReply: false, maxAge: '365d', immutable: true });
    }
  }

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    const isApi = API_PREFIXES.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p));
    if (isApi || (req.method !== 'GET' && req.method !== 'HEAD')) return notFoundProblem(req, reply);
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
      return reply.code(503).type('text/plain; charset=utf-8').send('Antarmuka web belum dibangun. Jalankan: npm run build');
    }
    // The React app owns every other path (client-side routing).
    return reply.header('cache-control', 'no-cache').sendFile('index.html', WEB_DIST);
  });

  return app;
}
