import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/server.ts';
import { parseWibBound } from '../../../platform/time.ts';
import { requestMeta } from '../../org/index.ts';
import { PUBLIC_PHOTOS, submitWithPhotos } from './photos.ts';
import { pgRateStore } from './rate-store.ts';
import * as service from './service.ts';

// HTTP of the public pages (/api/public…, no login): reference data for the complaint form, the
// form itself, tracking by code, the rating, and open statistics (JSON and CSV). Every route is rate
// limited per IP with @fastify/rate-limit (counters in PostgreSQL, shared by all web processes).
// State-changing requests carry the CSRF double-submit token like the rest of /api (the page gets
// the cookie from GET /api/auth/session).

const tags = ['public'];

/** Per-IP limits of the public routes. */
export const PUBLIC_LIMITS = {
  reference: { max: 120, timeWindow: 60_000 },
  formToken: { max: 30, timeWindow: 10 * 60_000 },
  submit: { max: 5, timeWindow: 10 * 60_000 },
  track: { max: 60, timeWindow: 60_000 },
  rating: { max: 10, timeWindow: 10 * 60_000 },
  stats: { max: 60, timeWindow: 60_000 },
};

const Code = z.string().regex(/^[A-Z0-9_]{2,40}$/, 'Kode kategori tidak valid');
const CaseCode = z.string().regex(/^[Ss][Bb]-\d{4}-\d{6,}$/, 'Kode pelacakan berbentuk SB-2611-000123');
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number, message: string) => z.preprocess(emptyToUndefined, z.string().trim().max(max, message).optional());

const ComplaintBody = z.strictObject({
  formToken: z.string().min(10, 'Token formulir wajib (GET /api/public/complaints/form-token)').max(200),
  website: z.string().max(2000).optional().describe('honeypot: biarkan kosong (disembunyikan dari manusia)'),
  categoryCode: Code,
  regencyCode: z.string().regex(/^\d{2}\.\d{2}$/, 'Pilih kabupaten/kota'),
  districtCode: z.preprocess(emptyToUndefined, z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, 'Kode kecamatan tidak valid').optional()),
  locationText: optionalText(500, 'Lokasi paling panjang 500 karakter'),
  description: z.string().trim().min(20, 'Uraian aduan paling sedikit 20 karakter').max(4000, 'Uraian aduan paling panjang 4000 karakter'),
  name: optionalText(200, 'Nama paling panjang 200 karakter'),
  phone: z.preprocess(emptyToUndefined, z.string().trim().regex(/^\+?[\d\s-]{6,20}$/, 'Nomor telepon tidak valid').optional()),
  email: z.preprocess(emptyToUndefined, z.email('Alamat email tidak valid').max(200).optional()),
  anonymous: z.boolean().optional(),
  confidential: z.boolean().optional(),
});

const RatingBody = z.strictObject({
  secret: z.string().trim().min(10).max(100),
  rating: z.number().int().min(1, 'Nilai 1 sampai 5').max(5, 'Nilai 1 sampai 5'),
  comment: optionalText(2000, 'Komentar paling panjang 2000 karakter'),
});

const StatsQuery = z.strictObject({
  from: z.iso.date().optional().describe('tanggal awal (WIB), mis. 2026-01-01'),
  to: z.iso.date().optional().describe('tanggal akhir (WIB), termasuk'),
});

function rangeOf(q: z.infer<typeof StatsQuery>) {
  const from = q.from ? parseWibBound(q.from, false) : undefined;
  const to = q.to ? parseWibBound(q.to, true) : undefined;
  if (from && to && to <= from) throw new AppError('bad_request', { reason: 'tanggal akhir sebelum tanggal awal' });
  return { from, to };
}

function audit(req: FastifyRequest) {
  const m = requestMeta(req);
  return { actor: null, requestId: m.requestId, ip: m.ip };
}

function secretOf(req: FastifyRequest, query: { secret?: string | undefined }): string | undefined {
  const h = req.headers['x-tracking-secret'];
  return (typeof h === 'string' && h) || query.secret || undefined;
}

export async function registerPublicCaseRoutes(app: App, deps: service.PublicDeps): Promise<void> {
  await app.register(async (sub: App) => {
    await sub.register(fastifyRateLimit, {
      global: false,
      store: pgRateStore(deps.db),
      errorResponseBuilder: () => new AppError('rate_limited'),
    });
    const rl = (l: { max: number; timeWindow: number }) => ({ rateLimit: l });

    sub.get('/api/public/case-categories', { config: rl(PUBLIC_LIMITS.reference), schema: { tags, summary: 'Publik: kategori aduan dengan OPD penanganan' } }, async () => {
      return { items: await service.publicCategories(deps) };
    });

    sub.get('/api/public/regions', { config: rl(PUBLIC_LIMITS.reference), schema: { tags, summary: 'Publik: kabupaten/kota Sumatera Barat dengan kecamatannya (kode Kemendagri)' } }, async () => {
      return { items: await service.publicRegions(deps) };
    });

    sub.get('/api/public/complaints/form-token', { config: rl(PUBLIC_LIMITS.formToken), schema: { tags, summary: 'Publik: token formulir aduan (bertanda tangan, berisi waktu; sekali pakai)' } }, async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.formToken(deps);
    });

    // Photos come as multipart/form-data (fields first, then up to 5 parts "photos"); JSON without photos.
    await sub.register(fastifyMultipart, { limits: { fileSize: PUBLIC_PHOTOS.maxBytes + 1, files: PUBLIC_PHOTOS.max, fields: 20, fieldSize: 20_000, parts: 30, headerPairs: 100 } });
    sub.post(
      '/api/public/complaints',
      {
        config: rl(PUBLIC_LIMITS.submit),
        schema: {
          tags,
          summary: `Publik: kirim aduan (honeypot, waktu isi minimum, deteksi spam); menjawab kode, tautan dan kunci pelacakan. JSON, atau multipart/form-data dengan isian yang sama lalu sampai ${PUBLIC_PHOTOS.max} foto (bagian "photos", JPEG/PNG/WebP/GIF, masing-masing ≤ 10 MB; EXIF dan GPS dibuang)`,
          body: ComplaintBody.nullish(),
        },
      },
      async (req, reply) => {
        const created = req.isMultipart() ? await submitWithPhotos(deps, req, ComplaintBody, audit(req)) : req.body ? await service.submitComplaint(deps, req.body, audit(req)) : null;
        if (!created) throw new AppError('validation_failed', {}, { errors: [{ path: 'body', message: 'Isi formulir kosong' }] });
        return reply.code(201).header('cache-control', 'no-store').send(created);
      },
    );

    sub.get(
      '/api/public/cases/:code',
      {
        config: rl(PUBLIC_LIMITS.track),
        schema: { tags, summary: 'Publik: lacak aduan (status, riwayat publik, jawaban; tanpa data pribadi). Aduan rahasia hanya dengan kunci pelacakan (x-tracking-secret atau ?secret=)', params: z.strictObject({ code: CaseCode }), querystring: z.strictObject({ secret: z.string().max(100).optional() }) },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return service.trackCase(deps, req.params.code, secretOf(req, req.query));
      },
    );

    sub.post(
      '/api/public/cases/:code/rating',
      { config: rl(PUBLIC_LIMITS.rating), schema: { tags, summary: 'Publik: nilai hasil penanganan (1–5 dan komentar), sekali, hanya bila selesai, dengan kunci pelacakan', params: z.strictObject({ code: CaseCode }), body: RatingBody } },
      async (req) => {
        return service.rateFromPublic(deps, req.params.code, req.body, audit(req));
      },
    );

    sub.get('/api/public/stats', { config: rl(PUBLIC_LIMITS.stats), schema: { tags, summary: 'Data terbuka: aduan per OPD dan kategori, median waktu tindak lanjut, ketepatan waktu, kepuasan (JSON)', querystring: StatsQuery } }, async (req, reply) => {
      reply.header('access-control-allow-origin', '*');
      return service.publicStats(deps, rangeOf(req.query));
    });

    sub.get('/api/public/stats.csv', { config: rl(PUBLIC_LIMITS.stats), schema: { tags, summary: 'Data terbuka: statistik aduan (CSV, UTF-8)', querystring: StatsQuery } }, async (req, reply) => {
      const csv = service.statsCsv(await service.publicStats(deps, rangeOf(req.query)));
      return reply
        .header('access-control-allow-origin', '*')
        .header('content-disposition', 'attachment; filename="statistik-aduan-sumbar.csv"')
        .type('text/csv; charset=utf-8')
        .send(csv);
    });
  });
}
