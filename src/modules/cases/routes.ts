import { z } from 'zod';
import type { App } from '../../platform/http/server.ts';
import { parseWibBound } from '../../platform/time.ts';
import { requestMeta, requireActor, type Actor } from '../org/index.ts';
import { sendAttachment, setAttachmentPublic } from './attachments.ts';
import { CASE_STATUSES } from './lifecycle.ts';
import * as service from './service.ts';

// HTTP of complaint cases (/api/cases…): thin; every decision is in the service and the lifecycle.

const tags = ['cases'];
const Id = z.strictObject({ id: z.uuid() });
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const Classification = z.enum(['pengaduan', 'aspirasi', 'permintaan_informasi']);
const Code = z.string().regex(/^[A-Z0-9_]{2,40}$/);
const Reason = z.string().trim().min(3).max(1000);
const RegencyCode = z.string().regex(/^\d{2}\.\d{2}$/);
const DistrictCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/);
const StatusList = z
  .string()
  .max(300)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(CASE_STATUSES)).max(CASE_STATUSES.length));

const Filter = z.strictObject({
  status: StatusList.optional(),
  orgId: z.uuid().optional(),
  category: Code.optional(),
  classification: Classification.optional(),
  overdue: Bool.optional(),
  dueSoon: Bool.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
const ListQuery = Filter.extend({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

function filterOf(qs: z.infer<typeof Filter>): service.ListInput {
  const { from, to, category, ...rest } = qs;
  return { ...rest, categoryCode: category, from: from ? parseWibBound(from, false) : undefined, to: to ? parseWibBound(to, true) : undefined };
}

function audit(req: Parameters<typeof requestMeta>[0], actor: Actor) {
  const m = requestMeta(req);
  return { actor, requestId: m.requestId, ip: m.ip };
}

const CreateBody = z.strictObject({
  interactionId: z.uuid().optional(),
  description: z.string().trim().min(1).max(8000).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  classification: Classification.optional(),
  categoryCode: Code.optional(),
  regencyCode: RegencyCode.optional(),
  districtCode: DistrictCode.optional(),
  locationText: z.string().trim().max(500).optional(),
  channel: z.enum(['web', 'phone', 'walk_in', 'letter', 'email', 'staff']).optional(),
  reporterName: z.string().trim().min(1).max(200).optional(),
  reporterPhone: z.string().trim().regex(/^\+?[\d\s-]{6,20}$/).optional(),
  reporterEmail: z.email().max(200).optional(),
  anonymous: z.boolean().optional(),
  confidential: z.boolean().optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});

const VerifyBody = z.strictObject({
  classification: Classification.optional(),
  categoryCode: Code.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  anonymous: z.boolean().optional(),
  confidential: z.boolean().optional(),
  regencyCode: RegencyCode.optional(),
  districtCode: DistrictCode.optional(),
  locationText: z.string().trim().max(500).optional(),
  note: z.string().trim().max(1000).optional(),
});

export function registerCaseRoutes(app: App, deps: service.CasesDeps): void {
  app.get('/api/cases', { schema: { tags, summary: 'Daftar aduan (data pribadi tersamar): filter status, OPD, kategori, terlambat, segera jatuh tempo, pencarian; halaman kursor', querystring: ListQuery } }, async (req) => {
    const { cursor, limit, ...f } = req.query;
    return service.listCases(deps, requireActor(req), { ...filterOf(f), cursor, limit });
  });

  app.get('/api/cases/counts', { schema: { tags, summary: 'Jumlah aduan: total, aktif, terlambat, ditunda', querystring: Filter } }, async (req) => {
    return service.countCases(deps, requireActor(req), filterOf(req.query));
  });

  app.get('/api/cases/categories', { schema: { tags, summary: 'Kategori aduan dengan OPD bawaan dan batas waktunya' } }, async (req) => {
    return { items: await service.categories(deps, requireActor(req)) };
  });

  app.get('/api/cases/outside-authorities', { schema: { tags, summary: 'Instansi di luar kewenangan Pemprov (kab/kota, instansi vertikal, BUMN) untuk penerusan' } }, async (req) => {
    return { items: await service.authorities(deps, requireActor(req)) };
  });

  app.get('/api/cases/by-interaction/:interactionId', { schema: { tags, summary: 'Aduan tempat sebuah pesan kotak masuk tercatat (bila ada)', params: z.strictObject({ interactionId: z.uuid() }) } }, async (req) => {
    return service.caseOfVisibleInteraction(deps, requireActor(req), req.params.interactionId);
  });

  app.post('/api/cases', { schema: { tags, summary: 'Buat aduan dari pesan kotak masuk (interactionId) atau langsung oleh petugas', body: CreateBody } }, async (req, reply) => {
    const actor = requireActor(req);
    const { receivedAt, ...rest } = req.body;
    return reply.code(201).send(await service.createCase(deps, actor, { ...rest, receivedAt: receivedAt ? new Date(receivedAt) : undefined }, audit(req, actor)));
  });

  app.get('/api/cases/:id', { schema: { tags, summary: 'Detail aduan: status, batas waktu, riwayat, perpindahan antar-OPD, pelapor (tersamar)', params: Id } }, async (req) => {
    return service.getCase(deps, requireActor(req), req.params.id);
  });

  app.post('/api/cases/:id/reveal', { schema: { tags, summary: 'Tampilkan uraian dan identitas pelapor asli; dicatat di log audit (pelapor anonim tetap tersembunyi dari OPD)', params: Id, body: z.strictObject({ reason: Reason }) } }, async (req) => {
    const actor = requireActor(req);
    return service.revealCase(deps, actor, req.params.id, req.body.reason, audit(req, actor));
  });

  app.post('/api/cases/:id/verify', { schema: { tags, summary: 'Verifikasi (diterima → terverifikasi): klasifikasi, kategori, lokasi, anonim/rahasia', params: Id, body: VerifyBody } }, async (req) => {
    const actor = requireActor(req);
    return service.verify(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/dispose', { schema: { tags, summary: 'Disposisi ke OPD (atau teruskan ke OPD lain) dengan alasan; setiap perpindahan dicatat', params: Id, body: z.strictObject({ orgCode: Code, reason: Reason }) } }, async (req) => {
    const actor = requireActor(req);
    return service.dispose(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/follow-up', { schema: { tags, summary: 'Tindak lanjut OPD (jawaban publik untuk pelapor)', params: Id, body: z.strictObject({ text: z.string().trim().min(10).max(8000) }) } }, async (req) => {
    const actor = requireActor(req);
    return service.followUp(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/close', { schema: { tags, summary: 'Nyatakan selesai setelah tindak lanjut (mis. pelapor mengonfirmasi)', params: Id, body: z.strictObject({ note: z.string().trim().max(1000).optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.closeCase(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/hold', { schema: { tags, summary: 'Tunda dengan alasan (batas waktu berhenti)', params: Id, body: z.strictObject({ reason: Reason }) } }, async (req) => {
    const actor = requireActor(req);
    return service.hold(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/resume', { schema: { tags, summary: 'Lanjutkan aduan yang ditunda (kembali ke status sebelumnya; batas waktu digeser)', params: Id, body: z.strictObject({ note: z.string().trim().max(1000).optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.resume(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/not-authority', { schema: { tags, summary: 'Bukan wewenang: kembali ke Admin Koordinator untuk disposisi ulang atau penerusan', params: Id, body: z.strictObject({ reason: Reason, authorityCode: Code.optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.notAuthority(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/handoff', { schema: { tags, summary: 'Teruskan ke instansi di luar Pemprov dengan surat pengantar dan ekspor SP4N-LAPOR!', params: Id, body: z.strictObject({ authorityCode: Code, note: z.string().trim().max(1000).optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.handoff(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.get('/api/cases/:id/handoff-letter', { schema: { tags, summary: 'Surat pengantar penerusan yang tersimpan', params: Id } }, async (req) => {
    return service.handoffLetterOf(deps, requireActor(req), req.params.id);
  });

  app.get(
    '/api/cases/:id/lapor-export',
    { schema: { tags, summary: 'Ekspor kolom SP4N-LAPOR! (klasifikasi, kategori, uraian, lokasi, lampiran, anonimitas); reveal=true membuka data pribadi dan dicatat', params: Id, querystring: z.strictObject({ reveal: Bool.optional(), reason: z.string().trim().min(3).max(300).optional() }) } },
    async (req) => {
      const actor = requireActor(req);
      return service.laporExportOf(deps, actor, req.params.id, req.query, audit(req, actor));
    },
  );

  app.post('/api/cases/:id/external-ref', { schema: { tags, summary: 'Simpan nomor referensi SP4N-LAPOR! atau instansi tujuan', params: Id, body: z.strictObject({ externalRef: z.string().trim().min(1).max(100) }) } }, async (req) => {
    const actor = requireActor(req);
    return service.setExternalRef(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.get('/api/cases/:id/similar', { schema: { tags, summary: 'Kemungkinan duplikat: OPD sama, teks mirip, lokasi sama, rentang waktu', params: Id } }, async (req) => {
    return service.similarCases(deps, requireActor(req), req.params.id);
  });

  app.post('/api/cases/:id/duplicate', { schema: { tags, summary: 'Tandai duplikat dan gabungkan pelapornya ke aduan asal (ikut melapor)', params: Id, body: z.strictObject({ duplicateOf: z.string().trim().min(6).max(40), note: z.string().trim().max(1000).optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.markDuplicate(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/reporters', { schema: { tags, summary: 'Ikut melapor: tautkan pesan warga lain tentang hal yang sama ke aduan ini', params: Id, body: z.strictObject({ interactionId: z.uuid() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.joinReporter(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/archive', { schema: { tags, summary: 'Arsipkan dengan alasan (mis. format salah, terlalu umum, bukan urusan pemerintah)', params: Id, body: z.strictObject({ reason: Reason }) } }, async (req) => {
    const actor = requireActor(req);
    return service.archive(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/reopen', { schema: { tags, summary: 'Buka kembali aduan selesai atas sanggahan pelapor', params: Id, body: z.strictObject({ reason: Reason }) } }, async (req) => {
    const actor = requireActor(req);
    return service.reopen(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post('/api/cases/:id/notes', { schema: { tags, summary: 'Catatan internal pada riwayat aduan', params: Id, body: z.strictObject({ text: z.string().trim().min(1).max(4000) }) } }, async (req) => {
    const actor = requireActor(req);
    return service.addNote(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.post(
    '/api/cases/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Lampirkan berkas petugas (unggah dulu lewat POST /api/media): foto hasil tindak lanjut, surat; foto wajib punya teks alternatif; tidak publik',
        params: Id,
        body: z.strictObject({ mediaId: z.uuid(), altText: z.string().trim().max(1000).optional(), caption: z.string().trim().max(2000).optional() }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return service.addAttachment(deps, actor, req.params.id, req.body, audit(req, actor));
    },
  );

  app.post('/api/cases/:id/flags', { schema: { tags, summary: 'Ubah sifat aduan: anonim (identitas disembunyikan dari OPD) dan rahasia (tidak publik)', params: Id, body: z.strictObject({ anonymous: z.boolean().optional(), confidential: z.boolean().optional() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.setFlags(deps, actor, req.params.id, req.body, audit(req, actor));
  });

  app.get(
    '/api/cases/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Isi lampiran aduan (foto pelapor tanpa EXIF/GPS) untuk petugas yang boleh melihat aduan; Range didukung', params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }) } },
    async (req, reply) => sendAttachment(deps.db, requireActor(req), req.params.id, req.params.attachmentId, req, reply),
  );

  app.post(
    '/api/cases/:id/attachments/:attachmentId/public',
    {
      schema: {
        tags,
        summary: 'Publikasikan foto lampiran (menjadi media_url Open311) setelah diperiksa tidak memuat data pribadi; atau tarik kembali. Hanya yang boleh memverifikasi aduan',
        params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }),
        body: z.strictObject({ public: z.boolean() }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return setAttachmentPublic(deps.db, actor, req.params.id, req.params.attachmentId, req.body.public, audit(req, actor));
    },
  );

  app.post('/api/cases/:id/citizen-reply', { schema: { tags, summary: 'Catat tanggapan pelapor (menghentikan hitungan penutupan otomatis)', params: Id, body: z.strictObject({ text: z.string().trim().min(1).max(4000) }) } }, async (req) => {
    const actor = requireActor(req);
    await service.recordCitizenReply(deps, actor, req.params.id, req.body, audit(req, actor));
    return service.getCase(deps, actor, req.params.id);
  });
}
