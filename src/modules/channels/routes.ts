import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { requestMeta, requireActor, type Actor } from '../org/index.ts';
import * as service from './service.ts';

// HTTP of the channels module (the Saluran page). Thin: validate → one service call → respond.

const Platform = z.enum(['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok']);
const Status = z.enum(['active', 'expiring', 'expired', 'revoked', 'error', 'disconnected']);
const AccountSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  platform: Platform,
  externalId: z.string(),
  name: z.string(),
  handle: z.string().nullable(),
  status: Status,
  tokenExpiresAt: z.string().nullable(),
  scopes: z.array(z.string()),
  lastCheckedAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  connectedAt: z.string(),
});
const ChooseSchema = z.object({ connectId: z.string(), orgId: z.string(), platform: Platform, options: z.array(z.object({ externalId: z.string(), name: z.string(), handle: z.string().nullable() })) }).nullable();
const tags = ['channels'];

function audit(req: Parameters<typeof requestMeta>[0], actor: Actor) {
  const m = requestMeta(req);
  return { actor, requestId: m.requestId, ip: m.ip };
}

export function registerChannelRoutes(app: App, deps: service.ChannelsDeps): void {
  app.get('/api/channels/platforms', { schema: { tags, summary: 'Platform yang dapat dihubungkan dan cara menghubungkannya' } }, async (req) => {
    requireActor(req);
    return { items: service.platformCatalog(deps) };
  });

  app.get('/api/channels/accounts', { schema: { tags, summary: 'Akun media sosial yang terhubung', querystring: z.strictObject({ orgId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(AccountSchema) }) } } }, async (req) => {
    return { items: await service.listAccounts(deps, requireActor(req), req.query) };
  });

  app.get('/api/channels/health', { schema: { tags, summary: 'Kesehatan kanal semua OPD (provinsi)' } }, async (req) => {
    return { items: await service.provinceHealth(deps, requireActor(req)) };
  });

  app.get(
    '/api/channels/events',
    { schema: { tags, summary: 'Event masuk terbaru (pratinjau tersamar)', querystring: z.strictObject({ orgId: z.uuid().optional(), accountId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).optional() }) } },
    async (req) => ({ items: await service.listEvents(deps, requireActor(req), req.query) }),
  );

  app.post(
    '/api/channels/oauth/start',
    { schema: { tags, summary: 'Mulai menghubungkan akun lewat OAuth', body: z.strictObject({ orgId: z.uuid(), platform: Platform }), response: { 200: z.object({ authorizeUrl: z.string() }) } } },
    async (req) => {
      const actor = requireActor(req);
      return service.startOAuth(deps, actor, req.body, audit(req, actor));
    },
  );

  // The platform sends the admin's browser back here: finish, then show the Saluran page.
  app.get(
    '/api/channels/oauth/:platform/callback',
    { schema: { tags, summary: 'Kembali dari OAuth platform', params: z.object({ platform: Platform }), querystring: z.record(z.string(), z.string()) } },
    async (req, reply) => {
      const q = req.query;
      try {
        const actor = requireActor(req);
        if (q['error']) throw new AppError('channel_auth_failed', { platform: req.params.platform, reason: q['error_description'] ?? q['error'] });
        if (!q['code'] || !q['state']) throw new AppError('channel_connect_expired');
        const result = await service.finishOAuth(deps, actor, { platform: req.params.platform, state: q['state'], code: q['code'] }, audit(req, actor));
        const orgId = result.choose?.orgId ?? result.connected[0]?.orgId;
        const opd = orgId ? `&opd=${orgId}` : '';
        return reply.redirect(result.choose ? `/saluran?pilih=${encodeURIComponent(result.choose.connectId)}${opd}` : `/saluran?terhubung=${req.params.platform}${opd}`, 302);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return reply.redirect(`/saluran?galat=${err.code}`, 302);
      }
    },
  );

  app.get('/api/channels/connect/:connectId', { schema: { tags, summary: 'Pilihan akun dari OAuth yang menunggu', params: z.object({ connectId: z.string().max(100) }), response: { 200: z.object({ choose: ChooseSchema }) } } }, async (req) => {
    return { choose: await service.pendingChoice(deps, requireActor(req), req.params.connectId) };
  });

  app.post(
    '/api/channels/connect/:connectId',
    { schema: { tags, summary: 'Hubungkan akun yang dipilih', params: z.object({ connectId: z.string().max(100) }), body: z.strictObject({ externalIds: z.array(z.string().max(200)).min(1).max(50) }), response: { 200: z.object({ items: z.array(AccountSchema) }) } } },
    async (req) => {
      const actor = requireActor(req);
      return { items: await service.chooseCandidates(deps, actor, { connectId: req.params.connectId, externalIds: req.body.externalIds }, audit(req, actor)) };
    },
  );

  app.post(
    '/api/channels/accounts',
    {
      bodyLimit: 64 * 1024,
      schema: { tags, summary: 'Hubungkan akun dengan token (WhatsApp, Telegram)', body: z.strictObject({ orgId: z.uuid(), platform: Platform, fields: z.record(z.string().max(64), z.string().max(4096)) }), response: { 201: z.object({ items: z.array(AccountSchema) }) } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.code(201).send({ items: await service.connectWithToken(deps, actor, req.body, audit(req, actor)) });
    },
  );

  app.get(
    '/api/channels/accounts/:id/templates',
    {
      schema: {
        tags,
        summary: 'Template pesan yang disetujui (WhatsApp, untuk membalas di luar jendela 24 jam)',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: z.object({ items: z.array(z.object({ name: z.string(), language: z.string(), category: z.string(), body: z.string(), parameters: z.number().int() })) }) },
      },
    },
    async (req) => ({ items: await service.replyTemplates(deps, requireActor(req), req.params.id) }),
  );
  app.post('/api/channels/accounts/:id/check', { schema: { tags, summary: 'Periksa token akun sekarang', params: z.strictObject({ id: z.uuid() }) } }, async (req) => {
    return { status: await service.checkAccountNow(deps, requireActor(req), req.params.id) };
  });

  app.post('/api/channels/accounts/:id/disconnect', { schema: { tags, summary: 'Putuskan akun (token dihapus)', params: z.strictObject({ id: z.uuid() }), response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await service.disconnect(deps, actor, req.params.id, audit(req, actor));
    return reply.code(204).send(null);
  });

}
