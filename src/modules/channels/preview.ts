import { maskPersonalData, shortName } from '../language/index.ts';

// A short, masked preview of a raw inbound event for the channels page (author and text), so that
// staff can see that messages arrive without reading personal data in full.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown) => (typeof v === 'string' ? v : null);
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((cur, k) => (isObj(cur) ? cur[k] : undefined), o);

export interface EventPreview {
  author: string | null;
  text: string | null;
}

function raw(platform: string, p: unknown): EventPreview {
  switch (platform) {
    case 'facebook':
    case 'instagram':
      return {
        author: s(at(p, 'value', 'from', 'name')) ?? s(at(p, 'value', 'from', 'username')) ?? (at(p, 'messaging') ? 'Pengguna Messenger' : null),
        text: s(at(p, 'value', 'message')) ?? s(at(p, 'value', 'text')) ?? s(at(p, 'messaging', 'message', 'text')),
      };
    case 'whatsapp':
      return { author: s(at(p, 'contact', 'profile', 'name')), text: s(at(p, 'message', 'text', 'body')) ?? (s(at(p, 'status', 'status')) ? `status: ${s(at(p, 'status', 'status'))}` : null) };
    case 'telegram': {
      const m = at(p, 'message') ?? at(p, 'edited_message') ?? at(p, 'channel_post');
      return { author: s(at(m, 'from', 'first_name')) ?? s(at(m, 'from', 'username')), text: s(at(m, 'text')) ?? s(at(m, 'caption')) };
    }
    case 'x':
      return {
        author: s(at(p, 'event', 'user', 'screen_name')) ?? s(at(p, 'event', 'message_create', 'sender_id')),
        text: s(at(p, 'event', 'text')) ?? s(at(p, 'event', 'message_create', 'message_data', 'text')),
      };
    case 'youtube':
      return { author: s(at(p, 'snippet', 'authorDisplayName')) ?? s(at(p, 'snippet', 'topLevelComment', 'snippet', 'authorDisplayName')), text: s(at(p, 'snippet', 'textOriginal')) ?? s(at(p, 'snippet', 'topLevelComment', 'snippet', 'textOriginal')) };
    default:
      return { author: null, text: null };
  }
}

/** Names are shortened to initials plus first name; text masked for NIK, phone numbers, e-mail, plates, names. */
export function previewEvent(platform: string, payload: unknown): EventPreview {
  const r = raw(platform, payload);
  const author = shortName(r.author);
  const text = r.text ? maskPersonalData(r.text.slice(0, 280)) : null;
  return { author, text };
}
