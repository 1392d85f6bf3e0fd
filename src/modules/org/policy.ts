import { AppError } from '../../platform/errors.ts';
import type { Role } from '../../platform/db/schema.ts';

// The one place that decides who may read or change what. Services call it; routes never decide.
// The tenant is the OPD: OPD roles act inside their own org; province roles act across orgs.

export const ROLES = ['province_admin', 'province_supervisor', 'opd_head', 'opd_admin', 'responder', 'viewer'] as const satisfies readonly Role[];
export const PROVINCE_ROLES: readonly Role[] = ['province_admin', 'province_supervisor'];
export const OPD_ROLES: readonly Role[] = ['opd_head', 'opd_admin', 'responder', 'viewer'];

export interface Actor {
  userId: string;
  orgId: string;
  orgKind: 'province' | 'opd';
  role: Role;
  email: string;
  name: string;
}

export type Permission = 'orgs.read' | 'users.read' | 'users.manage' | 'audit.read' | 'mail.read' | 'personal_data.read' | 'channels.read' | 'channels.manage' | 'inbox.read' | 'inbox.work' | 'inbox.triage' | 'cases.read' | 'cases.work' | 'cases.dispose' | 'publishing.read' | 'publishing.write' | 'publishing.approve' | 'publishing.review' | 'publishing.settings' | 'campaigns.manage' | 'inbox.manage' | 'inbox.rules' | 'open311.manage' | 'media.read' | 'media.upload';

const GRANTS: Record<Role, readonly Permission[]> = {
  province_admin: ['orgs.read', 'users.read', 'users.manage', 'audit.read', 'mail.read', 'personal_data.read', 'channels.read', 'channels.manage', 'inbox.read', 'inbox.work', 'inbox.triage', 'cases.read', 'cases.work', 'cases.dispose', 'publishing.read', 'publishing.write', 'publishing.approve', 'publishing.review', 'publishing.settings', 'campaigns.manage', 'inbox.manage', 'inbox.rules', 'open311.manage', 'media.read', 'media.upload'],
  province_supervisor: ['orgs.read', 'users.read', 'audit.read', 'personal_data.read', 'channels.read', 'inbox.read', 'inbox.work', 'inbox.triage', 'cases.read', 'cases.work', 'cases.dispose', 'publishing.read', 'publishing.write', 'publishing.approve', 'publishing.review', 'campaigns.manage', 'inbox.manage', 'media.read', 'media.upload'],
  opd_head: ['orgs.read', 'users.read', 'users.manage', 'personal_data.read', 'channels.read', 'channels.manage', 'inbox.read', 'inbox.work', 'cases.read', 'cases.work', 'cases.dispose', 'publishing.read', 'publishing.write', 'publishing.approve', 'publishing.settings', 'inbox.manage', 'media.read', 'media.upload'],
  opd_admin: ['orgs.read', 'users.read', 'users.manage', 'personal_data.read', 'channels.read', 'channels.manage', 'inbox.read', 'inbox.work', 'cases.read', 'cases.work', 'cases.dispose', 'publishing.read', 'publishing.write', 'publishing.approve', 'inbox.manage', 'media.read', 'media.upload'],
  responder: ['orgs.read', 'personal_data.read', 'channels.read', 'inbox.read', 'inbox.work', 'cases.read', 'cases.work', 'publishing.read', 'publishing.write', 'media.read', 'media.upload'],
  viewer: ['orgs.read', 'channels.read', 'inbox.read', 'cases.read', 'publishing.read', 'media.read'],
};

export function isProvince(actor: Actor): boolean {
  return actor.orgKind === 'province';
}

export function permissionsOf(actor: Actor): Permission[] {
  return [...GRANTS[actor.role]];
}

export function has(actor: Actor, permission: Permission): boolean {
  return GRANTS[actor.role].includes(permission);
}

/** Throws 401/403 unless the actor holds the permission (at all; org scope is checked separately). */
export function requirePermission(actor: Actor | null, permission: Permission): Actor {
  if (!actor) throw new AppError('unauthenticated');
  if (!has(actor, permission)) throw new AppError('forbidden');
  return actor;
}

/**
 * Which orgs the actor may act on for a permission: 'all' for province roles, otherwise the own org.
 * Queries use this to scope every read; a row outside the scope is "not found", never data.
 */
export function orgScope(actor: Actor, permission: Permission): 'all' | string[] {
  requirePermission(actor, permission);
  return isProvince(actor) ? 'all' : [actor.orgId];
}

export function inScope(scope: 'all' | string[], orgId: string | null): boolean {
  return scope === 'all' || (orgId !== null && scope.includes(orgId));
}

/** Roles the actor may grant in a target org. Nobody grants above themselves. */
export function grantableRoles(actor: Actor, targetOrgKind: 'province' | 'opd'): Role[] {
  if (!has(actor, 'users.manage')) return [];
  if (actor.role === 'province_admin') return targetOrgKind === 'province' ? [...PROVINCE_ROLES] : [...OPD_ROLES];
  if (targetOrgKind === 'province') return [];
  if (actor.role === 'opd_head') return ['opd_head', 'opd_admin', 'responder', 'viewer'];
  if (actor.role === 'opd_admin') return ['opd_admin', 'responder', 'viewer'];
  return [];
}

export function roleFitsOrg(role: Role, orgKind: 'province' | 'opd'): boolean {
  return orgKind === 'province' ? PROVINCE_ROLES.includes(role) : OPD_ROLES.includes(role);
}

// ── inbox ─────────────────────────────────────────────────────────────

/**
 * Whether a user may be given an interaction of `orgId` to work on: an active colleague of that org
 * who works the inbox, or province staff (Kominfotik). Never another OPD's staff, never a viewer.
 */
export function mayBeAssigned(user: { role: Role; orgId: string; status: string }, orgId: string): boolean {
  return user.status === 'active' && GRANTS[user.role].includes('inbox.work') && (user.orgId === orgId || PROVINCE_ROLES.includes(user.role));
}

/** A saved inbox view: its owner sees and changes it; a shared one is seen by the owner's org. */
export function maySeeSavedView(actor: Actor, view: { ownerId: string; orgId: string; shared: boolean }): boolean {
  return has(actor, 'inbox.read') && (view.ownerId === actor.userId || (view.shared && view.orgId === actor.orgId));
}

export function mayChangeSavedView(actor: Actor, view: { ownerId: string }): boolean {
  return has(actor, 'inbox.read') && view.ownerId === actor.userId;
}
