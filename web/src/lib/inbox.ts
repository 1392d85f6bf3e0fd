// Pure helpers of the Kotak Masuk (inbox) pages: the URL's filters and views, saved views,
// tones of the analysis badges, the platforms' reply rules, the analysis features as words,
// and the guard that keeps keyboard shortcuts out of text fields. See docs/ui.md#kotak-masuk.
import type { InboxFilters, InboxListFilters } from '../api/endpoints.ts';
import type { ChannelCapabilities, InboxCounts, InboxItem, InboxViewKey, ReplyStatus, SavedViewFilters } from '../api/types.ts';
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

/** The server's view behind each view of the address bar (src/modules/inbox/views.ts says what each means). */
export const VIEW_API: Record<InboxView, InboxViewKey> = {
  semua: 'all',
  belum: 'open',
  saya: 'mine',
  mendesak: 'urgent',
  aduan: 'complaints',
  triase: 'triage',
  selesai: 'done',
  spam: 'spam',
};

export function viewFromApi(key: InboxViewKey | undefined): InboxView {
  return (Object.keys(VIEW_API) as InboxView[]).find((v) => VIEW_API[v] === key) ?? 'semua';
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

/**
 * The list's request: the panel's filters and the view. The server lays the view over the filters,
 * exactly as it does for the view's count, so the number beside a view is what its list shows.
 */
export function listFilters(s: InboxSearch): InboxListFilters {
  const view = VIEW_API[viewOf(s)];
  return { ...searchFilters(s), ...(view === 'all' ? {} : { view }) };
}

export function activeFilterCount(s: InboxSearch): number {
  return FILTER_KEYS.filter((k) => k !== 'q' && s[k]).length;
}

/** The number shown beside a view: the server's count of that view's list. */
export function viewCount(view: InboxView, counts: InboxCounts | undefined): number | null {
  return counts?.views?.[VIEW_API[view]] ?? null;
}

// ── saved views (on the server) ─────────────────────────────────────
/** Only the filter keys and the view are kept (never the open conversation). */
export function savableSearch(s: InboxSearch): InboxSearch {
  const out: InboxSearch = {};
  for (const k of [...FILTER_KEYS, 'tampilan'] as const) {
    const v = s[k];
    if (typeof v === 'string' && v.trim()) out[k] = v;
  }
  return out;
}

/** The address bar's search as a saved view's filters (the API's names). */
export function savedFiltersOf(s: InboxSearch): SavedViewFilters {
  const f = searchFilters(s);
  const view = VIEW_API[viewOf(s)];
  const out: SavedViewFilters = {};
  if (view !== 'all') out.view = view;
  if (f.platform) out.platform = f.platform;
  if (f.intent) out.intent = f.intent;
  if (f.sentiment) out.sentiment = f.sentiment;
  if (f.urgency) out.urgency = f.urgency;
  if (f.status) out.status = f.status;
  if (f.orgId) out.orgId = f.orgId;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.q) out.q = f.q;
  return out;
}

/** A saved view's filters as the address bar's search (what opening the view navigates to). */
export function searchOfSaved(f: SavedViewFilters): InboxSearch {
  const s: InboxSearch = {};
  const view = viewFromApi(f.view);
  if (view !== 'semua') s.tampilan = view;
  if (f.platform) s.kanal = f.platform;
  if (f.intent) s.jenis = f.intent;
  if (f.sentiment) s.sentimen = f.sentiment;
  if (f.urgency) s.urgensi = f.urgency;
  if (f.status) s.status = f.status;
  if (f.orgId) s.opd = f.orgId;
  if (f.from) s.dari = f.from;
  if (f.to) s.sampai = f.to;
  if (f.q) s.q = f.q;
  return s;
}

/** Whether the address bar shows exactly this saved view. */
export function isSavedViewOpen(f: SavedViewFilters, s: InboxSearch): boolean {
  const a = searchOfSaved(f);
  const b = savableSearch(s);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof InboxSearch>;
  return [...keys].every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

/** "samsat, pajak kendaraan ,, PKB" → ["samsat", "pajak kendaraan", "PKB"] (a rule's keywords or places). */
export function parseWordList(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((w) => w.trim().replace(/\s+/g, ' ')).filter((w) => w.length >= 2))].slice(0, 50);
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

/** A WhatsApp template's body with {{1}}, {{2}}… replaced by the values given (missing ones stay as they are). */
export function fillTemplate(body: string, values: string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (m, n: string) => {
    const v = values[Number(n) - 1]?.trim();
    return v ? v : m;
  });
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
