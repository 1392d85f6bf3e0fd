import { z } from 'zod';
import { ROLES } from './policy.ts';

// Request and response shapes of the org module's API (become OpenAPI 3.1 at /api/docs).

export const RoleSchema = z.enum(ROLES).describe('Peran pengguna');
export const UserStatusSchema = z.enum(['active', 'invited', 'deactivated']);
export const OrgKindSchema = z.enum(['province', 'dinas', 'badan', 'biro', 'rsud', 'lainnya']);
const Uuid = z.uuid();
const Email = z.email().max(254);

export const SessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  orgId: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  orgKind: z.enum(['province', 'opd']),
  locale: z.enum(['id', 'en']),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
});

export const SessionResponse = z.object({
  user: SessionUserSchema.nullable(),
  csrfToken: z.string(),
  oidc: z.object({ enabled: z.boolean(), label: z.string().nullable() }),
});

export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(200) });
export const LoginResponse = z.object({ user: SessionUserSchema, csrfToken: z.string() });
export const ResetRequestBody = z.strictObject({ email: Email });
export const ResetConfirmBody = z.strictObject({ token: z.string().min(10).max(200), password: z.string().min(1).max(200) });
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) });
export const UpdateMeBody = z.strictObject({ name: z.string().trim().min(1).max(200).optional(), locale: z.enum(['id', 'en']).optional() });

export const UserRowSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  orgId: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  status: UserStatusSchema,
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export const UserListQuery = z.strictObject({
  orgId: Uuid.optional(),
  role: RoleSchema.optional(),
  status: UserStatusSchema.optional(),
  q: z.string().max(100).optional(),
});
export const InviteBody = z.strictObject({ email: Email, name: z.string().trim().min(1).max(200), role: RoleSchema, orgId: Uuid });
export const UserPatchBody = z
  .strictObject({
    role: RoleSchema.optional(),
    status: z.enum(['active', 'deactivated']).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'Tidak ada perubahan yang dikirim' });
export const IdParams = z.strictObject({ id: Uuid });

export const OrgSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: OrgKindSchema,
  group: z.string().nullable(),
  parentCode: z.string().nullable(),
  website: z.string().nullable(),
  aliases: z.array(z.string()),
  userCount: z.number().nullable(),
  active: z.boolean(),
});
export const OrgListQuery = z.strictObject({ q: z.string().max(100).optional(), kind: OrgKindSchema.optional() });
export const OrgDetailResponse = z.object({
  org: OrgSchema.extend({
    responsibilities: z.array(z.string()),
    routingNote: z.string().nullable(),
    socialAccounts: z.array(z.object({ platform: z.string(), handle: z.string(), status: z.string() })),
  }),
  users: z.array(UserRowSchema).nullable(),
});

export const AuditQuery = z.strictObject({
  actorId: Uuid.optional(),
  action: z.string().max(100).optional(),
  orgId: Uuid.optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  cursor: z.string().regex(/^\d{1,19}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const AuditItemSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorEmail: z.string().nullable(),
  orgId: z.string().nullable(),
  orgCode: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export const MailItemSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  receivedAt: z.string(),
});
