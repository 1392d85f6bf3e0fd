import type { FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { AppError } from '../../../platform/errors.ts';
import { discardMedia, multipartError, storeStream } from '../../media/index.ts';
import type { AuditContext } from '../../org/index.ts';
import { checkFormToken } from './form-token.ts';
import { submitComplaint, type ComplaintInput, type PublicDeps } from './service.ts';
import { scoreSubmission } from './spam.ts';

// The complaint form with photos (multipart/form-data): the fields first, then up to PUBLIC_PHOTOS.max
// photos in parts named "photos". Before the first photo's bytes are read, the fields are validated
// and the form's defences run (honeypot, signed fill-time token, spam), so a bot's upload is refused
// before it is stored. Each photo streams into the media store as a citizen upload ('held': no org,
// EXIF and GPS dropped, images only, at most PUBLIC_PHOTOS.maxBytes); the case and its attachments
// are then created in one transaction that claims them. Any refusal deletes the photos already stored.

export const PUBLIC_PHOTOS = { max: 5, maxBytes: 10 * 1024 * 1024, field: 'photos' };

const TRUE = new Set(['true', 'on', '1', 'ya']);

/** Multipart text fields → the JSON shape of the form (checkboxes as booleans, empty as absent). */
export function formFields(fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'anonymous' || k === 'confidential') out[k] = TRUE.has(v.trim().toLowerCase());
    else out[k] = v;
  }
  return out;
}

function validate(schema: ZodType, fields: Record<string, string>): ComplaintInput {
  const r = schema.safeParse(formFields(fields));
  if (!r.success) throw new AppError('validation_failed', {}, { errors: r.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })) });
  return r.data as ComplaintInput;
}

/** The form's defences without using the token up (submitComplaint consumes it). */
async function precheck(deps: PublicDeps, input: ComplaintInput): Promise<void> {
  const verdict = scoreSubmission(input.description, { honeypot: input.website });
  if (verdict.signals.includes('honeypot')) throw new AppError('public_spam_refused', { reason: verdict.reason! });
  const check = await checkFormToken(deps.db, input.formToken, new Date());
  if (!check.ok) throw new AppError(check.reason === 'too_fast' ? 'public_form_too_fast' : 'public_form_invalid');
  if (verdict.refuse) throw new AppError('public_spam_refused', { reason: verdict.reason! });
}

export async function submitWithPhotos(deps: PublicDeps, req: FastifyRequest, schema: ZodType, audit: AuditContext) {
  const media = deps.media;
  if (!media) throw new AppError('service_unavailable', { reason: 'penyimpanan foto' });
  const fields: Record<string, string> = {};
  const photos: { mediaId: string; mime: string }[] = [];
  let checked = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== PUBLIC_PHOTOS.field) throw new AppError('bad_request', { reason: `berkas hanya dalam bagian "${PUBLIC_PHOTOS.field}"` });
      if (!checked) {
        await precheck(deps, validate(schema, fields));
        checked = true;
      }
      if (photos.length >= PUBLIC_PHOTOS.max) throw new AppError('media_too_many_files', { max: PUBLIC_PHOTOS.max });
      const meta = await storeStream(media, { stream: part.file, allow: ['image'], orgId: null, origin: 'citizen', maxBytes: PUBLIC_PHOTOS.maxBytes, hold: true, filename: part.filename });
      photos.push({ mediaId: meta.id, mime: meta.mime });
    }
    return await submitComplaint(deps, validate(schema, fields), audit, photos);
  } catch (err) {
    if (photos.length) await discardMedia(deps.db, photos.map((p) => p.mediaId)).catch(() => undefined);
    throw multipartError(err, PUBLIC_PHOTOS.max, PUBLIC_PHOTOS.maxBytes) ?? err;
  }
}
