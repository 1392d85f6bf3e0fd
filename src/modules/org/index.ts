// Public face of the org module: province, OPDs, users, roles, sessions, audit log.
export { recordAudit, recordAudits, systemContext, type AuditContext, type AuditEntry } from './audit.ts';
export { registerSessionAuth, requireActor, requestMeta } from './http-auth.ts';
export { orgCron, orgJobs } from './jobs.ts';
export {
  grantableRoles,
  has,
  inScope,
  isProvince,
  mayBeAssigned,
  mayChangeSavedView,
  maySeeSavedView,
  orgScope,
  permissionsOf,
  requirePermission,
  roleFitsOrg,
  OPD_ROLES,
  PROVINCE_ROLES,
  ROLES,
  type Actor,
  type Permission,
} from './policy.ts';
export { registerNotificationRoutes, registerOrgRoutes } from './routes.ts';
export { isSeeded, seedDemoUsers, seedReference, type DemoLogin } from './seed.ts';
export type { OrgDeps, RequestMeta, SessionUser } from './service.ts';
export { findOrgByCode, findOrgById, findOrgManagers, findProvince } from './queries.ts';
export { listNotices, markNoticeRead, notifyOrg, type NewNotice } from './notifications.ts';
