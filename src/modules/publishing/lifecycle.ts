import type { PostStatus, Role } from '../../platform/db/schema.ts';

// The post's state machine and the approval chain, as pure functions (no database): the service
// asks them before every change, the web asks the API which actions are open.
//
// draft → diajukan → (each approval level) → disetujui | terjadwal → menerbitkan → dipublikasikan
//                   ↘ perlu_revisi (changes requested, with a comment) → edit → draft → diajukan …
// An edit always makes a new immutable version and voids every approval; a post still unapproved
// (or approved in an older version) at its time goes to kedaluwarsa, never out.

export const POST_STATUSES = ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal', 'menerbitkan', 'dipublikasikan', 'sebagian_gagal', 'gagal', 'kedaluwarsa', 'dibatalkan'] as const satisfies readonly PostStatus[];

export const STATUS_LABEL: Record<PostStatus, { id: string; en: string }> = {
  draft: { id: 'Draf', en: 'Draft' },
  diajukan: { id: 'Diajukan', en: 'Submitted' },
  perlu_revisi: { id: 'Perlu revisi', en: 'Changes requested' },
  disetujui: { id: 'Disetujui', en: 'Approved' },
  terjadwal: { id: 'Terjadwal', en: 'Scheduled' },
  menerbitkan: { id: 'Sedang terbit', en: 'Publishing' },
  dipublikasikan: { id: 'Dipublikasikan', en: 'Published' },
  sebagian_gagal: { id: 'Sebagian gagal', en: 'Partially failed' },
  gagal: { id: 'Gagal', en: 'Failed' },
  kedaluwarsa: { id: 'Kedaluwarsa', en: 'Expired' },
  dibatalkan: { id: 'Dibatalkan', en: 'Cancelled' },
};

export type PostAction = 'edit' | 'submit' | 'approve' | 'request_changes' | 'withdraw' | 'schedule' | 'unschedule' | 'cancel' | 'retry';

export const ACTION_LABEL: Record<PostAction, { id: string; en: string }> = {
  edit: { id: 'diubah', en: 'edited' },
  submit: { id: 'diajukan', en: 'submitted' },
  approve: { id: 'disetujui', en: 'approved' },
  request_changes: { id: 'dikembalikan untuk revisi', en: 'sent back for changes' },
  withdraw: { id: 'ditarik kembali', en: 'withdrawn' },
  schedule: { id: 'dijadwalkan', en: 'scheduled' },
  unschedule: { id: 'dibatalkan jadwalnya', en: 'unscheduled' },
  cancel: { id: 'dibatalkan', en: 'cancelled' },
  retry: { id: 'dikirim ulang', en: 'retried' },
};

const EDITABLE: readonly PostStatus[] = ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal', 'kedaluwarsa'];
const BEFORE_PUBLISHING: readonly PostStatus[] = ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal', 'kedaluwarsa'];

/** Which statuses each action may start from. */
export const FROM: Record<PostAction, readonly PostStatus[]> = {
  edit: EDITABLE,
  submit: ['draft', 'perlu_revisi', 'kedaluwarsa'],
  approve: ['diajukan'],
  request_changes: ['diajukan'],
  withdraw: ['diajukan', 'disetujui', 'terjadwal'],
  schedule: BEFORE_PUBLISHING,
  unschedule: ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal'],
  cancel: BEFORE_PUBLISHING,
  retry: ['sebagian_gagal', 'gagal'],
};

export function canStart(action: PostAction, status: PostStatus): boolean {
  return FROM[action].includes(status);
}

/** After an edit the new version needs the whole chain again. */
export function statusAfterEdit(): PostStatus {
  return 'draft';
}

/** After the last approval level: scheduled when a time is set, otherwise approved and waiting for one. */
export function statusWhenApproved(scheduledAt: Date | null): PostStatus {
  return scheduledAt ? 'terjadwal' : 'disetujui';
}

// ── the approval chain ───────────────────────────────────────────────────────────────────────────

export interface ChainSettings {
  /** 1 or 2 levels inside the OPD */
  approvalLevels: number;
  /** categories that also need a province review after the OPD's levels */
  provinceReviewCategories: readonly string[];
}

export const DEFAULT_CHAIN: ChainSettings = { approvalLevels: 1, provinceReviewCategories: [] };

export function levelsRequired(chain: ChainSettings, category: string): number {
  return chain.approvalLevels + (chain.provinceReviewCategories.includes(category) ? 1 : 0);
}

export interface LevelRule {
  level: number;
  kind: 'opd' | 'province';
  roles: readonly Role[];
  /** who may approve, in words, for the refusal message */
  who: { id: string; en: string };
}

/** Who approves each level of a post of an OPD (or of the province org itself). */
export function chainFor(chain: ChainSettings, category: string, orgKind: 'province' | 'opd'): LevelRule[] {
  const province: LevelRule['roles'] = ['province_admin', 'province_supervisor'];
  const total = levelsRequired(chain, category);
  const rules: LevelRule[] = [];
  for (let level = 1; level <= total; level++) {
    const isProvinceLevel = orgKind === 'province' || level > chain.approvalLevels;
    if (isProvinceLevel) {
      rules.push({ level, kind: 'province', roles: province, who: { id: 'Kominfotik (admin atau supervisor provinsi)', en: 'Kominfotik (province admin or supervisor)' } });
    } else if (chain.approvalLevels === 2 && level === 2) {
      rules.push({ level, kind: 'opd', roles: ['opd_head'], who: { id: 'kepala OPD', en: 'the head of the OPD' } });
    } else {
      rules.push({ level, kind: 'opd', roles: ['opd_head', 'opd_admin'], who: { id: 'kepala atau admin OPD', en: 'the OPD head or admin' } });
    }
  }
  return rules;
}

export interface ApprovalCheck {
  actor: { userId: string; role: Role; orgId: string };
  postOrgId: string;
  postCreatedBy: string | null;
  versionCreatedBy: string | null;
  /** users who already approved earlier levels of this version */
  earlierApprovers: readonly string[];
  rule: LevelRule;
}

/** null when the actor may give this approval, otherwise the error to show. */
export function approvalRefusal(c: ApprovalCheck): 'self' | 'level' | null {
  if (c.actor.userId === c.postCreatedBy || c.actor.userId === c.versionCreatedBy) return 'self';
  if (c.earlierApprovers.includes(c.actor.userId)) return 'self';
  if (!c.rule.roles.includes(c.actor.role)) return 'level';
  if (c.rule.kind === 'opd' && c.actor.orgId !== c.postOrgId) return 'level';
  return null;
}

// ── publishing outcome ───────────────────────────────────────────────────────────────────────────

export type PublicationOutcome = 'pending' | 'sending' | 'published' | 'failed' | 'ambiguous' | 'cancelled';

/** The post's status from its publications: still publishing while any is open. */
export function settledStatus(outcomes: readonly PublicationOutcome[]): PostStatus {
  const live = outcomes.filter((o) => o !== 'cancelled');
  if (live.some((o) => o === 'pending' || o === 'sending')) return 'menerbitkan';
  const published = live.filter((o) => o === 'published').length;
  if (live.length > 0 && published === live.length) return 'dipublikasikan';
  return published > 0 ? 'sebagian_gagal' : 'gagal';
}
