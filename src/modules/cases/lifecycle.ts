import type { CaseStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { has, isProvince, type Actor } from '../org/index.ts';

// The life of a complaint case in SP4N-LAPOR! terms, as pure functions: which action leads from which
// state to which, and who may take it. The service asks these before every change; nothing here
// touches the database.
//
//   diterima ──verify──▶ terverifikasi ──dispose──▶ didisposisi ──follow_up──▶ ditindaklanjuti ──close / auto_close──▶ selesai
//                                      ▲                │  ▲ dispose (forward to another OPD; each hop kept)        │
//                                      │                │  └──────────┘                                           │ reopen (citizen's dispute)
//                                      │                ▼                                                         ▼
//   bukan_wewenang ◀──not_authority── (diterima, terverifikasi, didisposisi, dibuka_kembali)               dibuka_kembali ──dispose──▶ didisposisi
//     │ dispose (re-disposition) ──▶ didisposisi
//     └ handoff (outside authority: kab/kota, vertical agency) ──▶ bukan_wewenang, handed off (closed for the province)
//   tunda ◀──hold── any open state (reason);  tunda ──resume──▶ the state before
//   duplikat ◀──duplicate── any open state (duplicate_of);  diarsipkan ◀──archive── any open state (reason)

export const CASE_STATUSES = ['diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'selesai', 'tunda', 'bukan_wewenang', 'duplikat', 'diarsipkan', 'dibuka_kembali'] as const satisfies readonly CaseStatus[];

/** States in which the case is still being handled (tunda included: it is paused, not finished). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'tunda', 'bukan_wewenang', 'dibuka_kembali'];
export const CLOSED_STATUSES: readonly CaseStatus[] = ['selesai', 'duplikat', 'diarsipkan'];

export const STATUS_LABEL: Record<CaseStatus, string> = {
  diterima: 'Diterima',
  terverifikasi: 'Terverifikasi',
  didisposisi: 'Didisposisi',
  ditindaklanjuti: 'Ditindaklanjuti',
  selesai: 'Selesai',
  tunda: 'Ditunda',
  bukan_wewenang: 'Bukan wewenang',
  duplikat: 'Duplikat',
  diarsipkan: 'Diarsipkan',
  dibuka_kembali: 'Dibuka kembali',
};

export const CASE_ACTIONS = ['verify', 'dispose', 'follow_up', 'close', 'hold', 'resume', 'not_authority', 'handoff', 'duplicate', 'archive', 'reopen', 'auto_close'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** "tidak dapat {passive}" */
export const ACTION_PASSIVE: Record<CaseAction, string> = {
  verify: 'diverifikasi',
  dispose: 'didisposisikan',
  follow_up: 'ditindaklanjuti',
  close: 'diselesaikan',
  hold: 'ditunda',
  resume: 'dilanjutkan',
  not_authority: 'dinyatakan bukan wewenang',
  handoff: 'diteruskan ke instansi di luar Pemprov',
  duplicate: 'ditandai duplikat',
  archive: 'diarsipkan',
  reopen: 'dibuka kembali',
  auto_close: 'ditutup otomatis',
};

/** "tidak berwenang {active}" and the names of actions in lists. */
export const ACTION_ACTIVE: Record<CaseAction, string> = {
  verify: 'memverifikasi',
  dispose: 'mendisposisikan',
  follow_up: 'menindaklanjuti',
  close: 'menyelesaikan',
  hold: 'menunda',
  resume: 'melanjutkan',
  not_authority: 'menyatakan bukan wewenang',
  handoff: 'meneruskan ke instansi luar',
  duplicate: 'menandai duplikat',
  archive: 'mengarsipkan',
  reopen: 'membuka kembali',
  auto_close: 'menutup otomatis',
};

const FROM: Record<CaseAction, readonly CaseStatus[]> = {
  verify: ['diterima'],
  dispose: ['terverifikasi', 'didisposisi', 'bukan_wewenang', 'dibuka_kembali'],
  follow_up: ['didisposisi', 'ditindaklanjuti'],
  close: ['ditindaklanjuti'],
  hold: ['diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'bukan_wewenang', 'dibuka_kembali'],
  resume: ['tunda'],
  not_authority: ['diterima', 'terverifikasi', 'didisposisi', 'dibuka_kembali'],
  handoff: ['bukan_wewenang'],
  duplicate: ['diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'tunda', 'bukan_wewenang', 'dibuka_kembali'],
  archive: ['diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'tunda', 'bukan_wewenang', 'dibuka_kembali'],
  reopen: ['selesai'],
  auto_close: ['ditindaklanjuti'],
};

/** After a hand-off the case is closed for the province: only a re-disposition (the authority sent it back) or a corrected hand-off remain. */
const AFTER_HANDOFF: readonly CaseAction[] = ['dispose', 'handoff'];

const TO: Record<Exclude<CaseAction, 'resume'>, CaseStatus> = {
  verify: 'terverifikasi',
  dispose: 'didisposisi',
  follow_up: 'ditindaklanjuti',
  close: 'selesai',
  hold: 'tunda',
  not_authority: 'bukan_wewenang',
  handoff: 'bukan_wewenang',
  duplicate: 'duplikat',
  archive: 'diarsipkan',
  reopen: 'dibuka_kembali',
  auto_close: 'selesai',
};

/** What the state machine needs to know about a case. */
export interface CaseState {
  code: string;
  status: CaseStatus;
  statusBeforeTunda: CaseStatus | null;
  handedOffTo: string | null;
  /** Current owner. */
  orgId: string;
}

/** Whether a case is finished for the province (selesai, duplikat, diarsipkan, or handed off). */
export function isClosed(c: Pick<CaseState, 'status' | 'handedOffTo'>): boolean {
  return CLOSED_STATUSES.includes(c.status) || (c.status === 'bukan_wewenang' && c.handedOffTo !== null);
}

/** Actions the state allows, whoever asks (auto_close is the job's, never listed). */
export function actionsFrom(c: Pick<CaseState, 'status' | 'handedOffTo'>): CaseAction[] {
  return CASE_ACTIONS.filter((a) => a !== 'auto_close' && canTransition(c, a));
}

export function canTransition(c: Pick<CaseState, 'status' | 'handedOffTo'>, action: CaseAction): boolean {
  if (!FROM[action].includes(c.status)) return false;
  if (c.status === 'bukan_wewenang' && c.handedOffTo !== null) return AFTER_HANDOFF.includes(action);
  return true;
}

/** The state an action leads to, or a 409 problem naming what is possible instead. */
export function nextStatus(c: CaseState, action: CaseAction): CaseStatus {
  if (!canTransition(c, action)) {
    const allowed = actionsFrom(c).map((a) => ACTION_ACTIVE[a]);
    throw new AppError('case_transition_invalid', {
      code: c.code,
      status: STATUS_LABEL[c.status],
      action: ACTION_PASSIVE[action],
      allowed: allowed.length ? allowed.join(', ') : 'tidak ada (aduan sudah ditutup)',
    });
  }
  if (action === 'resume') {
    if (!c.statusBeforeTunda) throw new Error(`case ${c.code}: tunda without status_before_tunda`);
    return c.statusBeforeTunda;
  }
  return TO[action];
}

// ── who may do what ────────────────────────────────────────────────────────────────────────────
//
// Province roles (Kominfotik as Admin Koordinator) coordinate: verify, dispose, hold, archive… any
// case. The owning OPD's head and admin do the same for cases already theirs; its responders post
// follow-ups and record disputes; viewers only read. Hand-off outside the province is the
// coordinator's. Only the system closes a case for citizen silence.

interface Rule {
  /** Province roles with cases.dispose may take the action on any case. */
  province: boolean;
  /** Permission an OPD user needs, on a case its OPD owns (null: never). */
  owner: 'cases.dispose' | 'cases.work' | null;
}

const RULES: Record<CaseAction, Rule> = {
  verify: { province: true, owner: 'cases.dispose' },
  dispose: { province: true, owner: 'cases.dispose' },
  follow_up: { province: false, owner: 'cases.work' },
  close: { province: true, owner: 'cases.dispose' },
  hold: { province: true, owner: 'cases.dispose' },
  resume: { province: true, owner: 'cases.dispose' },
  not_authority: { province: true, owner: 'cases.dispose' },
  handoff: { province: true, owner: null },
  duplicate: { province: true, owner: 'cases.dispose' },
  archive: { province: true, owner: 'cases.dispose' },
  reopen: { province: true, owner: 'cases.work' },
  auto_close: { province: false, owner: null },
};

/** Why the actor may not take the action on the case, or null when allowed. actor null = the system. */
export function denialReason(actor: Actor | null, action: CaseAction, c: Pick<CaseState, 'orgId'>): string | null {
  if (!actor) return action === 'auto_close' ? null : 'tindakan ini memerlukan petugas';
  if (action === 'auto_close') return 'hanya sistem yang menutup aduan karena pelapor tidak menanggapi';
  const rule = RULES[action];
  if (isProvince(actor)) {
    if (!rule.province) return action === 'follow_up' ? 'tindak lanjut disampaikan oleh OPD pemilik aduan' : 'tindakan ini bukan untuk peran provinsi';
    return has(actor, 'cases.dispose') ? null : 'peran Anda hanya dapat membaca aduan';
  }
  if (c.orgId !== actor.orgId) return 'aduan tidak sedang ditangani OPD Anda';
  if (!rule.owner) return 'hanya Admin Koordinator (Kominfotik) yang dapat meneruskan aduan ke instansi di luar Pemprov';
  if (!has(actor, rule.owner)) {
    return rule.owner === 'cases.dispose' ? 'hanya kepala atau admin OPD yang dapat melakukannya' : 'peran Anda hanya dapat membaca aduan';
  }
  return null;
}

export function mayAct(actor: Actor | null, action: CaseAction, c: Pick<CaseState, 'orgId'>): boolean {
  return denialReason(actor, action, c) === null;
}

/** Throws 403 with the reason unless the actor may take the action. */
export function authorize(actor: Actor | null, action: CaseAction, c: Pick<CaseState, 'orgId' | 'code'>): void {
  const reason = denialReason(actor, action, c);
  if (reason) throw new AppError('case_action_forbidden', { action: ACTION_ACTIVE[action], code: c.code, reason });
}

/** The actions this actor can take now (for the UI's buttons). */
export function allowedActions(actor: Actor | null, c: CaseState): CaseAction[] {
  return actionsFrom(c).filter((a) => mayAct(actor, a, c));
}

// ── beside the transitions ─────────────────────────────────────────────────────────────────────

/** What else a case offers: internal notes (and citizen replies, joined reporters), the anonymous/confidential flags, reveal of personal data. */
export const CASE_EXTRA_ACTIONS = ['note', 'flags', 'reveal'] as const;
export type CaseExtraAction = (typeof CASE_EXTRA_ACTIONS)[number];

/**
 * Who may work on a case without owning it: its origin OPD (the conversation with the citizen is
 * there) adds notes, records citizen replies and joins reporters; province roles on any case.
 */
export function mayContribute(actor: Actor, c: Pick<CaseState, 'orgId'> & { originOrgId: string | null }): boolean {
  return has(actor, 'cases.work') && (isProvince(actor) || c.orgId === actor.orgId || c.originOrgId === actor.orgId);
}

/** The extra actions this actor may take on a case it can see. */
export function extraActions(actor: Actor | null, c: CaseState & { originOrgId: string | null }): CaseExtraAction[] {
  if (!actor) return [];
  const out: CaseExtraAction[] = [];
  if (mayContribute(actor, c)) out.push('note');
  // The flags are the verifier's: the coordinator, or the owning OPD's head and admin.
  if (denialReason(actor, 'verify', c) === null) out.push('flags');
  if (has(actor, 'personal_data.read')) out.push('reveal');
  return out;
}
