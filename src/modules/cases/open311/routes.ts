import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, formatMessage, pickLocale, type Locale } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/server.ts';
import { requestMeta, requireActor } from '../../org/index.ts';
import { discardMedia, storeStream } from '../../media/index.ts';
import { PUBLIC_PHOTOS } from '../public/photos.ts';
import * as pq from '../public/queries.ts';
import * as service from './service.ts';
import { Open311Error, type Open311Deps } from './service.ts';
import { toNodes, xmlDocument } from './xml.ts';

// HTTP of Open311 GeoReport v2 at /open311/v2 (.json and .xml), and the province admins' API for
// its keys at /api/open311/keys. Inside /open311/v2 every error, including validation, unknown
// paths and rate limits, is the spec's error list in the asked format.

export const OPEN311_PREFIX = '/open311/v2';
const tags = ['open311'];

/** POSTs per minute: per API key, and per client IP. */
export const OPEN311_LIMITS = { perKey: { max: 30, windowMs: 60_000 }, perIp: { max: 60, windowMs: 60_000 }, listPerIp: { max: 120, windowMs: 60_000 } };

type Format = 'json' | 'xml';

/** The `media` file stored for a POST (held until the case claims it). */
const uploads = new WeakMap<FastifyRequest, { mediaId: string; mime: string }>();

const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};
const itemName = (parent: string) => ITEM[parent] ?? 'item';

function formatOf(req: FastifyRequest): Format {
  const path = req.url.split('?')[0] ?? '';
  const ext = /\.(json|xml)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'json' || ext === 'xml') return ext;
  return /json/i.test(String(req.headers.accept ?? '')) ? 'json' : 'xml';
}

function localeOf(req: FastifyRequest): Locale {
  return req.ctx?.locale ?? pickLocale(req.headers['accept-language']);
}

function send(reply: FastifyReply, format: Format, root: string, data: unknown, status = 200): FastifyReply {
  reply.code(status).header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(data));
  return reply.type('text/xml; charset=utf-8').send(xmlDocument(toNodes(root, data, itemName)));
}

function sendError(req: FastifyRequest, reply: FastifyReply, err: Open311Error): FastifyReply {
  if (err.headers) reply.headers(err.headers);
  return send(reply, formatOf(req), 'errors', err.errors(localeOf(req)), err.status);
}

/** The format of a matched route: only .json and .xml exist. */
function requireFormat(format: string): Format {
  const f = format.toLowerCase();
  if (f !== 'json' && f !== 'xml') throw new Open311Error(404, { id: `format .${format} tidak tersedia; gunakan .json atau .xml`, en: `format .${format} is not available; use .json or .xml` });
  return f;
}

/** application/x-www-form-urlencoded → fields (a repeated key becomes a list). */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

async function limit(deps: Open311Deps, bucket: string, l: { max: number; windowMs: number }): Promise<void> {
  const r = await pq.hit(deps.db, bucket, l.windowMs);
  if (r.hits > l.max) {
    const seconds = Math.max(1, Math.ceil((r.resetAt.getTime() - Date.now()) / 1000));
    throw new Open311Error(429, { id: `terlalu banyak permintaan; coba lagi dalam ${seconds} detik`, en: `too many requests; retry in ${seconds} seconds` }, { 'retry-after': String(seconds) });
  }
}

const Format = z.string().min(1).max(10).describe('json atau xml');
const Jurisdiction = z.string().max(100).optional().describe(`opsional; satu-satunya yurisdiksi: ${service.JURISDICTION}`);
const ListQuery = z.looseObject({
  jurisdiction_id: Jurisdiction,
  service_request_id: z.string().max(20_000).optional().describe('kode pelacakan, dipisah koma; mengabaikan parameter lain'),
  service_code: z.string().max(2000).optional().describe('kode layanan (kategori), dipisah koma'),
  start_date: z.string().max(40).optional().describe('ISO 8601; bawaan: 90 hari terakhir'),
  end_date: z.string().max(40).optional().describe('ISO 8601; rentang paling lama 90 hari'),
  status: z.string().max(20).optional().describe('open, closed, atau open,closed'),
});
const JurisdictionQuery = z.looseObject({ jurisdiction_id: Jurisdiction });
const PostBody = z
  .record(z.string(), z.unknown())
  .nullish()
  .describe(
    'application/x-www-form-urlencoded (atau JSON): api_key, jurisdiction_id, service_code, lat, long, address_string, address_id, attribute[KODE], email, device_id, account_id, first_name, last_name, phone, description, media_url',
  );

function open311Plugin(deps: Open311Deps, bodyLimit: number) {
  return async (instance: App) => {
    const sub = instance;
    // Only the body types GeoReport v2 clients send (form, multipart form fields, JSON); anything else is refused (400).
    sub.removeAllContentTypeParsers();
    // multipart/form-data: the fields, and the spec's optional "media" file (one image), streamed into the
    // media store as a held citizen upload (EXIF and GPS dropped) and bound to the case in its transaction.
    await sub.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { files: 1, fileSize: PUBLIC_PHOTOS.maxBytes + 1, fields: 200, fieldSize: 16_384, parts: 200 },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        if (part.fieldname !== 'media') throw new Open311Error(400, { id: `berkas hanya diterima sebagai "media" (bukan "${part.fieldname}")`, en: `a file is accepted only as "media" (not "${part.fieldname}")` });
        if (!deps.media) throw new Open311Error(400, { id: 'unggah berkas (media) tidak tersedia; kirim tautan foto sebagai media_url', en: 'file upload (media) is not available; send the photo as media_url' });
        await limit(deps, `open311:post:ip|${this.ip}`, OPEN311_LIMITS.perIp);
        const meta = await storeStream(deps.media, { stream: part.file, allow: ['image'], orgId: null, origin: 'citizen', maxBytes: PUBLIC_PHOTOS.maxBytes, hold: true, filename: part.filename });
        uploads.set(this, { mediaId: meta.id, mime: meta.mime });
      },
    });
    // A stored upload of a request that failed is deleted at once (the media_cleanup job is the safety net).
    sub.addHook('onResponse', async (req, reply) => {
      const photo = uploads.get(req);
      if (photo && reply.statusCode >= 400) await discardMedia(deps.db, [photo.mediaId]).catch(() => undefined);
    });
    sub.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'string', bodyLimit }, (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new Open311Error(400, { id: 'isi permintaan bukan JSON yang valid', en: 'the request body is not valid JSON' }), undefined);
      }
    });
    sub.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
      try {
        done(null, parseForm(String(body)));
      } catch {
        done(new Open311Error(400, { id: 'isi formulir tidak dapat dibaca', en: 'the form body cannot be parsed' }), undefined);
      }
    });

    sub.setErrorHandler((error: unknown, req, reply) => {
      if (error instanceof Open311Error) return sendError(req, reply, error);
      const locale = localeOf(req);
      if (error instanceof AppError) {
        const status = error.status === 429 ? 429 : error.status === 403 ? 403 : error.status === 404 ? 404 : error.status >= 500 ? error.status : 400;
        return sendError(req, reply, new Open311Error(status, { id: formatMessage(error.code, error.params, 'id'), en: formatMessage(error.code, error.params, 'en') }, error.headers));
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const messages = error.validation.map((v) => {
          const where = `${error.validationContext ?? ''}${v.instancePath.replaceAll('/', '.')}`;
          return { id: `${where}: ${v.message ?? 'tidak valid'}`, en: `${where}: ${v.message ?? 'invalid'}` };
        });
        return sendError(req, reply, new Open311Error(400, messages));
      }
      const e = error as { statusCode?: number; code?: string; message?: string };
      if (e.code === 'FST_FILES_LIMIT') {
        return sendError(req, reply, new Open311Error(400, { id: 'paling banyak satu berkas media per permintaan', en: 'at most one media file per request' }));
      }
      if (e.code === 'FST_REQ_FILE_TOO_LARGE') return sendError(req, reply, new Open311Error(400, { id: 'berkas media terlalu besar (paling besar 10 MB)', en: 'the media file is too large (at most 10 MB)' }));
      if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(req, reply, new Open311Error(400, { id: 'isi permintaan terlalu besar', en: 'the request body is too large' }));
      if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
        return sendError(req, reply, new Open311Error(400, { id: 'jenis konten tidak didukung; gunakan application/x-www-form-urlencoded, multipart/form-data atau application/json', en: 'unsupported content type; use application/x-www-form-urlencoded, multipart/form-data or application/json' }));
      }
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return sendError(req, reply, new Open311Error(400, { id: e.message ?? 'permintaan tidak valid', en: e.message ?? 'bad request' }));
      req.log.error({ err: error }, 'open311 error');
      const m = formatMessage('internal', { requestId: req.id }, locale);
      return sendError(req, reply, new Open311Error(500, { id: m, en: formatMessage('internal', { requestId: req.id }, 'en') }));
    });

    sub.setNotFoundHandler((req, reply) =>
      sendError(req, reply, new Open311Error(404, { id: `alamat ${req.url.split('?')[0]} tidak ada; lihat ${OPEN311_PREFIX}/discovery.json`, en: `${req.url.split('?')[0]} does not exist; see ${OPEN311_PREFIX}/discovery.json` })),
    );

    sub.get('/discovery.:format', { schema: { tags, summary: 'Open311: service discovery (GeoReport v2)', params: z.object({ format: Format }) } }, async (req, reply) => {
      const f = requireFormat(req.params.format);
      return send(reply, f, 'discovery', await service.discovery(deps));
    });

    sub.get('/services.:format', { schema: { tags, summary: 'Open311: daftar layanan (satu per kategori aduan aktif; group = OPD penanganan)', params: z.object({ format: Format }), querystring: JurisdictionQuery } }, async (req, reply) => {
      const f = requireFormat(req.params.format);
      return send(reply, f, 'services', await service.services(deps, req.query.jurisdiction_id));
    });

    sub.get(
      '/services/:service_code.:format',
      { schema: { tags, summary: 'Open311: definisi layanan dengan atribut (kab/kota, kecamatan, waktu, anonim, rahasia, pertanyaan kategori)', params: z.object({ service_code: z.string().max(60), format: Format }), querystring: JurisdictionQuery } },
      async (req, reply) => {
        const f = requireFormat(req.params.format);
        return send(reply, f, 'service_definition', await service.serviceDefinition(deps, req.params.service_code, req.query.jurisdiction_id));
      },
    );

    sub.post(
      '/requests.:format',
      { schema: { tags, summary: 'Open311: kirim aduan (api_key wajib); menjawab service_request_id = kode pelacakan', params: z.object({ format: Format }), querystring: z.looseObject({ api_key: z.string().max(200).optional() }), body: PostBody } },
      async (req, reply) => {
        const f = requireFormat(req.params.format);
        const photo = uploads.get(req);
        // The per-IP limit was counted when the upload began (before its bytes were stored).
        if (!photo) await limit(deps, `open311:post:ip|${req.ip}`, OPEN311_LIMITS.perIp);
        const { media: _file, ...body } = (req.body ?? {}) as Record<string, unknown>;
        const fields = service.normalizeFields(body);
        const key = await service.authenticate(deps, fields.single['api_key'] ?? (req.query as { api_key?: string }).api_key);
        await limit(deps, `open311:post:key|${key.id}`, OPEN311_LIMITS.perKey);
        const m = requestMeta(req);
        const created = await service.createRequest(deps, key, fields, { actor: null, requestId: m.requestId, ip: m.ip }, photo ? [photo] : []);
        return send(reply, f, 'service_requests', [created]);
      },
    );

    sub.get('/requests.:format', { schema: { tags, summary: 'Open311: daftar aduan publik (bawaan 90 hari terakhir, paling banyak 1000; aduan rahasia tidak pernah tampil)', params: z.object({ format: Format }), querystring: ListQuery } }, async (req, reply) => {
      const f = requireFormat(req.params.format);
      await limit(deps, `open311:list:ip|${req.ip}`, OPEN311_LIMITS.listPerIp);
      return send(reply, f, 'service_requests', await service.listRequests(deps, req.query));
    });

    sub.get(
      '/requests/:service_request_id.:format',
      { schema: { tags, summary: 'Open311: satu aduan menurut kode pelacakan', params: z.object({ service_request_id: z.string().max(60), format: Format }), querystring: JurisdictionQuery } },
      async (req, reply) => {
        const f = requireFormat(req.params.format);
        return send(reply, f, 'service_requests', await service.getRequest(deps, req.params.service_request_id, req.query.jurisdiction_id));
      },
    );

    sub.get('/tokens/:token.:format', { schema: { tags, summary: 'Open311: service_request_id dari token', params: z.object({ token: z.string().max(100), format: Format }), querystring: JurisdictionQuery } }, async (req, reply) => {
      const f = requireFormat(req.params.format);
      return send(reply, f, 'service_requests', await service.tokenLookup(deps, req.params.token, req.query.jurisdiction_id));
    });
  };
}

export async function registerOpen311Routes(app: App, deps: Open311Deps, opts: { bodyLimit: number }): Promise<void> {
  const keyTags = ['open311'];
  const audit = (req: FastifyRequest, actor: ReturnType<typeof requireActor>) => {
    const m = requestMeta(req);
    return { actor, requestId: m.requestId, ip: m.ip };
  };
  app.get('/api/open311/keys', { schema: { tags: keyTags, summary: 'Kunci API Open311 (admin provinsi): daftar' } }, async (req) => {
    return { items: await service.listKeys(deps, requireActor(req)) };
  });
  app.post(
    '/api/open311/keys',
    { schema: { tags: keyTags, summary: 'Buat kunci API Open311; kunci hanya ditampilkan sekali (yang disimpan hanya hash-nya)', body: z.strictObject({ name: z.string().trim().min(2).max(200), contact: z.string().trim().max(200).optional() }) } },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.code(201).send(await service.createKey(deps, actor, req.body, audit(req, actor)));
    },
  );
  app.post('/api/open311/keys/:id/revoke', { schema: { tags: keyTags, summary: 'Cabut kunci API Open311', params: z.strictObject({ id: z.uuid() }) } }, async (req) => {
    const actor = requireActor(req);
    return service.revokeKey(deps, actor, req.params.id, audit(req, actor));
  });
  await app.register(open311Plugin(deps, opts.bodyLimit), { prefix: OPEN311_PREFIX });
}
