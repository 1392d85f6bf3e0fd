import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { newToken, tokenHash } from '../../../platform/auth/tokens.ts';
import { AppError } from '../../../platform/errors.ts';
import { findProvince, recordAudit, type AuditContext } from '../../org/index.ts';
import { attachCitizenPhotos, insertAttachments } from '../attachments.ts';
import { initialClock, rulesFor } from '../deadlines.ts';
import { publicText } from '../event-texts.ts';
import * as q from '../queries.ts';
import { calendarFor, titleFrom, type CasesDeps } from '../service.ts';
import * as pq from './queries.ts';

// A complaint from a citizen without an account: the public form (channel 'web') or an Open311
// client (channel 'open311'). The case starts as `diterima` with Kominfotik (the province org, as
// Admin Koordinator SP4N-LAPOR!) as owner, like every complaint not yet routed; verification and
// disposition then follow the LAPOR! lifecycle. One transaction: the case, its first public event,
// what was submitted (case_submission), the reporter's tracking secret and the audit row.

export interface CitizenCaseInput {
  channel: 'web' | 'open311';
  categoryCode: string;
  description: string;
  regencyCode?: string | null | undefined;
  districtCode?: string | null | undefined;
  locationText?: string | null | undefined;
  reporterName?: string | null | undefined;
  reporterPhone?: string | null | undefined;
  reporterEmail?: string | null | undefined;
  anonymous?: boolean | undefined;
  confidential?: boolean | undefined;
  /** Photos stored 'held' by the media store for this submission; claimed in the case's transaction. */
  photos?: readonly { mediaId: string; mime: string }[] | undefined;
  /** What the submission carried beyond the case (Open311 location, attributes, client ids). */
  submission?: {
    apiKeyId?: string | null | undefined;
    lat?: number | null | undefined;
    long?: number | null | undefined;
    addressString?: string | null | undefined;
    addressId?: string | null | undefined;
    zipcode?: string | null | undefined;
    mediaUrl?: string | null | undefined;
    attributes?: Record<string, string | string[]> | undefined;
    deviceId?: string | null | undefined;
    accountId?: string | null | undefined;
    spam?: unknown;
  };
}

export interface CitizenCase {
  id: string;
  code: string;
  confidential: boolean;
  /** The reporter's secret (shown once): follows a confidential case, rates the outcome. */
  secret: string;
  /** Open311 token (tokens/{token}). */
  token: string;
  verifyDueAt: Date | null;
  categoryName: string;
}

/** A new tracking secret: 24 random bytes, URL-safe. */
export function newTrackingSecret(): string {
  return newToken(24);
}

export async function createCitizenCase(deps: CasesDeps, input: CitizenCaseInput, audit: AuditContext): Promise<CitizenCase> {
  const now = deps.now?.() ?? new Date();
  const province = await findProvince(deps.db);
  if (!province) throw new AppError('service_unavailable', { reason: 'data provinsi belum diisi (dayung seed)' });
  const category = await q.findCategoryByCode(deps.db, input.categoryCode);
  if (!category) throw new AppError('case_reference_unknown', { what: 'Kategori', value: input.categoryCode });
  let regency = input.regencyCode ?? null;
  if (input.districtCode) {
    const d = await q.findDistrict(deps.db, input.districtCode);
    if (!d) throw new AppError('case_reference_unknown', { what: 'Kecamatan', value: input.districtCode });
    if (regency && d.regency_code !== regency) throw new AppError('bad_request', { reason: `kecamatan ${d.name} tidak berada di kabupaten/kota ${regency}` });
    regency = d.regency_code;
  }
  if (regency && !(await q.findRegency(deps.db, regency))) throw new AppError('case_reference_unknown', { what: 'Kabupaten/kota', value: regency });
  const description = input.description.trim();
  if (!description) throw new AppError('validation_failed', {}, { errors: [{ path: 'description', message: 'Uraian aduan kosong' }] });
  const cal = await calendarFor(deps.db);
  const clock = initialClock(cal, rulesFor(category), now);
  const confidential = input.confidential === true || category.confidential_by_default;
  const secret = newTrackingSecret();
  const token = randomBytes(12).toString('hex');
  const s = input.submission ?? {};
  const created = await deps.db.transaction().execute(async (tx) => {
    const c = await q.insertCase(tx, {
      org_id: province.id,
      origin_org_id: null,
      classification: category.classification,
      category_id: category.id,
      title: titleFrom(description).slice(0, 200),
      description: description.slice(0, 8000),
      regency_code: regency,
      district_code: input.districtCode ?? null,
      location_text: input.locationText?.trim() ? input.locationText.trim().slice(0, 500) : null,
      source_channel: input.channel,
      source_interaction_id: null,
      reporter_contact_id: null,
      reporter_name: input.reporterName?.trim() || null,
      reporter_phone: input.reporterPhone?.trim() || null,
      reporter_email: input.reporterEmail?.trim() || null,
      anonymous: input.anonymous === true,
      confidential,
      received_at: now,
      verify_due_at: clock.verifyDueAt,
      cap_due_at: clock.capDueAt,
      created_by: null,
    });
    await q.insertEvent(tx, {
      orgId: province.id,
      caseId: c.id,
      kind: 'status',
      toStatus: 'diterima',
      toOrgId: province.id,
      ...publicText('received', { code: c.code }),
      data: { channel: input.channel, apiKeyId: s.apiKeyId ?? null },
      actorName: input.channel === 'open311' ? 'Open311' : 'formulir publik',
      at: now,
    });
    await pq.insertSubmission(tx, {
      case_id: c.id,
      channel: input.channel,
      api_key_id: s.apiKeyId ?? null,
      token,
      lat: s.lat ?? null,
      long: s.long ?? null,
      address_string: s.addressString ?? null,
      address_id: s.addressId ?? null,
      zipcode: s.zipcode ?? null,
      media_url: s.mediaUrl ?? null,
      attributes: JSON.stringify(s.attributes ?? {}),
      device_id: s.deviceId ?? null,
      account_id: s.accountId ?? null,
      spam: s.spam === undefined ? null : JSON.stringify(s.spam),
    });
    await attachCitizenPhotos(tx, c.id, input.channel, input.photos ?? []);
    // An Open311 client's own photo link, kept as given (never fetched) so staff see it with the case.
    if (s.mediaUrl) await insertAttachments(tx, c.id, [{ source: input.channel, external_url: s.mediaUrl, kind: 'image', alt_text: 'Tautan foto yang dikirim pelapor (tidak diambil oleh Dayung)' }]);
    await pq.setTrackingSecret(tx, c.id, tokenHash(secret));
    await recordAudit(tx, audit, {
      action: 'case.create',
      targetType: 'complaint_case',
      targetId: c.id,
      orgId: province.id,
      after: { code: c.code, channel: input.channel, categoryCode: category.code, apiKeyId: s.apiKeyId ?? null, confidential, anonymous: input.anonymous === true, photos: input.photos?.length ?? 0 },
    });
    return c;
  });
  return { id: created.id, code: created.code, confidential, secret, token, verifyDueAt: clock.verifyDueAt, categoryName: category.name };
}

/**
 * Issues (or replaces) the tracking secret of a case, for the citizen loop on other channels: the
 * reporter of a confidential case can then follow it on the tracking page and rate it. A previous
 * secret stops working. Returns the secret; only its hash is stored.
 */
export async function issueTrackingSecret(db: DbOrTx, caseId: string): Promise<string> {
  const secret = newTrackingSecret();
  await pq.setTrackingSecret(db, caseId, tokenHash(secret));
  return secret;
}
