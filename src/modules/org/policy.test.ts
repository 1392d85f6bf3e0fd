import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { grantableRoles, mayBeAssigned, mayChangeSavedView, maySeeSavedView, orgScope, permissionsOf, requirePermission, roleFitsOrg, type Actor } from './policy.ts';

const actor = (role: Actor['role'], orgKind: Actor['orgKind'] = role.startsWith('province') ? 'province' : 'opd'): Actor => ({
  userId: 'u',
  orgId: 'org-a',
  orgKind,
  role,
  email: 'x@y.z',
  name: 'X',
});

describe('policy', () => {
  it('scopes OPD roles to their own org and province roles to all', () => {
    expect(orgScope(actor('province_supervisor'), 'users.read')).toBe('all');
    expect(orgScope(actor('opd_head'), 'users.read')).toEqual(['org-a']);
  });

  it('refuses missing permissions with 403 and anonymous callers with 401', () => {
    expect(() => requirePermission(actor('viewer'), 'users.read')).toThrow(AppError);
    try {
      requirePermission(actor('responder'), 'audit.read');
    } catch (err) {
      expect((err as AppError).status).toBe(403);
    }
    try {
      requirePermission(null, 'orgs.read');
    } catch (err) {
      expect((err as AppError).status).toBe(401);
    }
  });

  it('only province roles read the audit log; only province admins read captured mail', () => {
    for (const r of ['opd_head', 'opd_admin', 'responder', 'viewer'] as const) expect(permissionsOf(actor(r))).not.toContain('audit.read');
    expect(permissionsOf(actor('province_supervisor'))).toContain('audit.read');
    expect(permissionsOf(actor('province_supervisor'))).not.toContain('mail.read');
  });

  it('nobody grants a role above their own, and roles fit their org kind', () => {
    expect(grantableRoles(actor('opd_admin'), 'opd')).toEqual(['opd_admin', 'responder', 'viewer']);
    expect(grantableRoles(actor('opd_head'), 'province')).toEqual([]);
    expect(grantableRoles(actor('province_admin'), 'province')).toEqual(['province_admin', 'province_supervisor']);
    expect(grantableRoles(actor('province_supervisor'), 'opd')).toEqual([]);
    expect(grantableRoles(actor('responder'), 'opd')).toEqual([]);
    expect(roleFitsOrg('opd_head', 'province')).toBe(false);
    expect(roleFitsOrg('province_admin', 'province')).toBe(true);
  });

  it('canned responses, routing rules and Open311 keys: who manages them', () => {
    expect(permissionsOf(actor('responder'))).not.toContain('inbox.manage');
    for (const r of ['opd_head', 'opd_admin', 'province_admin', 'province_supervisor'] as const) expect(permissionsOf(actor(r))).toContain('inbox.manage');
    for (const r of ['province_supervisor', 'opd_head', 'opd_admin', 'responder', 'viewer'] as const) {
      expect(permissionsOf(actor(r))).not.toContain('inbox.rules');
      expect(permissionsOf(actor(r))).not.toContain('open311.manage');
    }
    expect(permissionsOf(actor('province_admin'))).toEqual(expect.arrayContaining(['inbox.rules', 'open311.manage']));
  });

  it('assignable: active inbox workers of the same OPD, or province staff', () => {
    expect(mayBeAssigned({ role: 'responder', orgId: 'org-a', status: 'active' }, 'org-a')).toBe(true);
    expect(mayBeAssigned({ role: 'responder', orgId: 'org-b', status: 'active' }, 'org-a')).toBe(false);
    expect(mayBeAssigned({ role: 'viewer', orgId: 'org-a', status: 'active' }, 'org-a')).toBe(false);
    expect(mayBeAssigned({ role: 'opd_head', orgId: 'org-a', status: 'deactivated' }, 'org-a')).toBe(false);
    expect(mayBeAssigned({ role: 'province_supervisor', orgId: 'prov', status: 'active' }, 'org-a')).toBe(true);
  });

  it('saved views: the owner changes them; a shared one is seen by the owner’s org only', () => {
    const view = { ownerId: 'other', orgId: 'org-a', shared: true };
    expect(maySeeSavedView(actor('viewer'), view)).toBe(true);
    expect(maySeeSavedView({ ...actor('viewer'), orgId: 'org-b' }, view)).toBe(false);
    expect(maySeeSavedView(actor('viewer'), { ...view, shared: false })).toBe(false);
    expect(mayChangeSavedView(actor('opd_head'), view)).toBe(false);
    expect(mayChangeSavedView(actor('viewer'), { ownerId: 'u' })).toBe(true);
  });
});
