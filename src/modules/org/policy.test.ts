import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { grantableRoles, orgScope, permissionsOf, requirePermission, roleFitsOrg, type Actor } from './policy.ts';

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
});
