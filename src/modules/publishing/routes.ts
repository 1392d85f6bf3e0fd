import { z } from 'zod';
import type { App } from '../../platform/http/server.ts';
import { parseWibBound } from '../../platform/time.ts';
import { requestMeta, requireActor, type Actor } from '../org/index.ts';
import * as campaigns from './campaigns.ts';
import { PostContent } from './content.ts';
import type { EngineDeps } from './engine.ts';
import { POST_STATUSES } from './lifecycle.ts';
import * as service from './service.ts';

// HTTP of publishing (/api/publishing/…): thin; every decision is in the service and the lifecycle.

const tags = ['publishing'];
const Id = z.strictObject({ id: z.uuid() });
const Version = z.number().int().min(1);
const Category = z.string().regex(/^[a-z_]{2,40}$/);
const When = z.iso.datetime({ offset: true });
const Comment = z.string().trim().min(1).max(4000);
const StatusList = z
  .string()
  .max(300)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(POST_STATUSES)).max(POST_STATUSES.length));

export interface PublishingRouteDeps extends service.PublishingDeps {
  engine: EngineDeps;
}

function ctxOf(req: Parameters<typeof requestMeta>[0], actor: Actor) {
  const m = requestMeta(req);
  return { actor, requestId: m.requestId, ip: m.ip };
}

export function registerPublishingRoutes(app: App, deps: PublishingRouteDeps): void {
  app.get(
    '/api/publishing/posts',
    {
      schema: {
        tags,
        summary: 'Daftar postingan (terbaru atau terjadwal dulu): filter OPD, status, kampanye, rentang waktu (WIB), pencarian',
        querystring: z.strictObject({
          orgId: z.uuid().optional(),
          status: StatusList.optional(),
          campaignId: z.uuid().optional(),
          from: When.or(z.iso.date()).optional(),
          to: When.or(z.iso.date()).optional(),
          q: z.string().trim().min(1).max(200).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
      },
    },
    async (req) => {
      const { from, to, status, ...rest } = req.query;
      return service.listPosts(deps, requireActor(req), { ...rest, statuses: status, from: from ? parseWibBound(from, false) : undefined, to: to ? parseWibBound(to, true) : undefined });
    },
  );

  app.post(
    '/api/publishing/posts',
    { schema: { tags, summary: 'Buat draf postingan (versi 1); jadwal dan kampanye opsional', body: z.strictObject({ orgId: z.uuid().optional(), category: Category.optional(), content: PostContent, scheduledAt: When.nullable().optional(), campaignId: z.uuid().nullable().optional() }) } },
    async (req, reply) => {
      const actor = requireActor(req);
      const { scheduledAt, ...rest } = req.body;
      return reply.code(201).send(await service.createPost(deps, ctxOf(req, actor), { ...rest, scheduledAt: scheduledAt ? new Date(scheduledAt) : null }));
    },
  );

  app.get('/api/publishing/posts/:id', { schema: { tags, summary: 'Detail postingan: isi versi, varian per kanal, rantai persetujuan, riwayat versi, publikasi per kanal', params: Id, querystring: z.strictObject({ version: z.coerce.number().int().min(1).optional() }) } }, async (req) => {
    return service.getPost(deps, requireActor(req), req.params.id, { version: req.query.version });
  });

  app.put('/api/publishing/posts/:id', { schema: { tags, summary: 'Simpan perubahan (juga simpan otomatis): versi baru bila isi berubah; persetujuan lama gugur', params: Id, body: z.strictObject({ baseVersion: Version, content: PostContent, category: Category.optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.savePost(deps, ctxOf(req, actor), req.params.id, req.body);
  });

  app.get('/api/publishing/posts/:id/diff', { schema: { tags, summary: 'Perbedaan dua versi (per kata)', params: Id, querystring: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }) } }, async (req) => {
    return service.versionDiff(deps, requireActor(req), req.params.id, req.query.from, req.query.to);
  });

  app.post('/api/publishing/posts/:id/submit', { schema: { tags, summary: 'Ajukan versi ini untuk disetujui', params: Id, body: z.strictObject({ version: Version, comment: Comment.optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.submitPost(deps, ctxOf(req, actor), req.params.id, req.body);
  });

  app.post('/api/publishing/posts/:id/approve', { schema: { tags, summary: 'Setujui versi ini pada tingkat berikutnya (bukan oleh penulisnya)', params: Id, body: z.strictObject({ version: Version, comment: Comment.optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.approvePost(deps, ctxOf(req, actor), req.params.id, req.body);
  });

  app.post('/api/publishing/posts/:id/request-changes', { schema: { tags, summary: 'Kembalikan untuk revisi dengan komentar', params: Id, body: z.strictObject({ version: Version, comment: Comment }) } }, async (req) => {
    const actor = requireActor(req);
    return service.requestChanges(deps, ctxOf(req, actor), req.params.id, req.body);
  });

  app.post('/api/publishing/posts/:id/withdraw', { schema: { tags, summary: 'Tarik kembali pengajuan atau persetujuan (kembali ke draf)', params: Id } }, async (req) => {
    const actor = requireActor(req);
    return service.withdrawPost(deps, ctxOf(req, actor), req.params.id);
  });

  app.put('/api/publishing/posts/:id/schedule', { schema: { tags, summary: 'Atur atau hapus jadwal terbit (juga seret di kalender)', params: Id, body: z.strictObject({ scheduledAt: When.nullable() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.schedulePost(deps, ctxOf(req, actor), req.params.id, { scheduledAt: req.body.scheduledAt ? new Date(req.body.scheduledAt) : null });
  });

  app.post('/api/publishing/posts/:id/cancel', { schema: { tags, summary: 'Batalkan postingan sebelum terbit', params: Id, body: z.strictObject({ reason: Comment.optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.cancelPost(deps, ctxOf(req, actor), req.params.id, req.body);
  });

  app.post('/api/publishing/posts/:id/publications/:publicationId/retry', { schema: { tags, summary: 'Kirim ulang satu kanal yang gagal (kanal lain tidak disentuh)', params: z.strictObject({ id: z.uuid(), publicationId: z.uuid() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.retryChannel(deps, ctxOf(req, actor), req.params.id, req.params.publicationId);
  });

  app.get('/api/publishing/calendar', { schema: { tags, summary: 'Kalender publikasi (WIB): postingan terjadwal dan terbit, hari libur nasional dan cuti bersama, jendela kampanye', querystring: z.strictObject({ from: When.or(z.iso.date()), to: When.or(z.iso.date()), orgId: z.uuid().optional() }) } }, async (req) => {
    return service.calendar(deps, requireActor(req), { from: parseWibBound(req.query.from, false), to: parseWibBound(req.query.to, true), orgId: req.query.orgId });
  });

  app.get('/api/publishing/accounts', { schema: { tags, summary: 'Akun kanal yang dapat dipilih di penyusun postingan', querystring: z.strictObject({ orgId: z.uuid().optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return { items: await service.composerAccounts(deps, actor, req.query.orgId ?? actor.orgId) };
  });

  app.get('/api/publishing/accounts/:id/best-times', { schema: { tags, summary: 'Saran jam terbit terbaik (WIB) dari keterlibatan publikasi sebelumnya', params: Id } }, async (req) => {
    return service.bestTimes(deps, requireActor(req), req.params.id);
  });

  app.get('/api/publishing/settings/:orgId', { schema: { tags, summary: 'Rantai persetujuan OPD', params: z.strictObject({ orgId: z.uuid() }) } }, async (req) => {
    return service.getSettings(deps, requireActor(req), req.params.orgId);
  });

  app.put('/api/publishing/settings/:orgId', { schema: { tags, summary: 'Ubah rantai persetujuan OPD: 1 atau 2 tingkat; kategori yang perlu telaah provinsi', params: z.strictObject({ orgId: z.uuid() }), body: z.strictObject({ approvalLevels: z.union([z.literal(1), z.literal(2)]), provinceReviewCategories: z.array(Category).max(30) }) } }, async (req) => {
    const actor = requireActor(req);
    return service.putSettings(deps, ctxOf(req, actor), req.params.orgId, req.body);
  });

  // ── campaigns ──
  app.get('/api/publishing/campaigns', { schema: { tags, summary: 'Kampanye (narasi tunggal): semua bagi provinsi, yang menyasar OPD sendiri bagi OPD; orgId menyaring OPD sasaran', querystring: z.strictObject({ orgId: z.uuid().optional() }) } }, async (req) => {
    return { items: await campaigns.listCampaigns(deps, requireActor(req), { orgId: req.query.orgId }) };
  });

  app.post(
    '/api/publishing/campaigns',
    {
      schema: {
        tags,
        summary: 'Buat kampanye: pesan kunci, tagar, aset, OPD sasaran, jendela waktu; setiap OPD sasaran mendapat tugas',
        body: z.strictObject({ title: z.string().trim().min(3).max(200), keyMessage: z.string().trim().min(10).max(4000), hashtags: z.array(z.string().trim().regex(/^#?[\p{L}\p{N}_]{1,100}$/u)).max(30).default([]), assets: z.array(z.strictObject({ mediaId: z.uuid(), altText: z.string().trim().max(1000).default('') })).max(20).default([]), targetOrgIds: z.array(z.uuid()).min(1).max(200), startsAt: When, endsAt: When }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const b = req.body;
      return reply.code(201).send(await campaigns.createCampaign(deps, ctxOf(req, actor), { ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) }));
    },
  );

  app.get('/api/publishing/campaigns/:id', { schema: { tags, summary: 'Papan kampanye: siapa sudah menyebarkan, kapan, di kanal mana, jangkauan sejauh ini', params: Id } }, async (req) => {
    return campaigns.campaignBoard(deps, requireActor(req), req.params.id);
  });

  app.post('/api/publishing/campaigns/:id/decline', { schema: { tags, summary: 'OPD menolak tugas kampanye dengan alasan', params: Id, body: z.strictObject({ reason: Comment }) } }, async (req) => {
    const actor = requireActor(req);
    return campaigns.declineTask(deps, ctxOf(req, actor), req.params.id, req.body.reason);
  });
}
