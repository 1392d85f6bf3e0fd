// Case attachments (photos and other files of complaints) and the complaint form with photos.
import { api } from './client.ts';

export type CaseAttachment = {
  id: string;
  source: 'web' | 'open311' | 'channel' | 'staff';
  kind: 'image' | 'video' | 'document' | 'audio' | 'other';
  mime: string | null;
  /** the stored bytes, for logged-in staff (null when Dayung holds no bytes) */
  contentUrl: string | null;
  /** an Open311 client's own link, as given (never fetched) */
  externalUrl: string | null;
  /** the platform's media id (WhatsApp, Telegram): the bytes stay with the platform */
  externalRef: string | null;
  platform: string | null;
  interactionId: string | null;
  caption: string | null;
  altText: string;
  width: number | null;
  height: number | null;
  sizeBytes: number | null;
  public: boolean;
  publishedAt: string | null;
  createdAt: string;
};

/** Attaches a file staff uploaded to the media store (POST /api/media) to a case; answers with the case. */
export const addCaseAttachment = (caseId: string, body: { mediaId: string; altText?: string; caption?: string }) => api.post<{ id: string }>(`/api/cases/${caseId}/attachments`, body);

export const setAttachmentPublic = (caseId: string, attachmentId: string, isPublic: boolean) =>
  api.post<CaseAttachment>(`/api/cases/${caseId}/attachments/${attachmentId}/public`, { public: isPublic });

/** What the complaint form accepts as photos (the server checks the bytes again). */
export const PHOTO_LIMITS = { max: 5, maxBytes: 10 * 1024 * 1024, accept: 'image/jpeg,image/png,image/webp,image/gif' };

/** The complaint form as multipart/form-data: the fields, then the photos (part "photos"). */
export function complaintForm(fields: Record<string, string | boolean | undefined>, photos: readonly File[]): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.append(k, String(v));
  for (const p of photos) fd.append('photos', p, p.name);
  return fd;
}

export const submitComplaintForm = <T>(form: FormData) => api.upload<T>('/api/public/complaints', form);
