import type { Analysis } from '../language/index.ts';

// Where an interaction goes. The addressed OPD's account is a strong signal; the classifier moves
// an actionable message (complaint, question, aspiration) to another OPD only when it is confident,
// and sends it to Kominfotik's triage queue when it is unsure or the matter is outside provincial
// authority. Praise, chit-chat, spam and abuse stay with the account's OPD.

export interface RouteOutcome {
  /** OPD code that owns the interaction */
  orgCode: string;
  /** the OPD it was moved away from, when it was */
  routedFrom: string | null;
  triage: boolean;
  triageReason: string | null;
}

const ACTIONABLE = new Set(['complaint', 'question', 'aspiration']);

export function decideRoute(analysis: Analysis, addressed: string | null, provinceCode: string, knownOpds: ReadonlySet<string>): RouteOutcome {
  const home = addressed ?? provinceCode;
  if (!ACTIONABLE.has(analysis.intent.label)) {
    return { orgCode: home, routedFrom: null, triage: addressed === null, triageReason: addressed === null ? 'akun tidak dikenal' : null };
  }
  const r = analysis.route;
  if (r.outside) return { orgCode: home, routedFrom: null, triage: true, triageReason: `di luar kewenangan provinsi: ${r.name ?? r.route}` };
  if (!r.route || r.needsTriage || !knownOpds.has(r.route)) {
    return { orgCode: home, routedFrom: null, triage: true, triageReason: r.route ? `penerusan belum pasti (${Math.round(r.confidence * 100)}% ${r.route})` : 'OPD tujuan belum dapat ditentukan' };
  }
  if (r.route === home) return { orgCode: home, routedFrom: null, triage: false, triageReason: null };
  return { orgCode: r.route, routedFrom: addressed, triage: false, triageReason: null };
}

// The language models route to "RSUD" (the provincial hospitals as a group, as the labelled data
// does); the inbox needs the hospital itself. The distinctive words of each hospital's name and
// aliases pick it; when nothing names a hospital, its parent office (Dinas Kesehatan) owns it.
const GENERIC = new Set(['rumah', 'sakit', 'umum', 'daerah', 'dr', 'prof', 'h', 'sh', 'sumatera', 'barat', 'rsud', 'rs', 'nama', 'lama', 'di', 'sipd', 'provinsi']);

export interface GroupMember {
  code: string;
  name: string;
  aliases: string[];
  parentCode: string | null;
}

const words = (t: string) => t.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ' ').split(' ').filter((w) => w.length > 1);

export function resolveGroupRoute(route: string, text: string, members: readonly GroupMember[]): string {
  if (!members.length) return route;
  const have = new Set(words(text));
  let best: { code: string; score: number } | null = null;
  let tie = false;
  for (const m of members) {
    const keys = new Set([m.name, ...m.aliases].flatMap(words).filter((w) => !GENERIC.has(w)));
    let score = 0;
    for (const k of keys) if (have.has(k)) score++;
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { code: m.code, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  if (best && !tie) return best.code;
  return members[0]!.parentCode ?? route;
}
