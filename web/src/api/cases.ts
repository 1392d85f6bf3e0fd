// Complaint cases (/api/cases…) and the public pages (/api/public…): shapes and one function per
// route, kept apart from endpoints.ts so the two modules can grow independently.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, ApiError } from './client.ts';
import type { CaseAttachment } from './attachments.ts';
import type { Problem } from './types.ts';

export const CASE_STATUSES = ['diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'selesai', 'tunda', 'bukan_wewenang', 'duplikat', 'diarsipkan', 'dibuka_kembali'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseActionName = 'verify' | 'dispose' | 'follow_up' | 'close' | 'hold' | 'resume' | 'not_authority' | 'handoff' | 'duplicate' | 'archive' | 'reopen';
/** Beside the transitions: internal notes, the anonymous/confidential flags, reveal of personal data. */
export type CaseExtraAction = 'note' | 'flags' | 'reveal';
export const CASE_EXTRA_ACTIONS: readonly CaseExtraAction[] = ['note', 'flags', 'reveal'];
/** Parameters of Dayung's own event texts (names, codes, numbers, ISO dates in keys ending "At"). */
export type EventParams = Record<string, string | number>;

export type Deadline = {
  dueAt: string;
  due: string;
  running: boolean;
  overdue: boolean;
  workingDaysLeft: number | null;
  hoursLeft: number | null;
  dueToday: boolean;
  text: string | null;
  warnedAt: string | null;
  escalatedAt: string | null;
} | null;

export type OrgRef = { id: string; code: string; name: string; province?: boolean };

export type CaseItem = {
  id: string;
  code: string;
  status: CaseStatus;
  statusLabel: string;
  holdReason: string | null;
  closed: boolean;
  classification: string;
  classificationLabel: string;
  category: { code: string; name: string } | null;
  title: string;
  description: string;
  org: OrgRef;
  originOrg: OrgRef | null;
  location: { regencyCode: string | null; regency: string | null; districtCode: string | null; district: string | null; text: string | null };
  source: { channel: string; interactionId: string | null };
  reporter: { name: string | null; phone: string | null; email: string | null } | null;
  anonymous: boolean;
  confidential: boolean;
  reportersCount: number;
  duplicateOf: { id: string; code: string } | null;
  receivedAt: string;
  closedAt: string | null;
  updatedAt: string;
  deadlines: { verify: Deadline; followUp: Deadline; close: Deadline; cap: Deadline; paused: boolean };
  publicAnswer: string | null;
  rating: number | null;
  ratingComment: string | null;
  handedOffTo: { code: string; name: string } | null;
  externalRef: string | null;
  /** Exactly what the caller may do: transitions, then note / flags / reveal. */
  allowedActions: (CaseActionName | CaseExtraAction)[];
};

export type CaseEvent = {
  id: string;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  fromOrg: OrgRef | null;
  toOrg: OrgRef | null;
  public: boolean;
  publicText: string | null;
  text: string | null;
  /** Codes of Dayung's own texts with their parameters (the web translates them). */
  publicCode: string | null;
  textCode: string | null;
  params: EventParams | null;
  actor: string;
  at: string;
};

export type CaseDetail = CaseItem & {
  attachments: CaseAttachment[];
  events: CaseEvent[];
  hops: { from: string; to: string; kind: string; reason: string | null; at: string; by: string }[];
  reporters: { id: string; channel: string; anonymous: boolean; name: string | null; phone: string | null; email: string | null; mergedFrom: { id: string; code: string } | null; joinedAt: string }[];
};

export type CaseStub = { id: string; code: string; status: CaseStatus; statusLabel: string; org: { code: string; name: string }; hidden: true };
export type CaseChange = CaseDetail | CaseStub;

export type CaseFilters = { status?: string; orgId?: string; category?: string; overdue?: string; dueSoon?: string; q?: string };
export type CaseCounts = { total: number; active: number; overdue: number; onHold: number };
export type CaseCategory = { code: string; name: string; classification: string; org: { code: string; name: string; province: boolean }; confidentialByDefault: boolean };
export type Authority = { code: string; name: string; level: string };
export type Similar = { id: string; code: string; title: string; statusLabel: string; orgCode: string; category: string | null; receivedAt: string; reportersCount: number; score: number; reasons: string[] };

export const listCases = (f: CaseFilters & { cursor?: string }, signal?: AbortSignal) => api.get<{ items: CaseItem[]; nextCursor: string | null }>('/api/cases', { ...f, limit: 30 }, signal);
export const caseCounts = (f: CaseFilters, signal?: AbortSignal) => api.get<CaseCounts>('/api/cases/counts', f, signal);
export const getCase = (id: string, signal?: AbortSignal) => api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, undefined, signal);
export const caseCategories = (signal?: AbortSignal) => api.get<{ items: CaseCategory[] }>('/api/cases/categories', undefined, signal);
export const outsideAuthorities = (signal?: AbortSignal) => api.get<{ items: Authority[] }>('/api/cases/outside-authorities', undefined, signal);
export const similarCases = (id: string, signal?: AbortSignal) => api.get<{ windowDays: number; items: Similar[] }>(`/api/cases/${encodeURIComponent(id)}/similar`, undefined, signal);
export const caseByInteraction = (interactionId: string, signal?: AbortSignal) =>
  api.get<{ case: { code: string; id: string | null; status: CaseStatus | null } | null }>(`/api/cases/by-interaction/${encodeURIComponent(interactionId)}`, undefined, signal);
export const createCaseFromInteraction = (interactionId: string) => api.post<CaseChange>('/api/cases', { interactionId });
export const caseAction = (id: string, path: string, body: Record<string, unknown>) => api.post<CaseChange | { case: CaseChange; letter: string }>(`/api/cases/${encodeURIComponent(id)}/${path}`, body);
export const revealCase = (id: string, reason: string) =>
  api.post<{ title: string; description: string; locationText: string | null; reporter: { name: string | null; phone: string | null; email: string | null } | null }>(`/api/cases/${encodeURIComponent(id)}/reveal`, { reason });
export const handoffLetter = (id: string, signal?: AbortSignal) => api.get<{ letter: string | null; authority: { code: string; name: string } | null }>(`/api/cases/${encodeURIComponent(id)}/handoff-letter`, undefined, signal);

export const casesQuery = (f: CaseFilters) => ({ queryKey: ['cases', 'list', f] as const, placeholderData: keepPreviousData });
export const caseCountsQuery = (f: CaseFilters) => queryOptions({ queryKey: ['cases', 'counts', f] as const, queryFn: ({ signal }) => caseCounts(f, signal), placeholderData: keepPreviousData });
export const caseQuery = (id: string) => queryOptions({ queryKey: ['cases', 'detail', id] as const, queryFn: ({ signal }) => getCase(id, signal) });
export const caseCategoriesQuery = () => queryOptions({ queryKey: ['cases', 'categories'] as const, queryFn: ({ signal }) => caseCategories(signal), staleTime: 5 * 60_000 });
export const caseByInteractionQuery = (interactionId: string) =>
  queryOptions({ queryKey: ['cases', 'by-interaction', interactionId] as const, queryFn: ({ signal }) => caseByInteraction(interactionId, signal) });

// ── public (no login) ──────────────────────────────────────────────────────────────────────

export type PublicCategory = { code: string; name: string; classificationLabel: string; org: { code: string; name: string; province: boolean }; confidentialByDefault: boolean };
export type Region = { code: string; name: string; kind: string; districts: { code: string; name: string }[] };
export type ComplaintInput = {
  formToken: string;
  website: string;
  categoryCode: string;
  regencyCode: string;
  districtCode?: string;
  locationText?: string;
  description: string;
  name?: string;
  phone?: string;
  email?: string;
  anonymous: boolean;
  confidential: boolean;
};
export type ComplaintResult = { code: string; trackingPath: string; trackingUrl: string; secret: string; confidential: boolean; anonymous: boolean; category: string; verifyDueAt: string | null; message: string };
export type TrackedCase = {
  code: string;
  status: CaseStatus;
  statusLabel: string;
  statusText: string;
  closed: boolean;
  classification: string;
  classificationLabel: string;
  category: { code: string; name: string } | null;
  org: { code: string; name: string; coordinator: boolean };
  handedOffTo: { code: string; name: string } | null;
  duplicateOf: string | null;
  region: { text: string };
  description: string | null;
  descriptionHidden: boolean;
  publicAnswer: string | null;
  reportersCount: number;
  receivedAt: string;
  updatedAt: string;
  closedAt: string | null;
  expectedAt: string | null;
  events: { at: string; kind: string; status: CaseStatus | null; statusLabel: string | null; text: string | null; code: string | null; params: EventParams | null }[];
  rating: { value: number; at: string | null } | null;
  canRate: boolean;
  confidential: boolean;
  owner: boolean;
};
export type StatFigures = {
  cases: number;
  open: number;
  closed: number;
  followedUp: number;
  medianHoursToFollowUp: number | null;
  onTimeEvaluated: number;
  onTime: number;
  onTimeShare: number | null;
  ratings: number;
  averageRating: number | null;
};
export type PublicStats = {
  generatedAt: string;
  license: string;
  notes: string[];
  totals: StatFigures;
  byOrg: (StatFigures & { code: string; name: string })[];
  byCategory: (StatFigures & { code: string | null; name: string })[];
  byStatus: { status: string; label: string; cases: number }[];
};

export const STATS_JSON_URL = '/api/public/stats';
export const STATS_CSV_URL = '/api/public/stats.csv';

export const publicCategories = (signal?: AbortSignal) => api.get<{ items: PublicCategory[] }>('/api/public/case-categories', undefined, signal);
export const publicRegions = (signal?: AbortSignal) => api.get<{ items: Region[] }>('/api/public/regions', undefined, signal);
export const formToken = () => api.get<{ token: string; issuedAt: string; minFillSeconds: number }>('/api/public/complaints/form-token');
export const submitComplaint = (input: ComplaintInput) => api.post<ComplaintResult>('/api/public/complaints', input);
export const rateCase = (code: string, input: { secret: string; rating: number; comment?: string }) => api.post<{ code: string; rating: number; message: string }>(`/api/public/cases/${encodeURIComponent(code)}/rating`, input);
export const publicStats = (signal?: AbortSignal) => api.get<PublicStats>(STATS_JSON_URL, undefined, signal);

/** Tracking by code; the secret goes in a header (not the URL, so it stays out of logs). */
export async function trackCase(code: string, secret: string | null, locale: string, signal?: AbortSignal): Promise<TrackedCase> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': locale };
  if (secret) headers['x-tracking-secret'] = secret;
  const res = await fetch(`/api/public/cases/${encodeURIComponent(code)}`, { headers, credentials: 'same-origin', signal });
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, (data && typeof data === 'object' ? data : { status: res.status }) as Problem, res.statusText);
  return data as TrackedCase;
}

export const publicCategoriesQuery = () => queryOptions({ queryKey: ['public', 'categories'] as const, queryFn: ({ signal }) => publicCategories(signal), staleTime: 10 * 60_000 });
export const publicRegionsQuery = () => queryOptions({ queryKey: ['public', 'regions'] as const, queryFn: ({ signal }) => publicRegions(signal), staleTime: 60 * 60_000 });
export const publicStatsQuery = () => queryOptions({ queryKey: ['public', 'stats'] as const, queryFn: ({ signal }) => publicStats(signal), staleTime: 60_000 });

/** The tracking secret of a case submitted in this tab, so the link right after the form works for confidential cases. */
export const SECRET_KEY = (code: string) => `dayung.lacak.${code.toUpperCase()}`;
