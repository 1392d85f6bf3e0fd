// Publishing (/api/publishing…) and the media store's upload (/api/media): shapes mirroring
// src/modules/publishing/{service,campaigns,content}.ts and one function per route.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from './client.ts';

export const POST_STATUSES = ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal', 'menerbitkan', 'dipublikasikan', 'sebagian_gagal', 'gagal', 'kedaluwarsa', 'dibatalkan'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export type PostAction = 'edit' | 'submit' | 'approve' | 'request_changes' | 'withdraw' | 'schedule' | 'unschedule' | 'cancel' | 'retry';
export type Platform = 'facebook' | 'instagram' | 'whatsapp' | 'x' | 'telegram' | 'youtube' | 'tiktok';
export type Bilingual = { id: string; en: string };

export type MediaRef = { mediaId: string; kind: 'image' | 'video'; altText: string };
export type ChannelChoice = { accountId: string; text: string | null; title: string | null };
export type CatalogRef = { kind: 'desa_wisata' | 'umkm'; id: string; name: string };
export type PostContent = { title: string; text: string; link: string | null; media: MediaRef[]; channels: ChannelChoice[]; catalog: CatalogRef | null };

export type PostSummary = {
  id: string;
  orgId: string;
  orgCode: string;
  orgName: string;
  status: PostStatus;
  statusLabel: Bilingual;
  title: string;
  category: string;
  campaignId: string | null;
  currentVersion: number;
  approvedVersion: number | null;
  scheduledAt: string | null;
  publishedAt: string | null;
  updatedAt: string;
  createdByName: string | null;
  channels: { accountId: string; platform: Platform | null; status: string | null; permalink: string | null }[];
};

export type PublicationStatus = 'pending' | 'sending' | 'published' | 'failed' | 'ambiguous' | 'cancelled';
export type Publication = {
  id: string;
  accountId: string;
  accountName: string;
  platform: Platform;
  status: PublicationStatus;
  attempt: number;
  externalId: string | null;
  permalink: string | null;
  error: string | null;
  errorKind: string | null;
  publishedAt: string | null;
  metrics: { stage: string; reach: number | null; impressions: number | null; engagement: number | null; fetchedAt: string } | null;
};

export type ReviewDecision = 'submitted' | 'approved' | 'changes_requested' | 'withdrawn';
export type PostDetail = Omit<PostSummary, 'title' | 'channels' | 'createdByName'> & {
  shownVersion: number;
  expiredAt: string | null;
  createdAt: string;
  content: PostContent;
  variants: { platform: Platform; accountId: string; text: string; title: string | null; derived: boolean; accountName: string; accountHandle: string | null }[];
  problems: { accountId: string | null; platform: Platform | null; message: Bilingual }[];
  chain: { level: number; kind: 'opd' | 'province'; who: Bilingual; approvedBy: string | null }[];
  approvalsGiven: number;
  versions: { number: number; createdBy: string | null; createdAt: string }[];
  reviews: { id: string; version: number; level: number; decision: ReviewDecision; comment: string | null; by: string | null; at: string }[];
  publications: Publication[];
  allowedActions: PostAction[];
};

export type DiffPart = { op: 'same' | 'added' | 'removed'; text: string };
export type VersionDiff = {
  from: number;
  to: number;
  title: DiffPart[];
  text: DiffPart[];
  link: { before: string | null; after: string | null } | null;
  media: { before: MediaRef[]; after: MediaRef[] } | null;
  channels: { before: ChannelChoice[]; after: ChannelChoice[] } | null;
};

export type ComposerAccount = { id: string; platform: Platform; name: string; handle: string | null; status: string; publishable: boolean };
export type BestTimes = { accountId: string; platform: Platform; enoughData: boolean; publications: number; bestHours: { hourWib: number; posts: number; avgEngagement: number; avgReach: number }[] };

export type CalendarData = {
  from: string;
  to: string;
  posts: PostSummary[];
  holidays: { date: string; working: boolean; names: string[]; kinds: string[] }[];
  campaigns: { id: string; title: string; startsAt: string; endsAt: string; status: string; hashtags: string[] }[];
};

export type ChainSettings = { orgId: string; approvalLevels: 1 | 2; provinceReviewCategories: string[]; canEdit: boolean };

export type TaskStatus = 'open' | 'drafting' | 'published' | 'declined';
export type CampaignItem = {
  id: string;
  title: string;
  keyMessage: string;
  hashtags: string[];
  startsAt: string;
  endsAt: string;
  status: string;
  targets: number;
  amplified: number;
  myTask: { status: TaskStatus; postId: string | null } | null;
};
export type CampaignBoard = {
  id: string;
  title: string;
  keyMessage: string;
  hashtags: string[];
  /** images and videos the target OPDs may use (the first ones prefill a post written from the campaign) */
  assets: MediaRef[];
  startsAt: string;
  endsAt: string;
  status: string;
  canManage: boolean;
  totals: { targets: number; amplified: number; publications: number; reach: number };
  tasks: {
    orgId: string;
    orgCode: string;
    orgName: string;
    status: TaskStatus;
    postId: string | null;
    postStatus: PostStatus | null;
    declineReason: string | null;
    firstPublishedAt: string | null;
    channels: { platform: Platform; status: PublicationStatus; publishedAt: string | null; permalink: string | null; reach: number | null }[];
    reach: number;
  }[];
};
export type CampaignInput = { title: string; keyMessage: string; hashtags: string[]; assets: { mediaId: string; altText: string }[]; targetOrgIds: string[]; startsAt: string; endsAt: string };

/** The media store's answer to an upload (src/modules/media/service.ts MediaView, the fields used here). */
export type UploadedMedia = { id: string; kind: 'image' | 'video' | 'document'; mime: string; sizeBytes: number; width: number | null; height: number | null };

export type PostFilters = { orgId?: string; status?: string; q?: string; campaignId?: string };

const enc = encodeURIComponent;
const P = '/api/publishing';

export const listPosts = (f: PostFilters & { cursor?: string }, signal?: AbortSignal) => api.get<{ items: PostSummary[]; nextCursor: string | null }>(`${P}/posts`, { ...f, limit: 30 }, signal);
export const getPost = (id: string, signal?: AbortSignal) => api.get<PostDetail>(`${P}/posts/${enc(id)}`, undefined, signal);
export const createPost = (body: { orgId?: string; category?: string; content: PostContent; scheduledAt?: string | null; campaignId?: string | null }) => api.post<{ id: string; version: number }>(`${P}/posts`, body);
export const savePost = (id: string, body: { baseVersion: number; content: PostContent; category?: string }) => api.put<{ id: string; version: number; status: PostStatus; changed: boolean }>(`${P}/posts/${enc(id)}`, body);
export const postDiff = (id: string, from: number, to: number, signal?: AbortSignal) => api.get<VersionDiff>(`${P}/posts/${enc(id)}/diff`, { from, to }, signal);
export const postAction = (id: string, action: 'submit' | 'approve' | 'request-changes' | 'withdraw' | 'cancel', body: Record<string, unknown> = {}) => api.post<{ id: string; status: PostStatus }>(`${P}/posts/${enc(id)}/${action}`, body);
export const schedulePost = (id: string, scheduledAt: string | null) => api.put<{ id: string; status: PostStatus; scheduledAt: string | null }>(`${P}/posts/${enc(id)}/schedule`, { scheduledAt });
export const retryPublication = (id: string, publicationId: string) => api.post<PostDetail>(`${P}/posts/${enc(id)}/publications/${enc(publicationId)}/retry`, {});
export const getCalendar = (q: { from: string; to: string; orgId?: string }, signal?: AbortSignal) => api.get<CalendarData>(`${P}/calendar`, q, signal);
export const composerAccounts = (orgId: string | undefined, signal?: AbortSignal) => api.get<{ items: ComposerAccount[] }>(`${P}/accounts`, { orgId }, signal);
export const bestTimes = (accountId: string, signal?: AbortSignal) => api.get<BestTimes>(`${P}/accounts/${enc(accountId)}/best-times`, undefined, signal);
export const getSettings = (orgId: string, signal?: AbortSignal) => api.get<ChainSettings>(`${P}/settings/${enc(orgId)}`, undefined, signal);
export const putSettings = (orgId: string, body: { approvalLevels: 1 | 2; provinceReviewCategories: string[] }) => api.put<ChainSettings>(`${P}/settings/${enc(orgId)}`, body);
export const listCampaigns = (orgId: string | undefined, signal?: AbortSignal) => api.get<{ items: CampaignItem[] }>(`${P}/campaigns`, { orgId }, signal);
export const createCampaign = (body: CampaignInput) => api.post<{ id: string }>(`${P}/campaigns`, body);
export const campaignBoard = (id: string, signal?: AbortSignal) => api.get<CampaignBoard>(`${P}/campaigns/${enc(id)}`, undefined, signal);
export const declineCampaign = (id: string, reason: string) => api.post<{ status: 'declined' }>(`${P}/campaigns/${enc(id)}/decline`, { reason });

/** Uploads one file (streamed by the server; the type is recognised from its bytes). */
/** Uploads a file; `orgId`: owned by that OPD (province staff writing on an OPD's behalf). */
export function uploadMedia(file: File, opts: { altText?: string; orgId?: string | undefined } = {}, signal?: AbortSignal): Promise<UploadedMedia> {
  const form = new FormData();
  if (opts.altText?.trim()) form.append('altText', opts.altText.trim());
  form.append('file', file, file.name);
  return api.upload<UploadedMedia>(opts.orgId ? `/api/media?orgId=${enc(opts.orgId)}` : '/api/media', form, signal);
}
/** The stored bytes for a logged-in viewer (thumbnails in the composer). */
export const mediaContentUrl = (id: string) => `/api/media/${enc(id)}/content`;

export const postsQuery = (f: PostFilters) => ({ queryKey: ['publishing', 'posts', f] as const, placeholderData: keepPreviousData });
export const postQuery = (id: string) => queryOptions({ queryKey: ['publishing', 'post', id] as const, queryFn: ({ signal }) => getPost(id, signal) });
export const calendarQuery = (q: { from: string; to: string; orgId?: string }) =>
  queryOptions({ queryKey: ['publishing', 'calendar', q] as const, queryFn: ({ signal }) => getCalendar(q, signal), placeholderData: keepPreviousData, refetchInterval: 60_000 });
export const composerAccountsQuery = (orgId: string | undefined) => queryOptions({ queryKey: ['publishing', 'accounts', orgId ?? 'own'] as const, queryFn: ({ signal }) => composerAccounts(orgId, signal), staleTime: 60_000 });
export const bestTimesQuery = (accountId: string) => queryOptions({ queryKey: ['publishing', 'best-times', accountId] as const, queryFn: ({ signal }) => bestTimes(accountId, signal), staleTime: 10 * 60_000 });
export const settingsQuery = (orgId: string) => queryOptions({ queryKey: ['publishing', 'settings', orgId] as const, queryFn: ({ signal }) => getSettings(orgId, signal) });
export const campaignsQuery = (orgId?: string) => queryOptions({ queryKey: ['publishing', 'campaigns', orgId ?? 'all'] as const, queryFn: ({ signal }) => listCampaigns(orgId, signal) });
export const campaignBoardQuery = (id: string) => queryOptions({ queryKey: ['publishing', 'campaign', id] as const, queryFn: ({ signal }) => campaignBoard(id, signal), refetchInterval: 30_000 });
export const diffQuery = (id: string, from: number, to: number) => queryOptions({ queryKey: ['publishing', 'diff', id, from, to] as const, queryFn: ({ signal }) => postDiff(id, from, to, signal), staleTime: Infinity });
