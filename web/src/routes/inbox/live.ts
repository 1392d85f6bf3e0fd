// Live inbox updates: one EventSource per session (mounted by the app layout), new/changed events
// refresh the inbox queries, presence events feed the collision notice ("Ani sedang membuka
// percakapan ini") for 45 s.
import { useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { announceViewing, INBOX_STREAM_URL } from '../../api/endpoints.ts';

const PRESENCE_MS = 45_000;
/** Many events can arrive per second in a busy province: refresh at most this often. */
const REFRESH_EVERY_MS = 2_000;

type Viewer = { id: string; name: string; until: number };
const viewers = new Map<string, Map<string, Viewer>>();
const listeners = new Set<() => void>();
let version = 0;

function emit(): void {
  version++;
  for (const l of listeners) l();
}

export function notePresence(interactionId: string, user: { id: string; name: string }, now = Date.now()): void {
  let m = viewers.get(interactionId);
  if (!m) viewers.set(interactionId, (m = new Map()));
  m.set(user.id, { id: user.id, name: user.name, until: now + PRESENCE_MS });
  emit();
  setTimeout(emit, PRESENCE_MS + 50);
}

/** Colleagues seen opening this conversation in the last 45 s (never the person themself: the server skips them). */
export function usePresence(interactionId: string | undefined): Viewer[] {
  useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => version,
  );
  if (!interactionId) return [];
  const now = Date.now();
  return [...(viewers.get(interactionId)?.values() ?? [])].filter((v) => v.until > now);
}

const isInbox = (q: Query) => q.queryKey[0] === 'inbox' && q.queryKey[1] !== 'canned';

/** Subscribes to GET /api/inbox/stream while `enabled` (the person may read the inbox). */
export function useInboxLive(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(INBOX_STREAM_URL);
    let timer: number | null = null;
    let lists = false;
    const conversations = new Set<string | null>();
    const flush = () => {
      timer = null;
      if (lists) void queryClient.invalidateQueries({ predicate: (q) => isInbox(q) && q.queryKey[1] !== 'conversation' });
      for (const id of conversations) {
        void queryClient.invalidateQueries({ queryKey: id ? ['inbox', 'conversation', id] : ['inbox', 'conversation'] });
      }
      lists = false;
      conversations.clear();
    };
    const schedule = () => {
      if (timer === null) timer = window.setTimeout(flush, REFRESH_EVERY_MS);
    };
    const parse = (e: Event): { interactionId?: string | null; user?: { id: string; name: string } | null } => {
      try {
        return JSON.parse((e as MessageEvent<string>).data) as { interactionId?: string | null };
      } catch {
        return {};
      }
    };
    const onNew = () => {
      lists = true;
      schedule();
    };
    const onChanged = (e: Event) => {
      lists = true;
      conversations.add(parse(e).interactionId ?? null);
      schedule();
    };
    const onPresence = (e: Event) => {
      const d = parse(e);
      if (d.interactionId && d.user && typeof d.user.name === 'string') notePresence(d.interactionId, d.user);
    };
    source.addEventListener('new', onNew);
    source.addEventListener('changed', onChanged);
    source.addEventListener('presence', onPresence);
    return () => {
      source.close();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [enabled, queryClient]);
}

/** Tells colleagues "I am looking at this": when the conversation opens and every 30 s while it stays open and visible. */
export function useAnnounceViewing(interactionId: string | undefined): void {
  useEffect(() => {
    if (!interactionId) return;
    const send = () => {
      if (document.visibilityState === 'visible') void announceViewing(interactionId).catch(() => {});
    };
    send();
    const id = window.setInterval(send, 30_000);
    return () => window.clearInterval(id);
  }, [interactionId]);
}
