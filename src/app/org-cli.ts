// What the CLI needs from the org module, gathered in one import.
import type { Role } from '../platform/db/schema.ts';
import { OPD_ROLES, PROVINCE_ROLES } from '../modules/org/index.ts';

export { findOrgByCode, findProvince, recordAudit, ROLES, seedDemoUsers, seedReference, systemContext } from '../modules/org/index.ts';

export function roleFitsOrgKind(role: Role, kind: string): boolean {
  return kind === 'province' ? PROVINCE_ROLES.includes(role) : OPD_ROLES.includes(role);
}
