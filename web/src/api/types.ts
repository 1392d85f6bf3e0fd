// Types of the HTTP API contract (docs/ui.md#api). The server is the source of
// truth; these mirror its JSON answers.

export const ROLES = [
  'province_admin',
  'province_supervisor',
  'opd_head',
  'opd_admin',
  'responder',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['orgs.read', 'users.read', 'users.manage', 'audit.read', 'mail.read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  orgCode: string;
  orgName: string;
  orgKind: 'province' | 'opd';
  locale: Locale;
  mustChangePassword: boolean;
  permissions: string[];
};

export type Session = {
  user: SessionUser | null;
  csrfToken: string;
  oidc: { enabled: boolean; label: string | null };
};

export const ORG_KINDS = ['province', 'dinas', 'badan', 'biro', 'rsud', 'lainnya'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export type Org = {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  group: string | null;
  parentCode: string | null;
  website: string | null;
  aliases: string[];
  userCount: number | null;
  active: boolean;
};

export type SocialAccount = { platform: string; handle: string; status: string };

export type OrgDetail = Org & {
  responsibilities: string[];
  routingNote: string | null;
  socialAccounts: SocialAccount[];
};

export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  orgCode: string;
  orgName: string;
  status: UserStatus;
  lastLoginAt: string | null;
  createdAt: string;
};

export type AuditEntry = {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  orgId: string | null;
  orgCode: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
};

export type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

export type MailMessage = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
};

/** RFC 9457 problem details as the server sends them. */
export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
};
