import type { Db } from '../../../platform/db/index.ts';
import { newToken, tokenHash } from '../../../platform/auth/tokens.ts';
import { AppError, type Locale } from '../../../platform/errors.ts';
import { formatWib, parseWibBound } from '../../../platform/time.ts';
import { findProvince, recordAudit, requirePermission, type Actor, type AuditContext } from '../../org/index.ts';
import { rulesFor } from '../deadlines.ts';
import { publicUrl, type MediaDeps } from '../../media/index.ts';
import { createCitizenCase } from '../public/intake.ts';
import * as pq from '../public/queries.ts';
import { scoreSubmission } from '../public/spam.ts';
import { agencyResponsible, isPublished, expectedAt, mask, open311Status, publicAddress, statusNotes, utc } from '../public/view.ts';
import { attributesFor, validateAttributes, type Regions } from './attributes.ts';
import * as oq from './queries.ts';

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over Dayung's complaint cases:
// services = active complaint categories; service requests = cases (service_request_id = the
// tracking code). Never a confidential case, never personal data. Errors are Open311Error, rendered
// by the routes as the spec's error list with 400/403/404 (and 429 when rate limited).

export interface Open311Deps {
  db: Db;
  publicUrl: string;
  now?: (() => Date) | undefined;
  /** The media store, for the optional `media` upload of a POST (absent: uploads are refused). */
  media?: MediaDeps | undefined;
}

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
export const JURISDICTION = 'sumbarprov.go.id';
/** Sumatera Barat including the Mentawai islands (0°54′ N – 3°30′ S, 98°36′ – 101°53′ E), with a small margin. */
export const BBOX = { minLat: -3.6, maxLat: 1.0, minLong: 98.5, maxLong: 102.0 } as const;
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_ROWS = 1000;
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 4000;

export interface Message {
  id: string;
  en: string;
}

export class Open311Error extends Error {
  readonly status: number;
  readonly messages: Message[];
  readonly headers: Record<string, string> | undefined;
  constructor(status: number, messages: Message | Message[], headers?: Record<string, string>) {
    const list = Array.isArray(messages) ? messages : [messages];
    super(list.map((m) => m.en).join('; '));
    this.status = status;
    this.messages = list;
    this.headers = headers;
  }

  /** The GeoReport v2 error list: [{code, description}]. */
  errors(locale: Locale): { code: number; description: string }[] {
    return this.messages.map((m) => ({ code: this.status, description: m[locale] }));
  }
}

const msg = (id: string, en: string): Message => ({ id, en });
const nowOf = (deps: Open311Deps) => deps.now?.() ?? new Date();

function checkJurisdiction(jurisdictionId: string | undefined): void {
  if (jurisdictionId !== undefined && jurisdictionId.trim() !== '' && jurisdictionId.trim().toLowerCase() !== JURISDICTION) {
    throw new Open311Error(404, msg(`jurisdiction_id "${jurisdictionId}" tidak ditemukan; gunakan ${JURISDICTION}`, `jurisdiction_id "${jurisdictionId}" not found; use ${JURISDICTION}`));
  }
}

async function regionsOf(deps: Open311Deps): Promise<Regions> {
  const [regencies, districts] = await Promise.all([pq.regencies(deps.db), pq.districts(deps.db)]);
  return { regencies, districts };
}

// ── discovery, services, definitions ─────────────────────────────────────────────────────────

export async function discovery(deps: Open311Deps) {
  const changed = (await oq.servicesChangedAt(deps.db)) ?? nowOf(deps);
  return {
    changeset: utc(changed)!,
    contact: 'Dinas Komunikasi, Informatika dan Statistik Provinsi Sumatera Barat — Admin Koordinator SP4N-LAPOR! (diskominfotik.sumbarprov.go.id)',
    key_service: `Kunci API (api_key) untuk mengirim aduan diberikan oleh Diskominfotik Sumatera Barat; ajukan melalui ${deps.publicUrl}. API keys for posting service requests are issued by Diskominfotik Sumatera Barat.`,
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${deps.publicUrl}/open311/v2`,
        changeset: utc(changed)!,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

function serviceOf(c: pq.CategoryRow) {
  const rules = rulesFor(c);
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name}. Ditangani oleh ${c.org_name}; diverifikasi dalam ${rules.verifyWorkingDays} hari kerja dan ditindaklanjuti dalam ${rules.followUpWorkingDays} hari kerja setelah disposisi.${c.confidential_by_default ? ' Aduan kategori ini dirahasiakan.' : ''}`,
    metadata: true,
    type: 'realtime' as const,
    keywords: c.keywords.join(', '),
    group: c.org_name,
  };
}

export async function services(deps: Open311Deps, jurisdictionId?: string) {
  checkJurisdiction(jurisdictionId);
  return (await pq.activeCategories(deps.db)).map(serviceOf);
}

async function categoryOrThrow(deps: Open311Deps, code: string | undefined, status: 400 | 404) {
  if (!code || !code.trim()) throw new Open311Error(400, msg('service_code wajib diisi', 'service_code was not provided'));
  const c = (await pq.activeCategories(deps.db)).find((x) => x.code === code.trim().toUpperCase());
  if (!c) throw new Open311Error(status, msg(`service_code "${code}" tidak ditemukan`, `service_code "${code}" not found`));
  return c;
}

export async function serviceDefinition(deps: Open311Deps, code: string, jurisdictionId?: string) {
  checkJurisdiction(jurisdictionId);
  const c = await categoryOrThrow(deps, code, 404);
  return { service_code: c.code, attributes: attributesFor(c, await regionsOf(deps)) };
}

// ── POST requests ────────────────────────────────────────────────────────────────────────────

/** Request fields as sent: single values, and attribute[code] answers (several for multivaluelist). */
export interface Open311Fields {
  single: Record<string, string>;
  attributes: Record<string, string[]>;
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]{1,60})\](\[\])?$/;

/** Normalizes a form-encoded or JSON body (attribute[code]=v, attribute[code][]=v, or {attribute: {code: v}}). */
export function normalizeFields(body: unknown): Open311Fields {
  const single: Record<string, string> = {};
  const attributes: Record<string, string[]> = {};
  const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap(asStrings) : v === null || v === undefined ? [] : typeof v === 'object' ? [] : [String(v)]);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { single, attributes };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (m) {
      (attributes[m[1]!] ??= []).push(...asStrings(value));
    } else if (key === 'attribute' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [code, v] of Object.entries(value as Record<string, unknown>)) (attributes[code] ??= []).push(...asStrings(v));
    } else {
      const vals = asStrings(value);
      if (vals.length) single[key] = vals[vals.length - 1]!;
    }
  }
  return { single, attributes };
}

export interface ApiKeyRef {
  id: string;
  name: string;
}

/** The active API key, or 403. */
export async function authenticate(deps: Open311Deps, apiKey: string | undefined): Promise<ApiKeyRef> {
  if (!apiKey || !apiKey.trim()) throw new Open311Error(403, msg('api_key tidak dikirim', 'api_key was not provided'));
  const key = apiKey.trim().length <= 200 ? await oq.useKey(deps.db, tokenHash(apiKey.trim())) : undefined;
  if (!key) throw new Open311Error(403, msg('api_key tidak valid atau sudah dicabut', 'api_key is invalid or has been revoked'));
  return key;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$/;
const PHONE = /^\+?[\d\s().-]{6,24}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function numberOf(v: string | undefined): number | null | 'bad' {
  if (v === undefined || v.trim() === '') return null;
  if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(v.trim())) return 'bad';
  return Number(v);
}

function displayName(first: string | undefined, last: string | undefined): string | null {
  const n = [first?.trim(), last?.trim()].filter(Boolean).join(' ');
  return n || null;
}

export async function createRequest(deps: Open311Deps, key: ApiKeyRef, f: Open311Fields, audit: AuditContext, photos: readonly { mediaId: string; mime: string }[] = []) {
  checkJurisdiction(f.single['jurisdiction_id']);
  const category = await categoryOrThrow(deps, f.single['service_code'], 400);
  const regions = await regionsOf(deps);
  const problems: Message[] = [];
  const s = f.single;

  // Location: lat and long together (inside Sumatera Barat), or address_string, or address_id (a kecamatan code).
  const lat = numberOf(s['lat']);
  const long = numberOf(s['long']);
  const addressString = s['address_string']?.trim() || null;
  const addressId = s['address_id']?.trim() || null;
  if (lat === 'bad' || long === 'bad') problems.push(msg('lat dan long harus berupa angka desimal (WGS84)', 'lat and long must be decimal numbers (WGS84)'));
  else if ((lat === null) !== (long === null)) problems.push(msg('lat dan long harus dikirim bersama', 'lat and long must be sent together'));
  else if (lat !== null && long !== null && (lat < BBOX.minLat || lat > BBOX.maxLat || long < BBOX.minLong || long > BBOX.maxLong)) {
    problems.push(msg(`lokasi (${lat}, ${long}) berada di luar wilayah Provinsi Sumatera Barat`, `location (${lat}, ${long}) is outside the province of Sumatera Barat`));
  }
  if (lat === null && long === null && !addressString && !addressId) problems.push(msg('lokasi wajib: kirim lat dan long, address_string, atau address_id', 'a location is required: lat and long, address_string or address_id'));
  if (addressString && addressString.length > 500) problems.push(msg('address_string paling panjang 500 karakter', 'address_string takes at most 500 characters'));
  let addressDistrict: { code: string; regency_code: string } | undefined;
  if (addressId) {
    addressDistrict = regions.districts.find((d) => d.code === addressId);
    if (!addressDistrict) problems.push(msg(`address_id "${addressId}" tidak dikenal (gunakan kode kecamatan Kemendagri, mis. 13.71.01)`, `address_id "${addressId}" is unknown (use a Kemendagri kecamatan code, e.g. 13.71.01)`));
  }

  // Attributes of the service definition.
  const defs = attributesFor(category, regions);
  const attrs = validateAttributes(defs, f.attributes, regions);
  if (!attrs.ok) for (const p of attrs.problems) problems.push(msg(p.id, p.en));
  if (attrs.ok && addressDistrict) {
    if (attrs.value.districtCode && attrs.value.districtCode !== addressDistrict.code) problems.push(msg('address_id dan attribute[KECAMATAN] berbeda', 'address_id and attribute[KECAMATAN] differ'));
    if (attrs.value.regencyCode && attrs.value.regencyCode !== addressDistrict.regency_code) problems.push(msg('address_id tidak berada di attribute[KABKOTA]', 'address_id is not in attribute[KABKOTA]'));
  }

  // Description and the personal fields.
  const description = s['description']?.trim() ?? '';
  if (description.length < DESCRIPTION_MIN) problems.push(msg(`description wajib, paling sedikit ${DESCRIPTION_MIN} karakter`, `description is required, at least ${DESCRIPTION_MIN} characters`));
  else if (description.length > DESCRIPTION_MAX) problems.push(msg(`description paling panjang ${DESCRIPTION_MAX} karakter`, `description takes at most ${DESCRIPTION_MAX} characters`));
  const email = s['email']?.trim() || null;
  if (email && (email.length > 200 || !EMAIL.test(email))) problems.push(msg('email tidak valid', 'email is not a valid address'));
  const phone = s['phone']?.trim() || null;
  if (phone && !PHONE.test(phone)) problems.push(msg('phone tidak valid (angka, spasi, +, -, tanda kurung; 6–24 karakter)', 'phone is not valid (digits, spaces, +, -, parentheses; 6–24 characters)'));
  for (const field of ['first_name', 'last_name'] as const) {
    const v = s[field]?.trim();
    if (v && (v.length > 100 || CONTROL.test(v))) problems.push(msg(`${field} paling panjang 100 karakter, tanpa karakter kendali`, `${field} takes at most 100 characters, no control characters`));
  }
  for (const field of ['device_id', 'account_id'] as const) {
    const v = s[field]?.trim();
    if (v && (v.length > 200 || CONTROL.test(v))) problems.push(msg(`${field} paling panjang 200 karakter`, `${field} takes at most 200 characters`));
  }
  const mediaUrl = s['media_url']?.trim() || null;
  if (mediaUrl) {
    let ok = mediaUrl.length <= 1000;
    try {
      ok &&= ['http:', 'https:'].includes(new URL(mediaUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push(msg('media_url harus berupa URL http(s) (paling panjang 1000 karakter)', 'media_url must be an http(s) URL (at most 1000 characters)'));
  }
  if (problems.length || !attrs.ok) throw new Open311Error(400, problems);

  const verdict = scoreSubmission(description, { channel: 'open311' });
  if (verdict.refuse) throw new Open311Error(400, msg(`aduan ditolak karena terdeteksi sebagai spam: ${verdict.reason}`, `the request was refused as spam (${verdict.signals.join(', ')})`));

  const a = attrs.value;
  const locationText = addressString ?? (lat !== null && long !== null ? `Koordinat ${lat}, ${long}` : null);
  const fullDescription = a.lines.length ? `${description}\n\nData tambahan:\n${a.lines.map((l) => `- ${l}`).join('\n')}` : description;
  let created;
  try {
    created = await createCitizenCase(
      { db: deps.db, now: deps.now },
      {
        channel: 'open311',
        categoryCode: category.code,
        description: fullDescription,
        regencyCode: a.regencyCode ?? addressDistrict?.regency_code ?? null,
        districtCode: a.districtCode ?? addressDistrict?.code ?? null,
        locationText,
        reporterName: a.anonymous ? null : displayName(s['first_name'], s['last_name']),
        reporterPhone: phone,
        reporterEmail: email,
        anonymous: a.anonymous,
        confidential: a.confidential,
        photos,
        submission: {
          apiKeyId: key.id,
          lat: typeof lat === 'number' ? lat : null,
          long: typeof long === 'number' ? long : null,
          addressString,
          addressId: addressDistrict?.code ?? null,
          mediaUrl,
          attributes: a.stored,
          deviceId: s['device_id']?.trim() || null,
          accountId: s['account_id']?.trim() || null,
          spam: { signals: verdict.signals, intent: verdict.intent, confidence: verdict.confidence },
        },
      },
      audit,
    );
  } catch (err) {
    if (err instanceof AppError && err.status === 400) throw new Open311Error(400, msg(err.message, err.message));
    throw err;
  }
  const url = `${deps.publicUrl}/lacak/${created.code}`;
  return {
    service_request_id: created.code,
    token: created.token,
    service_notice:
      `Aduan diterima dengan kode ${created.code}.` +
      (created.verifyDueAt ? ` Admin Koordinator memverifikasi dan meneruskannya kepada OPD yang berwenang paling lambat ${formatWib(created.verifyDueAt)}.` : '') +
      ` Pantau di ${url}` +
      (created.confidential ? ' (aduan rahasia: buka dengan tracking_secret).' : '.'),
    account_id: s['account_id']?.trim() || null,
    // Dayung extension: the reporter's secret for a confidential case's tracking page and the rating.
    tracking_secret: created.secret,
  };
}

// ── GET requests ─────────────────────────────────────────────────────────────────────────────

/** media_url: a photo staff published (its signed Dayung URL), else the URL the client sent (as given); only once the case is published. */
async function withPhoto(deps: Open311Deps, rows: pq.PublicRow[]) {
  return Promise.all(rows.map(async (r) => requestOf(r, isPublished(r) && r.public_photo_id ? await publicUrl(deps, r.public_photo_id) : null)));
}

function requestOf(r: pq.PublicRow, photoUrl: string | null = null) {
  const published = isPublished(r);
  const followup = rulesFor({ followup_working_days: r.followup_working_days }).followUpWorkingDays;
  return {
    service_request_id: r.code,
    status: open311Status(r),
    status_notes: statusNotes(r),
    service_name: r.category_name,
    service_code: r.category_code,
    description: published ? mask(r.description) : null,
    agency_responsible: agencyResponsible(r),
    service_notice: r.category_code
      ? `Ditangani oleh ${r.category_org_name}; tindak lanjut paling lambat ${followup} hari kerja setelah disposisi (SP4N-LAPOR!).`
      : 'Menunggu verifikasi dan disposisi oleh Admin Koordinator (Diskominfotik Sumatera Barat).',
    requested_datetime: utc(r.received_at),
    updated_datetime: utc(r.updated_at),
    expected_datetime: utc(expectedAt(r)),
    address: publicAddress(r),
    address_id: r.district_code,
    zipcode: published ? r.zipcode : null,
    lat: published ? r.lat : null,
    long: published ? r.long : null,
    media_url: published ? (photoUrl ?? r.media_url) : null,
  };
}

export type Open311Request = ReturnType<typeof requestOf>;

export interface ListQuery {
  jurisdiction_id?: string | undefined;
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  status?: string | undefined;
}

function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function dateOf(name: string, v: string | undefined, end: boolean): Date | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const t = v.trim();
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(t);
  const d = ok ? parseWibBound(t, end) : null;
  if (!d || Number.isNaN(d.getTime())) throw new Open311Error(400, msg(`${name} harus berupa waktu ISO 8601 dengan zona waktu (mis. 2026-03-01T00:00:00Z)`, `${name} must be an ISO 8601 datetime with a time zone (e.g. 2026-03-01T00:00:00Z)`));
  return d;
}

export async function listRequests(deps: Open311Deps, query: ListQuery) {
  checkJurisdiction(query.jurisdiction_id);
  const codes = list(query.service_request_id);
  if (codes && codes.length) {
    // service_request_id overrides every other parameter.
    if (codes.length > MAX_ROWS) throw new Open311Error(400, msg(`paling banyak ${MAX_ROWS} service_request_id`, `at most ${MAX_ROWS} service_request_id values`));
    const rows = await pq.listPublicCases(deps.db, { codes: codes.map((c) => c.toUpperCase()), limit: MAX_ROWS });
    return withPhoto(deps, rows);
  }
  const serviceCodes = list(query.service_code)?.map((c) => c.toUpperCase());
  if (serviceCodes?.some((c) => !/^[A-Z0-9_]{2,40}$/.test(c))) throw new Open311Error(400, msg('service_code tidak valid', 'service_code is not valid'));
  const statuses = list(query.status)?.map((x) => x.toLowerCase());
  if (statuses?.some((x) => x !== 'open' && x !== 'closed')) throw new Open311Error(400, msg('status hanya open atau closed (dipisah koma)', 'status takes open or closed (comma separated)'));
  const windowMs = DEFAULT_WINDOW_DAYS * 86_400_000;
  let from = dateOf('start_date', query.start_date, false);
  let to = dateOf('end_date', query.end_date, true);
  if (from && to && to.getTime() < from.getTime()) throw new Open311Error(400, msg('end_date sebelum start_date', 'end_date is before start_date'));
  if (from && to && to.getTime() - from.getTime() > windowMs) throw new Open311Error(400, msg(`rentang start_date–end_date paling lama ${DEFAULT_WINDOW_DAYS} hari`, `start_date to end_date may not span more than ${DEFAULT_WINDOW_DAYS} days`));
  if (!from && !to) {
    to = nowOf(deps);
    from = new Date(to.getTime() - windowMs);
  } else if (from && !to) to = new Date(from.getTime() + windowMs);
  else if (!from && to) from = new Date(to.getTime() - windowMs);
  const rows = await pq.listPublicCases(deps.db, {
    serviceCodes,
    from,
    to,
    statuses: statuses?.length ? { open: statuses.includes('open'), closed: statuses.includes('closed') } : undefined,
    limit: MAX_ROWS,
  });
  return withPhoto(deps, rows);
}

export async function getRequest(deps: Open311Deps, id: string, jurisdictionId?: string) {
  checkJurisdiction(jurisdictionId);
  const row = await pq.findPublicCaseByCode(deps.db, id.trim().toUpperCase());
  if (!row || row.confidential) throw new Open311Error(404, msg(`service_request_id "${id}" tidak ditemukan`, `service_request_id "${id}" not found`));
  return withPhoto(deps, [row]);
}

export async function tokenLookup(deps: Open311Deps, token: string, jurisdictionId?: string) {
  checkJurisdiction(jurisdictionId);
  const row = /^[0-9a-f]{8,64}$/.test(token) ? await pq.findSubmissionByToken(deps.db, token) : undefined;
  if (!row) throw new Open311Error(404, msg(`token "${token}" tidak ditemukan`, `token "${token}" not found`));
  return [{ service_request_id: row.code, token: row.token }];
}

// ── API keys (province admins) ───────────────────────────────────────────────────────────────

/** An Open311 key opens an intake channel into the province: province roles that manage channels. */
function requireKeyAdmin(actor: Actor): void {
  requirePermission(actor, 'open311.manage');
}

function keyView(k: oq.KeyRow) {
  return {
    id: k.id,
    name: k.name,
    contact: k.contact,
    prefix: k.prefix,
    active: k.revoked_at === null,
    createdAt: utc(k.created_at)!,
    createdBy: k.created_by_name,
    revokedAt: utc(k.revoked_at),
    revokedBy: k.revoked_by_name,
    lastUsedAt: utc(k.last_used_at),
    requestsCount: Number(k.requests_count),
  };
}

export async function listKeys(deps: Open311Deps, actor: Actor) {
  requireKeyAdmin(actor);
  return (await oq.listKeys(deps.db)).map(keyView);
}

export async function createKey(deps: Open311Deps, actor: Actor, input: { name: string; contact?: string | undefined }, audit: AuditContext) {
  requireKeyAdmin(actor);
  const province = await findProvince(deps.db);
  if (!province) throw new AppError('service_unavailable', { reason: 'data provinsi belum diisi (dayung seed)' });
  const key = `d311_${newToken(24)}`;
  const id = await deps.db.transaction().execute(async (tx) => {
    const row = await oq.insertKey(tx, { org_id: province.id, name: input.name, contact: input.contact ?? null, prefix: key.slice(0, 12), key_hash: tokenHash(key), created_by: actor.userId });
    await recordAudit(tx, audit, { action: 'open311.key_create', targetType: 'open311_api_key', targetId: row.id, orgId: province.id, after: { name: input.name, prefix: key.slice(0, 12) } });
    return row.id;
  });
  // The key itself is shown this once; only its hash is stored.
  return { ...keyView((await oq.findKey(deps.db, id))!), key };
}

export async function revokeKey(deps: Open311Deps, actor: Actor, id: string, audit: AuditContext) {
  requireKeyAdmin(actor);
  const before = await oq.findKey(deps.db, id);
  if (!before) throw new AppError('open311_key_unknown');
  const province = await findProvince(deps.db);
  await deps.db.transaction().execute(async (tx) => {
    if (await oq.revokeKey(tx, id, actor.userId)) {
      await recordAudit(tx, audit, { action: 'open311.key_revoke', targetType: 'open311_api_key', targetId: id, orgId: province?.id ?? null, after: { name: before.name, prefix: before.prefix } });
    }
  });
  return keyView((await oq.findKey(deps.db, id))!);
}
