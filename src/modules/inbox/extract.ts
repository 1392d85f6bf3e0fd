import type { PendingEvent } from '../channels/index.ts';

// From a raw inbound event to what the inbox stores: one interaction (comment, reply, mention,
// message), an edit or deletion of one, or nothing (delivery receipts, the account's own posts and
// echoes of Dayung's own replies). Pure: no I/O.

export type Extracted =
  | {
      op: 'upsert';
      kind: 'comment' | 'reply' | 'mention' | 'message';
      externalId: string;
      threadKey: string;
      parentExternalId: string | null;
      postExternalId: string | null;
      author: { id: string; name: string | null; handle: string | null } | null;
      text: string;
      occurredAt: Date | null;
    }
  | { op: 'edit'; externalId: string; text: string; at: Date | null }
  | { op: 'delete'; externalId: string; at: Date | null }
  | { op: 'ignore'; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string | null => (typeof v === 'string' && v.length ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((cur, k) => (isObj(cur) ? cur[k] : undefined), o);
const secs = (v: unknown): Date | null => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? new Date(n > 1e12 ? n : n * 1000) : typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : null;
};
const ignore = (reason: string): Extracted => ({ op: 'ignore', reason });

function facebook(e: PendingEvent, p: unknown): Extracted {
  const own = e.externalAccountId;
  if (e.kind.startsWith('feed.comment.')) {
    const v = at(p, 'value');
    const id = s(at(v, 'comment_id'));
    if (!id) return ignore('no comment id');
    const verb = e.kind.split('.')[2];
    const when = secs(at(v, 'created_time')) ?? e.occurredAt;
    if (verb === 'remove') return { op: 'delete', externalId: id, at: when };
    if (verb === 'edited') return { op: 'edit', externalId: id, text: s(at(v, 'message')) ?? '', at: when };
    if (verb !== 'add') return ignore(`comment ${verb}`);
    const fromId = s(at(v, 'from', 'id'));
    if (fromId && fromId === own) return ignore('own comment');
    const postId = s(at(v, 'post_id'));
    const parent = s(at(v, 'parent_id'));
    return {
      op: 'upsert',
      kind: parent && parent !== postId ? 'reply' : 'comment',
      externalId: id,
      threadKey: `post:${postId ?? id}`,
      parentExternalId: parent,
      postExternalId: postId,
      author: fromId ? { id: fromId, name: s(at(v, 'from', 'name')), handle: null } : null,
      text: s(at(v, 'message')) ?? '',
      occurredAt: when,
    };
  }
  if (e.kind === 'mention') {
    const v = at(p, 'value');
    const id = s(at(v, 'comment_id')) ?? s(at(v, 'post_id'));
    if (!id) return ignore('no mention id');
    return { op: 'upsert', kind: 'mention', externalId: id, threadKey: `post:${s(at(v, 'post_id')) ?? id}`, parentExternalId: null, postExternalId: s(at(v, 'post_id')), author: s(at(v, 'from', 'id')) ? { id: s(at(v, 'from', 'id'))!, name: s(at(v, 'from', 'name')), handle: null } : null, text: s(at(v, 'message')) ?? '', occurredAt: secs(at(v, 'created_time')) ?? e.occurredAt };
  }
  return messaging(e, p);
}

function messaging(e: PendingEvent, p: unknown): Extracted {
  const m = at(p, 'messaging');
  const mid = s(at(m, 'message', 'mid'));
  if (e.kind === 'messaging.echo') return ignore('echo of our own message');
  if (e.kind === 'messaging.deleted' && mid) return { op: 'delete', externalId: mid, at: e.occurredAt };
  if (e.kind !== 'messaging.message' || !mid) return ignore(e.kind);
  const sender = s(at(m, 'sender', 'id'));
  if (!sender || sender === e.externalAccountId) return ignore('own message');
  const attachments = at(m, 'message', 'attachments');
  const text = s(at(m, 'message', 'text')) ?? (Array.isArray(attachments) && attachments.length ? '[lampiran]' : '');
  return { op: 'upsert', kind: 'message', externalId: mid, threadKey: `dm:${e.externalAccountId}:${sender}`, parentExternalId: null, postExternalId: null, author: { id: sender, name: null, handle: null }, text, occurredAt: e.occurredAt };
}

function instagram(e: PendingEvent, p: unknown): Extracted {
  if (e.kind === 'comment' || e.kind === 'live_comment') {
    const v = at(p, 'value');
    const id = s(at(v, 'id'));
    if (!id) return ignore('no comment id');
    if (at(v, 'deleted') === true) return { op: 'delete', externalId: id, at: e.occurredAt };
    const fromId = s(at(v, 'from', 'id'));
    if (fromId && fromId === e.externalAccountId) return ignore('own comment');
    const media = s(at(v, 'media', 'id'));
    const parent = s(at(v, 'parent_id'));
    return { op: 'upsert', kind: parent ? 'reply' : 'comment', externalId: id, threadKey: `post:${media ?? id}`, parentExternalId: parent, postExternalId: media, author: fromId ? { id: fromId, name: null, handle: s(at(v, 'from', 'username')) } : null, text: s(at(v, 'text')) ?? '', occurredAt: e.occurredAt };
  }
  if (e.kind === 'mention') {
    const v = at(p, 'value');
    const id = s(at(v, 'comment_id')) ?? s(at(v, 'media_id'));
    if (!id) return ignore('no mention id');
    // Instagram does not send the mention's text; the inbox shows it empty until it is fetched.
    return { op: 'upsert', kind: 'mention', externalId: `mention:${id}`, threadKey: `post:${s(at(v, 'media_id')) ?? id}`, parentExternalId: null, postExternalId: s(at(v, 'media_id')), author: null, text: s(at(v, 'text')) ?? '', occurredAt: e.occurredAt };
  }
  return messaging(e, p);
}

function whatsapp(e: PendingEvent, p: unknown): Extracted {
  if (e.kind !== 'whatsapp.message') return ignore(e.kind);
  const m = at(p, 'message');
  const id = s(at(m, 'id'));
  const from = s(at(m, 'from'));
  if (!id || !from) return ignore('no message id');
  const type = s(at(m, 'type'));
  const text =
    s(at(m, 'text', 'body')) ??
    s(at(m, 'image', 'caption')) ??
    s(at(m, 'button', 'text')) ??
    s(at(m, 'interactive', 'button_reply', 'title')) ??
    (type === 'location' ? `[lokasi] ${s(at(m, 'location', 'name')) ?? ''} ${s(at(m, 'location', 'address')) ?? ''}`.trim() : type ? `[${type}]` : '');
  return { op: 'upsert', kind: 'message', externalId: id, threadKey: `wa:${e.externalAccountId}:${from}`, parentExternalId: s(at(m, 'context', 'id')), postExternalId: null, author: { id: from, name: s(at(p, 'contact', 'profile', 'name')), handle: null }, text, occurredAt: secs(at(m, 'timestamp')) ?? e.occurredAt };
}

function telegram(e: PendingEvent, p: unknown): Extracted {
  const edited = e.kind === 'update.edited_message' || e.kind === 'update.edited_channel_post';
  const m = at(p, 'message') ?? at(p, 'edited_message');
  if (!isObj(m)) return ignore(e.kind);
  const chat = s(at(m, 'chat', 'id'));
  const mid = s(at(m, 'message_id'));
  if (!chat || !mid) return ignore('no message id');
  const externalId = `${e.externalAccountId}:${chat}:${mid}`;
  const text = s(at(m, 'text')) ?? s(at(m, 'caption')) ?? (at(m, 'photo') ? '[foto]' : '');
  if (edited) return { op: 'edit', externalId, text, at: secs(at(m, 'edit_date')) };
  const fromId = s(at(m, 'from', 'id'));
  if (at(m, 'from', 'is_bot') === true) return ignore('bot message');
  const name = [s(at(m, 'from', 'first_name')), s(at(m, 'from', 'last_name'))].filter(Boolean).join(' ') || null;
  const isPrivate = s(at(m, 'chat', 'type')) === 'private';
  const replyTo = s(at(m, 'reply_to_message', 'message_id'));
  return { op: 'upsert', kind: isPrivate ? 'message' : replyTo ? 'reply' : 'comment', externalId, threadKey: `tg:${e.externalAccountId}:${chat}`, parentExternalId: replyTo ? `${e.externalAccountId}:${chat}:${replyTo}` : null, postExternalId: null, author: fromId ? { id: fromId, name, handle: s(at(m, 'from', 'username')) } : null, text, occurredAt: secs(at(m, 'date')) };
}

function x(e: PendingEvent, p: unknown): Extracted {
  const ev = at(p, 'event');
  const forUser = s(at(p, 'for_user_id')) ?? e.externalAccountId;
  if (e.kind === 'tweet_create') {
    const id = s(at(ev, 'id_str')) ?? s(at(ev, 'id'));
    const userId = s(at(ev, 'user', 'id_str')) ?? s(at(ev, 'user', 'id'));
    if (!id) return ignore('no tweet id');
    if (userId && userId === forUser) return ignore('own tweet');
    const replyTo = s(at(ev, 'in_reply_to_status_id_str'));
    return { op: 'upsert', kind: replyTo ? 'reply' : 'mention', externalId: id, threadKey: `x:${s(at(ev, 'conversation_id')) ?? replyTo ?? id}`, parentExternalId: replyTo, postExternalId: null, author: userId ? { id: userId, name: s(at(ev, 'user', 'name')), handle: s(at(ev, 'user', 'screen_name')) } : null, text: s(at(ev, 'extended_tweet', 'full_text')) ?? s(at(ev, 'text')) ?? '', occurredAt: e.occurredAt };
  }
  if (e.kind === 'direct_message') {
    const id = s(at(ev, 'id'));
    const sender = s(at(ev, 'message_create', 'sender_id'));
    if (!id || !sender) return ignore('no dm id');
    if (sender === forUser) return ignore('own dm');
    return { op: 'upsert', kind: 'message', externalId: `dm:${id}`, threadKey: `xdm:${forUser}:${sender}`, parentExternalId: null, postExternalId: null, author: { id: sender, name: null, handle: null }, text: s(at(ev, 'message_create', 'message_data', 'text')) ?? '', occurredAt: e.occurredAt };
  }
  if (e.kind === 'tweet_delete') {
    const id = s(at(ev, 'status', 'id'));
    return id ? { op: 'delete', externalId: id, at: e.occurredAt } : ignore('no id');
  }
  return ignore(e.kind);
}

function youtube(e: PendingEvent, p: unknown): Extracted {
  const id = s(at(p, 'id'));
  const sn = at(p, 'snippet');
  const top = at(sn, 'topLevelComment', 'snippet') ?? sn;
  if (!id) return ignore('no comment id');
  const authorChannel = s(at(top, 'authorChannelId', 'value'));
  if (authorChannel && authorChannel === e.externalAccountId) return ignore('own comment');
  const parent = s(at(top, 'parentId'));
  const video = s(at(top, 'videoId')) ?? s(at(sn, 'videoId'));
  return { op: 'upsert', kind: parent ? 'reply' : 'comment', externalId: id, threadKey: `post:${video ?? id}`, parentExternalId: parent, postExternalId: video, author: authorChannel ? { id: authorChannel, name: s(at(top, 'authorDisplayName')), handle: null } : null, text: s(at(top, 'textOriginal')) ?? s(at(top, 'textDisplay')) ?? '', occurredAt: secs(at(top, 'publishedAt')) ?? e.occurredAt };
}

export function extract(e: PendingEvent): Extracted {
  if (e.unknown) return ignore('unknown shape');
  const p = e.payload;
  switch (e.platform) {
    case 'facebook':
      return facebook(e, p);
    case 'instagram':
      return instagram(e, p);
    case 'whatsapp':
      return whatsapp(e, p);
    case 'telegram':
      return telegram(e, p);
    case 'x':
      return x(e, p);
    case 'youtube':
      return youtube(e, p);
    default:
      return ignore(`${e.platform} has no inbox`);
  }
}
