import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';

// The media a citizen's message carries, as the platform described it in the webhook: WhatsApp
// media ids, Telegram file ids, Messenger/Instagram attachment URLs. Pure: nothing is fetched (the
// bytes stay with the platform until someone downloads them with the account's token).

export interface MediaRef {
  kind: 'image' | 'video' | 'document' | 'audio' | 'other';
  /** the platform's id for the file (WhatsApp media id, Telegram file_id) */
  ref: string | null;
  /** a URL the platform gave (Messenger/Instagram attachments; short-lived, not fetched) */
  url: string | null;
  mime: string | null;
  caption: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((cur, k) => (isObj(cur) ? cur[k] : undefined), o);

const WA_KINDS: Record<string, MediaRef['kind']> = { image: 'image', sticker: 'image', video: 'video', document: 'document', audio: 'audio' };
const MSG_KINDS: Record<string, MediaRef['kind']> = { image: 'image', video: 'video', audio: 'audio', file: 'document' };

export function mediaRefsOf(platform: string, payload: unknown): MediaRef[] {
  if (platform === 'whatsapp') {
    const m = at(payload, 'message');
    const type = str(at(m, 'type'));
    const kind = type ? WA_KINDS[type] : undefined;
    if (!type || !kind) return [];
    const ref = str(at(m, type, 'id'));
    return ref ? [{ kind, ref, url: null, mime: str(at(m, type, 'mime_type')), caption: str(at(m, type, 'caption')) }] : [];
  }
  if (platform === 'telegram') {
    const m = at(payload, 'message') ?? at(payload, 'edited_message');
    if (!isObj(m)) return [];
    const caption = str(m['caption']);
    const out: MediaRef[] = [];
    const photo = m['photo'];
    if (Array.isArray(photo) && photo.length) {
      // Telegram sends every size; the last is the largest.
      const ref = str(at(photo[photo.length - 1], 'file_id'));
      if (ref) out.push({ kind: 'image', ref, url: null, mime: 'image/jpeg', caption });
    }
    for (const [field, kind] of [['video', 'video'], ['document', 'document'], ['voice', 'audio'], ['audio', 'audio']] as const) {
      const ref = str(at(m, field, 'file_id'));
      if (ref) out.push({ kind, ref, url: null, mime: str(at(m, field, 'mime_type')), caption });
    }
    return out;
  }
  if (platform === 'facebook' || platform === 'instagram') {
    const list = at(payload, 'messaging', 'message', 'attachments');
    if (!Array.isArray(list)) return [];
    return list.flatMap((a): MediaRef[] => {
      const url = str(at(a, 'payload', 'url'));
      const kind = MSG_KINDS[str(at(a, 'type')) ?? ''] ?? 'other';
      return url ? [{ kind, ref: null, url, mime: null, caption: null }] : [];
    });
  }
  return [];
}

/** The media of an inbox interaction, read from the webhook event it came in (empty when none or purged). */
export async function interactionMedia(db: DbOrTx, interactionId: string): Promise<{ platform: string; accountId: string | null; refs: MediaRef[] }> {
  const row = await db
    .selectFrom('interaction as i')
    .innerJoin('inbound_event as e', (j) => j.on(sql<boolean>`e.id = i.inbound_event_id`))
    .select(['i.platform', 'i.account_id', 'e.payload'])
    .where('i.id', '=', interactionId)
    .executeTakeFirst();
  if (!row) return { platform: '', accountId: null, refs: [] };
  return { platform: row.platform, accountId: row.account_id, refs: mediaRefsOf(row.platform, row.payload) };
}
