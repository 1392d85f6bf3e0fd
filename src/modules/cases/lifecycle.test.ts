import { describe, expect, it } from 'vitest';
import { AppError, formatMessage } from '../../platform/errors.ts';
import type { Actor } from '../org/index.ts';
import type { CaseStatus } from '../../platform/db/schema.ts';
import { actionsFrom, allowedActions, authorize, CASE_ACTIONS, CASE_STATUSES, CLOSED_STATUSES, denialReason, extraActions, isClosed, nextStatus, OPEN_STATUSES, type CaseAction, type CaseState } from './lifecycle.ts';

const OWNER = 'org-dinkes';
const actor = (role: Actor['role'], orgId = role.startsWith('province') ? 'org-sumbar' : OWNER): Actor => ({
  userId: `u-${role}`,
  orgId,
  orgKind: role.startsWith('province') ? 'province' : 'opd',
  role,
  email: `${role}@uji.go.id`,
  name: role,
});
const state = (status: CaseStatus, o: Partial<CaseState> = {}): CaseState => ({ code: 'SB-2603-000001', status, statusBeforeTunda: null, handedOffTo: null, orgId: OWNER, ...o });

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('the LAPOR! state machine', () => {
  it('walks the main path diterima → terverifikasi → didisposisi → ditindaklanjuti → selesai', () => {
    let s = state('diterima');
    const path: [CaseAction, CaseStatus][] = [
      ['verify', 'terverifikasi'],
      ['dispose', 'didisposisi'],
      ['follow_up', 'ditindaklanjuti'],
      ['follow_up', 'ditindaklanjuti'],
      ['close', 'selesai'],
      ['reopen', 'dibuka_kembali'],
      ['dispose', 'didisposisi'],
      ['follow_up', 'ditindaklanjuti'],
      ['auto_close', 'selesai'],
    ];
    for (const [action, to] of path) {
      const next = nextStatus(s, action);
      expect(next, `${s.status} --${action}-->`).toBe(to);
      s = { ...s, status: next };
    }
  });

  it('forwards between OPDs from didisposisi (each hop is a new disposition)', () => {
    expect(nextStatus(state('didisposisi'), 'dispose')).toBe('didisposisi');
  });

  it('puts any open state on hold and resumes to the state before', () => {
    for (const from of ['diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'bukan_wewenang', 'dibuka_kembali'] as const) {
      expect(nextStatus(state(from), 'hold')).toBe('tunda');
      expect(nextStatus(state('tunda', { statusBeforeTunda: from }), 'resume')).toBe(from);
    }
    expect(() => nextStatus(state('tunda', { statusBeforeTunda: 'tunda' }), 'hold')).toThrow(AppError);
  });

  it('bukan wewenang leads to re-disposition or a hand-off; after a hand-off only those two remain', () => {
    expect(nextStatus(state('didisposisi'), 'not_authority')).toBe('bukan_wewenang');
    expect(nextStatus(state('bukan_wewenang'), 'dispose')).toBe('didisposisi');
    expect(nextStatus(state('bukan_wewenang'), 'handoff')).toBe('bukan_wewenang');
    const handedOff = state('bukan_wewenang', { handedOffTo: 'KABKOTA' });
    expect(isClosed(handedOff)).toBe(true);
    expect(actionsFrom(handedOff)).toEqual(['dispose', 'handoff']);
    expect(() => nextStatus(handedOff, 'archive')).toThrow(AppError);
    expect(() => nextStatus(state('ditindaklanjuti'), 'handoff')).toThrow(AppError);
  });

  it('duplikat and diarsipkan are final; selesai can only be reopened', () => {
    for (const s of ['duplikat', 'diarsipkan'] as const) expect(actionsFrom(state(s))).toEqual([]);
    expect(actionsFrom(state('selesai'))).toEqual(['reopen']);
    expect(CLOSED_STATUSES.every((s) => isClosed(state(s)))).toBe(true);
    expect(OPEN_STATUSES.some((s) => isClosed(state(s)))).toBe(false);
  });

  it('refuses illegal transitions with a clear Indonesian 409 naming what is possible', () => {
    const err = thrown(() => nextStatus(state('diterima'), 'follow_up'));
    expect(err.code).toBe('case_transition_invalid');
    expect(err.status).toBe(409);
    const text = formatMessage(err.code, err.params, 'id');
    expect(text).toBe('Aduan SB-2603-000001 berstatus "Diterima", sehingga tidak dapat ditindaklanjuti. Tindakan yang tersedia: memverifikasi, menunda, menyatakan bukan wewenang, menandai duplikat, mengarsipkan.');
    const closed = thrown(() => nextStatus(state('diarsipkan'), 'reopen'));
    expect(formatMessage(closed.code, closed.params, 'id')).toContain('tidak ada (aduan sudah ditutup)');
    expect(formatMessage(closed.code, closed.params, 'en')).toContain('is "Diarsipkan"');
  });

  it('every (state, action) pair either leads to a known state or is refused with 409', () => {
    for (const s of CASE_STATUSES) {
      for (const a of CASE_ACTIONS) {
        const st = state(s, s === 'tunda' ? { statusBeforeTunda: 'didisposisi' } : {});
        try {
          expect(CASE_STATUSES).toContain(nextStatus(st, a));
          expect(actionsFrom(st).includes(a) || a === 'auto_close').toBe(true);
        } catch (err) {
          expect((err as AppError).code).toBe('case_transition_invalid');
          expect(actionsFrom(st)).not.toContain(a);
        }
      }
    }
  });
});

describe('who may do what', () => {
  it('province roles coordinate every case but do not post the OPD’s follow-up', () => {
    for (const role of ['province_admin', 'province_supervisor'] as const) {
      for (const a of ['verify', 'dispose', 'close', 'hold', 'resume', 'not_authority', 'handoff', 'duplicate', 'archive', 'reopen'] as const) {
        expect(denialReason(actor(role), a, { orgId: OWNER }), `${role} ${a}`).toBeNull();
      }
      expect(denialReason(actor(role), 'follow_up', { orgId: OWNER })).toMatch(/OPD pemilik/);
    }
  });

  it('the owning OPD’s head and admin verify and dispose their cases; responders follow up; viewers only read', () => {
    for (const role of ['opd_head', 'opd_admin'] as const) {
      for (const a of ['verify', 'dispose', 'follow_up', 'close', 'hold', 'resume', 'not_authority', 'duplicate', 'archive', 'reopen'] as const) {
        expect(denialReason(actor(role), a, { orgId: OWNER }), `${role} ${a}`).toBeNull();
      }
      expect(denialReason(actor(role), 'handoff', { orgId: OWNER })).toMatch(/Admin Koordinator/);
    }
    expect(denialReason(actor('responder'), 'follow_up', { orgId: OWNER })).toBeNull();
    expect(denialReason(actor('responder'), 'reopen', { orgId: OWNER })).toBeNull();
    expect(denialReason(actor('responder'), 'verify', { orgId: OWNER })).toMatch(/kepala atau admin/);
    expect(denialReason(actor('responder'), 'dispose', { orgId: OWNER })).toMatch(/kepala atau admin/);
    for (const a of CASE_ACTIONS) expect(denialReason(actor('viewer'), a, { orgId: OWNER })).not.toBeNull();
  });

  it('an OPD acts only on cases it owns', () => {
    for (const a of CASE_ACTIONS) expect(denialReason(actor('opd_head', 'org-disdik'), a, { orgId: OWNER })).not.toBeNull();
    const err = thrown(() => authorize(actor('opd_head', 'org-disdik'), 'follow_up', { orgId: OWNER, code: 'SB-2603-000001' }));
    expect(err.code).toBe('case_action_forbidden');
    expect(err.status).toBe(403);
    expect(formatMessage(err.code, err.params, 'id')).toBe('Anda tidak berwenang menindaklanjuti aduan SB-2603-000001: aduan tidak sedang ditangani OPD Anda');
  });

  it('only the system closes for citizen silence, and the system does nothing else', () => {
    expect(denialReason(null, 'auto_close', { orgId: OWNER })).toBeNull();
    expect(denialReason(actor('province_admin'), 'auto_close', { orgId: OWNER })).not.toBeNull();
    expect(denialReason(null, 'verify', { orgId: OWNER })).not.toBeNull();
  });

  it('lists the buttons an actor has on a case', () => {
    expect(allowedActions(actor('responder'), state('didisposisi'))).toEqual(['follow_up']);
    expect(allowedActions(actor('opd_head'), state('didisposisi'))).toEqual(['dispose', 'follow_up', 'hold', 'not_authority', 'duplicate', 'archive']);
    expect(allowedActions(actor('viewer'), state('didisposisi'))).toEqual([]);
    expect(allowedActions(actor('province_admin'), state('bukan_wewenang'))).toEqual(['dispose', 'hold', 'handoff', 'duplicate', 'archive']);
    expect(allowedActions(actor('responder'), state('selesai'))).toEqual(['reopen']);
  });

  it('lists notes, flags and reveal beside the transitions: only for those who may', () => {
    const own = { ...state('didisposisi'), originOrgId: null };
    expect(extraActions(actor('responder'), own)).toEqual(['note', 'reveal']);
    expect(extraActions(actor('opd_head'), own)).toEqual(['note', 'flags', 'reveal']);
    expect(extraActions(actor('viewer'), own)).toEqual([]);
    expect(extraActions(actor('province_supervisor'), own)).toEqual(['note', 'flags', 'reveal']);
    // the origin OPD (the case moved on) still adds notes, but no longer sets the flags
    const moved = { ...state('didisposisi', { orgId: 'org-rsud' }), originOrgId: OWNER };
    expect(extraActions(actor('opd_head'), moved)).toEqual(['note', 'reveal']);
    // another OPD: reveal is a permission, but the case is not visible to it (checked before, by scope)
    expect(extraActions(actor('opd_admin', 'org-other'), own)).toEqual(['reveal']);
    expect(extraActions(null, own)).toEqual([]);
  });
});
