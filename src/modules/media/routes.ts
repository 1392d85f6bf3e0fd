import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { inScope, orgScope, requestMeta, requireActor, requirePermission, type Actor } from '../org/index.ts';
import { formatBytes } from './kinds.ts';
import { PROFILE_NAMES } from './prepare.ts';
import { readyMeta, sendMedia } from './read.ts';
import * as service from './service.ts';
import { verifyMediaToken } from './signing.ts';
import type { MediaDeps } from './store.ts';

// HTTP of the media store: the staff API (/api/media…, multipart upload streamed to the database)
// and the public, token-signed URL (/media/:id/:token) that platforms fetch. Thin: the service and
// the store decide.

const tags = ['media'];
const Id = z.strictObject({ id: z.uuid() });

function audit(req: FastifyRequest, actor: Actor) {
  const m = requestMeta(req);
  return { actor, requestId: m.requestId, ip: m.ip };
}

/** Multipart errors raised while parsing (before a file stream is read) as Indonesian problems. */
export function multipartError(err: unknown, maxFiles: number, maxFileBytes?: number): AppError | null {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('media_too_large', { kind: 'berkas', limit: maxFileBytes ? formatBytes(maxFileBytes) : '-' });
  if (code === 'FST_FILES_LIMIT') return new AppError('media_too_many_files', { max: maxFiles });
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('unsupported_media_type', { type: 'bukan multipart/form-data' });
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION') return new AppError('bad_request', { reason: 'isian formulir terlalu banyak atau tidak valid' });
  return null;
}

export async function registerMediaRoutes(app: App, deps: MediaDeps): Promise<void> {
  await app.register(async (sub: App) => {
    const maxBytes = Math.max(deps.limits.imageBytes, deps.limits.videoBytes, deps.limits.documentBytes);
    // One byte over the largest limit: the store's own count (per kind, with its message) refuses first.
    await sub.register(fastifyMultipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 5, fieldSize: 2000, parts: 6, headerPairs: 100 } });

    sub.post(
      '/api/media',
      {
        schema: {
          tags,
          summary: 'Unggah berkas (multipart/form-data: altText opsional lalu bagian berkas "file"); dialirkan ke basis data, jenis dikenali dari isi; gambar diputar sesuai EXIF lalu semua metadata (termasuk GPS) dibuang. orgId: milik OPD itu (staf provinsi yang menulis atas nama OPD)',
          querystring: z.strictObject({ orgId: z.uuid().optional() }),
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        requirePermission(actor, 'media.upload');
        if (!req.isMultipart()) throw new AppError('unsupported_media_type', { type: String(req.headers['content-type'] ?? '-') });
        // for another OPD only where the actor may upload for it (refused before any byte is read)
        if (req.query.orgId && !inScope(orgScope(actor, 'media.upload'), req.query.orgId)) throw new AppError('forbidden');
        const fields: Record<string, string> = {};
        let created: service.MediaView | null = null;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'field') {
              fields[part.fieldname] = String(part.value);
              continue;
            }
            if (part.fieldname !== 'file' || created) {
              part.file.resume();
              continue;
            }
            const altText = fields['altText']?.trim().slice(0, 1000) || undefined;
            created = await service.upload(deps, actor, { stream: part.file, filename: part.filename, altText, orgId: req.query.orgId }, audit(req, actor));
          }
        } catch (err) {
          throw multipartError(err, 1, maxBytes) ?? err;
        }
        if (!created) throw new AppError('media_file_missing', { field: 'file' });
        return reply.code(201).send(created);
      },
    );
  });

  app.get('/api/media/:id', { schema: { tags, summary: 'Metadata berkas: jenis, ukuran, dimensi, durasi, SHA-256, URL publik bertanda tangan, versi siap platform', params: Id } }, async (req) => {
    return service.getMedia(deps, requireActor(req), req.params.id);
  });

  app.get('/api/media/:id/content', { schema: { tags, summary: 'Isi berkas untuk pengguna yang masuk (Range didukung)', params: Id } }, async (req, reply) => {
    const meta = await service.visibleMedia(deps, requireActor(req), req.params.id);
    return sendMedia(deps.db, req, reply, meta, { cache: 'private, max-age=300' });
  });

  app.post(
    '/api/media/:id/prepare',
    { schema: { tags, summary: 'Siapkan gambar untuk platform (ukuran dan rasio platform, JPEG tanpa metadata); disimpan sekali per profil', params: Id, body: z.strictObject({ profile: z.enum(PROFILE_NAMES as [string, ...string[]]) }) } },
    async (req) => {
      return service.prepare(deps, requireActor(req), req.params.id, req.body.profile as (typeof PROFILE_NAMES)[number]);
    },
  );

  // Public: whoever holds the signed URL (a platform fetching a publication's image) gets the bytes.
  app.get(
    '/media/:id/:token',
    { schema: { tags, summary: 'Publik: berkas melalui URL bertanda tangan (HMAC); Range didukung', params: z.object({ id: z.string().max(100), token: z.string().max(100) }) } },
    async (req, reply) => {
      const { id, token } = req.params;
      if (!z.uuid().safeParse(id).success || !(await verifyMediaToken(deps.db, id, token))) throw new AppError('not_found');
      const meta = await readyMeta(deps.db, id);
      return sendMedia(deps.db, req, reply, meta, { cache: 'public, max-age=31536000, immutable', headers: { 'cross-origin-resource-policy': 'cross-origin', 'access-control-allow-origin': '*' } });
    },
  );
}
