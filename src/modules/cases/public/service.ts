import { tokenHash, safeEqual } from '../../../platform/auth/tokens.ts';
import type { Db } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { formatWib } from '../../../platform/time.ts';
import type { MediaDeps } from '../../media/index.ts';
import type { AuditContext } from '../../org/index.ts';
import { CLASSIFICATION_LABEL } from '../handoff.ts';
import { rulesFor } from '../deadlines.ts';
import { rateCase } from '../service.ts';
import { checkFormToken, consumeFormToken, issueFormToken, MIN_FILL_MS } from './form-token.ts';
import { createCitizenCase } from './intake.ts';
import * as pq from './queries.ts';
import { scoreSubmission } from './spam.ts';
import { expectedAt, isPublicClosed, isPublished, mask, regionText, STATUS_LABEL, STATUS_TEXT, utc } from './view.ts';

// Use cases of the public pages (no login): reference data for the form, the complaint form with
// its spam defences, tracking by code (never personal data; confidential cases only with the
// reporter's secret), the citizen's rating, and open statistics.

export interface PublicDeps {
  db: Db;
  /** Base URL of the public site, for tracking links. */
  publicUrl: string;
  now?: (() => Date) | undefined;
  /** The media store, for photos sent with the form (absent: photos are refused). */
  media?: MediaDeps | undefined;
}

const nowOf = (deps: PublicDeps) => deps.now?.() ?? new Date();

export function trackingPath(code: string): string {
  return `/lacak/${code}`;
}

// ── reference data ───────────────────────────────────────────────────────────────────────────

export async function publicCategories(deps: PublicDeps) {
  const rows = await pq.activeCategories(deps.db);
  return rows.map((r) => {
    const rules = rulesFor(r);
    return {
      code: r.code,
      name: r.name,
      classification: r.classification,
      classificationLabel: CLASSIFICATION_LABEL[r.classification],
      org: { code: r.org_code, name: r.org_name, province: r.org_kind === 'province' },
      keywords: r.keywords,
      confidentialByDefault: r.confidential_by_default,
      deadlines: { verifyWorkingDays: rules.verifyWorkingDays, followUpWorkingDays: rules.followUpWorkingDays },
    };
  });
}

export async function publicRegions(deps: PublicDeps) {
  const [regs, dists] = await Promise.all([pq.regencies(deps.db), pq.districts(deps.db)]);
  const byRegency = new Map<string, { code: string; name: string }[]>();
  for (const d of dists) {
    const list = byRegency.get(d.regency_code) ?? [];
    list.push({ code: d.code, name: d.name });
    byRegency.set(d.regency_code, list);
  }
  return regs.map((r) => ({ code: r.code, name: r.name, kind: r.kind, capital: r.capital, districts: (byRegency.get(r.code) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'id')) }));
}

// ── the form ─────────────────────────────────────────────────────────────────────────────────

export async function formToken(deps: PublicDeps) {
  const now = nowOf(deps);
  return { token: await issueFormToken(deps.db, now), issuedAt: utc(now)!, minFillSeconds: MIN_FILL_MS / 1000 };
}

export interface ComplaintInput {
  formToken: string;
  website?: string | undefined;
  categoryCode: string;
  regencyCode: string;
  districtCode?: string | undefined;
  locationText?: string | undefined;
  description: string;
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  anonymous?: boolean | undefined;
  confidential?: boolean | undefined;
}

export async function submitComplaint(deps: PublicDeps, input: ComplaintInput, audit: AuditContext, photos: readonly { mediaId: string; mime: string }[] = []) {
  const now = nowOf(deps);
  // The honeypot first: a bot gets the same answer whatever else it sent.
  const verdict = scoreSubmission(input.description, { honeypot: input.website });
  if (verdict.signals.includes('honeypot')) throw new AppError('public_spam_refused', { reason: verdict.reason! });
  const check = await checkFormToken(deps.db, input.formToken, now);
  if (!check.ok) throw new AppError(check.reason === 'too_fast' ? 'public_form_too_fast' : 'public_form_invalid');
  if (verdict.refuse) throw new AppError('public_spam_refused', { reason: verdict.reason! });
  if (!(await consumeFormToken(deps.db, check.nonce))) throw new AppError('public_form_invalid');
  const created = await createCitizenCase(
    { db: deps.db, now: deps.now },
    {
      channel: 'web',
      categoryCode: input.categoryCode,
      description: input.description,
      regencyCode: input.regencyCode,
      districtCode: input.districtCode,
      locationText: input.locationText,
      reporterName: input.anonymous ? null : input.name,
      reporterPhone: input.phone,
      reporterEmail: input.email,
      anonymous: input.anonymous,
      confidential: input.confidential,
      photos,
      submission: { addressString: input.locationText ?? null, spam: { signals: verdict.signals, intent: verdict.intent, confidence: verdict.confidence, fillMs: check.fillMs } },
    },
    audit,
  );
  const path = trackingPath(created.code);
  return {
    code: created.code,
    trackingPath: path,
    trackingUrl: `${deps.publicUrl}${path}`,
    secret: created.secret,
    confidential: created.confidential,
    anonymous: input.anonymous === true,
    category: created.categoryName,
    verifyDueAt: utc(created.verifyDueAt),
    message:
      `Aduan Anda diterima dengan kode ${created.code}. Simpan kode ini dan kunci pelacakan Anda.` +
      (created.verifyDueAt ? ` Aduan akan diverifikasi paling lambat ${formatWib(created.verifyDueAt)}.` : '') +
      (created.confidential ? ' Aduan ini bersifat rahasia: halaman pelacakan hanya dapat dibuka dengan kunci pelacakan.' : ''),
  };
}

// ── tracking ─────────────────────────────────────────────────────────────────────────────────

async function secretMatches(deps: PublicDeps, caseId: string, secret: string | undefined): Promise<boolean> {
  if (!secret) return false;
  const row = await pq.trackingSecretOf(deps.db, caseId);
  return row !== undefined && safeEqual(row.secret_hash, tokenHash(secret));
}

/** The case as the public sees it; a confidential case is "not found" without the reporter's secret. */
async function visibleCase(deps: PublicDeps, code: string, secret: string | undefined) {
  const row = await pq.findPublicCaseByCode(deps.db, code.toUpperCase());
  if (!row) throw new AppError('not_found');
  const owner = await secretMatches(deps, row.id, secret);
  if (row.confidential && !owner) throw new AppError('not_found');
  return { row, owner };
}

export async function trackCase(deps: PublicDeps, code: string, secret: string | undefined) {
  const { row, owner } = await visibleCase(deps, code, secret);
  const events = await pq.publicEventsOf(deps.db, row.id);
  const showText = owner || isPublished(row);
  const expected = expectedAt(row);
  const rated = row.rating !== null;
  return {
    code: row.code,
    status: row.status,
    statusLabel: STATUS_LABEL[row.status],
    statusText: STATUS_TEXT[row.status],
    closed: isPublicClosed(row),
    classification: row.classification,
    classificationLabel: CLASSIFICATION_LABEL[row.classification],
    category: row.category_code ? { code: row.category_code, name: row.category_name! } : null,
    org: { code: row.org_code, name: row.org_name, coordinator: row.org_kind === 'province' },
    handedOffTo: row.handed_off_to ? { code: row.handed_off_to, name: row.handed_off_to_name! } : null,
    duplicateOf: row.duplicate_of_code,
    region: { regencyCode: row.regency_code, regency: row.regency_name, districtCode: row.district_code, district: row.district_name, text: regionText(row) },
    // The citizen's own words: public once verified (masked); always for the reporter holding the secret.
    description: showText ? mask(row.description) : null,
    descriptionHidden: !showText,
    publicAnswer: mask(row.public_answer),
    reportersCount: row.reporters_count,
    receivedAt: utc(row.received_at)!,
    updatedAt: utc(row.updated_at)!,
    closedAt: utc(row.closed_at),
    expectedAt: utc(expected),
    expectedText: expected ? formatWib(expected) : null,
    events: events.map((e) => ({
      at: utc(e.at)!,
      kind: e.kind,
      status: e.to_status,
      statusLabel: e.to_status ? STATUS_LABEL[e.to_status] : null,
      text: mask(e.public_text),
      // The text as a code with parameters, for the page to show in the reader's language; masked like the text.
      code: e.public_code,
      params: e.public_code && e.params ? Object.fromEntries(Object.entries(e.params as Record<string, string | number>).map(([k, v]) => [k, typeof v === 'string' ? mask(v)! : v])) : null,
    })),
    rating: rated ? { value: row.rating!, at: utc(row.rated_at) } : null,
    canRate: row.status === 'selesai' && !rated,
    confidential: row.confidential,
    owner,
  };
}

export async function rateFromPublic(deps: PublicDeps, code: string, input: { secret: string; rating: number; comment?: string | undefined }, audit: AuditContext) {
  const { row, owner } = await visibleCase(deps, code, input.secret);
  if (!owner) throw new AppError('public_secret_invalid', { code: row.code });
  if (row.status !== 'selesai') {
    throw new AppError('case_transition_invalid', { code: row.code, status: STATUS_LABEL[row.status], action: 'dinilai', allowed: 'penilaian hanya untuk aduan yang selesai' });
  }
  if (row.rating !== null || !(await pq.claimRating(deps.db, row.id))) throw new AppError('public_rating_done', { code: row.code });
  try {
    await rateCase({ db: deps.db, now: deps.now }, row.id, { rating: input.rating, comment: input.comment?.trim() || undefined }, audit);
  } catch (err) {
    await pq.releaseRating(deps.db, row.id);
    throw err;
  }
  return { code: row.code, rating: input.rating, message: 'Terima kasih. Penilaian Anda sudah kami terima.' };
}

// ── statistics ───────────────────────────────────────────────────────────────────────────────

const round = (v: number | null, digits: number) => (v == null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

function figures(r: pq.StatsRow) {
  return {
    cases: r.cases,
    open: r.open,
    closed: r.closed,
    followedUp: r.followed_up,
    medianHoursToFollowUp: round(r.median_hours, 1),
    onTimeEvaluated: r.evaluated,
    onTime: r.on_time,
    onTimeShare: r.evaluated ? round(r.on_time / r.evaluated, 3) : null,
    ratings: r.ratings,
    averageRating: round(r.avg_rating, 2),
  };
}

const statsCache = new WeakMap<object, Map<string, { at: number; value: Promise<PublicStats> }>>();
const STATS_TTL_MS = 60_000;

export type PublicStats = Awaited<ReturnType<typeof computeStats>>;

async function computeStats(deps: PublicDeps, range: { from?: Date | undefined; to?: Date | undefined }) {
  const now = nowOf(deps);
  const [total, byOrg, byCategory, byStatus] = await Promise.all([
    pq.stats(deps.db, 'total', range, now),
    pq.stats(deps.db, 'org', range, now),
    pq.stats(deps.db, 'category', range, now),
    pq.stats(deps.db, 'status', range, now),
  ]);
  const empty: pq.StatsRow = { key: null, name: null, cases: 0, open: 0, closed: 0, followed_up: 0, median_hours: null, evaluated: 0, on_time: 0, ratings: 0, avg_rating: null };
  return {
    generatedAt: utc(now)!,
    period: { from: utc(range.from), to: utc(range.to) },
    license: 'CC BY 4.0 — Pemerintah Provinsi Sumatera Barat (Dayung)',
    notes: [
      'Hanya aduan yang tidak bersifat rahasia; aduan duplikat tidak dihitung (pelapornya digabung ke aduan asal).',
      'Median waktu tindak lanjut: jam dari aduan diterima sampai tindak lanjut pertama OPD.',
      'Tepat waktu: aduan yang sudah ditindaklanjuti atau selesai tanpa pernah melewati batas verifikasi, tindak lanjut atau 60 hari; aduan aktif yang sedang terlambat dihitung terlambat.',
      'Kepuasan: rata-rata penilaian pelapor (1–5) atas aduan yang selesai.',
    ],
    totals: figures(total[0] ?? empty),
    byOrg: byOrg.map((r) => ({ code: r.key!, name: r.name!, ...figures(r) })),
    byCategory: byCategory.map((r) => ({ code: r.key, name: r.name ?? 'Tanpa kategori', ...figures(r) })),
    byStatus: byStatus.map((r) => ({ status: r.key!, label: STATUS_LABEL[r.key as keyof typeof STATUS_LABEL] ?? r.key!, cases: r.cases })),
  };
}

/** Open statistics, cached for a minute per period (they are read by anyone, often). */
export function publicStats(deps: PublicDeps, range: { from?: Date | undefined; to?: Date | undefined }): Promise<PublicStats> {
  if (deps.now) return computeStats(deps, range);
  let cache = statsCache.get(deps.db);
  if (!cache) statsCache.set(deps.db, (cache = new Map()));
  const key = `${range.from?.getTime() ?? ''}|${range.to?.getTime() ?? ''}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < STATS_TTL_MS) return hit.value;
  if (cache.size > 200) cache.clear();
  const value = computeStats(deps, range);
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

/** Drops cached statistics (tests, after changes they want to see at once). */
export function clearStatsCache(deps: Pick<PublicDeps, 'db'>): void {
  statsCache.delete(deps.db);
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  // Spreadsheet formula injection: a text cell never starts with = + - @ (numbers are left alone).
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_HEADER = ['dimensi', 'kode', 'nama', 'jumlah_aduan', 'terbuka', 'selesai_atau_ditutup', 'ditindaklanjuti', 'median_jam_tindak_lanjut', 'dinilai_ketepatan', 'tepat_waktu', 'persen_tepat_waktu', 'jumlah_penilaian', 'rata_rata_kepuasan'];

export function statsCsv(s: PublicStats): string {
  const line = (dim: string, code: string | null, name: string | null, f: ReturnType<typeof figures>) =>
    [dim, code, name, f.cases, f.open, f.closed, f.followedUp, f.medianHoursToFollowUp, f.onTimeEvaluated, f.onTime, f.onTimeShare === null ? null : round(f.onTimeShare * 100, 1), f.ratings, f.averageRating].map(csvCell).join(',');
  const lines = [CSV_HEADER.join(','), line('total', null, 'Semua aduan', s.totals)];
  for (const o of s.byOrg) lines.push(line('opd', o.code, o.name, o));
  for (const c of s.byCategory) lines.push(line('kategori', c.code, c.name, c));
  return `${lines.join('\r\n')}\r\n`;
}
