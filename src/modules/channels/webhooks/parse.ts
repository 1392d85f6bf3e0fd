import { sha256Hex } from './signatures.ts';
import type { ParsedEvent, WebhookPlatform } from './types.ts';

// Splitting webhook deliveries into per-object events. Pure functions: no I/O, never throw on
// odd shapes (those become `unknown` events), only on a body that is not a JSON object at all.

export class WebhookBodyError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const hash = (v: unknown) => sha256Hex(JSON.stringify(v) ?? 'undefined').slice(0, 32);

function fromSeconds(v: unknown): Date | null {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return null;
  const d = new Date(n > 1e12 ? n : n * 1000);
  return Number.isNaN(d.getTime()) ? null : d;
}

function fromIso(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function unknownEvent(prefix: string, accountId: string | null, payload: unknown): ParsedEvent {
  return { dedupeKey: `${prefix}:unknown:${hash(payload)}`, externalAccountId: accountId, kind: 'unknown', occurredAt: null, payload, unknown: true };
}

export function requireObject(body: unknown): Obj {
  if (!isObj(body)) throw new WebhookBodyError('body must be a JSON object');
  return body;
}

// ── Meta: Facebook Pages, Instagram, WhatsApp ───────────────────────
const META_OBJECT: Record<string, WebhookPlatform> = { page: 'facebook', instagram: 'instagram', whatsapp_business_account: 'whatsapp' };

function metaMessaging(platform: WebhookPlatform, entryId: string | null, m: unknown, standby: boolean): ParsedEvent {
  if (!isObj(m)) return unknownEvent(platform, entryId, m);
  const sender = isObj(m['sender']) ? str(m['sender']['id']) : null;
  const at = fromSeconds(m['timestamp']);
  const payload = { entryId, standby, messaging: m };
  const base = { externalAccountId: entryId, occurredAt: at, payload, unknown: false };
  const message = m['message'];
  if (isObj(message) && str(message['mid'])) {
    const mid = str(message['mid'])!;
    const variant = message['is_deleted'] === true ? ':deleted' : message['is_echo'] === true ? ':echo' : message['is_edited'] === true ? `:edit:${hash(message)}` : '';
    return { ...base, dedupeKey: `msg:${mid}${variant}`, kind: message['is_echo'] === true ? 'messaging.echo' : message['is_deleted'] === true ? 'messaging.deleted' : 'messaging.message' };
  }
  if (isObj(m['postback'])) return { ...base, dedupeKey: `postback:${sender}:${str(m['timestamp'])}:${hash(m['postback'])}`, kind: 'messaging.postback' };
  if (isObj(m['reaction'])) {
    const r = m['reaction'];
    return { ...base, dedupeKey: `mreaction:${str(r['mid'])}:${str(r['action'])}:${str(r['reaction'])}:${sender}`, kind: 'messaging.reaction' };
  }
  if (isObj(m['read'])) return { ...base, dedupeKey: `read:${sender}:${str(m['read']['watermark']) ?? str(m['read']['mid'])}`, kind: 'messaging.read' };
  if (isObj(m['delivery'])) return { ...base, dedupeKey: `delivery:${sender}:${str(m['delivery']['watermark'])}`, kind: 'messaging.delivery' };
  return unknownEvent(platform, entryId, payload);
}

function facebookChange(entryId: string | null, time: Date | null, c: Obj): ParsedEvent {
  const field = str(c['field']);
  const v = c['value'];
  const payload = { entryId, field, value: v };
  if (!isObj(v)) return unknownEvent('facebook', entryId, payload);
  const at = fromSeconds(v['created_time']) ?? time;
  const base = { externalAccountId: entryId, occurredAt: at, payload, unknown: false };
  if (field === 'feed') {
    const item = str(v['item']) ?? 'item';
    const verb = str(v['verb']) ?? 'add';
    if (item === 'reaction' || item === 'like') {
      const from = isObj(v['from']) ? str(v['from']['id']) : null;
      return { ...base, dedupeKey: `feed:${item}:${str(v['comment_id']) ?? str(v['post_id'])}:${from}:${verb}:${str(v['reaction_type'])}`, kind: `feed.${item}.${verb}` };
    }
    const id = str(v['comment_id']) ?? str(v['post_id']) ?? str(v['photo_id']) ?? str(v['video_id']);
    if (!id) return unknownEvent('facebook', entryId, payload);
    const variant = verb === 'edited' ? `:${hash(v)}` : '';
    return { ...base, dedupeKey: `feed:${item}:${id}:${verb}${variant}`, kind: `feed.${item}.${verb}` };
  }
  if (field === 'mention') {
    const id = str(v['comment_id']) ?? str(v['post_id']);
    if (!id) return unknownEvent('facebook', entryId, payload);
    return { ...base, dedupeKey: `mention:${id}:${str(v['verb']) ?? 'add'}`, kind: 'mention' };
  }
  return unknownEvent('facebook', entryId, payload);
}

function instagramChange(entryId: string | null, time: Date | null, c: Obj): ParsedEvent {
  const field = str(c['field']);
  const v = c['value'];
  const payload = { entryId, field, value: v };
  if (!isObj(v)) return unknownEvent('instagram', entryId, payload);
  const base = { externalAccountId: entryId, occurredAt: fromSeconds(v['timestamp']) ?? fromIso(v['timestamp']) ?? time, payload, unknown: false };
  if ((field === 'comments' || field === 'live_comments') && str(v['id'])) {
    return { ...base, dedupeKey: `comment:${str(v['id'])}${v['deleted'] === true ? ':deleted' : ''}`, kind: field === 'comments' ? 'comment' : 'live_comment' };
  }
  if (field === 'mentions' && str(v['media_id'])) {
    return { ...base, dedupeKey: `mention:${str(v['media_id'])}:${str(v['comment_id']) ?? 'caption'}`, kind: 'mention' };
  }
  return unknownEvent('instagram', entryId, payload);
}

function whatsappChange(entryId: string | null, c: Obj): ParsedEvent[] {
  const v = c['value'];
  if (str(c['field']) !== 'messages' || !isObj(v)) return [unknownEvent('whatsapp', entryId, { entryId, change: c })];
  const metadata = isObj(v['metadata']) ? v['metadata'] : {};
  const phoneId = str(metadata['phone_number_id']);
  const contacts = arr(v['contacts']);
  const out: ParsedEvent[] = [];
  for (const m of arr(v['messages'])) {
    if (!isObj(m) || !str(m['id'])) {
      out.push(unknownEvent('whatsapp', phoneId, { entryId, metadata, message: m }));
      continue;
    }
    const contact = contacts.find((x) => isObj(x) && str(x['wa_id']) === str(m['from'])) ?? null;
    out.push({
      dedupeKey: `msg:${str(m['id'])}`,
      externalAccountId: phoneId,
      kind: 'whatsapp.message',
      occurredAt: fromSeconds(m['timestamp']),
      payload: { wabaId: entryId, metadata, contact, message: m },
      unknown: false,
    });
  }
  for (const s of arr(v['statuses'])) {
    if (!isObj(s) || !str(s['id']) || !str(s['status'])) {
      out.push(unknownEvent('whatsapp', phoneId, { entryId, metadata, status: s }));
      continue;
    }
    out.push({
      dedupeKey: `status:${str(s['id'])}:${str(s['status'])}`,
      externalAccountId: phoneId,
      kind: 'whatsapp.status',
      occurredAt: fromSeconds(s['timestamp']),
      payload: { wabaId: entryId, metadata, status: s },
      unknown: false,
    });
  }
  if (!out.length) out.push(unknownEvent('whatsapp', phoneId, { entryId, value: v }));
  return out;
}

/** A Meta delivery → events. `expected` is the platform of the URL it came to. */
export function parseMeta(expected: 'facebook' | 'instagram' | 'whatsapp', body: unknown): ParsedEvent[] {
  const b = requireObject(body);
  const platform = META_OBJECT[String(b['object'])];
  if (platform !== expected) return [unknownEvent(expected, null, b)];
  const events: ParsedEvent[] = [];
  for (const entry of arr(b['entry'])) {
    if (!isObj(entry)) {
      events.push(unknownEvent(platform, null, entry));
      continue;
    }
    const entryId = str(entry['id']);
    const time = fromSeconds(entry['time']);
    for (const change of arr(entry['changes'])) {
      if (!isObj(change)) events.push(unknownEvent(platform, entryId, change));
      else if (platform === 'facebook') events.push(facebookChange(entryId, time, change));
      else if (platform === 'instagram') events.push(instagramChange(entryId, time, change));
      else events.push(...whatsappChange(entryId, change));
    }
    for (const m of arr(entry['messaging'])) events.push(metaMessaging(platform, entryId, m, false));
    for (const m of arr(entry['standby'])) events.push(metaMessaging(platform, entryId, m, true));
    if (!entry['changes'] && !entry['messaging'] && !entry['standby']) events.push(unknownEvent(platform, entryId, entry));
  }
  if (!events.length) events.push(unknownEvent(platform, null, b));
  return events;
}

// ── Telegram ────────────────────────────────────────────────────────
export function parseTelegram(botId: string, body: unknown): ParsedEvent[] {
  const b = requireObject(body);
  const updateId = str(b['update_id']);
  if (!updateId || !/^\d+$/.test(updateId)) return [unknownEvent('telegram', botId, b)];
  const kind = Object.keys(b).find((k) => k !== 'update_id') ?? 'empty';
  const inner = b[kind];
  const at = isObj(inner) ? fromSeconds(inner['edit_date'] ?? inner['date']) : null;
  return [{ dedupeKey: `${botId}:${updateId}`, externalAccountId: botId, kind: `update.${kind}`, occurredAt: at, payload: b, unknown: !isObj(inner) }];
}

// ── X ───────────────────────────────────────────────────────────────
const X_ARRAYS: Record<string, (e: Obj) => string | null> = {
  tweet_create_events: (e) => str(e['id_str']) ?? str(e['id']),
  favorite_events: (e) => str(e['id']),
  follow_events: (e) => `${isObj(e['source']) ? str(e['source']['id']) : ''}:${isObj(e['target']) ? str(e['target']['id']) : ''}:${str(e['created_timestamp'])}`,
  direct_message_events: (e) => str(e['id']),
  tweet_delete_events: (e) => (isObj(e['status']) ? str(e['status']['id']) : null),
};

export function parseX(body: unknown): ParsedEvent[] {
  const b = requireObject(body);
  const forUser = str(b['for_user_id']);
  const events: ParsedEvent[] = [];
  for (const [key, value] of Object.entries(b)) {
    if (key === 'for_user_id' || key === 'user_has_blocked' || key === 'users' || key === 'apps') continue;
    const idOf = X_ARRAYS[key];
    if (!idOf || !Array.isArray(value)) {
      events.push(unknownEvent('x', forUser, { for_user_id: forUser, [key]: value }));
      continue;
    }
    for (const e of value) {
      const id = isObj(e) ? idOf(e) : null;
      if (!isObj(e) || !id) {
        events.push(unknownEvent('x', forUser, { for_user_id: forUser, type: key, event: e }));
        continue;
      }
      const at = fromSeconds(e['timestamp_ms']) ?? fromSeconds(e['created_timestamp']) ?? fromIso(e['created_at']);
      events.push({
        dedupeKey: `${key}:${id}`,
        externalAccountId: forUser,
        kind: key.replace(/_events$/, ''),
        occurredAt: at,
        payload: { for_user_id: forUser, type: key, event: e, users: b['users'] ?? null },
        unknown: false,
      });
    }
  }
  if (!events.length) events.push(unknownEvent('x', forUser, b));
  return events;
}

// ── TikTok ──────────────────────────────────────────────────────────
export function parseTikTok(body: unknown): ParsedEvent[] {
  const b = requireObject(body);
  const event = str(b['event']);
  const openId = str(b['user_openid']);
  const created = str(b['create_time']);
  if (!event || !created) return [unknownEvent('tiktok', openId, b)];
  let content: unknown = b['content'];
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content);
    } catch {
      /* keep the string */
    }
  }
  return [
    {
      dedupeKey: `${event}:${openId}:${created}:${hash(b['content'])}`,
      externalAccountId: openId,
      kind: event,
      occurredAt: fromSeconds(b['create_time']),
      payload: { ...b, content },
      unknown: false,
    },
  ];
}
