// Pure helpers of the Kotak Masuk (inbox) pages: the URL's filters and views, saved views,
// tones of the analysis badges, the platforms' reply rules, the analysis features as words,
// and the guard that keeps keyboard shortcuts out of text fields. See docs/ui.md#kotak-masuk.
import type { InboxFilters } from '../api/endpoints.ts';
import type { ChannelCapabilities, InboxCounts, InboxItem, ReplyStatus } from '../api/types.ts';
import type { Tone } from './channels.ts';

/** The inbox's search params (Indonesian, as people read them in the address bar). */
export type InboxSearch = {
  /** the open conversation */
  pesan?: string;
  tampilan?: string;
  kanal?: string;
  jenis?: string;
  sentimen?: string;
  urgensi?: string;
  status?: string;
  opd?: string;
  dari?: string;
  sampai?: string;
  q?: string;
};

export const FILTER_KEYS = ['kanal', 'jenis', 'sentimen', 'urgensi', 'status', 'opd', 'dari', 'sampai', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const VIEWS = ['semua', 'belum', 'saya', 'mendesak', 'aduan', 'triase', 'selesai', 'spam'] as const;
export type InboxView = (typeof VIEWS)[number];

export function viewOf(search: Pick<InboxSearch, 'tampilan'>): InboxView {
  return (VIEWS as readonly string[]).includes(search.tampilan ?? '') ? (search.tampilan as InboxView) : 'semua';
}

/** What each view adds to the filters. */
export function viewFilters(view: InboxView, userId: string): InboxFilters {
  switch (view) {
    case 'belum':
      return { status: 'open' };
    case 'saya':
      return { assigneeId: userId, status: 'assigned' };
    case 'mendesak':
      return { urgency: 'high' };
    case 'aduan':
      return { intent: 'complaint' };
    case 'triase':
      return { triage: 'true' };
    case 'selesai':
      return { status: 'done' };
    case 'spam':
      return { status: 'spam' };
    default:
      return {};
  }
}

/** The filters chosen in the filter panel, without the view. */
export function searchFilters(s: InboxSearch): InboxFilters {
  const f: InboxFilters = {};
  if (s.kanal) f.platform = s.kanal;
  if (s.jenis) f.intent = s.jenis;
  if (s.sentimen) f.sentiment = s.sentimen;
  if (s.urgensi) f.urgency = s.urgensi;
  if (s.status) f.status = s.status;
  if (s.opd) f.orgId = s.opd;
  if (s.dari) f.from = s.dari;
  if (s.sampai) f.to = s.sampai;
  const q = s.q?.trim();
  if (q) f.q = q.slice(0, 200);
  return f;
}

/** The list's filters: the panel's, then the view's (a view is a fixed question, so it wins). */
export function listFilters(s: InboxSearch, userId: string): InboxFilters {
  return { ...searchFilters(s), ...viewFilters(viewOf(s), userId) };
}

export function activeFilterCount(s: InboxSearch): number {
  return FILTER_KEYS.filter((k) => k !== 'q' && s[k]).length;
}

/** The number shown beside a view. Urgent, complaints and triage count what is not yet done. */
export function viewCount(view: InboxView, counts: InboxCounts | undefined, mine: InboxCounts | undefined): number | null {
  if (view === 'saya') return mine ? mine.assigned : null;
  if (!counts) return null;
  const map: Record<Exclude<InboxView, 'saya'>, number> = {
    semua: counts.total,
    belum: counts.open,
    mendesak: counts.urgent,
    aduan: counts.complaints,
    triase: counts.triage,
    selesai: counts.done,
    spam: counts.spam,
  };
  return map[view];
}

// ── saved views (this browser only) ─────────────────────────────────
export type SavedView = { name: string; search: InboxSearch };
const savedKey = (userId: string) => `dayung.kotakMasuk.tampilan.${userId}`;

/** Only the filter keys and the view are kept (never the open conversation). */
export function savableSearch(s: InboxSearch): InboxSearch {
  const out: InboxSearch = {};
  for (const k of [...FILTER_KEYS, 'tampilan'] as const) {
    const v = s[k];
    if (typeof v === 'string' && v.trim()) out[k] = v;
  }
  return out;
}

export function parseSavedViews(raw: string | null): SavedView[] {
  if (!raw) return [];
  try {
    const data: unknown = JSON.parse(raw);
    if (!Array.isArray(data)) return [];
    return data
      .filter((v): v is { name: string; search: Record<string, unknown> } => typeof v === 'object' && v !== null && typeof (v as SavedView).name === 'string' && typeof (v as SavedView).search === 'object' && (v as SavedView).search !== null)
      .map((v) => ({ name: v.name.slice(0, 60), search: savableSearch(Object.fromEntries(Object.entries(v.search).filter(([, x]) => typeof x === 'string')) as InboxSearch) }))
      .slice(0, 30);
  } catch {
    return [];
  }
}

export function loadSavedViews(userId: string): SavedView[] {
  try {
    return parseSavedViews(localStorage.getItem(savedKey(userId)));
  } catch {
    return [];
  }
}

export function storeSavedViews(userId: string, views: SavedView[]): void {
  try {
    localStorage.setItem(savedKey(userId), JSON.stringify(views));
  } catch {
    // storage unavailable (private mode): the views last for this page only
  }
}

/** Adds or replaces (same name, case-insensitive) a view; newest first. */
export function upsertSavedView(views: SavedView[], name: string, search: InboxSearch): SavedView[] {
  const n = name.trim().slice(0, 60);
  return [{ name: n, search: savableSearch(search) }, ...views.filter((v) => v.name.toLowerCase() !== n.toLowerCase())];
}

// ── tones (colour only supports the words) ──────────────────────────
export function intentTone(intent: string | null): Tone {
  if (intent === 'complaint' || intent === 'abuse') return 'danger';
  if (intent === 'spam') return 'warning';
  if (intent === 'praise') return 'success';
  return 'neutral';
}

export function urgencyTone(u: string | null): Tone {
  return u === 'high' ? 'danger' : u === 'medium' ? 'warning' : 'neutral';
}

export function sentimentTone(s: string | null): Tone {
  return s === 'negative' ? 'danger' : s === 'positive' ? 'success' : 'neutral';
}

export function replyStatusTone(s: ReplyStatus): Tone {
  if (s === 'sent') return 'success';
  if (s === 'failed') return 'danger';
  if (s === 'ambiguous') return 'warning';
  return 'neutral';
}

export function statusTone(s: string): Tone {
  if (s === 'done') return 'success';
  if (s === 'open') return 'warning';
  return 'neutral';
}

// ── replies: what each platform allows ──────────────────────────────
export type ReplyMode = 'public' | 'private';
// The server's list (src/modules/inbox/reply.ts): a public answer exists on these platforms.
const PUBLIC_REPLY_PLATFORMS = new Set(['facebook', 'instagram', 'x', 'youtube', 'telegram']);

/** Modes offered for an item: messages are always private; comments as the platform allows. */
export function replyModes(item: Pick<InboxItem, 'kind' | 'platform'>, caps: ChannelCapabilities | null | undefined): ReplyMode[] {
  if (item.kind === 'message') return caps && !caps.privateReply ? [] : ['private'];
  const modes: ReplyMode[] = [];
  if (PUBLIC_REPLY_PLATFORMS.has(item.platform) && (!caps || caps.publicReply)) modes.push('public');
  if (caps?.privateReply && (item.platform === 'facebook' || item.platform === 'instagram')) modes.push('private');
  return modes;
}

const HOUR = 3_600_000;

/**
 * The platform rule that applies to a reply, and whether its window is still open:
 * WhatsApp / Messenger / Instagram messages: 24 hours after the citizen's last message;
 * a private reply to a Facebook or Instagram comment: 7 days after the comment.
 */
export type ReplyRule = { rule: 'window24' | 'private7'; endsAt: Date; open: boolean } | null;

export function replyRule(item: Pick<InboxItem, 'kind' | 'platform' | 'occurredAt' | 'receivedAt'>, mode: ReplyMode, lastInboundAt: string | null, now: Date): ReplyRule {
  const meta = item.platform === 'facebook' || item.platform === 'instagram';
  if (item.kind === 'message' && (item.platform === 'whatsapp' || meta)) {
    const from = new Date(lastInboundAt ?? item.occurredAt ?? item.receivedAt);
    const endsAt = new Date(from.getTime() + 24 * HOUR);
    return { rule: 'window24', endsAt, open: endsAt.getTime() > now.getTime() };
  }
  if (item.kind !== 'message' && mode === 'private' && meta) {
    const endsAt = new Date(new Date(item.occurredAt ?? item.receivedAt).getTime() + 7 * 24 * HOUR);
    return { rule: 'private7', endsAt, open: endsAt.getTime() > now.getTime() };
  }
  return null;
}

/** The citizen's last message in a thread (the start of the 24-hour window). */
export function lastInbound(thread: Pick<InboxItem, 'contact' | 'occurredAt' | 'receivedAt'>[], contactId: string | null): string | null {
  let best: string | null = null;
  for (const t of thread) {
    if (contactId && t.contact?.id !== contactId) continue;
    const at = t.occurredAt ?? t.receivedAt;
    if (!best || at > best) best = at;
  }
  return best;
}

/** One id per composed reply: a double click or a retry sends it once. */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

// ── analysis features as words ──────────────────────────────────────
export type Feature =
  | { kind: 'word'; value: string }
  | { kind: 'cue'; value: string }
  | { kind: 'keyword'; value: string }
  | { kind: 'addressed'; value: string }
  | { kind: 'number' }
  | { kind: 'other'; value: string };

/** "kw:DINKES" → topic keyword of DINKES, "cue:urgent" → cue, "addressed:DINKES" → the account addressed, "<num>" → a number. */
export function parseFeature(feature: string): Feature {
  if (feature === '<num>') return { kind: 'number' };
  const m = /^([a-z]+):(.+)$/.exec(feature);
  if (m) {
    const [, prefix, value] = m as unknown as [string, string, string];
    if (prefix === 'cue') return { kind: 'cue', value };
    if (prefix === 'kw') return { kind: 'keyword', value };
    if (prefix === 'addressed') return { kind: 'addressed', value };
    return { kind: 'other', value: feature };
  }
  if (/^<.+>$/.test(feature)) return { kind: 'other', value: feature };
  return { kind: 'word', value: feature };
}

/** The strongest reasons first, at most `n`. */
export function topReasons<T extends { weight: number }>(reasons: T[] | null | undefined, n = 5): T[] {
  return [...(reasons ?? [])].filter((r) => Number.isFinite(r.weight)).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, n);
}

export function percent(confidence: number | null | undefined): string | null {
  if (confidence === null || confidence === undefined || !Number.isFinite(confidence)) return null;
  // 99.8 % reads "99%": a model is never shown as certain unless it said exactly 1.
  const p = confidence < 1 ? Math.min(99, Math.round(confidence * 100)) : 100;
  return `${p}%`;
}

// ── keyboard shortcuts ──────────────────────────────────────────────
/** Shortcuts never fire while the person types or works in a dialog. */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((el as HTMLInputElement).type);
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if ((el as HTMLElement).isContentEditable) return true;
  const role = el.getAttribute('role');
  return role === 'textbox' || role === 'combobox' || role === 'listbox' || role === 'menu' || role === 'option' || role === 'menuitem';
}

export type ShortcutKey = 'next' | 'prev' | 'done' | 'assign' | 'reply' | 'search' | 'help';

export function shortcutOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ShortcutKey | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'prev';
    case 'e':
      return 'done';
    case 'a':
      return 'assign';
    case 'r':
      return 'reply';
    case '/':
      return 'search';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The first name or handle of an @mention being typed at the end of a note ("… @ani" → "ani"). */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\w.+-]*)$/.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

/** The server masks personal data with "•" (NIK, phone, e-mail, plates, names) or "[alamat]". */
export function looksMasked(text: string): boolean {
  return /•|\[alamat\]/.test(text);
}
