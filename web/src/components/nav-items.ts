// The side navigation. Modules still to be built are listed so people see
// where the platform is heading; each opens a "segera hadir" page.
import type { Permission } from '../api/types.ts';

export type NavItem = {
  to: string;
  labelKey: 'home' | 'orgs' | 'channels' | 'inbox' | 'cases' | 'publishing' | 'users' | 'audit' | 'mail' | 'rules' | 'open311';
  permission?: Permission;
  exact?: boolean;
};

export const WORKSPACE_NAV: NavItem[] = [
  { to: '/', labelKey: 'home', exact: true },
  { to: '/opd', labelKey: 'orgs', permission: 'orgs.read' },
  { to: '/kotak-masuk', labelKey: 'inbox', permission: 'inbox.read' },
  { to: '/aduan', labelKey: 'cases', permission: 'cases.read' },
  { to: '/publikasi', labelKey: 'publishing', permission: 'publishing.read' },
  { to: '/kotak-masuk/aturan', labelKey: 'rules', permission: 'inbox.triage' },
  { to: '/saluran', labelKey: 'channels', permission: 'channels.read' },
  { to: '/pengguna', labelKey: 'users', permission: 'users.manage' },
  { to: '/audit', labelKey: 'audit', permission: 'audit.read' },
  { to: '/kotak-surat', labelKey: 'mail', permission: 'mail.read' },
  { to: '/kunci-open311', labelKey: 'open311', permission: 'open311.manage' },
];

export const COMING_SOON = [
  { slug: 'analytics', path: '/analitik' },
  { slug: 'training', path: '/bimtek' },
  { slug: 'promotion', path: '/promosi' },
] as const;

export type ComingSoonSlug = (typeof COMING_SOON)[number]['slug'];
