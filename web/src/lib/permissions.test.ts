import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types.ts';
import { assignableRoles, can, canManageUser, externalUrl, safeRedirect } from './permissions.ts';

const manage = ['orgs.read', 'users.read', 'users.manage'];
const me = (role: Role, orgKind: 'province' | 'opd' = 'opd', permissions = manage) => ({
  id: 'me',
  role,
  orgId: orgKind === 'province' ? 'prov' : 'opd-a',
  orgKind,
  permissions,
});

describe('can', () => {
  it('checks the session permissions', () => {
    expect(can({ permissions: ['audit.read'] }, 'audit.read')).toBe(true);
    expect(can({ permissions: ['audit.read'] }, 'users.manage')).toBe(false);
    expect(can(null, 'orgs.read')).toBe(false);
  });
});

describe('assignableRoles', () => {
  it('gives the province admin every role', () => {
    expect(assignableRoles(me('province_admin', 'province'))).toHaveLength(6);
  });
  it('never lets an OPD admin create an OPD head or province role', () => {
    expect(assignableRoles(me('opd_admin'))).toEqual(['opd_admin', 'responder', 'viewer']);
  });
  it('offers nothing without users.manage', () => {
    expect(assignableRoles(me('viewer', 'opd', ['orgs.read']))).toEqual([]);
  });
});

describe('canManageUser', () => {
  it('refuses changing oneself', () => {
    expect(canManageUser(me('province_admin', 'province'), { id: 'me', role: 'province_admin', orgId: 'prov' })).toBe(false);
  });
  it('keeps OPD admins inside their own OPD', () => {
    expect(canManageUser(me('opd_admin'), { id: 'x', role: 'responder', orgId: 'opd-a' })).toBe(true);
    expect(canManageUser(me('opd_admin'), { id: 'x', role: 'responder', orgId: 'opd-b' })).toBe(false);
    expect(canManageUser(me('opd_admin'), { id: 'x', role: 'opd_head', orgId: 'opd-a' })).toBe(false);
  });
  it('lets the province admin manage anyone else', () => {
    expect(canManageUser(me('province_admin', 'province'), { id: 'x', role: 'province_supervisor', orgId: 'prov' })).toBe(true);
  });
});

describe('safeRedirect', () => {
  it('keeps local paths and drops others', () => {
    expect(safeRedirect('/opd?q=dinas')).toBe('/opd?q=dinas');
    expect(safeRedirect('//evil.example')).toBe('/');
    expect(safeRedirect('https://evil.example')).toBe('/');
    expect(safeRedirect('/\\evil.example')).toBe('/');
    expect(safeRedirect(undefined)).toBe('/');
    expect(safeRedirect('/masuk')).toBe('/');
  });
});

describe('externalUrl', () => {
  it('adds https to bare domains and refuses other schemes', () => {
    expect(externalUrl('diskominfo.sumbarprov.go.id')).toBe('https://diskominfo.sumbarprov.go.id/');
    expect(externalUrl('http://example.go.id/x')).toBe('http://example.go.id/x');
    expect(externalUrl('javascript:alert(1)')).toBeNull();
    expect(externalUrl(null)).toBeNull();
  });
});
