import type { youtube_v3 } from '@googleapis/youtube';
import type { ConnectorContext, PollResult } from '../types.ts';
import type { ParsedEvent } from '../../webhooks/types.ts';
import { UNITS, withYt, youtubeQuota } from './client.ts';

// YouTube has no comment webhooks: new comments and replies on the channel are polled with
// commentThreads.list(allThreadsRelatedToChannelId, order=time). One event per top-level comment
// and per reply, keyed `comment:<id>` (stable, so re-reading is harmless).
//
// The cursor (JSON) keeps:
//  - top/topIds: the newest top-level comment time seen and the ids at exactly that time; paging
//    stops at the first thread that is not newer (threads are ordered by their top-level comment);
//  - watch: the most recently active threads with their reply count and newest reply time, because
//    a new reply does not move an old thread up the list. Watched threads the scan did not reach are
//    re-read by id (50 per call, 1 unit), and their replies fetched only when the count changed.
// Replies to threads that fell out of the watch list are picked up only when their thread comes by
// again; comments held for review are not listed (YouTube shows them to moderators only). The
// channel's own comments are not events (they are outbound) but count for the watch list.

type Thread = youtube_v3.Schema$CommentThread;
type Comment = youtube_v3.Schema$Comment;

interface WatchEntry {
  /** totalReplyCount when last seen */
  n: number;
  /** newest reply time seen (ms), or null */
  r: number | null;
  /** last activity (ms), for ordering the list */
  a: number;
}

export interface YtCursor {
  v: 1;
  top: number | null;
  topIds: string[];
  watch: Record<string, WatchEntry>;
}

export const pollOptions = { maxPages: 5, watchSize: 100, pageSize: 100 };

export function parseCursor(cursor: string | null): YtCursor | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(cursor) as Partial<YtCursor>;
    if (c.v !== 1 || typeof c.watch !== 'object' || c.watch === null) return null;
    return { v: 1, top: typeof c.top === 'number' ? c.top : null, topIds: Array.isArray(c.topIds) ? c.topIds.map(String) : [], watch: c.watch };
  } catch {
    return null;
  }
}

const ms = (iso: string | null | undefined) => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? null : t;
};

function commentEvent(channelId: string, c: Comment, videoId: string | null | undefined): ParsedEvent | null {
  // the channel's own comments and replies are Dayung's (or the OPD's) outbound messages, not inbound ones
  if (!c.id || c.snippet?.authorChannelId?.value === channelId) return null;
  const payload: Comment = c.snippet && !c.snippet.videoId && videoId ? { ...c, snippet: { ...c.snippet, videoId } } : c;
  const at = ms(c.snippet?.publishedAt);
  return { dedupeKey: `comment:${c.id}`, externalAccountId: channelId, kind: 'comment', occurredAt: at === null ? null : new Date(at), payload, unknown: false };
}

export async function pollComments(ctx: ConnectorContext, cursor: string | null): Promise<PollResult> {
  const channelId = ctx.account.externalId;
  const prev = parseCursor(cursor);
  const events = new Map<string, ParsedEvent>();
  const add = (e: ParsedEvent | null) => {
    if (e && !events.has(e.dedupeKey)) events.set(e.dedupeKey, e);
  };
  const budget = () => youtubeQuota.usage(ctx.settings.apps.google.clientId, ctx.now()).units < youtubeQuota.dailyUnits * youtubeQuota.pollShare;

  // 1. new threads, newest first, until one is not newer than the cursor
  const visited = new Map<string, Thread>();
  let complete = true;
  let pageToken: string | undefined;
  for (let page = 0; page < pollOptions.maxPages; page++) {
    const res = await withYt(ctx, 'read', UNITS.list, (api, o) =>
      api.commentThreads.list({ part: ['snippet', 'replies'], allThreadsRelatedToChannelId: channelId, order: 'time', maxResults: pollOptions.pageSize, textFormat: 'plainText', ...(pageToken ? { pageToken } : {}) }, o),
    );
    let reachedOld = false;
    for (const t of res.data.items ?? []) {
      const top = t.snippet?.topLevelComment;
      if (!t.id || !top) continue;
      visited.set(t.id, t);
      const at = ms(top.snippet?.publishedAt);
      const old = prev !== null && prev.top !== null && at !== null && (at < prev.top || (at === prev.top && prev.topIds.includes(top.id ?? '')));
      if (old) reachedOld = true;
      else add(commentEvent(channelId, top, t.snippet?.videoId));
    }
    pageToken = res.data.nextPageToken ?? undefined;
    if (reachedOld || !pageToken || prev === null) break;
    if (page + 1 >= pollOptions.maxPages || !budget()) {
      complete = false; // more new threads than we read now: the cursor must not pass them
      break;
    }
  }

  // 2. watched threads the scan did not reach: current reply counts by id
  const watch = prev?.watch ?? {};
  const unseen = Object.keys(watch).filter((id) => !visited.has(id));
  for (let i = 0; i < unseen.length && budget(); i += 50) {
    const ids = unseen.slice(i, i + 50);
    const res = await withYt(ctx, 'read', UNITS.list, (api, o) => api.commentThreads.list({ part: ['snippet', 'replies'], id: ids, maxResults: 50, textFormat: 'plainText' }, o));
    for (const t of res.data.items ?? []) if (t.id) visited.set(t.id, t);
  }

  // 3. replies: everything newer than what this thread had when last seen
  const nextWatch: Record<string, WatchEntry> = {};
  for (const [id, t] of visited) {
    const top = t.snippet?.topLevelComment;
    const topAt = ms(top?.snippet?.publishedAt) ?? 0;
    const count = t.snippet?.totalReplyCount ?? 0;
    const w = watch[id];
    const isNew = events.has(`comment:${top?.id}`);
    // a thread neither new nor watched: only replies newer than the newest top-level time are new
    const after = isNew ? null : w ? w.r : (prev?.top ?? null);
    let newest = w?.r ?? null;
    let replies: Comment[] = t.replies?.comments ?? [];
    const changed = isNew || !w || w.n !== count;
    if (changed && count > replies.length && prev !== null && budget()) replies = await allReplies(ctx, id);
    if (changed) {
      for (const r of replies) {
        const at = ms(r.snippet?.publishedAt);
        if (at !== null && (newest === null || at > newest)) newest = at;
        if (after === null || (at !== null && at > after)) add(commentEvent(ctx.account.externalId, r, t.snippet?.videoId));
      }
    }
    nextWatch[id] = { n: count, r: newest, a: Math.max(topAt, newest ?? 0) };
  }
  for (const [id, w] of Object.entries(watch)) if (!nextWatch[id]) nextWatch[id] = w; // not re-read this time (quota)
  const keptWatch = Object.fromEntries(Object.entries(nextWatch).sort((a, b) => b[1].a - a[1].a).slice(0, pollOptions.watchSize));

  // 4. the cursor
  let top = prev?.top ?? null;
  let topIds = prev?.topIds ?? [];
  if (complete) {
    for (const t of visited.values()) {
      const c = t.snippet?.topLevelComment;
      const at = ms(c?.snippet?.publishedAt);
      if (at === null || !c?.id) continue;
      if (top === null || at > top) {
        top = at;
        topIds = [c.id];
      } else if (at === top && !topIds.includes(c.id)) topIds = [...topIds, c.id];
    }
  }
  const next: YtCursor = { v: 1, top, topIds, watch: keptWatch };
  const list = [...events.values()].sort((a, b) => (a.occurredAt?.getTime() ?? 0) - (b.occurredAt?.getTime() ?? 0));
  return { events: list, cursor: JSON.stringify(next) };
}

async function allReplies(ctx: ConnectorContext, parentId: string): Promise<Comment[]> {
  const out: Comment[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await withYt(ctx, 'read', UNITS.list, (api, o) => api.comments.list({ part: ['snippet'], parentId, maxResults: 100, textFormat: 'plainText', ...(pageToken ? { pageToken } : {}) }, o));
    out.push(...(res.data.items ?? []));
    pageToken = res.data.nextPageToken ?? undefined;
    if (!pageToken) break;
  }
  return out;
}
