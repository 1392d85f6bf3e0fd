// What the CLI needs from the org module, gathered in one import.
export { findOrgByCode, findProvince, recordAudit, roleFitsOrg, ROLES, seedDemoUsers, seedReference, systemContext } from '../modules/org/index.ts';
