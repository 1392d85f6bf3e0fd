// Generators of realistic citizen messages to West Sumatra government accounts, labelled for
// evaluation: intent, target OPD (opd.json code, OUTSIDE:<who> or null), topic, language,
// sentiment, urgency, location (kabupaten/kota) and the personal data they contain.
import type { Rng } from '../core/rng.ts';
import { createRng } from '../core/rng.ts';
import type { Intent, Lang, Style, Template } from './templates.ts';
import { FOLLOWUP_TEMPLATES, TEMPLATES } from './templates.ts';
import type { Persona, Place } from './lexicon.ts';
import { address, email, JUDOL_BRANDS, JUDOL_TLDS, NATIONAL_ROADS, nik, PLACES, persona, phone, plate, RSUD, rupiah, UNICODE_BOLD } from './lexicon.ts';
import type { Register } from './noise.ts';
import { EMOJI, roughen } from './noise.ts';

export type Channel =
  | 'facebook_comment'
  | 'facebook_message'
  | 'instagram_comment'
  | 'instagram_message'
  | 'x_mention'
  | 'x_dm'
  | 'whatsapp'
  | 'telegram'
  | 'telegram_comment'
  | 'youtube_comment';

export const PRIVATE_CHANNELS: readonly Channel[] = ['facebook_message', 'instagram_message', 'x_dm', 'whatsapp', 'telegram'];

export type PiiType = 'nik' | 'phone' | 'email' | 'name' | 'address' | 'plate';

export interface CitizenMessage {
  text: string;
  intent: Intent;
  /** sarcasm, judol, scam, promo, emergency, pungli, followup or plain */
  style: Style;
  /** OPD code from opd.json, "OUTSIDE:<who>" when not provincial authority, or null */
  opd: string | null;
  /** outside-authority.json id when the topic is (partly) outside provincial authority */
  outside?: string;
  topic: string;
  lang: Lang;
  sentiment: 'positive' | 'neutral' | 'negative';
  urgency: 'high' | 'medium' | 'low';
  /** canonical kabupaten/kota the matter is in, when the text makes it inferable */
  location: string | null;
  /** personal data in the text; every value is an exact substring of text */
  pii: { type: PiiType; value: string }[];
  channel: Channel;
  register: Register;
  templateId: string;
  author: Persona;
}

export interface GenerateOptions {
  channel?: Channel;
  intent?: Intent;
  /** restrict to templates routed to this OPD code (or OUTSIDE:...) */
  opd?: string;
  lang?: Lang;
  style?: Style;
  /** handle of the addressed government account (for {handle}), e.g. "@disdik.sumbar" */
  handle?: string;
  /** relative weights of intents (default: complaint-heavy mix like a real government inbox) */
  weights?: Partial<Record<Intent, number>>;
  /** fixed author */
  author?: Persona;
  /** probability that a private-channel message carries personal data (default 0.35) */
  piiRate?: number;
}

export const DEFAULT_WEIGHTS: Record<Intent, number> = {
  complaint: 0.38,
  question: 0.16,
  aspiration: 0.08,
  praise: 0.1,
  spam: 0.11,
  abuse: 0.05,
  other: 0.12,
};

function leet(s: string, rng: Rng): string {
  const map: Record<string, string> = { A: '4', E: '3', I: '1', O: '0', S: '5' };
  return [...s].map((c) => (map[c] && rng.chance(0.5) ? map[c] : c)).join('');
}

interface FillState {
  place?: Place;
  locationHint?: string;
  opdFromSlot?: string;
  pii: { type: PiiType; value: string }[];
  memo: Map<string, string>;
}

function fill(rng: Rng, text: string, tpl: Template, author: Persona, opts: GenerateOptions, st: FillState): string {
  const getPlace = () => (st.place ??= rng.pick(PLACES));
  const piiSlot = (type: PiiType, value: string) => {
    st.pii.push({ type, value });
    return value;
  };
  return text.replace(/\{([a-z_]+)\}/g, (_m, slot: string) => {
    const memo = st.memo.get(slot);
    if (memo !== undefined && !['emoji_angry', 'emoji_sad', 'emoji_happy', 'n'].includes(slot)) return memo;
    let v: string;
    switch (slot) {
      case 'place':
        v = rng.pick(getPlace().spoken);
        break;
      case 'area':
        v = rng.pick(getPlace().areas);
        break;
      case 'school': {
        const p = getPlace();
        v = `${rng.pick(['SMAN', 'SMA Negeri', 'SMKN', 'SMK Negeri'])} ${rng.int(1, p.kind === 'kota' ? 15 : 4)} ${p.spoken[0]}`;
        break;
      }
      case 'rsud':
      case 'rs_special': {
        // {rsud}: the general provincial hospitals; {rs_special}: eye, lung and mental hospitals
        const h = rng.pick(RSUD.filter((x) => (slot === 'rsud') === x.code.startsWith('RSUD')));
        st.opdFromSlot = h.code;
        st.locationHint = h.kabkota;
        v = rng.pick(h.names);
        break;
      }
      case 'natroad': {
        const r = rng.pick(NATIONAL_ROADS);
        st.locationHint = r.kabkota;
        v = r.name;
        break;
      }
      case 'n':
        v = String(rng.int(2, 9));
        break;
      case 'days':
        v = String(rng.int(2, 6));
        break;
      case 'weeks':
        v = String(rng.int(2, 5));
        break;
      case 'months':
        v = String(rng.int(2, 8));
        break;
      case 'years':
        v = String(rng.int(2, 7));
        break;
      case 'amount':
        v = rng.chance(0.5) ? rupiah(rng, 50_000, 2_500_000) : `${rng.pick([50, 100, 150, 200, 250, 300, 500])}rb`;
        break;
      case 'time':
        v = `jam ${rng.int(1, 11)} ${rng.pick(['pagi', 'siang', 'sore', 'malam'])}`;
        break;
      case 'name':
        v = piiSlot('name', author.name);
        break;
      case 'phone':
        v = piiSlot('phone', phone(rng));
        break;
      case 'nik':
        v = piiSlot('nik', nik(rng, getPlace(), author.gender));
        break;
      case 'email':
        v = piiSlot('email', email(rng, author));
        break;
      case 'address':
        v = piiSlot('address', address(rng, getPlace()));
        break;
      case 'plate':
        v = piiSlot('plate', plate(rng));
        break;
      case 'handle':
        v = opts.handle ?? '@pemprovsumbar';
        break;
      case 'brand':
        v = rng.chance(0.3) ? leet(rng.pick(JUDOL_BRANDS), rng) : rng.pick(JUDOL_BRANDS);
        break;
      case 'brand_fancy':
        v = [...rng.pick(JUDOL_BRANDS)].map((c) => UNICODE_BOLD[c] ?? c).join('');
        break;
      case 'link':
        v = `${rng.pick(JUDOL_BRANDS).toLowerCase()}${rng.pick(JUDOL_TLDS)}`;
        break;
      case 'friend':
        v = `@${persona(rng).username}`;
        break;
      case 'emoji_angry':
        v = rng.chance(0.7) ? rng.pick(EMOJI.angry) : '';
        break;
      case 'emoji_sad':
        v = rng.chance(0.7) ? rng.pick(EMOJI.sad) : '';
        break;
      case 'emoji_happy':
        v = rng.pick(EMOJI.happy);
        break;
      default:
        v = '';
    }
    st.memo.set(slot, v);
    return v;
  });
  void tpl;
}

function pickTemplate(rng: Rng, pool: readonly Template[], opts: GenerateOptions, privateChannel: boolean): Template {
  const usable = pool.filter(
    (t) =>
      (!t.privateOnly || privateChannel) &&
      (!opts.opd || t.opd === opts.opd || (opts.opd.startsWith('RSUD') ? t.opd === '@rsud' : ['RSJHBS', 'RSPARU', 'RSMATA'].includes(opts.opd) ? t.opd === '@rs' : false)) &&
      (!opts.lang || t.lang === opts.lang) &&
      (!opts.style || t.style === opts.style),
  );
  if (usable.length === 0) throw new Error(`no template matches ${JSON.stringify({ opd: opts.opd, lang: opts.lang, style: opts.style, intent: opts.intent })}`);
  if (opts.intent) {
    const byIntent = usable.filter((t) => t.intent === opts.intent);
    if (byIntent.length === 0) throw new Error(`no template for intent ${opts.intent}`);
    return rng.pick(byIntent);
  }
  const weights = { ...DEFAULT_WEIGHTS, ...(opts.weights ?? {}) };
  const intents = [...new Set(usable.map((t) => t.intent))];
  const intent = rng.weighted(intents.map((i) => [i, weights[i] ?? 0] as const));
  return rng.pick(usable.filter((t) => t.intent === intent));
}

function decorate(rng: Rng, text: string, tpl: Template, channel: Channel, opts: GenerateOptions): string {
  let out = text;
  if (channel === 'x_mention' && opts.handle && !out.includes(opts.handle) && rng.chance(0.8)) out = `${opts.handle} ${out}`;
  const greeted = /^(assalamu|selamat|permisi|siang|pagi|sore|malam|halo|pak\b|bu\b|min\b|p$)/i.test(out);
  if ((channel === 'whatsapp' || channel === 'telegram' || channel === 'facebook_message') && !greeted && tpl.intent !== 'spam' && tpl.intent !== 'other' && rng.chance(0.35)) {
    out = `${rng.pick(['Assalamualaikum', 'Selamat pagi', 'Permisi', 'Siang pak', 'Halo min'])}${rng.pick([', ', '. ', ' '])}${out}`;
  }
  if (tpl.intent === 'complaint' && rng.chance(0.1)) out = `${out} ${rng.pick(['#sumbar', '#pemprovsumbar', '#tolongviralkan', ...(tpl.topic.startsWith('jalan') ? ['#jalanrusak'] : [])])}`;
  if (channel === 'x_mention' && [...out].length > 280) out = [...out].slice(0, 277).join('') + '...';
  return out.replace(/\s+/g, ' ').replace(/\s+([,.!?])/g, '$1').trim();
}

function chooseRegister(rng: Rng, channel: Channel, tpl: Template): Register {
  if (tpl.intent === 'spam') return 'informal';
  if (PRIVATE_CHANNELS.includes(channel) && tpl.privateOnly) return rng.weighted([['formal', 0.6], ['informal', 0.4]] as const);
  return rng.weighted([['formal', 0.2], ['informal', 0.5], ['slang', 0.3]] as const);
}

function build(rng: Rng, tpl: Template, opts: GenerateOptions, channel: Channel, author: Persona, base?: CitizenMessage): CitizenMessage {
  const register = chooseRegister(rng, channel, tpl);
  const skeleton = roughen(rng, rng.pick(tpl.texts), register, tpl.lang, tpl.sentiment === 'negative');
  const st: FillState = { pii: [], memo: new Map() };
  if (base?.location) st.place = PLACES.find((p) => p.kabkota === base.location);
  const raw = fill(rng, skeleton, tpl, author, opts, st);
  const text = decorate(rng, raw, tpl, channel, opts);
  const opd = tpl.opd === '@rsud' || tpl.opd === '@rs' ? (st.opdFromSlot ?? null) : tpl.opd;
  const location = st.locationHint ?? (st.place && /\{(place|area|school|nik|address)\}/.test(skeleton) ? st.place.kabkota : null);
  const pii = st.pii.filter((p) => text.includes(p.value));
  return {
    text,
    intent: tpl.intent,
    style: tpl.style,
    opd: base && tpl.style === 'followup' ? (base.opd ?? opd) : opd,
    ...(base && tpl.style === 'followup' ? (base.outside ? { outside: base.outside } : {}) : tpl.outside ? { outside: tpl.outside } : {}),
    topic: base && tpl.style === 'followup' ? base.topic : tpl.topic,
    lang: tpl.lang,
    sentiment: tpl.sentiment,
    urgency: base && tpl.style === 'followup' && tpl.intent === 'complaint' ? base.urgency : tpl.urgency,
    location: base && tpl.style === 'followup' ? (base.location ?? location) : location,
    pii,
    channel,
    register,
    templateId: tpl.id,
    author,
  };
}

/** One citizen message. */
export function generateMessage(rng: Rng, opts: GenerateOptions = {}): CitizenMessage {
  const channel = opts.channel ?? rng.pick<Channel>(['facebook_comment', 'instagram_comment', 'x_mention', 'whatsapp', 'telegram', 'youtube_comment']);
  const isPrivate = PRIVATE_CHANNELS.includes(channel);
  let pool: readonly Template[] = TEMPLATES;
  // private channels carry personal data more often (people send their details when asked)
  if (isPrivate && !opts.intent && !opts.style && rng.chance(opts.piiRate ?? 0.35)) {
    const withPii = TEMPLATES.filter((t) => t.privateOnly && (!opts.opd || t.opd === opts.opd));
    if (withPii.length) pool = withPii;
  }
  const tpl = pickTemplate(rng, pool, opts, isPrivate);
  return build(rng, tpl, opts, channel, opts.author ?? persona(rng));
}

/** A citizen's reply in the same thread/conversation after the government answered `previous`. */
export function generateFollowUp(rng: Rng, previous: CitizenMessage, opts: { channel?: Channel; handle?: string } = {}): CitizenMessage {
  const channel = opts.channel ?? previous.channel;
  const isPrivate = PRIVATE_CHANNELS.includes(channel);
  const lang = previous.lang === 'min' && rng.chance(0.7) ? 'min' : 'id';
  const pool = FOLLOWUP_TEMPLATES.filter((t) => (!t.privateOnly || isPrivate) && (t.lang === lang || !FOLLOWUP_TEMPLATES.some((x) => x.lang === lang && x.intent === t.intent)));
  const weights: [Template, number][] = pool.map((t) => {
    const w = t.id.startsWith('fu-thanks') ? 0.35 : t.id.startsWith('fu-still') ? 0.3 : t.id === 'fu-data' ? 0.2 : t.id === 'fu-question' ? 0.1 : 0.05;
    return [t, previous.intent === 'praise' && !t.id.startsWith('fu-thanks') ? w * 0.2 : w];
  });
  const tpl = rng.weighted(weights);
  return build(rng, tpl, { ...(opts.handle ? { handle: opts.handle } : {}) }, channel, previous.author, previous);
}

/** A labelled corpus of n messages (deterministic per seed). */
export function generateCorpus(seed: string | number, n: number, opts: GenerateOptions = {}): CitizenMessage[] {
  const rng = createRng(`corpus/${seed}`);
  const out: CitizenMessage[] = [];
  for (let i = 0; i < n; i++) out.push(generateMessage(rng, opts));
  return out;
}

export function templateStats(): { templates: number; texts: number; byIntent: Record<string, number>; opds: string[] } {
  const byIntent: Record<string, number> = {};
  for (const t of TEMPLATES) byIntent[t.intent] = (byIntent[t.intent] ?? 0) + t.texts.length;
  const opds = [...new Set([...TEMPLATES.map((t) => t.opd).filter((o): o is string => !!o && !o.startsWith('@')), ...RSUD.map((r) => r.code)])].sort();
  return { templates: TEMPLATES.length, texts: TEMPLATES.reduce((n, t) => n + t.texts.length, 0), byIntent, opds };
}
