// What the interface offers to whom. The server decides every read and write;
// these only keep the UI from offering what would be refused.
import type { Role, SessionUser, UserRow } from '../api/types.ts';

export const PROVINCE_ROLES: readonly Role[] = ['province_admin', 'province_supervisor'];
export const OPD_ROLES: readonly Role[] = ['opd_head', 'opd_admin', 'responder', 'viewer'];

export function isProvinceRole(role: Role): boolean {
  return PROVINCE_ROLES.includes(role);
}

export function can(user: Pick<SessionUser, 'permissions'> | null | undefined, permission: string): boolean {
  return !!user && user.permissions.includes(permission);
}

// Higher number = more authority inside an OPD.
const OPD_RANK: Partial<Record<Role, number>> = { opd_head: 4, opd_admin: 3, responder: 2, viewer: 1 };

/** Roles the user may hand out when inviting or changing a role. */
export function assignableRoles(user: Pick<SessionUser, 'role' | 'permissions'>): Role[] {
  if (!can(user, 'users.manage')) return [];
  if (user.role === 'province_admin') return ['province_admin', 'province_supervisor', ...OPD_ROLES];
  if (isProvinceRole(user.role)) return [...OPD_ROLES];
  const own = OPD_RANK[user.role] ?? 0;
  return OPD_ROLES.filter((r) => (OPD_RANK[r] ?? 0) <= own);
}

/** Whether the row's role, status or name may be changed by the user. */
export function canManageUser(
  user: Pick<SessionUser, 'id' | 'role' | 'orgId' | 'orgKind' | 'permissions'>,
  row: Pick<UserRow, 'id' | 'role' | 'orgId'>,
): boolean {
  if (!can(user, 'users.manage')) return false;
  if (row.id === user.id) return false;
  if (user.role === 'province_admin') return true;
  if (isProvinceRole(row.role)) return false;
  if (user.orgKind === 'province') return true;
  if (row.orgId !== user.orgId) return false;
  return assignableRoles(user).includes(row.role);
}

/** Only same-origin paths are followed after login (no open redirects). */
export function safeRedirect(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string') return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  if (target.startsWith('/masuk')) return fallback;
  return target;
}

/** An OPD website as a safe absolute http(s) URL, or null. */
export function externalUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
